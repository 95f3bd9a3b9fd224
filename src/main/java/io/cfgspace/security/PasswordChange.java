package io.cfgspace.security;

import java.util.Collection;

import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * The mark of a person whose password an admin chose (a new account, a reset): until they
 * choose their own, they may do nothing but that. It is an authority, not a role, so no
 * role rule ever matches it.
 */
public final class PasswordChange {

	public static final String REQUIRED = "PASSWORD_CHANGE_REQUIRED";

	/** The API path of the one call such a person may make. */
	public static final String API_PATH = "/api/v1/users/me/password";

	static final GrantedAuthority AUTHORITY = new SimpleGrantedAuthority(REQUIRED);

	private PasswordChange() {
	}

	/**
	 * Who may call {@link #API_PATH}: a person signed in with a password (HTTP basic) of
	 * any role. API tokens and single sign-on have no password here. Decided with the
	 * other access rules, before the body is read, so that such a caller is told 403
	 * whatever it sends.
	 */
	static AuthorizationManager<RequestAuthorizationContext> personWithPassword() {
		return (authentication, context) -> {
			Authentication caller = authentication.get();
			return new AuthorizationDecision(caller != null && caller.isAuthenticated() && hasPassword(caller));
		};
	}

	/**
	 * Whether the caller signed in with a password of cfgspace's own, and so has one to
	 * change: not an API token, not single sign-on.
	 */
	public static boolean hasPassword(Authentication caller) {
		return caller != null && caller.getPrincipal() instanceof UserDetails;
	}

	public static boolean required(Authentication authentication) {
		if (authentication == null) {
			return false;
		}
		Collection<? extends GrantedAuthority> authorities = authentication.getAuthorities();
		return authorities.stream().anyMatch((authority) -> REQUIRED.equals(authority.getAuthority()));
	}

}
