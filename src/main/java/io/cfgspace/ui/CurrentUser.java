package io.cfgspace.ui;

import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

import io.cfgspace.security.PasswordChange;
import io.cfgspace.security.Role;

import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * Who is signed in and what the pages may offer them. Pages hide what a role may not do;
 * the security chain refuses it anyway.
 */
public record CurrentUser(String name, String role, boolean operator, boolean admin, boolean hasPassword) {

	static CurrentUser of(Authentication authentication, RoleHierarchy roles) {
		if (authentication == null || authentication instanceof AnonymousAuthenticationToken
				|| !authentication.isAuthenticated()) {
			return null;
		}
		Collection<? extends GrantedAuthority> reachable = roles
			.getReachableGrantedAuthorities(authentication.getAuthorities());
		Set<String> authorities = reachable.stream().map(GrantedAuthority::getAuthority).collect(Collectors.toSet());
		String role = authentication.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.filter((authority) -> authority.startsWith("ROLE_"))
			.map((authority) -> authority.substring(5).toLowerCase(java.util.Locale.ROOT))
			.findFirst()
			.orElse("");
		return new CurrentUser(authentication.getName(), role, authorities.contains(Role.OPERATOR.authority()),
				authorities.contains(Role.ADMIN.authority()), PasswordChange.hasPassword(authentication));
	}

}
