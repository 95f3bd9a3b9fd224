package io.cfgspace.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import io.cfgspace.Api;
import io.cfgspace.IntegrationTest;
import io.cfgspace.layout.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/** Pins cannot change, whatever path a change comes by; a changed layout is refused. */
@IntegrationTest
class ImmutabilityIntegrationTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	Api operator;

	String key;

	String fingerprint;

	long pinId;

	@BeforeEach
	void pinned() {
		this.operator = Api.anonymous(this.port).withRole("operator");
		int device = Fixtures.freshDeviceId();
		this.key = Fixtures.createModel(this.operator, String.format("8086:%04x", device));
		Map<String, Object> pin = this.operator
			.post(pins(), Fixtures.pinBody(Fixtures.dumpAs(Fixtures.SKYLAKE, 0x8086, device)))
			.expect(201)
			.map();
		this.fingerprint = (String) pin.get("fingerprint");
		this.pinId = this.jdbc.queryForObject(
				"select p.id from pin p join device_model m on m.id = p.device_model_id where m.model_key = ?",
				Long.class, this.key);
	}

	private String pins() {
		return "/api/v1/device-models/" + this.key + "/pins";
	}

	@Test
	void theDatabaseRefusesToUpdateOrDeleteAPin() {
		assertThatThrownBy(() -> this.jdbc.update("update pin set version = 7 where id = ?", this.pinId))
			.isInstanceOf(DataAccessException.class)
			.hasMessageContaining("pin is immutable");
		assertThatThrownBy(() -> this.jdbc.update("delete from pin where id = ?", this.pinId))
			.isInstanceOf(DataAccessException.class)
			.hasMessageContaining("pin is immutable");
		assertThatThrownBy(() -> this.jdbc.update("update layout_content set canonical = '{}' where fingerprint = ?",
				this.fingerprint))
			.isInstanceOf(DataAccessException.class)
			.hasMessageContaining("layout_content is immutable");
		assertThatThrownBy(() -> this.jdbc.execute("truncate pin cascade")).isInstanceOf(DataAccessException.class);
		assertThat(this.operator.get(pins() + "/1").expect(200).map()).containsEntry("fingerprint", this.fingerprint);
	}

	@Test
	void aDeprecationIsWrittenOnceToo() {
		this.operator.post(pins() + "/1/deprecation", Json.canonical(Map.of("reason", "old"))).expect(200);
		assertThatThrownBy(
				() -> this.jdbc.update("update pin_deprecation set reason = 'new' where pin_id = ?", this.pinId))
			.isInstanceOf(DataAccessException.class);
		assertThatThrownBy(() -> this.jdbc.update("delete from pin_deprecation where pin_id = ?", this.pinId))
			.isInstanceOf(DataAccessException.class);
	}

	@Test
	void aTamperedLayoutIsRefusedNotUsed() {
		String verification = verificationOfPin1();
		// verified once before: the node keeps the pin it verified, and must not keep it
		// past the next change it hears of
		Map<String, Object> before = this.operator.post("/api/v1/verifications", verification).expect(200).map();
		// a superuser can switch the triggers off; the service must still notice
		this.jdbc.execute((ConnectionCallback<Void>) (connection) -> {
			try (var statement = connection.createStatement()) {
				statement.execute("set session_replication_role = replica");
				statement.execute("update layout_content set canonical = replace(canonical, '\"maxPasidWidth\":20',"
						+ " '\"maxPasidWidth\":16') where fingerprint = '" + this.fingerprint + "'");
				statement.execute("set session_replication_role = origin");
			}
			return null;
		});
		this.operator.get(pins() + "/1").problem(409, "layout-integrity-violation");
		this.operator.get("/api/v1/layouts/" + this.fingerprint).problem(409, "layout-integrity-violation");
		// the kept pin is the one re-hashed when it was read, never the tampered text
		Map<String, Object> kept = this.operator.post("/api/v1/verifications", verification).expect(200).map();
		assertThat(kept).containsEntry("fingerprint", before.get("fingerprint"))
			.containsEntry("verdict", before.get("verdict"))
			.containsEntry("findings", before.get("findings"));
		// after the next change it hears of (here: an admin adds a quirk), the node reads
		// the pin again and finds the tampering
		Api.admin(this.port)
			.post("/api/v1/quirks",
					Json.canonical(Map.of("vendorId", 0x8086L, "deviceId", Long.parseLong(this.key.substring(5), 16),
							"ranges", List.of(Map.of("start", 0xF00L, "end", 0xF10L)), "reason", "any change")))
			.expect(201);
		this.operator.post("/api/v1/verifications", verification).problem(409, "layout-integrity-violation");
		Map<String, Object> list = this.operator.get(pins()).expect(200).map();
		assertThat(list.get("items")).asList().hasSize(1);
	}

	private String verificationOfPin1() {
		String dump = Fixtures.dumpAs(Fixtures.SKYLAKE, 0x8086, Integer.parseInt(this.key.substring(5), 16));
		return Json.canonical(Map.of("modelKey", this.key, "pinVersion", 1L, "source",
				Map.of("view", "physical", "dump", dump), "destination", Map.of("view", "physical", "dump", dump)));
	}

}
