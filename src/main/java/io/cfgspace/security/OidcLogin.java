package io.cfgspace.security;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Signing in to the admin UI through the identity provider, next to the local form login.
 * The person's roles come from the same claim as a bearer JWT's, read from the ID token
 * and the user-info answer; someone the provider knows but gives no cfgspace role is sent
 * back to the sign-in page.
 */
public final class OidcLogin {

	/** Where the UI's "single sign-on" link starts the authorization code flow. */
	public static final String START = "/ui/oauth2/authorization/" + IssuerClientRegistrations.REGISTRATION_ID;

	private final ClientRegistrationRepository registrations;

	private final OidcRoles roles;

	private final OidcUserService users = new OidcUserService();

	OidcLogin(ClientRegistrationRepository registrations, OidcRoles roles) {
		this.registrations = registrations;
		this.roles = roles;
	}

	/** Adds OAuth2 login to the UI's filter chain, under {@code /ui}. */
	public void configure(HttpSecurity http) throws Exception {
		http.addFilterBefore(this::issuerReachable, OAuth2AuthorizationRequestRedirectFilter.class);
		http.oauth2Login((login) -> login.loginPage("/ui/login")
			.clientRegistrationRepository(this.registrations)
			.authorizationEndpoint((endpoint) -> endpoint.baseUri("/ui/oauth2/authorization"))
			.redirectionEndpoint((endpoint) -> endpoint.baseUri("/ui/login/oauth2/code/*"))
			.userInfoEndpoint((userInfo) -> userInfo.oidcUserService(this::user))
			.defaultSuccessUrl("/ui", false)
			.failureUrl("/ui/login?ssoFailed"));
	}

	/**
	 * The registration is read from the issuer's discovery document on the first sign-in;
	 * while the issuer is away that read fails, and Spring Security would answer the link
	 * with a bare 500. The person is sent back to the sign-in page with the reason
	 * instead.
	 */
	private void issuerReachable(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		HttpServletRequest http = (HttpServletRequest) request;
		if (http.getRequestURI().equals(http.getContextPath() + START)) {
			try {
				this.registrations.findByRegistrationId(IssuerClientRegistrations.REGISTRATION_ID);
			}
			catch (RuntimeException unreachable) {
				((HttpServletResponse) response).sendRedirect(http.getContextPath() + "/ui/login?ssoUnavailable");
				return;
			}
		}
		chain.doFilter(request, response);
	}

	private OidcUser user(OidcUserRequest request) {
		OidcUser user = this.users.loadUser(request);
		Set<Role> granted = this.roles.of(user.getClaims());
		if (granted.isEmpty()) {
			throw new OAuth2AuthenticationException(
					new OAuth2Error(OidcResourceServer.WITHOUT_ROLE, this.roles.missing(), null));
		}
		String name = user.getClaims().containsKey("preferred_username") ? "preferred_username" : "sub";
		return new DefaultOidcUser(
				granted.stream().map((role) -> new SimpleGrantedAuthority(role.authority())).toList(),
				user.getIdToken(), user.getUserInfo(), name);
	}

}
