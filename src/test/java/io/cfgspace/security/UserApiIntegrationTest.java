package io.cfgspace.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.cfgspace.Api;
import io.cfgspace.IntegrationTest;
import io.cfgspace.layout.Json;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * People's accounts over the API: their life from creation to disabling, and refusals.
 */
@IntegrationTest
class UserApiIntegrationTest {

	private static final String FIRST = "first-password-from-admin";

	private static final String OWN = "my-own-long-password";

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	private Api admin() {
		return Api.admin(this.port);
	}

	private static String name(String prefix) {
		return prefix + "-" + ThreadLocalRandom.current().nextInt(1_000_000);
	}

	private static String json(Object... pairs) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			map.put((String) pairs[i], pairs[i + 1]);
		}
		return Json.canonical(map);
	}

	private Map<String, Object> create(String username, String role) {
		return admin().post("/api/v1/users", json("username", username, "role", role, "password", FIRST))
			.expect(201)
			.map();
	}

	/** A user past their first sign-in, with their own password. */
	private Api ready(String username, String role) {
		create(username, role);
		Api.anonymous(this.port)
			.basic(username, FIRST)
			.post("/api/v1/users/me/password", json("currentPassword", FIRST, "newPassword", OWN))
			.expect(204);
		return Api.anonymous(this.port).basic(username, OWN);
	}

	private static String model() {
		return json("key", String.format("10de:%04x", ThreadLocalRandom.current().nextInt(0x1000, 0xFFFF)),
				"displayName", "x");
	}

	@Test
	void aNewUserMustChangeTheFirstPasswordBeforeAnythingElse() {
		String alice = name("alice");
		Api.Response created = admin().post("/api/v1/users",
				json("username", alice, "role", "operator", "password", FIRST));
		created.expect(201);
		assertThat(created.location()).endsWith("/api/v1/users/" + alice);
		assertThat(created.map()).containsEntry("role", "operator")
			.containsEntry("enabled", true)
			.containsEntry("mustChangePassword", true);
		assertThat(created.body()).doesNotContain(FIRST);

		Api first = Api.anonymous(this.port).basic(alice, FIRST);
		first.get("/api/v1/device-models").problem(403, "password-change-required");
		first.post("/api/v1/device-models", model()).problem(403, "password-change-required");
		first.get("/api/v1/users/" + alice).problem(403, "password-change-required");
		first.get("/actuator/health").expect(200);
		first.post("/api/v1/users/me/password", json("currentPassword", "not-the-password", "newPassword", OWN))
			.problem(400, "wrong-password");
		first.post("/api/v1/users/me/password", json("currentPassword", FIRST, "newPassword", "short"))
			.problem(400, "weak-password");
		first.post("/api/v1/users/me/password", json("currentPassword", FIRST, "newPassword", FIRST))
			.problem(400, "weak-password");
		first.post("/api/v1/users/me/password", json("currentPassword", FIRST, "newPassword", OWN)).expect(204);

		first.get("/api/v1/device-models").problem(401, "unauthenticated");
		Api own = Api.anonymous(this.port).basic(alice, OWN);
		own.get("/api/v1/device-models").expect(200);
		own.post("/api/v1/device-models", model()).expect(201);
		own.get("/api/v1/users").problem(403, "forbidden");
		assertThat(admin().get("/api/v1/users/" + alice).expect(200).map()).containsEntry("mustChangePassword", false);
		assertThat(admin().get("/api/v1/users").expect(200).body()).contains(alice).doesNotContain("$2");
	}

	@Test
	void disablingRevokesTheirTokensAndRefusesTheirSignInUntilReEnabled() {
		String bob = name("bob");
		Api bobApi = ready(bob, "admin");
		String bobsToken = (String) bobApi.post("/api/v1/tokens", json("name", "bob's hook", "role", "verifier"))
			.expect(201)
			.map()
			.get("token");
		String othersToken = (String) admin().post("/api/v1/tokens", json("name", "admin's hook", "role", "viewer"))
			.expect(201)
			.map()
			.get("token");
		Api.anonymous(this.port).bearer(bobsToken).get("/api/v1/device-models").expect(200);

		Map<String, Object> disabled = admin().patch("/api/v1/users/" + bob, json("enabled", false)).expect(200).map();
		assertThat(disabled).containsEntry("enabled", false);
		assertThat(disabled.get("disabledAt")).isNotNull();

		Api.anonymous(this.port).bearer(bobsToken).get("/api/v1/device-models").problem(401, "unauthenticated");
		bobApi.get("/api/v1/device-models").problem(401, "unauthenticated");
		Api.anonymous(this.port).bearer(othersToken).get("/api/v1/device-models").expect(200);
		assertThat(this.jdbc.queryForObject(
				"select count(*) from api_token where created_by = ? and revoked_at is null", Long.class, bob))
			.isZero();

		Map<String, Object> enabled = admin().patch("/api/v1/users/" + bob, json("enabled", true)).expect(200).map();
		assertThat(enabled).containsEntry("enabled", true).containsEntry("disabledAt", null);
		bobApi.get("/api/v1/device-models").expect(200);
		// re-enabling gives back no token
		Api.anonymous(this.port).bearer(bobsToken).get("/api/v1/device-models").problem(401, "unauthenticated");
	}

	@Test
	void aNewRoleAppliesToTheNextRequest() {
		String carol = name("carol");
		Api carolApi = ready(carol, "viewer");
		carolApi.post("/api/v1/device-models", model()).problem(403, "forbidden");
		assertThat(admin().patch("/api/v1/users/" + carol, json("role", "operator")).expect(200).map())
			.containsEntry("role", "operator");
		carolApi.post("/api/v1/device-models", model()).expect(201);
		admin().patch("/api/v1/users/" + carol, json("role", "viewer")).expect(200);
		carolApi.post("/api/v1/device-models", model()).problem(403, "forbidden");
	}

	@Test
	void aResetPasswordMustBeChangedAgain() {
		String erin = name("erin");
		ready(erin, "viewer");
		String reset = "reset-by-the-admin-today";
		assertThat(admin().post("/api/v1/users/" + erin + "/password-reset", json("password", reset)).expect(200).map())
			.containsEntry("mustChangePassword", true);
		Api.anonymous(this.port).basic(erin, OWN).get("/api/v1/device-models").problem(401, "unauthenticated");
		Api afterReset = Api.anonymous(this.port).basic(erin, reset);
		afterReset.get("/api/v1/device-models").problem(403, "password-change-required");
		afterReset.post("/api/v1/users/me/password", json("currentPassword", reset, "newPassword", OWN)).expect(204);
		Api.anonymous(this.port).basic(erin, OWN).get("/api/v1/device-models").expect(200);
	}

	@Test
	void theLastEnabledAdminCanBeNeitherDisabledNorDemoted() {
		// the admins other tests made; only this class makes any
		disableEveryAdminButTheFirst();
		admin().patch("/api/v1/users/admin", json("enabled", false)).problem(409, "last-admin");
		admin().patch("/api/v1/users/admin", json("role", "operator")).problem(409, "last-admin");
		admin().patch("/api/v1/users/admin", json("role", "admin", "enabled", true)).expect(200);

		String dave = name("dave");
		Api daveApi = ready(dave, "admin");
		// with two admins either may go; dave demotes himself, and then admin is the last
		daveApi.patch("/api/v1/users/" + dave, json("role", "operator")).expect(200);
		admin().patch("/api/v1/users/admin", json("enabled", false)).problem(409, "last-admin");
		assertThat(this.jdbc.queryForObject(
				"select count(*) from app_user where username = 'admin' and role = 'admin' and disabled_at is null",
				Long.class))
			.isOne();
		admin().get("/api/v1/users").expect(200);
	}

	/**
	 * Two admins disabling each other at once: the enabled admins are locked while one
	 * change is decided, so the other sees one admin left and is refused.
	 */
	@Test
	void twoAdminsDisablingEachOtherAtOnceLeaveOne() throws Exception {
		disableEveryAdminButTheFirst();
		String judy = name("judy");
		Api judyApi = ready(judy, "admin");
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			CountDownLatch start = new CountDownLatch(1);
			Future<Integer> byAdmin = pool.submit(() -> {
				start.await();
				return admin().patch("/api/v1/users/" + judy, json("enabled", false)).status();
			});
			Future<Integer> byJudy = pool.submit(() -> {
				start.await();
				return judyApi.patch("/api/v1/users/admin", json("enabled", false)).status();
			});
			start.countDown();
			List<Integer> statuses = List.of(byAdmin.get(30, TimeUnit.SECONDS), byJudy.get(30, TimeUnit.SECONDS));
			assertThat(statuses).containsExactlyInAnyOrder(200, 409);
		}
		finally {
			pool.shutdownNow();
			// whichever won, and even if both did, the other tests need admin enabled
			this.jdbc.update("update app_user set disabled_at = null where username = 'admin'");
			this.jdbc.update("update app_user set disabled_at = now() where username = ?", judy);
		}
	}

	private void disableEveryAdminButTheFirst() {
		for (Object item : admin().get("/api/v1/users").expect(200).list("items")) {
			Map<?, ?> user = (Map<?, ?>) item;
			if (!"admin".equals(user.get("username")) && "admin".equals(user.get("role"))
					&& Boolean.TRUE.equals(user.get("enabled"))) {
				admin().patch("/api/v1/users/" + user.get("username"), json("enabled", false)).expect(200);
			}
		}
	}

	@Test
	void refusesBadInputWithStableCodes() {
		String taken = name("frank");
		create(taken, "viewer");
		admin().post("/api/v1/users", json("username", taken, "role", "operator", "password", FIRST))
			.problem(409, "user-exists");
		admin().post("/api/v1/users", json("username", name("g"), "role", "root", "password", FIRST))
			.problem(400, "invalid-role");
		admin().post("/api/v1/users", json("username", name("g"), "role", "viewer", "password", "eleven-char"))
			.problem(400, "weak-password");
		admin().post("/api/v1/users", json("username", name("g"), "role", "viewer", "password", "x".repeat(73)))
			.problem(400, "weak-password");
		String henry = name("henry");
		admin().post("/api/v1/users", json("username", henry, "role", "viewer", "password", "my name is " + henry))
			.problem(400, "weak-password");
		for (String username : List.of("me", "has space", "", "x".repeat(65), "token:x")) {
			admin().post("/api/v1/users", json("username", username, "role", "viewer", "password", FIRST))
				.problem(400, "invalid-username");
		}
		admin().post("/api/v1/users", json("username", name("g"), "role", "viewer")).problem(400, "invalid-request");
		admin().post("/api/v1/users", json("username", name("g"), "role", "viewer", "password", FIRST, "admin", true))
			.problem(400, "malformed-request");
		admin().get("/api/v1/users/nobody-here").problem(404, "user-not-found");
		admin().patch("/api/v1/users/nobody-here", json("enabled", false)).problem(404, "user-not-found");
		admin().post("/api/v1/users/nobody-here/password-reset", json("password", FIRST))
			.problem(404, "user-not-found");
		admin().patch("/api/v1/users/" + taken, json("role", "root")).problem(400, "invalid-role");
		admin().patch("/api/v1/users/" + taken, json("enabled", "no")).problem(400, "malformed-request");
		admin().post("/api/v1/users/" + taken + "/password-reset", json("password", "short"))
			.problem(400, "weak-password");

		Api.Response deleted = admin().delete("/api/v1/users/" + taken).problem(405, "method-not-allowed");
		assertThat(deleted.header("Allow")).isEqualTo("GET, HEAD, PATCH, OPTIONS");
		Api.anonymous(this.port).delete("/api/v1/users/" + taken).problem(405, "method-not-allowed");

		Api operator = Api.anonymous(this.port).withRole("operator");
		operator.get("/api/v1/users").problem(403, "forbidden");
		operator.post("/api/v1/users", json("username", name("g"), "role", "admin", "password", FIRST))
			.problem(403, "forbidden");
		operator.patch("/api/v1/users/admin", json("enabled", false)).problem(403, "forbidden");
		operator.post("/api/v1/users/me/password", json("currentPassword", FIRST, "newPassword", OWN))
			.problem(403, "forbidden");
		Api.anonymous(this.port).get("/api/v1/users").problem(401, "unauthenticated");
	}

	@Test
	void everyChangeOfAUserIsInTheAuditTrail() {
		String ivan = name("ivan");
		Api ivanApi = ready(ivan, "admin");
		ivanApi.post("/api/v1/tokens", json("name", "ivan's hook", "role", "viewer")).expect(201);
		admin().patch("/api/v1/users/" + ivan, json("role", "operator")).expect(200);
		admin().patch("/api/v1/users/" + ivan, json("enabled", false)).expect(200);
		admin().patch("/api/v1/users/" + ivan, json("enabled", true)).expect(200);
		admin().post("/api/v1/users/" + ivan + "/password-reset", json("password", FIRST)).expect(200);
		Api.anonymous(this.port)
			.basic(ivan, FIRST)
			.post("/api/v1/users/me/password", json("currentPassword", FIRST, "newPassword", OWN + "!"))
			.expect(204);
		admin().post("/api/v1/users", json("username", ivan, "role", "viewer", "password", FIRST))
			.problem(409, "user-exists");
		Api.anonymous(this.port)
			.basic(ivan, OWN + "!")
			.post("/api/v1/users/me/password", json("currentPassword", "wrong", "newPassword", OWN))
			.problem(400, "wrong-password");
		List<Map<String, Object>> events = this.jdbc.queryForList(
				"select action, actor, detail::text as detail from audit_event where subject = ? order by id",
				"user " + ivan);
		assertThat(events).extracting((event) -> event.get("action"))
			.containsExactly("user-created", "user-password-changed", "user-role-changed", "user-disabled",
					"user-enabled", "user-password-reset", "user-password-changed");
		assertThat(events).extracting((event) -> event.get("actor"))
			.containsExactly("admin", ivan, "admin", "admin", "admin", "admin", ivan);
		assertThat(events.get(0).get("detail")).asString().contains("\"role\": \"admin\"");
		assertThat(events.get(2).get("detail")).asString()
			.contains("\"after\": \"operator\"")
			.contains("\"before\": \"admin\"");
		assertThat(events.get(3).get("detail")).asString().contains("\"tokensRevoked\": \"1\"");
	}

	/**
	 * A row written by a node from before V14, which stored bare bcrypt hashes, during a
	 * rolling upgrade.
	 */
	@Test
	void aBareBcryptHashStillSignsIn() {
		String old = name("old");
		this.jdbc.update(
				"insert into app_user (username, password_hash, role, created_at, password_changed_at)"
						+ " values (?, ?, 'viewer', ?, ?)",
				old, new BCryptPasswordEncoder().encode(OWN), Timestamp.from(Instant.now()),
				Timestamp.from(Instant.now()));
		Api.anonymous(this.port).basic(old, OWN).get("/api/v1/device-models").expect(200);
		Api.anonymous(this.port).basic(old, FIRST).get("/api/v1/device-models").problem(401, "unauthenticated");
	}

}
