package io.cfgspace.ui;

import java.io.IOException;
import java.util.Set;

import io.cfgspace.security.PasswordChange;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A session keeps the account as it was at sign-in; this reads it again on every page, as
 * HTTP basic does on every API call. So a disabled user is signed out at their next
 * click, a new role or a changed password applies at once, and a person whose password an
 * admin chose is sent to the password page from every other page (they may still sign
 * out). Single sign-on sessions are the identity provider's and left alone.
 */
class SignedInAccount extends OncePerRequestFilter {

	private static final Set<String> OPEN = Set.of("/ui/password", "/ui/logout", "/ui/login", "/ui/forbidden");

	private final UserDetailsService users;

	private final SecurityContextRepository sessions = new HttpSessionSecurityContextRepository();

	SignedInAccount(UserDetailsService users) {
		this.users = users;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
		if (!PasswordChange.hasPassword(signedIn)) {
			chain.doFilter(request, response);
			return;
		}
		UserDetails now;
		try {
			now = this.users.loadUserByUsername(signedIn.getName());
		}
		catch (UsernameNotFoundException ex) {
			now = null;
		}
		if (now == null || !now.isEnabled()) {
			SecurityContextHolder.clearContext();
			HttpSession session = request.getSession(false);
			if (session != null) {
				session.invalidate();
			}
			redirect(request, response, "/ui/login?disabled");
			return;
		}
		if (now instanceof CredentialsContainer erasable) {
			// the session needs no hash, as after sign-in
			erasable.eraseCredentials();
		}
		if (!now.getAuthorities().equals(Set.copyOf(signedIn.getAuthorities()))) {
			SecurityContext context = SecurityContextHolder.createEmptyContext();
			context
				.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(now, null, now.getAuthorities()));
			SecurityContextHolder.setContext(context);
			this.sessions.saveContext(context, request, response);
		}
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (PasswordChange.required(SecurityContextHolder.getContext().getAuthentication()) && !OPEN.contains(path)
				&& !path.endsWith(".css")) {
			redirect(request, response, "/ui/password");
			return;
		}
		chain.doFilter(request, response);
	}

	private static void redirect(HttpServletRequest request, HttpServletResponse response, String path) {
		response.setStatus(HttpStatus.SEE_OTHER.value());
		response.setHeader("Location", request.getContextPath() + path);
	}

}
