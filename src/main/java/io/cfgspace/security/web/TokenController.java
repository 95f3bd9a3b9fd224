package io.cfgspace.security.web;

import java.time.Instant;
import java.util.List;

import io.cfgspace.security.ApiToken;
import io.cfgspace.security.Role;
import io.cfgspace.security.TokenService;
import io.cfgspace.system.BadRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** API tokens (admin role): issue, list, revoke. */
@RestController
@RequestMapping("/api/v1/tokens")
class TokenController {

	private final TokenService tokens;

	TokenController(TokenService tokens) {
		this.tokens = tokens;
	}

	record TokenRequest(@NotBlank @Size(max = 100) String name, @NotNull String role) {
	}

	record TokenView(long id, String name, String role, Instant createdAt, String createdBy, Instant revokedAt) {

		static TokenView of(ApiToken token) {
			return new TokenView(token.id(), token.name(), token.role().json(), token.createdAt(), token.createdBy(),
					token.revokedAt());
		}

	}

	record IssuedToken(long id, String name, String role, Instant createdAt, String createdBy, String token) {
	}

	record TokenList(List<TokenView> items) {
	}

	@PostMapping
	ResponseEntity<IssuedToken> issue(@Valid @RequestBody TokenRequest request, Authentication caller) {
		Role role;
		try {
			role = Role.fromJson(request.role());
		}
		catch (IllegalArgumentException ex) {
			throw new BadRequest("invalid-request", "Invalid request", "role: " + ex.getMessage());
		}
		TokenService.Issued issued = this.tokens.issue(request.name().strip(), role, caller.getName());
		ApiToken token = issued.token();
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(new IssuedToken(token.id(), token.name(), token.role().json(), token.createdAt(), token.createdBy(),
					issued.secret()));
	}

	@GetMapping
	TokenList list() {
		return new TokenList(this.tokens.list().stream().map(TokenView::of).toList());
	}

	@DeleteMapping("/{id}")
	ResponseEntity<Void> revoke(@PathVariable long id) {
		this.tokens.revoke(id);
		return ResponseEntity.noContent().build();
	}

}
