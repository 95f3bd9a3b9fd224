package io.cfgspace.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
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
		long old = copyInto(((Number) verdict.get("id")).longValue(), "2001-03-15 12:00:00+00");
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
		long first = copyInto(now, "2003-07-10 08:00:00+00");
		copyInto(now, "2003-07-11 08:00:00+00");
		assertThat(listed("verification_2003_07")).as("never analyzed: counted")
			.containsEntry("rows", 2L)
			.containsEntry("rowsCounted", true)
			.containsEntry("firstId", first);

		this.jdbc.execute("analyze verification_2003_07");
		long last = copyInto(now, "2003-07-12 08:00:00+00");
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

	/** The same verdict again, as if stored at another time; returns its id. */
	private long copyInto(long id, String createdAt) {
		List<String> columns = this.jdbc.queryForList("""
				select column_name from information_schema.columns
				where table_name = 'verification' and table_schema = current_schema()
				and column_name not in ('id', 'created_at', 'idempotency_key') order by ordinal_position""",
				String.class);
		String list = String.join(", ", columns);
		return this.jdbc.queryForObject(
				"insert into verification (" + list + ", created_at) select " + list
						+ ", cast(? as timestamptz) from verification where id = ? returning id",
				Long.class, createdAt, id);
	}

}
