package io.cfgspace.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.cfgspace.Api;
import io.cfgspace.IntegrationTest;
import io.cfgspace.layout.Json;
import io.cfgspace.verification.Fixtures.PinnedDevice;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What a node keeps of pins and quirks follows changes made elsewhere: these tests change
 * the database behind the service's back, as another service node would, after the node
 * has verified (and so kept) what they change.
 */
@IntegrationTest
class ChangeFeedIntegrationTest {

	/** Far below the one minute after which kept reads are read again anyway. */
	private static final Duration NOTICE = Duration.ofSeconds(10);

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	MeterRegistry meters;

	private Api verifier;

	private PinnedDevice device;

	@BeforeEach
	void pinAndVerifyOnce() {
		this.device = PinnedDevice.create(Api.anonymous(this.port).withRole("operator"));
		this.verifier = Api.anonymous(this.port).withRole("verifier");
		assertThat(verify()).containsEntry("verdict", "CONSISTENT");
	}

	@Test
	void aQuirkAddedByAnotherNodeIsHeededAtOnce() {
		insertQuirkOverThePinnedPasid();
		assertThat(verifyUntil(hasFinding("SYNTHESIZED_IN_HIDDEN_REGISTERS"))).containsEntry("verdict", "INCONSISTENT");
	}

	@Test
	void aDeprecationByAnotherNodeIsHeededAtOnce() {
		this.jdbc.update("""
				insert into pin_deprecation (pin_id, reason, deprecated_at, deprecated_by)
				select p.id, 'elsewhere', now(), 'another-node' from pin p
				join device_model m on m.id = p.device_model_id where m.model_key = ? and p.version = 1""",
				this.device.key());
		verifyUntil(hasFinding("PIN_DEPRECATED"));
	}

	@Test
	void aChangeWhileTheListenerIsAwayIsHeededWhenItIsBack() {
		assertThat(this.jdbc.queryForList("""
				select pg_terminate_backend(pid) from pg_stat_activity
				where application_name = 'cfgspace-change-feed' and datname = current_database()""", Boolean.class))
			.isNotEmpty()
			.containsOnly(true);
		insertQuirkOverThePinnedPasid();
		verifyUntil(hasFinding("SYNTHESIZED_IN_HIDDEN_REGISTERS"));
		await("the listener is back").atMost(NOTICE)
			.pollInterval(Duration.ofMillis(50))
			.until(() -> this.meters.get("cfgspace.change.feed.listening").gauge().value() == 1.0);
	}

	@Test
	void aTokenRevokedByAnotherNodeIsRefusedAtOnce() {
		Map<String, Object> issued = Api.admin(this.port)
			.post("/api/v1/tokens", Json.canonical(Map.of("name", "revoked elsewhere", "role", "verifier")))
			.expect(201)
			.map();
		Api holder = Api.anonymous(this.port).bearer((String) issued.get("token"));
		holder.post("/api/v1/verifications", this.device.request().json()).expect(200);
		this.jdbc.update("update api_token set revoked_at = now() where id = ?", issued.get("id"));
		await("the revocation was heeded").atMost(NOTICE)
			.pollInterval(Duration.ofMillis(50))
			.until(() -> holder.post("/api/v1/verifications", this.device.request().json()).status() == 401);
	}

	private void insertQuirkOverThePinnedPasid() {
		this.jdbc.update("""
				insert into quirk (vendor_id, device_id, all_gaps, ranges, reason, created_at, created_by)
				values (?, ?, false, cast(? as jsonb), 'registers behind the PASID', ?, 'another-node')""", 0x8086,
				this.device.deviceId(), "[{\"start\": 4080, \"end\": 4096}]", Timestamp.from(Instant.now()));
	}

	private Map<String, Object> verify() {
		return this.verifier.post("/api/v1/verifications", this.device.request().json()).expect(200).map();
	}

	private Map<String, Object> verifyUntil(Predicate<Map<String, Object>> seen) {
		return await("the change was heeded").atMost(NOTICE)
			.pollInterval(Duration.ofMillis(50))
			.until(this::verify, seen);
	}

	private static Predicate<Map<String, Object>> hasFinding(String code) {
		return (verdict) -> Fixtures.findings(verdict).stream().anyMatch((finding) -> code.equals(finding.get("code")));
	}

}
