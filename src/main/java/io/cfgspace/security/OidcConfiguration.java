package io.cfgspace.security;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;

/**
 * Single sign-on, only when {@code cfgspace.oidc.issuer-uri} names an issuer: bearer JWTs
 * on the API and, with a client id, OAuth2 login in the UI. The issuer is first asked for
 * its discovery document and keys when the first token or login arrives, so the service
 * starts while the identity provider is away.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${cfgspace.oidc.issuer-uri:}'.isBlank()")
class OidcConfiguration {

	@Bean
	OidcRoles oidcRoles(@Value("${cfgspace.oidc.roles-claim:roles}") String claim) {
		return new OidcRoles(claim.isBlank() ? "roles" : claim.strip());
	}

	@Bean
	OidcResourceServer oidcResourceServer(@Value("${cfgspace.oidc.issuer-uri}") String issuer,
			@Value("${cfgspace.oidc.audience:}") String audience, OidcRoles roles, JsonMapper json) {
		return new OidcResourceServer(issuer.strip(), audience.strip(), roles, json);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnExpression("!'${cfgspace.oidc.client-id:}'.isBlank()")
	static class Login {

		@Bean
		ClientRegistrationRepository oidcClientRegistrations(@Value("${cfgspace.oidc.issuer-uri}") String issuer,
				@Value("${cfgspace.oidc.client-id}") String clientId,
				@Value("${cfgspace.oidc.client-secret:}") String clientSecret) {
			return new IssuerClientRegistrations(issuer.strip(), clientId.strip(), clientSecret.strip());
		}

		@Bean
		OidcLogin oidcLogin(ClientRegistrationRepository oidcClientRegistrations, OidcRoles roles) {
			return new OidcLogin(oidcClientRegistrations, roles);
		}

	}

}
