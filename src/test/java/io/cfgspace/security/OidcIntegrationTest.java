package io.cfgspace.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.cfgspace.Api;
import io.cfgspace.IntegrationTest;
import io.cfgspace.layout.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Single sign-on against a real (small) OpenID provider over HTTP: bearer JWTs next to
 * API tokens on the same endpoints, each way a JWT can be wrong, Keycloak's nested
 * {@code realm_access.roles} claim, and the UI's authorization code login.
 */
@IntegrationTest
class OidcIntegrationTest {

	static final TestIssuer issuer = new TestIssuer();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void singleSignOn(DynamicPropertyRegistry registry) {
		registry.add("cfgspace.oidc.issuer-uri", issuer::issuer);
		registry.add("cfgspace.oidc.audience", () -> "cfgspace");
		registry.add("cfgspace.oidc.roles-claim", () -> "realm_access.roles");
		registry.add("cfgspace.oidc.client-id", () -> TestIssuer.CLIENT_ID);
		registry.add("cfgspace.oidc.client-secret", () -> TestIssuer.CLIENT_SECRET);
	}

	@AfterAll
	static void stop() {
		issuer.close();
	}

	private static Map<String, Object> realmRoles(String... roles) {
		return Map.of("realm_access", Map.of("roles", List.of(roles)));
	}

	private static String model() {
		return Json.canonical(Map.of("key",
				String.format("10de:%04x", ThreadLocalRandom.current().nextInt(0x1000, 0xFFFF)), "displayName", "x"));
	}

	private Api jwt(Map<String, Object> claims) {
		return Api.anonymous(this.port).bearer(issuer.token(claims));
	}

	@Test
	void aViewersJwtReadsButDoesNotWrite() {
		// Keycloak puts realm roles it does not know of beside ours; they grant nothing
		Api viewer = jwt(realmRoles("offline_access", "viewer", "uma_authorization"));
		viewer.get("/api/v1/device-models").expect(200);
		viewer.post("/api/v1/device-models", model()).problem(403, "forbidden");
		viewer.get("/api/v1/tokens").problem(403, "forbidden");
	}

	@Test
	void anOperatorsJwtPinsAndRolesNest() {
		Api operator = jwt(realmRoles("Operator"));
		operator.post("/api/v1/device-models", model()).expect(201);
		operator.get("/api/v1/device-models").expect(200);
		operator.get("/api/v1/tokens").problem(403, "forbidden");
		jwt(realmRoles("admin")).get("/api/v1/tokens").expect(200);
	}

	@Test
	void apiTokensKeepWorkingOnTheSameEndpoints() {
		Api viewer = Api.anonymous(this.port).withRole("viewer");
		viewer.get("/api/v1/device-models").expect(200);
		viewer.post("/api/v1/device-models", model()).problem(403, "forbidden");
		Api.anonymous(this.port).bearer("cfs_not-a-token").get("/api/v1/device-models").problem(401, "unauthenticated");
		Api.anonymous(this.port).get("/api/v1/device-models").problem(401, "unauthenticated");
		Api.admin(this.port).get("/api/v1/tokens").expect(200);
	}

	@Test
	void anExpiredJwtIsRefused() {
		long past = Instant.now().minus(Duration.ofHours(1)).getEpochSecond();
		Map<String, Object> claims = new java.util.HashMap<>(realmRoles("admin"));
		claims.put("iat", past - 300);
		claims.put("exp", past);
		Api.Response refused = jwt(claims).get("/api/v1/device-models").problem(401, OidcResourceServer.EXPIRED);
		assertThat(refused.header("WWW-Authenticate")).contains("invalid_token");
		assertThat(refused.body()).contains("expired");
	}

	@Test
	void aJwtOfAnotherIssuerIsRefused() {
		Map<String, Object> claims = new java.util.HashMap<>(realmRoles("admin"));
		claims.put("iss", "https://kc.example/realms/other");
		jwt(claims).get("/api/v1/device-models").problem(401, OidcResourceServer.WRONG_ISSUER);
	}

	@Test
	void aJwtForAnotherAudienceIsRefused() {
		Map<String, Object> claims = new java.util.HashMap<>(realmRoles("admin"));
		claims.put("aud", List.of("billing"));
		jwt(claims).get("/api/v1/device-models").problem(401, OidcResourceServer.WRONG_AUDIENCE);
	}

