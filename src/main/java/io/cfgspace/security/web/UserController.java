package io.cfgspace.security.web;

import java.time.Instant;
import java.util.List;

import io.cfgspace.security.AppUser;
import io.cfgspace.security.UserService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * People's accounts (admin role), and each person's own password change. There is no
 * delete: a user is disabled, so that what they created still names someone.
 */
@RestController
@RequestMapping("/api/v1/users")
class UserController {

	private final UserService users;

	UserController(UserService users) {
		this.users = users;
	}

	record NewUser(@NotNull String username, @NotNull String role, @NotNull String password) {
	}

	/** Either member may be left out. */
	record UserChange(String role, Boolean enabled) {
	}

	record PasswordReset(@NotNull String password) {
	}

	record OwnPasswordChange(@NotNull String currentPassword, @NotNull String newPassword) {
	}

	record UserView(String username, String role, boolean enabled, Instant disabledAt, boolean mustChangePassword,
			Instant createdAt, Instant passwordChangedAt) {

		static UserView of(AppUser user) {
			return new UserView(user.username(), user.role().json(), user.enabled(), user.disabledAt(),
					user.mustChangePassword(), user.createdAt(), user.passwordChangedAt());
		}

	}

	record UserList(List<UserView> items) {
	}

	@GetMapping
	UserList list() {
		return new UserList(this.users.list().stream().map(UserView::of).toList());
	}

	@PostMapping
	ResponseEntity<UserView> create(@Valid @RequestBody NewUser request) {
		AppUser user = this.users.create(request.username(), request.role(), request.password());
		return ResponseEntity.status(HttpStatus.CREATED)
			.header("Location", "/api/v1/users/" + user.username())
			.body(UserView.of(user));
	}

	@GetMapping("/{username}")
	UserView get(@PathVariable String username) {
		return UserView.of(this.users.get(username));
	}

	@PatchMapping("/{username}")
	UserView change(@PathVariable String username, @RequestBody UserChange request) {
		return UserView.of(this.users.change(username, request.role(), request.enabled()));
	}

	@PostMapping("/{username}/password-reset")
	UserView resetPassword(@PathVariable String username, @Valid @RequestBody PasswordReset request) {
		return UserView.of(this.users.resetPassword(username, request.password()));
	}

	/**
	 * For any person signed in with a password, including one who must change it; tokens
	 * and single sign-on are refused before this (see {@code PasswordChange}).
	 */
	@PostMapping("/me/password")
	ResponseEntity<Void> changeOwnPassword(@Valid @RequestBody OwnPasswordChange request, Authentication caller) {
		this.users.changeOwnPassword(caller.getName(), request.currentPassword(), request.newPassword());
		return ResponseEntity.noContent().build();
	}

}
