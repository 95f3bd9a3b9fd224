package io.cfgspace.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.cfgspace.Api;
import io.cfgspace.IntegrationTest;
import io.cfgspace.configspace.Corpus;
import io.cfgspace.layout.Json;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every admin change leaves exactly one record, written with the change or not at all,
 * and the trail is read back newest first, filtered and paged.
 */
@IntegrationTest
class AuditTrailIntegrationTest {

	private static final String AUDIT = "/api/v1/audit";

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	AuditTrail trail;

	@Autowired
	TransactionTemplate transactions;

	private Api admin() {
		return Api.admin(this.port);
	}

	/** A client with a token of this role and this name, so that its actor is known. */
	private Api tokenNamed(String name, String role) {
		Map<String, Object> issued = admin().post("/api/v1/tokens", Json.canonical(Map.of("name", name, "role", role)))
			.expect(201)
			.map();
		return Api.anonymous(this.port).bearer((String) issued.get("token"));
	}

	/** The records about this subject, oldest first. */
	private List<Map<String, Object>> recordsOf(String subject) {
		return this.jdbc.queryForList(
				"select action, actor, detail::text as detail from audit_event where subject = ? order by id", subject);
	}

	private long records() {
		return this.jdbc.queryForObject("select count(*) from audit_event", Long.class);
	}

	private static int freshDeviceId() {
		return ThreadLocalRandom.current().nextInt(0x1000, 0xFFFF);
	}

	@Test
	void issuingAndRevokingATokenLeavesOneRecordEach() {
		String name = "audited " + System.nanoTime();
		Map<String, Object> issued = admin()
			.post("/api/v1/tokens", Json.canonical(Map.of("name", name, "role", "viewer")))
			.expect(201)
			.map();
		String subject = "token " + issued.get("id") + " (" + name + ")";
		assertThat(recordsOf(subject)).singleElement()
			.satisfies((row) -> assertThat(row).containsEntry("action", "token-issued")
				.containsEntry("actor", "admin")
				.containsEntry("detail", "{\"kind\": \"role\", \"role\": \"viewer\", \"mayReport\": \"false\"}"));
		admin().delete("/api/v1/tokens/" + issued.get("id")).expect(204);
		// revoking a revoked token changes nothing, so it records nothing
		admin().delete("/api/v1/tokens/" + issued.get("id")).expect(204);
		assertThat(recordsOf(subject)).extracting((row) -> row.get("action"))
			.containsExactly("token-issued", "token-revoked");
	}

	@Test
	void aReporterTokenIsRecordedWithItsKindAndHost() {
		String name = "audited reporter " + System.nanoTime();
		Map<String, Object> issued = admin()
			.post("/api/v1/tokens", Json.canonical(Map.of("name", name, "kind", "reporter", "hostName", "hv-audited")))
			.expect(201)
			.map();
		assertThat(recordsOf("token " + issued.get("id") + " (" + name + ")")).singleElement()
			.satisfies((row) -> assertThat(row).containsEntry("action", "token-issued")
				.containsEntry("detail",
						"{\"host\": \"hv-audited\", \"kind\": \"reporter\", \"mayReport\": \"false\"}"));
	}

	@Test
	void aQuirkCreatedChangedAndDeletedLeavesOneRecordEachAndARefusedOneNone() {
		int device = freshDeviceId();
		String body = quirk(device, 0xF00, 0xF80);
		long before = records();
		admin().post("/api/v1/quirks", quirk(device, 0xF80, 0xF00)).problem(400, "invalid-request");
		admin().send("PUT", "/api/v1/quirks/999999999", "application/json", body).problem(404, "quirk-not-found");
		admin().delete("/api/v1/quirks/999999999").problem(404, "quirk-not-found");
		Api.anonymous(this.port).withRole("operator").post("/api/v1/quirks", body).problem(403, "forbidden");
		// the operator's token was issued, and recorded; nothing else was
		assertThat(records()).isEqualTo(before + 1);

		Object id = admin().post("/api/v1/quirks", body).expect(201).map().get("id");
		String subject = String.format("quirk %s (8086:%04x)", id, device);
		admin().send("PUT", "/api/v1/quirks/" + id, "application/json", quirk(device, 0x400, 0x408)).expect(200);
		admin().delete("/api/v1/quirks/" + id).expect(204);
		assertThat(recordsOf(subject)).extracting((row) -> row.get("action") + " by " + row.get("actor"))
			.containsExactly("quirk-created by admin", "quirk-changed by admin", "quirk-deleted by admin");
	}

