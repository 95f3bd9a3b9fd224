package io.cfgspace.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.cfgspace.Api;
import io.cfgspace.IntegrationTest;
import io.cfgspace.OpenApiContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every operation of {@code openapi.yaml} against every kind of caller: none, an API
 * token, a user's password and a single sign-on JWT, each of the four roles. What each
 * may do is read from the operation's {@code x-required-role} and {@code security}, so
 * the contract is what is proven. Requests carry no body and name nothing that exists: a
 * caller who may call is told 400 or 404 at worst, one who may not is told 401 or 403
 * before anything is read or looked up.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoleMatrixIntegrationTest {

	static final TestIssuer issuer = new TestIssuer();

	private static final OpenApiContract CONTRACT = OpenApiContract.get();

	@LocalServerPort
	int port;

	private Credentials credentials;

	@DynamicPropertySource
	static void singleSignOn(DynamicPropertyRegistry registry) {
		registry.add("cfgspace.oidc.issuer-uri", issuer::issuer);
		registry.add("cfgspace.oidc.audience", () -> "cfgspace");
	}

	@AfterAll
	static void stop() {
		issuer.close();
	}

	@BeforeAll
	void credentials() {
		this.credentials = Credentials.made(this.port);
	}

	/** Who calls: anyone without credentials, and each role with each credential. */
	static List<Caller> callers() {
		Stream<Caller> withRoles = Stream.of(Credential.values())
			.flatMap((credential) -> Stream.of(Role.values()).map((role) -> new WithRole(credential, role)));
		return Stream.concat(Stream.of(new Anonymous()), withRoles).toList();
	}

	Stream<Arguments> cells() {
		List<Operation> operations = CONTRACT.operations().stream().map(Operation::of).toList();
		assertThat(operations).hasSizeGreaterThan(50);
		return operations.stream()
			.flatMap((operation) -> callers().stream().map((caller) -> Arguments.of(operation, caller)));
	}

	@ParameterizedTest(name = "{0} as {1}")
	@MethodSource("cells")
	void securityDecidesAsTheContractSays(Operation operation, Caller caller) {
		String cell = operation + " as " + caller;
		Api.Response response;
		try {
			response = caller.client(this.credentials)
				.send(operation.method(), operation.path(), operation.takesBody() ? "application/json" : null, null);
		}
		catch (AssertionError ex) {
			throw new AssertionError(cell + ": " + ex.getMessage(), ex);
		}
		String answer = response.status() + " " + problemCode(response);
		switch (caller.expected(operation)) {
			case UNAUTHENTICATED -> assertThat(answer).as(cell).isEqualTo("401 unauthenticated");
			case FORBIDDEN -> assertThat(answer).as(cell).isEqualTo("403 forbidden");
			case ALLOWED -> assertThat(response.status()).as("%s: %s", cell, answer).isNotIn(401, 403);
		}
	}

	private static String problemCode(Api.Response response) {
		boolean problem = response.contentType() != null
				&& response.contentType().startsWith("application/problem+json");
		return problem ? String.valueOf(response.map().get("code")) : "(no problem)";
	}

	/** What security answers a caller, before the operation itself has its say. */
	enum Outcome {

		UNAUTHENTICATED, FORBIDDEN, ALLOWED

	}

	/**
	 * Someone calling the API: how they sign in, and the rule for what they may do. A new
	 * kind of credential (a token bound to one host, say) is a new implementation with
	 * its own rule.
	 */
	interface Caller {

		Api client(Credentials credentials);

		Outcome expected(Operation operation);

	}

	/** No credentials at all: only the open operations. */
	record Anonymous() implements Caller {

		@Override
		public Api client(Credentials credentials) {
			return credentials.anonymous();
		}

		@Override
		public Outcome expected(Operation operation) {
			return operation.open() ? Outcome.ALLOWED : Outcome.UNAUTHENTICATED;
		}

		@Override
		public String toString() {
			return "no credentials";
		}

	}

	/**
	 * A role by a kind of credential: in where the operation takes that credential and
	 * the role nests the one required (admin includes operator includes verifier includes
	 * viewer).
	 */
	record WithRole(Credential credential, Role role) implements Caller {

		@Override
		public Api client(Credentials credentials) {
			return switch (this.credential) {
				case API_TOKEN -> credentials.anonymous().bearer(credentials.tokens.get(this.role));
				case PASSWORD -> credentials.anonymous().basic(credentials.users.get(this.role), Credentials.PASSWORD);
				case JWT -> credentials.anonymous().bearer(issuer.token(Map.of("roles", List.of(this.role.json()))));
			};
		}

		@Override
		public Outcome expected(Operation operation) {
			if (operation.open()) {
				return Outcome.ALLOWED;
			}
			if (!operation.schemes().contains(this.credential.scheme)) {
				return Outcome.FORBIDDEN;
			}
			return (this.role.compareTo(operation.required()) >= 0) ? Outcome.ALLOWED : Outcome.FORBIDDEN;
		}

		@Override
		public String toString() {
			return this.role.json() + " " + this.credential.text;
		}

	}

	/** The credentials the API takes, by their security scheme in openapi.yaml. */
	enum Credential {

		API_TOKEN("bearerAuth", "API token"), PASSWORD("basicAuth", "password"), JWT("oidcJwt", "JWT");

		final String scheme;

		final String text;

		Credential(String scheme, String text) {
			this.scheme = scheme;
			this.text = text;
		}

	}

	/**
	 * An API token and a user of each role, made through the API as an admin makes them;
	 * JWTs are signed per request, so none expires during a long run.
	 */
	static final class Credentials {

		static final String PASSWORD = "matrix-password-of-some-length";

		final int port;

		final Map<Role, String> tokens = new EnumMap<>(Role.class);

		final Map<Role, String> users = new EnumMap<>(Role.class);

		private Credentials(int port) {
			this.port = port;
		}

		static Credentials made(int port) {
			Credentials made = new Credentials(port);
			for (Role role : Role.values()) {
				// a token that may report where its role allows it, so that the host
				// report is
				// decided by the role alone here (HostBindingIntegrationTest covers
				// mayReport and
				// the reporter kind)
				String mayReport = role.compareTo(Role.VERIFIER) >= 0 ? ",\"mayReport\":true" : "";
				Api.Response issued = Api.admin(port)
					.post("/api/v1/tokens",
							"{\"name\":\"matrix " + role.json() + " " + System.nanoTime() + "\",\"role\":\""
									+ role.json() + "\"" + mayReport + "}")
					.expect(201);
				made.tokens.put(role, (String) issued.map().get("token"));
				String user = "matrix-" + role.json() + "-" + Long.toHexString(System.nanoTime());
				Api.createUser(port, user, role.json(), PASSWORD);
				made.users.put(role, user);
			}
			return made;
		}

		Api anonymous() {
			return Api.anonymous(this.port);
		}

	}

	/**
	 * One operation of the contract, called with path values that name nothing stored.
	 */
	record Operation(String method, String template, String requiredRole, Set<String> schemes) {

		/** Values of the right form for each path parameter, of nothing that exists. */
		private static final Map<String, String> NOBODY = Map.of("key", "ffff:fff0", "version", "99999", "fingerprint",
				"sha256:" + "0".repeat(64), "id", "999999999", "name", "matrix-nobody", "username", "matrix-nobody");

		static Operation of(String operation) {
			String[] parts = operation.split(" ", 2);
			return new Operation(parts[0], parts[1], CONTRACT.requiredRole(operation),
					CONTRACT.securitySchemes(operation));
		}

		Role required() {
			if (this.requiredRole == null) {
				throw new AssertionError(this + " declares no x-required-role in openapi.yaml");
			}
			return Role.fromJson(this.requiredRole);
		}

		boolean open() {
			return this.schemes.isEmpty();
		}

		/** Every POST, PUT and PATCH of the API takes a JSON body; none is sent. */
		boolean takesBody() {
			return Set.of("POST", "PUT", "PATCH").contains(this.method);
		}

		String path() {
			return OpenApiContract.path(this.template, (name) -> {
				String value = NOBODY.get(name);
				assertThat(value).as("a value for {%s}", name).isNotNull();
				return value;
			});
		}

		@Override
		public String toString() {
			return this.method + " " + this.template;
		}

	}

}
