package io.cfgspace.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class OidcRolesTest {

	@Test
	void readsATopLevelListByDefault() {
		assertThat(new OidcRoles("roles").of(Map.of("roles", List.of("viewer", "operator"))))
			.isEqualTo(Set.of(Role.VIEWER, Role.OPERATOR));
	}

	@Test
	void followsANestedPathAsKeycloakNestsRealmRoles() {
		OidcRoles keycloak = new OidcRoles("realm_access.roles");
		assertThat(keycloak.of(Map.of("realm_access", Map.of("roles", List.of("default-roles-cloud", "admin")))))
			.containsExactly(Role.ADMIN);
		assertThat(keycloak.of(Map.of("realm_access", List.of("admin")))).isEmpty();
		assertThat(keycloak.of(Map.of("roles", List.of("admin")))).isEmpty();
	}

	@Test
	void acceptsASpaceOrCommaSeparatedStringAndIgnoresCaseAndStrangers() {
		OidcRoles roles = new OidcRoles("groups");
		assertThat(roles.of(Map.of("groups", "Verifier, staff admin"))).isEqualTo(Set.of(Role.VERIFIER, Role.ADMIN));
		assertThat(roles.of(Map.of("groups", "staff"))).isEmpty();
		assertThat(roles.of(Map.of("groups", 17))).isEmpty();
		assertThat(roles.of(Map.of())).isEmpty();
	}

}
