package io.cfgspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.cfgspace.configspace.Corpus;
import io.cfgspace.layout.Json;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * {@code openapi.yaml} and the running service agree: every API handler is documented,
 * every documented API operation has a handler, real answers match the schemas, and the
 * contract check itself fails when it should.
 */
@IntegrationTest
class OpenApiContractTest {

	private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final String ADMIN = "Basic "
			+ Base64.getEncoder().encodeToString("admin:admin-test-password".getBytes(StandardCharsets.UTF_8));

	@LocalServerPort
	int port;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping handlers;

	private static final Set<String> ROLES = Set.of("none", "viewer", "verifier", "operator", "admin");

	private final OpenApiContract contract = OpenApiContract.get();

	@Test
	void documentsEveryApiHandlerAndNoOperationWithoutOne() {
		Set<String> handled = new TreeSet<>();
		this.handlers.getHandlerMethods().forEach((mapping, handler) -> {
			for (String pattern : mapping.getPatternValues()) {
				if (pattern.startsWith("/api/")) {
					Set<RequestMethod> methods = mapping.getMethodsCondition().getMethods();
					assertThat(methods).as("%s maps %s without naming its HTTP method", handler, pattern).isNotEmpty();
					methods.forEach((method) -> handled.add(method.name() + " " + pattern));
				}
			}
		});
		Set<String> documented = this.contract.operations()
			.stream()
			.filter((operation) -> operation.split(" ", 2)[1].startsWith("/api/"))
			.collect(Collectors.toCollection(TreeSet::new));
		assertThat(handled).as("API handlers").isNotEmpty();
		assertThat(difference(handled, documented)).as("handlers that openapi.yaml does not document").isEmpty();
		assertThat(difference(documented, handled)).as("operations in openapi.yaml that no handler serves").isEmpty();
	}

	@Test
	void everyOperationNamesTheRoleItRequires() {
		assertThat(roleProblems(this.contract)).isEmpty();
	}

	@Test
	void aMissingOrUnknownRoleIsFound() {
		OpenApiContract roleless = OpenApiContract.of("""
				openapi: 3.1.0
				security: [{bearerAuth: []}]
				paths:
				  /api/v1/things:
				    get: {responses: {'200': {description: ok}}}
				    post: {x-required-role: superuser, responses: {'200': {description: ok}}}
				  /api/v1/open:
				    get: {x-required-role: viewer, security: [], responses: {'200': {description: ok}}}
				  /api/v1/closed:
				    get: {x-required-role: none, responses: {'200': {description: ok}}}
				""");
		assertThat(roleProblems(roleless)).containsExactly("GET /api/v1/closed: role none, yet credentials required",
				"GET /api/v1/open: open to anyone, yet role viewer", "GET /api/v1/things: no x-required-role",
				"POST /api/v1/things: unknown x-required-role superuser");
	}

	/**
	 * What RoleMatrixIntegrationTest relies on: every operation says which role it needs,
	 * and {@code none} exactly where {@code security: []} lets anyone in.
	 */
	private static List<String> roleProblems(OpenApiContract contract) {
		List<String> problems = new ArrayList<>();
		for (String operation : contract.operations()) {
			String role = contract.requiredRole(operation);
			boolean open = contract.securitySchemes(operation).isEmpty();
			if (role == null) {
				problems.add(operation + ": no x-required-role");
			}
			else if (!ROLES.contains(role)) {
				problems.add(operation + ": unknown x-required-role " + role);
			}
			else if (open != role.equals("none")) {
				problems.add(operation
						+ (open ? ": open to anyone, yet role " + role : ": role none, yet credentials required"));
			}
		}
		return problems;
	}