	@Test
	void aNewPinVersionIsRecordedOnceAndAnIdempotentRepinNotAtAll() {
		String operatorName = "audit operator " + System.nanoTime();
		Api operator = tokenNamed(operatorName, "operator");
		String actor = "token:" + operatorName;
		int device = freshDeviceId();
		String key = String.format("8086:%04x", device);
		String pins = "/api/v1/device-models/" + key + "/pins";
		operator.post("/api/v1/device-models", Json.canonical(Map.of("key", key, "displayName", "Model " + key)))
			.expect(201);
		assertThat(recordsOf("model " + key)).singleElement()
			.satisfies((row) -> assertThat(row).containsEntry("action", "model-created").containsEntry("actor", actor));

		String dump = Json.canonical(Map.of("dump", Corpus.hexAs("intel-skylake-gt2-igpu", 0x8086, device)));
		String otherDevice = Json
			.canonical(Map.of("dump", Corpus.hexAs("intel-skylake-gt2-igpu", 0x8086, device ^ 0x1)));
		long before = records();
		operator.post(pins, otherDevice).problem(400, "invalid-layout");
		assertThat(records()).isEqualTo(before);

		Map<String, Object> pinned = operator.post(pins, dump).expect(201).map();
		operator.post(pins, dump).expect(200);
		assertThat(recordsOf("pin " + key + " v1")).singleElement()
			.satisfies((row) -> assertThat(row).containsEntry("action", "pin-proposed")
				.containsEntry("actor", actor)
				.containsEntry("detail",
						"{\"state\": \"active\", \"fingerprint\": \"" + pinned.get("fingerprint") + "\"}"));

		operator.post(pins + "/1/deprecation", Json.canonical(Map.of("reason", "firmware 2 moved ATS"))).expect(200);
		operator.post(pins + "/1/deprecation", Json.canonical(Map.of("reason", "again"))).expect(200);
		assertThat(recordsOf("pin " + key + " v1")).extracting((row) -> row.get("action"))
			.containsExactly("pin-proposed", "pin-deprecated");

		operator.patch("/api/v1/device-models/" + key, Json.canonical(Map.of("displayName", "Renamed " + key)))
			.expect(200);
		operator.patch("/api/v1/device-models/" + key, Json.canonical(Map.of("displayName", "Renamed " + key)))
			.expect(200);
		assertThat(recordsOf("model " + key)).extracting((row) -> row.get("action"))
			.containsExactly("model-created", "model-changed");
	}

	@Test
	void aVmmProfileCreatedChangedAndDeletedLeavesOneRecordEach() {
		String name = "audit-" + freshDeviceId();
		String path = "/api/v1/vmm-profiles/" + name;
		admin().post("/api/v1/vmm-profiles", Json.canonical(profile(name, "skipped"))).expect(201);
		long before = records();
		admin().post("/api/v1/vmm-profiles", Json.canonical(profile(name, "skipped")))
			.problem(409, "vmm-profile-exists");
		assertThat(records()).isEqualTo(before);
		admin().send("PUT", path, "application/json", Json.canonical(profile(name, "compared"))).expect(200);
		admin().delete(path).expect(204);
		assertThat(recordsOf("profile " + name)).extracting((row) -> row.get("action") + " by " + row.get("actor"))
			.containsExactly("profile-created by admin", "profile-changed by admin", "profile-deleted by admin");
	}

	@Test
	void aRecordRollsBackWithItsChange() {
		String subject = "rolled back " + System.nanoTime();
		assertThatThrownBy(() -> this.transactions.executeWithoutResult((status) -> {
			this.trail.record(AuditAction.SETTINGS_CHANGED, subject, Map.of());
			throw new IllegalStateException("the change failed after its record was written");
		})).isInstanceOf(IllegalStateException.class);
		assertThat(recordsOf(subject)).isEmpty();
		this.transactions
			.executeWithoutResult((status) -> this.trail.record(AuditAction.SETTINGS_CHANGED, subject, Map.of()));
		assertThat(recordsOf(subject)).singleElement()
			.satisfies((row) -> assertThat(row).containsEntry("actor", "system").containsEntry("detail", "{}"));
	}

	@Test
	void aRecordOutsideATransactionIsRefused() {
		assertThatThrownBy(() -> this.trail.record(AuditAction.SETTINGS_CHANGED, "settings", Map.of()))
			.isInstanceOf(IllegalTransactionStateException.class);
	}

