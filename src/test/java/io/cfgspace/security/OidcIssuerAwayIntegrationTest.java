package io.cfgspace.security;

import java.util.List;
import java.util.Map;

import io.cfgspace.Api;
import io.cfgspace.IntegrationTest;
import org.junit.jupiter.api.Test;

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
	}

	@Test
	void startsWithoutTheIssuerAndAnswersJwtsOnceItIsBack() {
		Api.anonymous(this.port).withRole("viewer").get("/api/v1/device-models").expect(200);
		String early = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln";
		Api.Response away = Api.anonymous(this.port)
			.bearer(early)
			.get("/api/v1/device-models")
			.problem(503, "identity-provider-unavailable");
		org.assertj.core.api.Assertions.assertThat(away.header("Retry-After")).isNotBlank();
		try (TestIssuer back = new TestIssuer(issuerPort)) {
			// default claim: a top-level roles list
			Api.anonymous(this.port)
				.bearer(back.token(Map.of("roles", List.of("viewer"))))
				.get("/api/v1/device-models")
				.expect(200);
		}
	}

}
