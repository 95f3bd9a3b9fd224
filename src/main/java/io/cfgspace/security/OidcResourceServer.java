package io.cfgspace.security;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import io.cfgspace.system.ProblemDetailsAdvice;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderInitializationException;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Bearer JWTs from the configured issuer, on the same endpoints as the service's own API
 * tokens. The two are told apart by shape: API tokens start with {@code cfs_}, and only
 * other bearer tokens are decoded as JWTs. A refused JWT answers 401 with a code that
 * says why, so a client knows whether fetching a fresh token can help.
 */
final class OidcResourceServer {

	static final String EXPIRED = "token-expired";

	static final String WRONG_ISSUER = "token-wrong-issuer";

	static final String WRONG_AUDIENCE = "token-wrong-audience";

	static final String WITHOUT_ROLE = "token-without-role";

	static final String INVALID = "invalid-token";

	private static final Set<String> CODES = Set.of(EXPIRED, WRONG_ISSUER, WRONG_AUDIENCE, WITHOUT_ROLE, INVALID);

	private final JwtDecoder decoder;

	private final OidcRoles roles;

	private final JsonMapper json;

	private final BearerTokenResolver header = new DefaultBearerTokenResolver();

	private final RequestMatcher open = new OrRequestMatcher(Arrays.stream(SecurityConfiguration.OPEN)
		.map((path) -> (RequestMatcher) PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, path))
		.toList());

	OidcResourceServer(String issuer, String audience, OidcRoles roles, JsonMapper json) {
		this.roles = roles;
		this.json = json;
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
		validators.add(tagged(EXPIRED, new JwtTimestampValidator()));
		validators.add(tagged(WRONG_ISSUER, new JwtIssuerValidator(issuer)));
		if (!audience.isEmpty()) {
			validators.add(tagged(WRONG_AUDIENCE, new JwtAudienceValidator(audience)));
		}
		// Spring's own defaults (type, certificate binding) after ours, so ours name the
		// cause
		validators.add(tagged(INVALID, JwtValidators.createDefault()));
		OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(validators);
		JwtDecoder lazy = new SupplierJwtDecoder(() -> {
			NimbusJwtDecoder decoder = JwtDecoders.fromIssuerLocation(issuer);
			decoder.setJwtValidator(validator);
			return decoder;
		});
		this.decoder = (token) -> {
			try {
				return lazy.decode(token);
			}
			catch (JwtDecoderInitializationException ex) {
				// not a bad token: the issuer could not be asked; answered 503 below
				throw new JwtException("the identity provider " + issuer + " cannot be reached", ex);
			}
		};
	}

	/** Adds JWT authentication to the API's filter chain. */
	void configure(HttpSecurity http) throws Exception {
		http.oauth2ResourceServer((server) -> server.bearerTokenResolver(this::jwt)
			.authenticationEntryPoint(this::refuse)
			.jwt((jwt) -> jwt.decoder(this.decoder).jwtAuthenticationConverter(this::authentication))
			.withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
				@Override
				public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
					// by default an unreachable issuer would escape as a 500
					filter.setAuthenticationFailureHandler(OidcResourceServer.this::refuse);
					return filter;
				}
			}));
	}

	/** Whether the service's own token filter should leave this bearer token alone. */
	static boolean isJwt(String token) {
		return !token.startsWith(TokenService.PREFIX);
	}

	private String jwt(HttpServletRequest request) {
		if (this.open.matches(request)) {
			// as with a revoked API token: a probe stays open whatever it sends
			return null;
		}
		String token = this.header.resolve(request);
		return (token != null && isJwt(token)) ? token : null;
	}

	private AbstractAuthenticationToken authentication(Jwt jwt) {
		Set<Role> granted = this.roles.of(jwt.getClaims());
		if (granted.isEmpty()) {
			throw new OAuth2AuthenticationException(new OAuth2Error(WITHOUT_ROLE, this.roles.missing(), null));
		}
		String user = jwt.hasClaim("preferred_username") ? jwt.getClaimAsString("preferred_username")
				: jwt.getSubject();
		return new JwtAuthenticationToken(jwt,
				granted.stream().map((role) -> new SimpleGrantedAuthority(role.authority())).toList(), "oidc:" + user);
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		if (ex instanceof AuthenticationServiceException) {
			response.setHeader("Retry-After", "30");
			write(response,
					ProblemDetailsAdvice.problem(HttpStatus.SERVICE_UNAVAILABLE, "identity-provider-unavailable",
							"Identity provider unavailable", "the bearer JWT cannot be checked: " + ex.getMessage()
									+ "; nothing was decided or stored," + " try again later"));
			return;
		}
		String code = code(ex);
		response.setHeader("WWW-Authenticate", "Bearer realm=\"cfgspace\", error=\"invalid_token\"");
		write(response, ProblemDetailsAdvice.problem(HttpStatus.UNAUTHORIZED, code, "Bearer JWT refused",
				"the bearer JWT was not accepted: " + description(ex)));
	}

	private static String code(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof JwtValidationException invalid) {
				for (OAuth2Error error : invalid.getErrors()) {
					if (CODES.contains(error.getErrorCode())) {
						return error.getErrorCode();
					}
				}
			}
			if (cause instanceof OAuth2AuthenticationException refused
					&& CODES.contains(refused.getError().getErrorCode())) {
				return refused.getError().getErrorCode();
			}
		}
		return INVALID;
	}

	private static String description(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof JwtValidationException invalid && !invalid.getErrors().isEmpty()) {
				return invalid.getErrors().iterator().next().getDescription();
			}
		}
		if (ex instanceof OAuth2AuthenticationException refused && refused.getError().getDescription() != null) {
			return refused.getError().getDescription();
		}
		return ex.getMessage();
	}

	/** Gives every error of one validator our code, keeping its description. */
	private static OAuth2TokenValidator<Jwt> tagged(String code, OAuth2TokenValidator<Jwt> validator) {
		return (jwt) -> {
			OAuth2TokenValidatorResult result = validator.validate(jwt);
			if (!result.hasErrors()) {
				return result;
			}
			return OAuth2TokenValidatorResult.failure(result.getErrors()
				.stream()
				.map((error) -> new OAuth2Error(code, error.getDescription(), null))
				.toList());
		};
	}

	private void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.json.writeValue(response.getOutputStream(), problem);
	}

}