	@Test
	void servesTheContractWithoutCredentials() throws IOException {
		HttpResponse<String> response = send("GET", "/openapi.yaml", null, null, null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((contentType) -> assertThat(contentType).startsWith("application/yaml"));
		assertThat(response.body()).isEqualTo(Files.readString(Path.of("openapi.yaml")));
	}

	@Test
	void healthAndAuthenticationProblemsAreAsDocumented() {
		assertThat(send("GET", "/actuator/health", null, null, null).statusCode()).isEqualTo(200);
		assertThat(send("GET", "/api/v1/device-models", null, null, null).statusCode()).isEqualTo(401);
		assertThat(send("GET", "/api/v1/tokens", "Bearer cfs_unknown", null, null).statusCode()).isEqualTo(401);
		String viewer = "Bearer " + issueToken("viewer");
		assertThat(send("GET", "/api/v1/device-models", viewer, null, null).statusCode()).isEqualTo(200);
		assertThat(send("GET", "/api/v1/tokens", viewer, null, null).statusCode()).isEqualTo(403);
		assertThat(send("POST", "/api/v1/device-models", viewer, "application/json",
				Json.canonical(Map.of("key", "8086:0b25", "displayName", "x"))))
			.extracting(HttpResponse::statusCode)
			.isEqualTo(403);
		assertThat(send("POST", "/api/v1/parse", ADMIN, "text/plain", "00: 86 80").statusCode()).isEqualTo(415);
	}

	@Test
	void describesTheLayoutOfEveryCorpusDump() throws IOException {
		for (Path dump : Corpus.dumps()) {
			HttpResponse<String> response = send("POST", "/api/v1/parse", ADMIN, "application/json",
					Json.canonical(Map.of("dump", Files.readString(dump, StandardCharsets.ISO_8859_1))));
			assertThat(response.statusCode()).as(dump.getFileName().toString()).isIn(200, 400);
		}
	}

	@Test
	void failsOnAStatusTheOperationDoesNotDeclare() {
		HttpResponse<String> tokens = send("GET", "/api/v1/tokens", ADMIN, null, null);
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.contract.validate("GET", "/api/v1/tokens", null, null, 418, contentType(tokens),
					tokens.body()))
			.withMessageContaining("status 418 is not declared");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.contract.validate("DELETE", "/api/v1/tokens/1", null, null, 200, null, null))
			.withMessageContaining("status 200 is not declared");
	}

	@Test
	void failsOnAPathOrMethodTheContractDoesNotDeclare() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.contract.validate("GET", "/api/v1/device-models/8086:0b25/firmware", null, null, 200,
					"application/json", "{}"))
			.withMessageContaining("no path in openapi.yaml matches");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(
				() -> this.contract.validate("DELETE", "/api/v1/device-models/8086:0b25", null, null, 204, null, null))
			.withMessageContaining("declares no DELETE");
	}

	@Test
	void failsOnABodyThatBreaksItsSchema() {
		HttpResponse<String> tokens = send("GET", "/api/v1/tokens", ADMIN, null, null);
		assertThat(tokens.statusCode()).isEqualTo(200);
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.contract.validate("GET", "/api/v1/tokens", null, null, 200, contentType(tokens),
					"{\"items\":[{\"id\":\"one\"}]}"))
			.withMessageContaining("does not match TokenList");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(
					() -> this.contract.validate("GET", "/api/v1/tokens", null, null, 200, "text/html", tokens.body()))
			.withMessageContaining("Content-Type text/html is not declared");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.contract.validate("GET", "/api/v1/tokens", null, null, 401,
					"application/problem+json", "{\"status\":401,\"detail\":\"no\"}"))
			.withMessageContaining("does not match Problem");
		String issued = "{\"id\":1,\"name\":\"x\",\"kind\":\"role\",\"role\":\"viewer\",\"hostName\":null,"
				+ "\"mayReport\":false,\"createdAt\":\"2026-01-01T00:00:00Z\","
				+ "\"createdBy\":\"admin\",\"token\":\"cfs_" + "A".repeat(43) + "\"}";
		this.contract.validate("POST", "/api/v1/tokens", "application/json", "{\"name\":\"x\",\"role\":\"viewer\"}",
				201, "application/json", issued);
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.contract.validate("POST", "/api/v1/tokens", "application/json",
					"{\"name\":\"x\",\"role\":\"viewer\",\"colour\":\"red\"}", 201, "application/json", issued))
			.withMessageContaining("the request body does not match TokenRequest");
		// a reporter is bound to a host and has no role
		for (String request : new String[] { "{\"name\":\"x\",\"kind\":\"reporter\",\"role\":\"viewer\"}",
				"{\"name\":\"x\",\"kind\":\"reporter\",\"hostName\":\"hv-1\",\"role\":\"viewer\"}",
				"{\"name\":\"x\",\"role\":\"viewer\",\"hostName\":\"hv-1\"}" }) {
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> this.contract.validate("POST", "/api/v1/tokens", "application/json", request, 201,
						"application/json", issued))
				.as(request)
				.withMessageContaining("the request body does not match TokenRequest");
		}
		this.contract.validate("POST", "/api/v1/tokens", "application/json",
				"{\"name\":\"x\",\"kind\":\"reporter\",\"hostName\":\"hv-1\"}", 201, "application/json", issued);
	}

	private String issueToken(String role) {
		HttpResponse<String> issued = send("POST", "/api/v1/tokens", ADMIN, "application/json",
				Json.canonical(Map.of("name", "contract test " + role, "role", role)));
		assertThat(issued.statusCode()).isEqualTo(201);
		return (String) ((Map<?, ?>) Json.parse(issued.body())).get("token");
	}

	/** One exchange with the service, checked against the contract. */
	private HttpResponse<String> send(String method, String path, String authorization, String contentType,
			String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(30))
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		try {
			HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
			this.contract.validate(method, path, contentType, body, response.statusCode(), contentType(response),
					response.body());
			return response;
		}
		catch (IOException ex) {
			throw new IllegalStateException(method + " " + path + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String contentType(HttpResponse<?> response) {
		return response.headers().firstValue("Content-Type").orElse(null);
	}

	private static Set<String> difference(Set<String> left, Set<String> right) {
		Set<String> difference = new TreeSet<>(left);
		difference.removeAll(right);
		return difference;
	}

}
