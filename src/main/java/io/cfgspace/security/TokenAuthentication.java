package io.cfgspace.security;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * A request authenticated by an API token: its name ({@code token:<name>}, as the audit
 * and the verdicts name the caller), what it was granted, and the person who issued it.
 */
final class TokenAuthentication extends AbstractAuthenticationToken {

	private final String name;

	private final TokenGrant grant;

	TokenAuthentication(ApiToken token) {
		super(List.of(token.grant().authority()));
		this.name = "token:" + token.name();
		this.grant = token.grant();
		setDetails(new Person(token.createdBy()));
		setAuthenticated(true);
	}

	TokenGrant grant() {
		return this.grant;
	}

	@Override
	public Object getCredentials() {
		return null;
	}

	@Override
	public Object getPrincipal() {
		return this.name;
	}

	@Override
	public String getName() {
		return this.name;
	}

}
