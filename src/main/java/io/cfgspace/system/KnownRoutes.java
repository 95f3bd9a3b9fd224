package io.cfgspace.system;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Answers a path the API does not have (404) and a method its path does not take (405
 * with {@code Allow}) before credentials are checked. The routes are public anyway, in
 * the openapi.yaml every stranger may read, so this tells nobody anything new; whether a
 * named model, pin or verification exists is still decided only after authentication.
 * Without it a method no role may use, such as PUT on a pin, would look like a role
 * problem (403).
 */
@Component
@Order(-101) // before Spring Security's filter chain, at -100
class KnownRoutes extends OncePerRequestFilter {

	/** The methods in the order {@code Allow} lists them. */
	private static final List<RequestMethod> ORDER = List.of(RequestMethod.GET, RequestMethod.HEAD, RequestMethod.POST,
			RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE, RequestMethod.OPTIONS);

	private final ApplicationContext context;

	private final JsonMapper json;

	private volatile List<Route> routes;

	KnownRoutes(ApplicationContext context, JsonMapper json) {
		this.context = context;
		this.json = json;
	}

	private record Route(PathPattern pattern, Set<RequestMethod> methods) {

	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = path(request);
		return !(path.startsWith("/api/") || path.equals("/api") || path.equals("/openapi.yaml"));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (hasDotSegment(path(request))) {
			// "." and ".." would name another resource once some layer normalises them;
			// no
			// route of the API has one, so they are refused before anything matches them
			refuse(response, ProblemDetailsAdvice.problem(HttpStatus.BAD_REQUEST, "malformed-request",
					"Malformed request", "the path " + path(request) + " has a '.' or '..' segment"));
			return;
		}
		PathContainer path = PathContainer.parsePath(path(request));
		Set<RequestMethod> allowed = EnumSet.noneOf(RequestMethod.class);
		boolean known = false;
		for (Route route : routes()) {
			if (route.pattern().matches(path)) {
				known = true;
				allowed.addAll(route.methods());
			}
		}
		if (!known) {
			refuse(response, ProblemDetailsAdvice.problem(HttpStatus.NOT_FOUND, "not-found", "Not found",
					"the API has no " + path(request) + "; openapi.yaml lists every path"));
			return;
		}
		if (allowed.contains(RequestMethod.GET)) {
			allowed.add(RequestMethod.HEAD);
		}
		allowed.add(RequestMethod.OPTIONS);
		String allow = ORDER.stream()
			.filter(allowed::contains)
			.map(RequestMethod::name)
			.collect(Collectors.joining(", "));
		RequestMethod method = RequestMethod.resolve(request.getMethod());
		if (method == RequestMethod.OPTIONS) {
			response.setHeader(HttpHeaders.ALLOW, allow);
			response.setStatus(HttpStatus.NO_CONTENT.value());
			return;
		}
		if (method == null || !allowed.contains(method)) {
			response.setHeader(HttpHeaders.ALLOW, allow);
			refuse(response,
					ProblemDetailsAdvice.problem(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed",
							"Method not allowed",
							path(request) + " does not take " + request.getMethod() + "; it takes " + allow));
			return;
		}
		chain.doFilter(request, response);
	}

	static boolean hasDotSegment(String rawPath) {
		for (String segment : rawPath.split("/", -1)) {
			String decoded = segment.replace("%2e", ".").replace("%2E", ".");
			if (decoded.equals(".") || decoded.equals("..")) {
				return true;
			}
		}
		return false;
	}

	private static String path(HttpServletRequest request) {
		return request.getRequestURI().substring(request.getContextPath().length());
	}

	private void refuse(HttpServletResponse response, ProblemDetail problem) throws IOException {
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.json.writeValue(response.getOutputStream(), problem);
	}

	/** The controllers' routes, read once the controllers exist. */
	private List<Route> routes() {
		List<Route> known = this.routes;
		if (known == null) {
			RequestMappingHandlerMapping mapping = this.context.getBean("requestMappingHandlerMapping",
					RequestMappingHandlerMapping.class);
			known = new ArrayList<>();
			for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
				Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
				// a mapping without methods takes them all
				Set<RequestMethod> taken = methods.isEmpty() ? EnumSet.allOf(RequestMethod.class)
						: EnumSet.copyOf(methods);
				for (String pattern : info.getPatternValues()) {
					known.add(new Route(PathPatternParser.defaultInstance.parse(pattern), taken));
				}
			}
			this.routes = List.copyOf(known);
		}
		return known;
	}

}
