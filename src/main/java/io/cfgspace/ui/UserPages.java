package io.cfgspace.ui;

import io.cfgspace.security.PasswordChange;
import io.cfgspace.security.Role;
import io.cfgspace.security.UserService;
import io.cfgspace.system.Forbidden;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** People's accounts (an admin's page) and each person's own password change. */
@Controller
class UserPages {

	private final UserService users;

	UserPages(UserService users) {
		this.users = users;
	}

	@GetMapping("/ui/users")
	String users(Model model) {
		model.addAttribute("users", this.users.list());
		model.addAttribute("roles", Role.values());
		return "ui/users";
	}

	@PostMapping("/ui/users")
	String create(@RequestParam String username, @RequestParam String role, @RequestParam String password) {
		this.users.create(username.strip(), role, password);
		return "redirect:/ui/users";
	}

	@PostMapping("/ui/users/{username}/role")
	String changeRole(@PathVariable String username, @RequestParam String role) {
		this.users.change(username, role, null);
		return "redirect:/ui/users";
	}

	@PostMapping("/ui/users/{username}/disable")
	String disable(@PathVariable String username) {
		this.users.change(username, null, false);
		return "redirect:/ui/users";
	}

	@PostMapping("/ui/users/{username}/enable")
	String enable(@PathVariable String username) {
		this.users.change(username, null, true);
		return "redirect:/ui/users";
	}

	@PostMapping("/ui/users/{username}/password-reset")
	String resetPassword(@PathVariable String username, @RequestParam String password) {
		this.users.resetPassword(username, password);
		return "redirect:/ui/users";
	}

	@GetMapping("/ui/password")
	String password(Authentication caller, Model model) {
		model.addAttribute("required", PasswordChange.required(caller));
		return "ui/password";
	}

	/**
	 * The next page reads the account again ({@link SignedInAccount}), without the mark.
	 */
	@PostMapping("/ui/password")
	String changePassword(@RequestParam String currentPassword, @RequestParam String newPassword,
			Authentication caller) {
		if (!PasswordChange.hasPassword(caller)) {
			throw new Forbidden("forbidden", "Forbidden",
					"only a user signed in with a password has one to change; single sign-on does not");
		}
		this.users.changeOwnPassword(caller.getName(), currentPassword, newPassword);
		return "redirect:/ui?passwordChanged";
	}

}
