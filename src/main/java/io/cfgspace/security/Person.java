package io.cfgspace.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The person behind a request, for rules that need two different people (four-eyes pins).
 * A user is their username, whether by the UI's login or basic auth; an identity
 * provider's user is {@code oidc:<subject>}, by bearer JWT or UI login alike; an API
 * token is the person who created it, so that one person's token is not a second person.
 */
public record Person(String id) {

	public static Person of(Authentication authentication) {
		if (authentication.getDetails() instanceof Person person) {
			return person;
		}
		if (authentication instanceof JwtAuthenticationToken jwt) {
			return new Person("oidc:" + jwt.getToken().getSubject());
		}
		if (authentication.getPrincipal() instanceof OidcUser user) {
			return new Person("oidc:" + user.getSubject());
		}
		return new Person(authentication.getName());
	}

}
