package io.cfgspace.security;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.cfgspace.system.ProblemDetailsAdvice;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * Who may call what. API callers authenticate with a bearer token or, for people, HTTP
 * basic; health and the OpenAPI document are open. Roles nest: admin includes operator,
 * operator includes verifier, verifier includes viewer.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	/** What anyone may GET, whatever credentials they send or fail to. */
	static final String[] OPEN = { "/actuator/health", "/actuator/health/**", "/openapi.yaml" };

	private static final String REPORTER = TokenGrant.Reporter.ROLE_NAME;

	@Bean
	SecurityFilterChain api(HttpSecurity http, TokenService tokens, JsonMapper json,
			ObjectProvider<OidcResourceServer> oidc) throws Exception {
		OidcResourceServer jwts = oidc.getIfAvailable();
		AuthenticationEntryPoint unauthenticated = (request, response, ex) -> {
			response.setHeader("WWW-Authenticate", "Bearer realm=\"cfgspace\"");
			write(response, json,
					ProblemDetailsAdvice.problem(HttpStatus.UNAUTHORIZED, "unauthenticated", "Authentication required",
							"send an API token as 'Authorization: Bearer cfs_...' (or a user's HTTP basic credentials)"
									+ rejection(request, ex)));
		};
		AuthenticationEntryPoint unavailable = (request, response, ex) -> {
			response.setHeader("Retry-After", "5");
			write(response, json, ProblemDetailsAdvice.problem(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable",
					"Database unavailable",
					"the registry database cannot be reached to check credentials; nothing was decided or stored,"
							+ " try again later"));
		};
		AccessDeniedHandler forbidden = (request, response, ex) -> write(response, json, ProblemDetailsAdvice.problem(
				HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
				PasswordChange.API_PATH.equals(request.getRequestURI())
						? "only a user signed in with a password has one to change; tokens and single sign-on do not"
						: "your role does not allow " + request.getMethod() + " " + request.getRequestURI()));
		http.securityMatcher("/api/**", "/actuator/**", "/openapi.yaml", "/error")
			.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.httpBasic((basic) -> basic.authenticationEntryPoint(unauthenticated))
			.exceptionHandling(
					(handling) -> handling.authenticationEntryPoint(unauthenticated).accessDeniedHandler(forbidden))
			.addFilterBefore(new BearerTokenFilter(tokens, unavailable, jwts != null), BasicAuthenticationFilter.class)
			.addFilterAfter(new PasswordChangeFilter(json), BasicAuthenticationFilter.class)
			.authorizeHttpRequests((requests) -> requests.requestMatchers(HttpMethod.GET, OPEN)
				.permitAll()
				.requestMatchers("/error")
				.permitAll()
				.requestMatchers("/api/v1/tokens", "/api/v1/tokens/**")
				.hasRole(Role.ADMIN.name())
				.requestMatchers(HttpMethod.POST, PasswordChange.API_PATH)
				.access(PasswordChange.personWithPassword())
				.requestMatchers("/api/v1/users", "/api/v1/users/**", "/api/v1/audit")
				.hasRole(Role.ADMIN.name())
				.requestMatchers(HttpMethod.GET, "/api/v1/quirks", "/api/v1/quirks/*")
				.hasRole(Role.VIEWER.name())
				.requestMatchers("/api/v1/quirks", "/api/v1/quirks/*")
				.hasRole(Role.ADMIN.name())
				// a host's libvirt hook reads, with its reporter token, what it checks
				.requestMatchers(HttpMethod.GET, "/api/v1/vmm-profiles", "/api/v1/vmm-profiles/*")
				.hasAnyRole(Role.VIEWER.name(), REPORTER)
				.requestMatchers("/api/v1/vmm-profiles", "/api/v1/vmm-profiles/*")
				.hasRole(Role.ADMIN.name())
				.requestMatchers("/api/v1/verifications/partitions", "/api/v1/verifications/partitions/**")
				.hasRole(Role.ADMIN.name())
				// HostBinding holds a reporter to verifications that touch its host
				.requestMatchers(HttpMethod.POST, "/api/v1/verifications", "/api/v1/verifications/batch")
				.hasAnyRole(Role.VERIFIER.name(), REPORTER)
				.requestMatchers(HttpMethod.POST, "/api/v1/plans")
				.hasRole(Role.OPERATOR.name())
				.requestMatchers(HttpMethod.POST, "/api/v1/device-models/*/impact")
				.hasRole(Role.VIEWER.name())
				.requestMatchers(HttpMethod.POST, "/api/v1/parse")
				.hasRole(Role.VIEWER.name())
				.requestMatchers(HttpMethod.POST, "/api/v1/device-models/lookup")
				.hasAnyRole(Role.VIEWER.name(), REPORTER)
				.requestMatchers(HttpMethod.PUT, "/api/v1/settings/four-eyes", "/api/v1/device-models/*/four-eyes")
				.hasRole(Role.ADMIN.name())
				.requestMatchers(HttpMethod.POST, "/api/v1/device-models", "/api/v1/device-models/*/pins",
						"/api/v1/device-models/*/pins/*/deprecation", "/api/v1/device-models/*/pins/*/approval")
				.hasRole(Role.OPERATOR.name())
				.requestMatchers(HttpMethod.PATCH, "/api/v1/device-models/*")
				.hasRole(Role.OPERATOR.name())
				// a host reports with its reporter token, held to its host by
				// HostBinding; other tokens report only with mayReport
				.requestMatchers(HttpMethod.PUT, "/api/v1/hosts/*/report")
				.hasAnyRole(Role.VERIFIER.name(), REPORTER)
				// placement queries only read, like the impact check
				.requestMatchers(HttpMethod.POST, "/api/v1/placements", "/api/v1/hosts/*/drain-check")
				.hasRole(Role.VIEWER.name())
				.requestMatchers(HttpMethod.DELETE, "/api/v1/hosts/*")
				.hasRole(Role.OPERATOR.name())
				.requestMatchers(HttpMethod.GET, "/api/v1/device-models/*/pins", "/api/v1/device-models/*/pins/*")
				.hasAnyRole(Role.VIEWER.name(), REPORTER)
				.requestMatchers(HttpMethod.GET, "/api/**", "/actuator/**")
				.hasRole(Role.VIEWER.name())
				.anyRequest()
				.denyAll());
		if (jwts != null) {
			jwts.configure(http);
		}
		return http.build();
	}

	@Bean
	static RoleHierarchy roleHierarchy() {
		return RoleHierarchyImpl.withDefaultRolePrefix()
			.role(Role.ADMIN.name())
			.implies(Role.OPERATOR.name())
			.role(Role.OPERATOR.name())
			.implies(Role.VERIFIER.name())
			.role(Role.VERIFIER.name())
			.implies(Role.VIEWER.name())
			.build();
	}

	/**
	 * Hashes name their algorithm ({@code {bcrypt}$2a$...}) so that a stronger one can
	 * come later. Hashes from before V14 had no prefix; V14 adds it, and a bare bcrypt
	 * hash is still read as bcrypt in case a row was written by an older node during a
	 * rolling upgrade.
	 */
	@Bean
	PasswordEncoder passwordEncoder() {
		DelegatingPasswordEncoder encoder = (DelegatingPasswordEncoder) PasswordEncoderFactories
			.createDelegatingPasswordEncoder();
		encoder.setDefaultPasswordEncoderForMatches(new BCryptPasswordEncoder());
		return encoder;
	}

	@Bean
	UserDetailsService users(AppUsers users) {
		return (username) -> users.findByUsername(username).map((user) -> {
			List<GrantedAuthority> authorities = new ArrayList<>();
			authorities.add(new SimpleGrantedAuthority(user.role().authority()));
			if (user.mustChangePassword()) {
				authorities.add(PasswordChange.AUTHORITY);
			}
			return User.withUsername(user.username())
				.password(user.passwordHash())
				.authorities(authorities)
				.disabled(!user.enabled())
				.build();
		}).orElseThrow(() -> new UsernameNotFoundException("no such user"));
	}

	private static String rejection(HttpServletRequest request, Exception ex) {
		Object rejected = request.getAttribute(BearerTokenFilter.REJECTED);
		if (rejected != null) {
			return "; " + rejected;
		}
		return (ex instanceof BadCredentialsException) ? "; " + ex.getMessage() : "";
	}

	static void write(HttpServletResponse response, JsonMapper json, ProblemDetail problem) throws IOException {
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		json.writeValue(response.getOutputStream(), problem);
	}

}
