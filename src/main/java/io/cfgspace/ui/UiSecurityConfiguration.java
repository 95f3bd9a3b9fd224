package io.cfgspace.ui;

import io.cfgspace.security.OidcLogin;
import io.cfgspace.security.Role;
import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

/**
 * The admin UI signs people in with a form and keeps them in a session, so unlike the
 * stateless API it needs CSRF protection. Its paths are all under {@code /ui}; the API
 * chain never sees them.
 */
@Configuration(proxyBeanMethods = false)
class UiSecurityConfiguration {

	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE - 1)
	SecurityFilterChain ui(HttpSecurity http, ObjectProvider<OidcLogin> oidc, UserDetailsService users)
			throws Exception {
		http.securityMatcher("/ui", "/ui/**")
			.formLogin((form) -> form.loginPage("/ui/login").defaultSuccessUrl("/ui", false).permitAll())
			.logout((logout) -> logout.logoutUrl("/ui/logout").logoutSuccessUrl("/ui/login?signedOut").permitAll())
			.exceptionHandling((handling) -> handling.accessDeniedPage("/ui/forbidden"))
			.addFilterBefore(new SignedInAccount(users), AuthorizationFilter.class)
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(
					"default-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'")))
			.authorizeHttpRequests((requests) -> requests
				// the 403 page is a forward; it must not be denied again
				.dispatcherTypeMatchers(DispatcherType.FORWARD, DispatcherType.ERROR)
				.permitAll()
				.requestMatchers("/ui/*.css", "/ui/login")
				.permitAll()
				// the API's roles: pinning is an operator's, tokens and quirks an admin's
				.requestMatchers("/ui/pin", "/ui/pin/**")
				.hasRole(Role.OPERATOR.name())
				.requestMatchers(HttpMethod.POST, "/ui/models", "/ui/models/*/pins/*/deprecation",
						"/ui/models/*/pins/*/approval")
				.hasRole(Role.OPERATOR.name())
				// the second person of four-eyes pinning is an operator too
				.requestMatchers("/ui/proposals")
				.hasRole(Role.OPERATOR.name())
				.requestMatchers(HttpMethod.POST, "/ui/password")
				.hasRole(Role.VIEWER.name())
				.requestMatchers("/ui/quirks", "/ui/quirks/**", "/ui/tokens", "/ui/tokens/**", "/ui/vmm-profiles",
						"/ui/vmm-profiles/**", "/ui/audit", "/ui/users", "/ui/users/**")
				.hasRole(Role.ADMIN.name())
				.requestMatchers(HttpMethod.POST, "/ui/models/*/impact", "/ui/parse")
				.hasRole(Role.VIEWER.name())
				.requestMatchers(HttpMethod.GET, "/ui", "/ui/**")
				.hasRole(Role.VIEWER.name())
				.anyRequest()
				.denyAll());
		OidcLogin singleSignOn = oidc.getIfAvailable();
		if (singleSignOn != null) {
			singleSignOn.configure(http);
		}
		return http.build();
	}

}
