package io.cfgspace.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.cfgspace.Api;
import io.cfgspace.IntegrationTest;
import io.cfgspace.layout.Json;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** Every role boundary of the API, and what tokens and passwords look like at rest. */
@IntegrationTest
class SecurityIntegrationTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	private String newModel() {
		return String.format("10de:%04x", ThreadLocalRandom.current().nextInt(0x1000, 0xFFFF));
	}

	private static String model(String key) {
		return Json.canonical(Map.of("key", key, "displayName", "x"));
	}

	@Test
	void withoutCredentialsOnlyHealthAndTheContractAreOpen() {
		Api anonymous = Api.anonymous(this.port);
		anonymous.get("/actuator/health").expect(200);
		anonymous.get("/openapi.yaml").expect(200);
		anonymous.get("/api/v1/device-models").problem(401, "unauthenticated");
		anonymous.post("/api/v1/device-models", model(newModel())).problem(401, "unauthenticated");
		anonymous.post("/api/v1/parse", Json.canonical(Map.of("dump", "00"))).problem(401, "unauthenticated");
		anonymous.get("/api/v1/tokens").problem(401, "unauthenticated");
		anonymous.bearer("cfs_not-a-token").get("/api/v1/device-models").problem(401, "unauthenticated");
		anonymous.basic("admin", "wrong").get("/api/v1/device-models").problem(401, "unauthenticated");
	}

	@Test
	void viewersAndVerifiersReadButDoNotPin() {
		Api operator = Api.anonymous(this.port).withRole("operator");
		String key = newModel();
		operator.post("/api/v1/device-models", model(key)).expect(201);
		for (String role : new String[] { "viewer", "verifier" }) {
			Api caller = Api.anonymous(this.port).withRole(role);
			caller.get("/api/v1/device-models").expect(200);
			caller.get("/api/v1/device-models/" + key).expect(200);
			caller.get("/api/v1/device-models/" + key + "/pins").expect(200);
			caller.post("/api/v1/device-models", model(newModel())).problem(403, "forbidden");
			caller.patch("/api/v1/device-models/" + key, "{\"notes\":\"n\"}").problem(403, "forbidden");
			caller.post("/api/v1/device-models/" + key + "/pins", "{}").problem(403, "forbidden");
			caller.post("/api/v1/device-models/" + key + "/pins/1/deprecation", "{}").problem(403, "forbidden");
			caller.get("/api/v1/tokens").problem(403, "forbidden");
		}
	}

	@Test
	void operatorsPinButDoNotManageTokens() {
		Api operator = Api.anonymous(this.port).withRole("operator");
		operator.post("/api/v1/device-models", model(newModel())).expect(201);
		operator.get("/api/v1/tokens").problem(403, "forbidden");
		operator.post("/api/v1/tokens", Json.canonical(Map.of("name", "x", "role", "admin"))).problem(403, "forbidden");
	}

	@Test
	void adminsIssueListAndRevokeTokensWhoseSecretIsShownOnce() {
		Api admin = Api.admin(this.port);
		Map<String, Object> issued = admin
			.post("/api/v1/tokens", Json.canonical(Map.of("name", "hook on host-17", "role", "verifier")))
			.expect(201)
			.map();
		String secret = (String) issued.get("token");
		assertThat(secret).startsWith("cfs_").hasSizeGreaterThan(40);
		assertThat(issued).containsEntry("role", "verifier").containsEntry("createdBy", "admin");

		String listed = admin.get("/api/v1/tokens").expect(200).body();
		assertThat(listed).contains("hook on host-17").doesNotContain(secret);
		assertThat(this.jdbc.queryForObject("select count(*) from api_token where token_hash = ?", Long.class, secret))
			.isZero();

		Api hook = Api.anonymous(this.port).bearer(secret);
		hook.get("/api/v1/device-models").expect(200);
		admin.delete("/api/v1/tokens/" + issued.get("id")).expect(204);
		hook.get("/api/v1/device-models").problem(401, "unauthenticated");
		admin.delete("/api/v1/tokens/999999999").problem(404, "token-not-found");
		admin.post("/api/v1/tokens", Json.canonical(Map.of("name", "x", "role", "root")))
			.problem(400, "invalid-request");
	}

	@Test
	void passwordsAreStoredHashed() {
		String hash = this.jdbc.queryForObject("select password_hash from app_user where username = 'admin'",
				String.class);
		assertThat(hash).startsWith("{bcrypt}$2").doesNotContain("admin-test-password");
	}

}
