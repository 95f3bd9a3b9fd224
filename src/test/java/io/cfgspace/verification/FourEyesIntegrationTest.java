package io.cfgspace.verification;

import static io.cfgspace.verification.Fixtures.findings;
import static io.cfgspace.verification.Fixtures.pasidAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.cfgspace.Api;
import io.cfgspace.IntegrationTest;
import io.cfgspace.layout.Json;
import io.cfgspace.verification.Fixtures.PinnedDevice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Four-eyes pins: off, pins are in force at once; on, a new version is a proposal that
 * verifies INCONSISTENT until a second person approves it, and the proposer can't be that
 * person, by the API or by SQL.
 */
@IntegrationTest
class FourEyesIntegrationTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	Api admin;

	Api alice;

	Api bob;

	Api verifier;

	@BeforeEach
	void people() {
		this.admin = Api.admin(this.port);
		this.alice = Api.anonymous(this.port).basic(user("alice", "operator"), "four-eyes-password");
		this.bob = Api.anonymous(this.port).basic(user("bob", "operator"), "four-eyes-password");
		this.verifier = Api.anonymous(this.port).withRole("verifier");
	}

	@AfterEach
	void globalDefaultOff() {
		this.admin.send("PUT", "/api/v1/settings/four-eyes", "application/json", "{\"required\":false}").expect(200);
	}

	private String user(String name, String role) {
		String username = name + "-" + ThreadLocalRandom.current().nextInt(1_000_000);
		Api.createUser(this.port, username, role, "four-eyes-password");
		return username;
	}

	@Test
	void withFourEyesOffAPinIsActiveAndNeedsNoApproval() {
		assertThat(this.admin.get("/api/v1/settings/four-eyes").expect(200).map()).containsEntry("required", false);
		PinnedDevice device = PinnedDevice.create(this.alice);
		assertThat(device.pin()).containsEntry("state", "active")
			.containsEntry("proposedBy", null)
			.containsEntry("approvedBy", null);
		this.bob.post(pins(device) + "/1/approval", null).problem(409, "pin-not-proposed");
		assertThat(verify(device, 1).get("verdict")).isEqualTo("CONSISTENT");
	}

	@Test
	void aProposalVerifiesInconsistentUntilAnotherOperatorApprovesIt() {
		PinnedDevice device = PinnedDevice.create(this.alice);
		modelFourEyes(device, "true");

		Map<String, Object> proposed = this.alice.post(pins(device), secondLayout(device)).expect(201).map();
		assertThat(proposed).containsEntry("version", 2L).containsEntry("state", "proposed");
		assertThat((String) proposed.get("proposedBy")).startsWith("alice-");
		Map<String, Object> before = verify(device, 2);
		assertThat(before.get("verdict")).isEqualTo("INCONSISTENT");
		assertThat(findings(before)).extracting((f) -> f.get("code")).contains("PIN_NOT_APPROVED");
		assertThat(verify(device, 1).get("verdict")).as("the version in force stays in force").isEqualTo("CONSISTENT");
		assertThat(this.admin.get(pins(device)).expect(200).list("items")).hasSize(2);

		this.alice.post(pins(device) + "/2/approval", null).problem(403, "self-approval");
		assertThat(verify(device, 2).get("verdict")).isEqualTo("INCONSISTENT");

		Map<String, Object> approved = this.bob.post(pins(device) + "/2/approval", null).expect(200).map();
		assertThat(approved).containsEntry("state", "approved").containsEntry("proposedBy", proposed.get("proposedBy"));
		assertThat((String) approved.get("approvedBy")).startsWith("bob-");
		assertThat(approved.get("approvedAt")).isNotNull();
		Map<String, Object> after = verify(device, 2);
		assertThat(after.get("verdict")).isEqualTo("CONSISTENT");
		assertThat(findings(after)).extracting((f) -> f.get("code")).doesNotContain("PIN_NOT_APPROVED");

		this.admin.post(pins(device) + "/2/approval", null).problem(409, "pin-already-approved");
		assertThat(this.jdbc.queryForObject(
				"select count(*) from audit_event where action = 'pin-approved' and subject = ?", Long.class,
				"pin " + device.key() + " v2"))
			.isEqualTo(1);
	}

	@Test
	void aTokenIsThePersonWhoCreatedIt() {
		PinnedDevice device = PinnedDevice.create(this.alice);
		modelFourEyes(device, "true");
		Api adminsOperatorToken = Api.anonymous(this.port).withRole("operator");
		adminsOperatorToken.post(pins(device), secondLayout(device)).expect(201);
		this.admin.post(pins(device) + "/2/approval", null).problem(403, "self-approval");
		this.bob.post(pins(device) + "/2/approval", null).expect(200);
	}

	@Test
	void theGlobalDefaultHoldsWhereAModelHasNoSettingOfItsOwn() {
		this.alice.send("PUT", "/api/v1/settings/four-eyes", "application/json", "{\"required\":true}")
			.problem(403, "forbidden");
		assertThat(this.admin.send("PUT", "/api/v1/settings/four-eyes", "application/json", "{\"required\":true}")
			.expect(200)
			.map()).containsEntry("required", true).containsEntry("changedBy", "admin");

		PinnedDevice proposedFirst = PinnedDevice.create(this.alice);
		assertThat(proposedFirst.pin()).containsEntry("state", "proposed");
		Map<String, Object> only = verify(proposedFirst, 1);
		assertThat(only.get("verdict")).as("the only version is a proposal").isEqualTo("INCONSISTENT");
		assertThat(findings(only)).extracting((f) -> f.get("code")).contains("PIN_NOT_APPROVED");

		PinnedDevice exempt = PinnedDevice.create(this.bob);
		this.bob
			.send("PUT", "/api/v1/device-models/" + exempt.key() + "/four-eyes", "application/json",
					"{\"required\":false}")
			.problem(403, "forbidden");
		assertThat(modelFourEyes(exempt, "false")).containsEntry("required", false).containsEntry("effective", false);
		assertThat(this.alice.post(pins(exempt), secondLayout(exempt)).expect(201).map()).containsEntry("state",
				"active");
		assertThat(modelFourEyes(exempt, "null")).containsEntry("required", null).containsEntry("effective", true);
	}

	@Test
	void theDatabaseAllowsOnlyOneApprovalByAnotherPerson() {
		PinnedDevice device = PinnedDevice.create(this.alice);
		modelFourEyes(device, "true");
		this.alice.post(pins(device), secondLayout(device)).expect(201);
		long active = pinId(device, 1);
		long proposed = pinId(device, 2);
		String proposer = this.jdbc.queryForObject("select proposed_by from pin where id = ?", String.class, proposed);

		assertRefused("update pin set state = 'approved', approved_by = proposed_by, approved_at = now() where id = ?",
				proposed);
		assertRefused(
				"update pin set state = 'approved', approved_by = 'mallory', approved_at = now(),"
						+ " fingerprint = (select fingerprint from pin where id = " + active + ") where id = ?",
				proposed);
		assertRefused("update pin set proposed_by = 'mallory' where id = ?", proposed);
		assertRefused("update pin set state = 'proposed', proposed_by = 'mallory' where id = ?", active);
		assertRefused("delete from pin where id = ?", proposed);

		this.bob.post(pins(device) + "/2/approval", null).expect(200);
		assertRefused("update pin set approved_by = 'mallory' where id = ?", proposed);
		assertRefused("update pin set approved_at = now() where id = ?", proposed);
		assertRefused("update pin set state = 'proposed', approved_by = null, approved_at = null where id = ?",
				proposed);
		assertThat(this.jdbc.queryForObject("select proposed_by from pin where id = ?", String.class, proposed))
			.isEqualTo(proposer);
	}

	private void assertRefused(String sql, long id) {
		assertThatThrownBy(() -> this.jdbc.update(sql, id)).as(sql)
			.isInstanceOf(DataAccessException.class)
			.hasMessageContaining("pin is immutable");
	}

	private long pinId(PinnedDevice device, int version) {
		return this.jdbc.queryForObject(
				"select p.id from pin p join device_model m on m.id = p.device_model_id where m.model_key = ? and p.version = ?",
				Long.class, device.key(), version);
	}

	private Map<String, Object> modelFourEyes(PinnedDevice device, String required) {
		return this.admin
			.send("PUT", "/api/v1/device-models/" + device.key() + "/four-eyes", "application/json",
					"{\"required\":" + required + "}")
			.expect(200)
			.map();
	}

	/** The same device, pinned with a wider synthesized PASID: a new version. */
	private static String secondLayout(PinnedDevice device) {
		return Json.canonical(Map.of("dump", device.dump(), "synthesized", List.of(pasidAt(0xFF8, 20))));
	}

	private Map<String, Object> verify(PinnedDevice device, int version) {
		return this.verifier.post("/api/v1/verifications", device.request().version(version).json()).expect(200).map();
	}

	private static String pins(PinnedDevice device) {
		return "/api/v1/device-models/" + device.key() + "/pins";
	}

}
