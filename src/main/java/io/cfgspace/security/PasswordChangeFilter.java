package io.cfgspace.security;

import java.io.IOException;

import io.cfgspace.system.ProblemDetailsAdvice;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Over the API, a person who must change their password gets 403
 * {@code password-change-required} for every call but the change itself, whatever their
 * role would allow.
 */
class PasswordChangeFilter extends OncePerRequestFilter {

	private final JsonMapper json;

	PasswordChangeFilter(JsonMapper json) {
		this.json = json;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (PasswordChange.required(SecurityContextHolder.getContext().getAuthentication()) && !mayPass(request)) {
			SecurityConfiguration.write(response, this.json,
					ProblemDetailsAdvice.problem(HttpStatus.FORBIDDEN, "password-change-required",
							"Password change required", "your password was set by an admin; choose your own with POST "
									+ PasswordChange.API_PATH + " before anything else"));
			return;
		}
		chain.doFilter(request, response);
	}

	/** The change itself, and what is open to anyone anyway (health, the contract). */
	private static boolean mayPass(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (HttpMethod.GET.matches(request.getMethod()) && (path.equals("/openapi.yaml")
				|| path.equals("/actuator/health") || path.startsWith("/actuator/health/"))) {
			return true;
		}
		return HttpMethod.POST.matches(request.getMethod()) && PasswordChange.API_PATH.equals(path);
	}

}
