package io.cfgspace.security;

import java.util.Locale;

/**
 * What a caller may do; each role includes the ones before it. {@code verifier} is for
 * pre-migration hooks and orchestrators, {@code operator} may pin and deprecate,
 * {@code admin} manages tokens, users and quirks.
 */
public enum Role {

	VIEWER, VERIFIER, OPERATOR, ADMIN;

	/** The Spring Security authority of this role. */
	public String authority() {
		return "ROLE_" + name();
	}

	public String json() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static Role fromJson(String value) {
		for (Role role : values()) {
			if (role.json().equals(value)) {
				return role;
			}
		}
		throw new IllegalArgumentException("unknown role '" + value + "' (viewer, verifier, operator or admin)");
	}

}
