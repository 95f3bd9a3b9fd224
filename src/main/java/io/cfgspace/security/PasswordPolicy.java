package io.cfgspace.security;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.cfgspace.system.BadRequest;

/**
 * What a password must be. Length is what makes a password hard to guess (NIST SP 800-63B
 * asks for length, not character classes); bcrypt reads only the first 72 bytes, and
 * Spring Security refuses longer ones rather than ignore the rest silently.
 */
final class PasswordPolicy {

	static final int MIN_LENGTH = 12;

	static final int MAX_BYTES = 72;

	private PasswordPolicy() {
	}

	static void check(String password, String username) {
		if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
			throw weak("a password needs at least " + MIN_LENGTH + " characters");
		}
		if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
			throw weak("a password may have at most " + MAX_BYTES + " bytes in UTF-8 (bcrypt reads no more)");
		}
		if (password.strip().isEmpty()
				|| password.toLowerCase(Locale.ROOT).contains(username.toLowerCase(Locale.ROOT))) {
			throw weak("a password must not contain the username");
		}
	}

	static BadRequest weak(String detail) {
		return new BadRequest("weak-password", "Weak password", detail);
	}

}
