package io.cfgspace.security;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.cfgspace.audit.AuditAction;
import io.cfgspace.audit.AuditTrail;
import io.cfgspace.system.BadRequest;
import io.cfgspace.system.Conflict;
import io.cfgspace.system.NotFound;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * People's accounts: an admin creates them with a first password, disables and enables
 * them, changes their role and resets their password; each person changes their own. A
 * password an admin chose must be replaced by its owner before anything else.
 */
@Service
public class UserService {

	/** As the app_user table's check; "me" names the caller in paths. */
	private static final Pattern USERNAME = Pattern.compile("[a-zA-Z0-9._-]{1,64}");

	private final AppUsers users;

	private final ApiTokens tokens;

	private final TokenService tokenService;

	private final PasswordEncoder passwords;

	private final Clock clock;

	private final AuditTrail audit;

	UserService(AppUsers users, ApiTokens tokens, TokenService tokenService, PasswordEncoder passwords, Clock clock,
			AuditTrail audit) {
		this.audit = audit;
		this.users = users;
		this.tokens = tokens;
		this.tokenService = tokenService;
		this.passwords = passwords;
		this.clock = clock;
	}

	@Transactional(readOnly = true)
	public List<AppUser> list() {
		return this.users.findAllByOrderByUsername();
	}

	@Transactional(readOnly = true)
	public AppUser get(String username) {
		return find(username);
	}

	@Transactional
	public AppUser create(String username, String role, String password) {
		if (username == null || !USERNAME.matcher(username).matches() || username.equals("me")) {
			throw new BadRequest("invalid-username", "Invalid username",
					"a username has 1 to 64 of A-Z a-z 0-9 . _ - and is not 'me'");
		}
		Role parsed = role(role);
		PasswordPolicy.check(password, username);
		if (this.users.findByUsername(username).isPresent()) {
			throw new Conflict("user-exists", "User exists", "a user named '" + username + "' exists");
		}
		AppUser user = this.users
			.save(new AppUser(username, this.passwords.encode(password), parsed, this.clock.instant(), true));
		this.audit.record(AuditAction.USER_CREATED, subject(user), Map.of("role", parsed.json()));
		return user;
	}

	/**
	 * Changes the role, enables or disables, or both. Disabling revokes every API token
	 * the user issued, in the same transaction: tokens outliving their issuer's access
	 * would keep it alive. At least one enabled admin always remains.
	 */
	@Transactional
	public AppUser change(String username, String role, Boolean enabled) {
		AppUser user = find(username);
		Role newRole = (role != null) ? role(role) : user.role();
		boolean enable = (enabled != null) ? enabled : user.enabled();
		boolean staysAdmin = newRole == Role.ADMIN && enable;
		if (user.enabled() && user.role() == Role.ADMIN && !staysAdmin) {
			List<AppUser> admins = this.users.findByRoleAndDisabledAtIsNull(Role.ADMIN.json());
			if (admins.size() <= 1) {
				throw new Conflict("last-admin", "Last admin",
						"'" + username + "' is the last enabled admin; make another user admin first");
			}
		}
		if (newRole != user.role()) {
			this.audit.record(AuditAction.USER_ROLE_CHANGED, subject(user),
					Map.of("before", user.role().json(), "after", newRole.json()));
			user.changeRole(newRole);
		}
		if (!enable && user.enabled()) {
			user.disable(this.clock.instant());
			int revoked = this.tokens.revokeAllCreatedBy(username, this.clock.instant());
			this.tokenService.revokedElsewhere();
			this.audit.record(AuditAction.USER_DISABLED, subject(user),
					Map.of("tokensRevoked", Integer.toString(revoked)));
		}
		else if (enable && !user.enabled()) {
			user.enable();
			this.audit.record(AuditAction.USER_ENABLED, subject(user), Map.of());
		}
		return this.users.save(user);
	}

	/** A new password chosen by an admin; the user must change it at the next sign-in. */
	@Transactional
	public AppUser resetPassword(String username, String password) {
		AppUser user = find(username);
		PasswordPolicy.check(password, username);
		user.resetPassword(this.passwords.encode(password), this.clock.instant());
		this.audit.record(AuditAction.USER_PASSWORD_RESET, subject(user), Map.of());
		return this.users.save(user);
	}

	/** The signed-in user's own change, proven with the current password. */
	@Transactional
	public AppUser changeOwnPassword(String username, String currentPassword, String newPassword) {
		AppUser user = find(username);
		if (currentPassword == null || !this.passwords.matches(currentPassword, user.passwordHash())) {
			throw new BadRequest("wrong-password", "Wrong password", "the current password is not right");
		}
		PasswordPolicy.check(newPassword, username);
		if (newPassword.equals(currentPassword)) {
			throw PasswordPolicy.weak("the new password must differ from the current one");
		}
		user.changePassword(this.passwords.encode(newPassword), this.clock.instant());
		this.audit.record(AuditAction.USER_PASSWORD_CHANGED, subject(user), Map.of());
		return this.users.save(user);
	}

	private static String subject(AppUser user) {
		return "user " + user.username();
	}

	private AppUser find(String username) {
		return this.users.findByUsername(username)
			.orElseThrow(() -> new NotFound("user-not-found", "no user named '" + username + "'"));
	}

	private static Role role(String role) {
		try {
			return Role.fromJson(role);
		}
		catch (IllegalArgumentException ex) {
			throw new BadRequest("invalid-role", "Invalid role", ex.getMessage());
		}
	}

}
