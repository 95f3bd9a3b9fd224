package io.cfgspace.security;

import java.io.IOException;
import java.util.Optional;

import io.cfgspace.system.ProblemDetailsAdvice;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer cfs_...} requests by their API token; with
 * single sign-on configured, other bearer tokens are left to the JWT resource server.
 */
class BearerTokenFilter extends OncePerRequestFilter {

	private static final String BEARER = "Bearer ";

	private final TokenService tokens;

	/** Request attribute naming why a bearer token was not accepted. */
	static final String REJECTED = BearerTokenFilter.class.getName() + ".rejected";

	private final AuthenticationEntryPoint unavailable;

	private final boolean jwtsAccepted;

	BearerTokenFilter(TokenService tokens, AuthenticationEntryPoint unavailable, boolean jwtsAccepted) {
		this.tokens = tokens;
		this.unavailable = unavailable;
		this.jwtsAccepted = jwtsAccepted;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			chain.doFilter(request, response);
			return;
		}
		String secret = header.substring(BEARER.length()).strip();
		if (this.jwtsAccepted && OidcResourceServer.isJwt(secret)) {
			// single sign-on: the resource server's filter decodes it
			chain.doFilter(request, response);
			return;
		}
		Optional<ApiToken> token;
		try {
			token = this.tokens.authenticate(secret);
		}
		catch (RuntimeException ex) {
			if (!ProblemDetailsAdvice.lostDatabase(ex)) {
				throw ex;
			}
			this.unavailable.commence(request, response, null);
			return;
		}
		if (token.isEmpty()) {
			// open endpoints stay open; protected ones answer 401 through the entry point
			request.setAttribute(REJECTED, "the bearer token is unknown or revoked");
			chain.doFilter(request, response);
			return;
		}
		SecurityContextHolder.getContext().setAuthentication(new TokenAuthentication(token.get()));
		try {
			chain.doFilter(request, response);
		}
		finally {
			SecurityContextHolder.clearContext();
		}
	}

}