	@Test
	void theDatabaseRefusesToChangeOrRemoveARecord() {
		this.transactions.executeWithoutResult(
				(status) -> this.trail.record(AuditAction.SETTINGS_CHANGED, "kept", Map.of("why", "a test")));
		assertThatThrownBy(() -> this.jdbc.update("update audit_event set actor = 'someone else'"))
			.isInstanceOf(DataAccessException.class)
			.hasMessageContaining("audit_event is immutable");
		assertThatThrownBy(() -> this.jdbc.update("delete from audit_event")).isInstanceOf(DataAccessException.class)
			.hasMessageContaining("audit_event is immutable");
		assertThatThrownBy(() -> this.jdbc.execute("truncate audit_event")).isInstanceOf(DataAccessException.class)
			.hasMessageContaining("audit_event is immutable");
		assertThat(this.jdbc.queryForObject("select count(*) from audit_event where subject = 'kept'", Long.class))
			.isPositive();
	}

	@Test
	void pagesNewestFirstThroughEveryRecordThatMatches() {
		String marker = "paged-" + System.nanoTime();
		List<String> subjects = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			Object id = admin()
				.post("/api/v1/tokens", Json.canonical(Map.of("name", marker + "-" + i, "role", "viewer")))
				.expect(201)
				.map()
				.get("id");
			subjects.add(0, "token " + id + " (" + marker + "-" + i + ")");
		}
		List<Object> seen = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			Map<String, Object> page = admin()
				.get(AUDIT + "?subject=" + marker.toUpperCase() + "&limit=2"
						+ ((cursor != null) ? "&cursor=" + cursor : ""))
				.expect(200)
				.map();
			List<Object> items = (List<Object>) page.get("items");
			assertThat(items).hasSizeLessThanOrEqualTo(2);
			items.forEach((item) -> seen.add(((Map<?, ?>) item).get("subject")));
			cursor = (String) page.get("nextCursor");
			pages++;
		}
		while (cursor != null);
		assertThat(seen).isEqualTo(subjects);
		assertThat(pages).isEqualTo(3);

		String first = subjects.get(subjects.size() - 1);
		Map<String, Object> newest = (Map<String, Object>) admin()
			.get(AUDIT + "?action=token-issued&actor=admin&subject=" + encode(first) + "&limit=1")
			.expect(200)
			.list("items")
			.get(0);
		assertThat(newest).containsEntry("subject", first)
			.containsEntry("action", "token-issued")
			.containsEntry("actor", "admin")
			.containsEntry("detail", Map.of("kind", "role", "role", "viewer", "mayReport", "false"));
		Instant at = Instant.parse((String) newest.get("occurredAt"));
		assertThat(admin().get(AUDIT + "?subject=" + marker + "&action=token-revoked").expect(200).list("items"))
			.isEmpty();
		assertThat(admin().get(AUDIT + "?subject=" + marker + "&actor=someone").expect(200).list("items")).isEmpty();
		assertThat(admin().get(AUDIT + "?subject=" + encode(first) + "&from=" + at + "&to=" + at.plusMillis(1))
			.expect(200)
			.list("items")).hasSize(1);
		assertThat(admin().get(AUDIT + "?subject=" + encode(first) + "&to=" + at).expect(200).list("items")).isEmpty();
	}

	@Test
	void refusesWhatItCannotAnswer() {
		admin().get(AUDIT + "?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z").problem(400, "invalid-request");
		admin().get(AUDIT + "?from=yesterday").problem(400, "invalid-request");
		admin().get(AUDIT + "?action=token-stolen").problem(400, "invalid-request");
		admin().get(AUDIT + "?limit=0").problem(400, "invalid-request");
		admin().get(AUDIT + "?limit=201").problem(400, "invalid-request");
		admin().get(AUDIT + "?cursor=abc").problem(400, "invalid-cursor");
		admin().get(AUDIT + "?cursor=999999999999").problem(400, "invalid-cursor");
		Api.anonymous(this.port).withRole("operator").get(AUDIT).problem(403, "forbidden");
		Api.anonymous(this.port).get(AUDIT).problem(401, "unauthenticated");
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

	private static String quirk(int device, int start, int end) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("vendorId", 0x8086L);
		body.put("deviceId", (long) device);
		body.put("ranges", List.of(Map.of("start", (long) start, "end", (long) end)));
		body.put("reason", "registers in a gap (audit test)");
		return Json.canonical(body);
	}

	private static Map<String, Object> profile(String name, String vendorSpecificBodies) {
		Map<String, Object> profile = new LinkedHashMap<>();
		profile.put("name", name);
		profile.put("vmm", "qemu");
		profile.put("match", Map.of("versionFrom", "99.0"));
		profile.put("device", "vfio-pci");
		profile.put("synthesizes", List.of());
		profile.put("hides", List.of());
		profile.put("virtualizes", List.of());
		profile.put("vendorSpecificBodies", vendorSpecificBodies);
		profile.put("source", "an audit test profile");
		return profile;
	}

}
