package io.cfgspace.security;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.cfgspace.Api;
import io.cfgspace.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The identity provider is away when the service starts: the service starts anyway, API
 * tokens work, a JWT is answered 503 rather than refused as if it were bad, and once the
 * provider is back its JWTs are accepted without a restart.
 */
@IntegrationTest
class OidcIssuerAwayIntegrationTest {

	static final int issuerPort;

	static final String issuerUri;

	static {
		// find a free port for the provider, then leave it closed
		try (TestIssuer probe = new TestIssuer()) {
			issuerPort = probe.port();
			issuerUri = probe.issuer();
		}
	}

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void singleSignOn(DynamicPropertyRegistry registry) {
		registry.add("cfgspace.oidc.issuer-uri", () -> issuerUri);
		registry.add("cfgspace.oidc.client-id", () -> TestIssuer.CLIENT_ID);
		registry.add("cfgspace.oidc.client-secret", () -> TestIssuer.CLIENT_SECRET);
	}

	/**
	 * The UI's single sign-on link while the provider is away leads back to the sign-in
	 * page with a reason, not to an error page; once it is back the same link signs in.
	 */
	@Test
	void theUiSignInLinkSaysTheIssuerIsAwayAndWorksOnceItIsBack() throws Exception {
		HttpClient browser = HttpClient.newBuilder()
			.cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
			.followRedirects(HttpClient.Redirect.NORMAL)
			.build();
		HttpResponse<String> away = get(browser, "/ui/oauth2/authorization/oidc");
		assertThat(away.statusCode()).isEqualTo(200);
		assertThat(away.uri().getPath()).isEqualTo("/ui/login");
		assertThat(away.uri().getQuery()).isEqualTo("ssoUnavailable");
		assertThat(away.body()).contains("identity provider cannot be reached");
		try (TestIssuer back = new TestIssuer(issuerPort)) {
			back.nextLogin(Map.of("sub", "u-19", "preferred_username", "wanda", "roles", List.of("viewer")));
			HttpResponse<String> signedIn = get(browser, "/ui/oauth2/authorization/oidc");
			assertThat(signedIn.uri().getPath()).isEqualTo("/ui");
			assertThat(signedIn.body()).contains("wanda");
		}
	}

	private HttpResponse<String> get(HttpClient browser, String path) throws Exception {
		return browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(20))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void startsWithoutTheIssuerAndAnswersJwtsOnceItIsBack() {
		Api.anonymous(this.port).withRole("viewer").get("/api/v1/device-models").expect(200);
		String early = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln";
		Api.Response away = Api.anonymous(this.port)
			.bearer(early)
			.get("/api/v1/device-models")
			.problem(503, "identity-provider-unavailable");
		assertThat(away.header("Retry-After")).isNotBlank();
		try (TestIssuer back = new TestIssuer(issuerPort)) {
			// default claim: a top-level roles list
			Api.anonymous(this.port)
				.bearer(back.token(Map.of("roles", List.of("viewer"))))
				.get("/api/v1/device-models")
				.expect(200);
		}
	}

}
