package io.cfgspace.ui;

import java.io.IOException;
import java.util.Set;

import io.cfgspace.security.PasswordChange;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A person whose password an admin chose is sent to the password page from every other
 * page until they choose their own; they may still sign out.
 */
class PasswordChangeRedirect extends OncePerRequestFilter {

	private static final Set<String> OPEN = Set.of("/ui/password", "/ui/logout", "/ui/login", "/ui/forbidden");

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (PasswordChange.required(SecurityContextHolder.getContext().getAuthentication()) && !OPEN.contains(path)
				&& !path.endsWith(".css")) {
			response.setStatus(HttpStatus.SEE_OTHER.value());
			response.setHeader("Location", request.getContextPath() + "/ui/password");
			return;
		}
		chain.doFilter(request, response);
	}

}
