package io.cfgspace.security;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.util.function.SingletonSupplier;

/**
 * The UI's one OAuth2 client, built from the issuer's discovery document on the first
 * login rather than at start; a failed fetch is tried again on the next login.
 */
final class IssuerClientRegistrations implements ClientRegistrationRepository {

	static final String REGISTRATION_ID = "oidc";

	private final SingletonSupplier<ClientRegistration> registration;

	IssuerClientRegistrations(String issuer, String clientId, String clientSecret) {
		this.registration = SingletonSupplier.of(() -> {
			ClientRegistration.Builder builder = ClientRegistrations.fromIssuerLocation(issuer)
				.registrationId(REGISTRATION_ID)
				.clientId(clientId)
				.scope("openid", "profile")
				.redirectUri("{baseUrl}/ui/login/oauth2/code/{registrationId}");
			if (clientSecret.isEmpty()) {
				// a public client: Spring Security then proves the code with PKCE instead
				return builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE).build();
			}
			return builder.clientSecret(clientSecret).build();
		});
	}

	@Override
	public ClientRegistration findByRegistrationId(String registrationId) {
		return REGISTRATION_ID.equals(registrationId) ? this.registration.obtain() : null;
	}

}
