package io.cfgspace.security;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which of the four roles an identity provider grants, read from one claim of a token.
 * The claim may be nested ({@code realm_access.roles} is where Keycloak puts realm
 * roles), and may hold a list or a space- or comma-separated string; values that name no
 * role are ignored, so a realm's other roles do no harm.
 */
final class OidcRoles {

	private final String claim;

	private final List<String> path;

	OidcRoles(String claim) {
		this.claim = claim;
		this.path = List.of(claim.split("\\."));
	}

	String claim() {
		return this.claim;
	}

	Set<Role> of(Map<String, Object> claims) {
		Object value = claims;
		for (String name : this.path) {
			if (!(value instanceof Map<?, ?> map)) {
				return Set.of();
			}
			value = map.get(name);
		}
		Collection<?> names;
		if (value instanceof Collection<?> collection) {
			names = collection;
		}
		else if (value instanceof String string) {
			names = List.of(string.split("[\\s,]+"));
		}
		else {
			return Set.of();
		}
		Set<Role> roles = EnumSet.noneOf(Role.class);
		for (Object name : names) {
			for (Role role : Role.values()) {
				if (role.json().equals(String.valueOf(name).strip().toLowerCase(Locale.ROOT))) {
					roles.add(role);
				}
			}
		}
		return roles;
	}

	String missing() {
		return "the token's claim '" + this.claim
				+ "' names none of cfgspace's roles (viewer, verifier, operator, admin)";
	}

}