	@Test
	void aJwtWithoutACfgspaceRoleIsRefused() {
		jwt(Map.of()).get("/api/v1/device-models").problem(401, OidcResourceServer.WITHOUT_ROLE);
		jwt(realmRoles("offline_access")).get("/api/v1/device-models").problem(401, OidcResourceServer.WITHOUT_ROLE);
		// the configured claim is realm_access.roles: a top-level roles claim is not it
		jwt(Map.of("roles", List.of("admin"))).get("/api/v1/device-models")
			.problem(401, OidcResourceServer.WITHOUT_ROLE);
	}

	@Test
	void aForgedOrMalformedJwtIsRefused() {
		Api.anonymous(this.port)
			.bearer(issuer.tokenOfAStranger(realmRoles("admin")))
			.get("/api/v1/device-models")
			.problem(401, OidcResourceServer.INVALID);
		Api.anonymous(this.port)
			.bearer("eyJhbGciOi.not.a-jwt")
			.get("/api/v1/device-models")
			.problem(401, OidcResourceServer.INVALID);
		// not even token68: Spring's header parser refuses it, and it is answered the
		// same way
		for (String header : List.of("a b c", "é-not-ascii", "~~~!!!")) {
			Api.anonymous(this.port)
				.bearer(header)
				.get("/api/v1/device-models")
				.problem(401, OidcResourceServer.INVALID);
		}
		String token = issuer.token(realmRoles("viewer"));
		String tampered = token.substring(0, token.lastIndexOf('.') - 4) + "AAAA"
				+ token.substring(token.lastIndexOf('.'));
		Api.anonymous(this.port).bearer(tampered).get("/api/v1/device-models").problem(401, OidcResourceServer.INVALID);
	}

	@Test
	void openEndpointsStayOpenToARefusedJwt() {
		Api.anonymous(this.port).bearer("eyJhbGciOi.not.a-jwt").get("/actuator/health").expect(200);
	}

	@Test
	void theUiSignsInThroughTheIssuerWithTheMappedRole() throws Exception {
		HttpClient browser = browser();
		HttpResponse<String> login = get(browser, "/ui/login");
		assertThat(login.body()).contains("/ui/oauth2/authorization/oidc");
		issuer.nextLogin(Map.of("sub", "u-17", "preferred_username", "vera", "realm_access",
				Map.of("roles", List.of("viewer"))));
		HttpResponse<String> signedIn = get(browser, "/ui/oauth2/authorization/oidc");
		assertThat(signedIn.statusCode()).isEqualTo(200);
		assertThat(signedIn.uri().getPath()).isEqualTo("/ui");
		assertThat(signedIn.body()).doesNotContain("type=\"password\"");
		// the provider keeps the password: no link to change one that cfgspace does not
		// have
		assertThat(signedIn.body()).contains("vera").doesNotContain("/ui/password");
		HttpResponse<String> password = get(browser, "/ui/password");
		assertThat(password.statusCode()).isEqualTo(200);
		assertThat(password.body()).contains("single sign-on").doesNotContain("id=\"change-password\"");
		// a viewer, not an admin
		assertThat(get(browser, "/ui/models").statusCode()).isEqualTo(200);
		assertThat(get(browser, "/ui/tokens").statusCode()).isEqualTo(403);
	}

	@Test
	void theUiRefusesAnIssuerUserWithoutARole() throws Exception {
		HttpClient browser = browser();
		issuer.nextLogin(Map.of("sub", "u-18", "preferred_username", "nobody"));
		HttpResponse<String> refused = get(browser, "/ui/oauth2/authorization/oidc");
		assertThat(refused.uri().getPath()).isEqualTo("/ui/login");
		assertThat(refused.uri().getQuery()).isEqualTo("ssoFailed");
		assertThat(refused.body()).contains("none of cfgspace's roles");
		assertThat(get(browser, "/ui").uri().getPath()).isEqualTo("/ui/login");
	}

	private static HttpClient browser() {
		return HttpClient.newBuilder()
			.cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
			.followRedirects(HttpClient.Redirect.NORMAL)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
	}

	private HttpResponse<String> get(HttpClient browser, String path) throws IOException, InterruptedException {
		return browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(20))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
