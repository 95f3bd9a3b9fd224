package io.cfgspace.verification;

import static io.cfgspace.verification.Fixtures.storedAgainAt;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import io.cfgspace.Api;
import io.cfgspace.IntegrationTest;
import io.cfgspace.verification.Fixtures.PinnedDevice;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A hook's retry may come after midnight at the end of a month: the first answer's
 * verdict is then in last month's partition. The retry still gets that verdict and stores
 * nothing; once that month is detached for archiving it is told so (410), and a different
 * request under the key is still refused as one (409), never decided afresh.
 *
 * <p>
 * The service's clock is the real one, so the first answer is made last month by storing
 * it as the service does, with SQL: its verdict row one microsecond before this month,
 * and the key that names it.
 */
@IntegrationTest
class IdempotencyAcrossMonthsIntegrationTest {

	private static final String VERIFICATIONS = "/api/v1/verifications";

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	AuditPartitions partitions;

	@Test
	void aReplayOfLastMonthsVerdictAnswersItThenSaysItWasDetached() {
		Api verifier = Api.anonymous(this.port).withRole("verifier");
		PinnedDevice device = PinnedDevice.create(Api.anonymous(this.port).withRole("operator"));
		String vm = "vm-" + UUID.randomUUID();
		String request = device.request().with("vmId", vm).json();
		String other = device.request().with("vmId", vm).with("destinationHost", "host-9").json();
		// a verdict of this month gives the caller's name and the request's hash
		long now = ((Number) verifier.withHeader("Idempotency-Key", "now-" + vm)
			.post(VERIFICATIONS, request)
			.expect(200)
			.map()
			.get("id")).longValue();
		Map<String, Object> key = this.jdbc.queryForMap(
				"select caller, request_sha256 from verification_idempotency where idempotency_key = ?", "now-" + vm);

		YearMonth month = YearMonth.now(ZoneOffset.UTC);
		YearMonth last = month.minusMonths(1);
		Instant lastMicrosecond = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusNanos(1000);
		long earlier = storedAgainAt(this.jdbc, now, lastMicrosecond);
		String table = String.format("verification_%d_%02d", last.getYear(), last.getMonthValue());
		this.partitions.create(last);
		assertThat(partitionOf(earlier)).isEqualTo(table);
		String retryKey = "retry-" + vm;
		this.jdbc.update("""
				insert into verification_idempotency (caller, idempotency_key, request_sha256, verification_ids,
				    created_at)
				values (?, ?, ?, ?, ?)""", key.get("caller"), retryKey, key.get("request_sha256"),
				new Long[] { earlier }, Timestamp.from(lastMicrosecond));
		Api retry = verifier.withHeader("Idempotency-Key", retryKey);

		Api.Response replayed = retry.post(VERIFICATIONS, request).expect(200);
		assertThat(replayed.header("Idempotency-Replayed")).isEqualTo("true");
		Map<String, Object> stored = Api.anonymous(this.port)
			.withRole("viewer")
			.get(VERIFICATIONS + "/" + earlier)
			.expect(200)
			.map();
		assertThat(replayed.map()).isEqualTo(stored).containsEntry("id", earlier);
		assertThat(stored.get("createdAt").toString()).startsWith(last.toString());
		retry.post(VERIFICATIONS, other).problem(409, "idempotency-key-reused");
		assertThat(rows(vm)).isEqualTo(2);

		Api.admin(this.port).post(VERIFICATIONS + "/partitions/detach", "{\"before\":\"" + month + "\"}").expect(200);
		assertThat(rows(vm)).as("the detached month is out of the audit").isEqualTo(1);

		String gone = (String) retry.post(VERIFICATIONS, request)
			.problem(410, "verification-detached")
			.map()
			.get("detail");
		assertThat(gone).contains("month " + last, table);
		// the key still knows its request: another one is refused, not decided and stored
		retry.post(VERIFICATIONS, other).problem(409, "idempotency-key-reused");
		assertThat(rows(vm)).isEqualTo(1);
		assertThat(this.jdbc.queryForObject("select count(*) from " + table + " where vm_id = ?", Long.class, vm))
			.isOne();
	}

	private String partitionOf(long id) {
		return this.jdbc.queryForObject("select tableoid::regclass::text from verification where id = ?", String.class,
				id);
	}

	private long rows(String vm) {
		return this.jdbc.queryForObject("select count(*) from verification where vm_id = ?", Long.class, vm);
	}

}
