package io.cfgspace.security.web;

import java.time.Instant;
import java.util.List;

import io.cfgspace.security.ApiToken;
import io.cfgspace.security.TokenGrant;
import io.cfgspace.security.TokenService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
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

	/**
	 * {@code kind} is {@code role} (the default: {@code role}, optionally
	 * {@code mayReport}) or {@code reporter} ({@code hostName} only).
	 */
	record TokenRequest(@NotBlank @Size(max = 100) String name, String kind, String role,
			@Size(max = 255) String hostName, Boolean mayReport) {
	}

	record TokenView(long id, String name, String kind, String role, String hostName, boolean mayReport,
			Instant createdAt, String createdBy, Instant revokedAt) {

		static TokenView of(ApiToken token) {
			Grant grant = Grant.of(token.grant());
			return new TokenView(token.id(), token.name(), grant.kind(), grant.role(), grant.hostName(),
					grant.mayReport(), token.createdAt(), token.createdBy(), token.revokedAt());
		}

	}

	record IssuedToken(long id, String name, String kind, String role, String hostName, boolean mayReport,
			Instant createdAt, String createdBy, String token) {

		static IssuedToken of(TokenService.Issued issued) {
			ApiToken token = issued.token();
			Grant grant = Grant.of(token.grant());
			return new IssuedToken(token.id(), token.name(), grant.kind(), grant.role(), grant.hostName(),
					grant.mayReport(), token.createdAt(), token.createdBy(), issued.secret());
		}

	}

	/**
	 * A grant as the API shows it: every member present, null where it does not apply.
	 */
	private record Grant(String kind, String role, String hostName, boolean mayReport) {

		static Grant of(TokenGrant grant) {
			if (grant instanceof TokenGrant.OfRole ofRole) {
				return new Grant(grant.kind(), ofRole.role().json(), null, ofRole.mayReport());
			}
			return new Grant(grant.kind(), null, ((TokenGrant.Reporter) grant).hostName(), false);
		}

	}

	record TokenList(List<TokenView> items) {
	}

	@PostMapping
	ResponseEntity<IssuedToken> issue(@Valid @RequestBody TokenRequest request, Authentication caller) {
		TokenGrant grant = TokenGrant.of(request.kind(), request.role(), request.hostName(), request.mayReport());
		TokenService.Issued issued = this.tokens.issue(request.name().strip(), grant, caller.getName());
		return ResponseEntity.status(HttpStatus.CREATED).body(IssuedToken.of(issued));
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
