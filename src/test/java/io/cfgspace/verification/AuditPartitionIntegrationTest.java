package io.cfgspace.verification;

import static io.cfgspace.verification.Fixtures.storedAgainAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A verdict of a month with no partition lands in the default partition, moves to its
 * month when that is made, and a detached month is kept, still append-only, and answered
 * as archived.
 */
@IntegrationTest
class AuditPartitionIntegrationTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	AuditPartitions partitions;

	@Test
	void aMonthWithoutPartitionIsKeptInTheDefaultThenDetachedWithItsMonth() {
		PinnedDevice device = PinnedDevice.create(Api.anonymous(this.port).withRole("operator"));
		String vm = "partition-" + UUID.randomUUID();
		Map<String, Object> verdict = Api.anonymous(this.port)
			.withRole("verifier")
			.post("/api/v1/verifications", device.request().with("vmId", vm).json())
			.expect(200)
			.map();
		assertThat(partitionOf(((Number) verdict.get("id")).longValue())).startsWith("verification_2");

		// a verdict of March 2001, a month that no partition was made for
		long old = storedAgainAt(this.jdbc, ((Number) verdict.get("id")).longValue(),
				Instant.parse("2001-03-15T12:00:00Z"));
		assertThat(partitionOf(old)).isEqualTo("verification_default");

		Map<String, Object> detached = Api.admin(this.port)
			.post("/api/v1/verifications/partitions/detach", "{\"before\":\"2001-04\"}")
			.expect(200)
			.map();
		assertThat(detached.get("detached").toString()).contains("2001-03");
		assertThat(this.jdbc.queryForObject("select count(*) from verification_2001_03 where id = ?", Long.class, old))
			.isOne();
		assertThat(this.jdbc.queryForObject("select count(*) from verification where id = ?", Long.class, old))
			.isZero();
		Api.admin(this.port).get("/api/v1/verifications/" + old).problem(410, "verification-detached");
		assertThat(Api.admin(this.port).get("/api/v1/verifications/partitions").expect(200).body())
			.contains("verification_2001_03", "verification_default");
		// kept as it was: still append-only, never dropped
		assertThatThrownBy(() -> this.jdbc.update("delete from verification_2001_03 where id = ?", old))
			.isInstanceOf(DataAccessException.class);
		// the verdict of this month is untouched
		Api.admin(this.port).get("/api/v1/verifications/" + verdict.get("id")).expect(200);
	}

	@Test
	void aMonthThatIsOverListsPostgresEstimateOfItsRowsAndTheCurrentMonthItsCount() {
		PinnedDevice device = PinnedDevice.create(Api.anonymous(this.port).withRole("operator"));
		long now = ((Number) Api.anonymous(this.port)
			.withRole("verifier")
			.post("/api/v1/verifications", device.request().with("vmId", "estimate-" + UUID.randomUUID()).json())
			.expect(200)
			.map()
			.get("id")).longValue();
		this.partitions.create(YearMonth.of(2003, 7));
		long first = storedAgainAt(this.jdbc, now, Instant.parse("2003-07-10T08:00:00Z"));
		storedAgainAt(this.jdbc, now, Instant.parse("2003-07-11T08:00:00Z"));
		assertThat(listed("verification_2003_07")).as("never analyzed: counted")
			.containsEntry("rows", 2L)
			.containsEntry("rowsCounted", true)
			.containsEntry("firstId", first);

		this.jdbc.execute("analyze verification_2003_07");
		long last = storedAgainAt(this.jdbc, now, Instant.parse("2003-07-12T08:00:00Z"));
		assertThat(listed("verification_2003_07")).as("the estimate of the last ANALYZE, not a count")
			.containsEntry("rows", 2L)
			.containsEntry("rowsCounted", false)
			.containsEntry("lastId", last);
		String current = String.format("verification_%s", YearMonth.now(ZoneOffset.UTC)).replace('-', '_');
		this.jdbc.execute("analyze " + current);
		long counted = this.jdbc.queryForObject("select count(*) from " + current, Long.class);
		assertThat(listed(current)).containsEntry("rows", counted).containsEntry("rowsCounted", true);
	}

	private Map<String, Object> listed(String table) {
		return Api.admin(this.port)
			.get("/api/v1/verifications/partitions")
			.expect(200)
			.list("items")
			.stream()
			.map(Fixtures::asMap)
			.filter((item) -> table.equals(item.get("table")))
			.findFirst()
			.orElseThrow();
	}

	@Test
	void refusesAMonthItCannotReadOrThatIsNotPast() {
		Api admin = Api.admin(this.port);
		admin.post("/api/v1/verifications/partitions/detach", "{\"before\":\"2001-13\"}").problem(400, "invalid-month");
		admin.post("/api/v1/verifications/partitions/detach", "{\"before\":\"9999-01\"}")
			.problem(400, "detach-month-not-past");
		Api.anonymous(this.port)
			.withRole("operator")
			.post("/api/v1/verifications/partitions/detach", "{\"before\":\"2001-04\"}")
			.problem(403, "forbidden");
	}

	private String partitionOf(long id) {
		return this.jdbc.queryForObject("select tableoid::regclass::text from verification where id = ?", String.class,
				id);
	}

}
