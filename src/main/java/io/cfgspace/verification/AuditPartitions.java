package io.cfgspace.verification;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.cfgspace.system.BadRequest;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The audit's monthly partitions: months created ahead of time, and old months detached
 * for archiving. The SQL side (V11) does the moving and detaching in one transaction
 * each; this class decides which months, and refuses months that make no sense. A
 * detached month is never dropped here: it stays a plain table for an operator to dump
 * and drop.
 */
@Service
public class AuditPartitions {

	/** Months created beyond the current one, so a verdict always finds its month. */
	static final int MONTHS_AHEAD = 3;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	AuditPartitions(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** One month of the audit, attached or detached, or the default partition. */
	public record Partition(YearMonth month, String table, String state, long rows, boolean rowsCounted, Long firstId,
			Long lastId, Instant detachedAt, String detachedBy) {

		public static final String ATTACHED = "attached";

		public static final String DETACHED = "detached";

		/** The catch-all for verdicts whose month had no partition yet. */
		public static final String DEFAULT = "default";

	}

	/**
	 * Creates this month and the next {@link #MONTHS_AHEAD}; returns those it created.
	 */
	public List<YearMonth> createAhead() {
		YearMonth now = YearMonth.now(this.clock.withZone(ZoneOffset.UTC));
		List<YearMonth> created = new ArrayList<>();
		for (int ahead = 0; ahead <= MONTHS_AHEAD; ahead++) {
			if (create(now.plusMonths(ahead))) {
				created.add(now.plusMonths(ahead));
			}
		}
		return created;
	}

	/**
	 * Creates the month's partition, moving there the verdicts the default partition
	 * caught for it; false when it exists or was detached.
	 */
	public boolean create(YearMonth month) {
		return Boolean.TRUE.equals(this.jdbc.queryForObject("select cfgspace_create_verification_month(?)",
				Boolean.class, month.atDay(1)));
	}

	/**
	 * Every month, oldest first, with its rows; the default partition last. A month that
	 * is over gives PostgreSQL's estimate of its rows (kept by ANALYZE): counting a year
	 * of months took 13 s, past the CLI's timeout. The current month, the months ahead,
	 * the default and every month never analyzed are counted.
	 */
	@Transactional(readOnly = true)
	public List<Partition> list() {
		List<Partition> partitions = new ArrayList<>(this.jdbc.query("""
				select month, table_name, row_count, first_id, last_id, detached_at, detached_by
				from verification_detached""",
				(rs, row) -> new Partition(YearMonth.from(rs.getDate("month").toLocalDate()),
						rs.getString("table_name"), Partition.DETACHED, rs.getLong("row_count"), true,
						(Long) rs.getObject("first_id"), (Long) rs.getObject("last_id"),
						rs.getTimestamp("detached_at").toInstant(), rs.getString("detached_by"))));
		YearMonth current = YearMonth.now(this.clock.withZone(ZoneOffset.UTC));
		List<Map<String, Object>> attached = this.jdbc.queryForList("""
				select c.relname, c.reltuples::bigint as estimate from pg_inherits i
				join pg_class c on c.oid = i.inhrelid
				where i.inhparent = 'verification'::regclass""");
		for (Map<String, Object> row : attached) {
			String table = (String) row.get("relname");
			YearMonth month = month(table);
			long estimate = (Long) row.get("estimate");
			// the names are the ones V11 gives; min and max read the key's two ends
			boolean counted = month == null || !month.isBefore(current) || estimate < 0;
			String rows = counted ? "count(*)" : Long.toString(estimate);
			partitions.add(this.jdbc.queryForObject("select " + rows + ", min(id), max(id) from " + quoted(table),
					(rs, n) -> new Partition(month, table, (month == null) ? Partition.DEFAULT : Partition.ATTACHED,
							rs.getLong(1), counted, (Long) rs.getObject(2), (Long) rs.getObject(3), null, null)));
		}
		partitions.sort(Comparator.comparing((Partition p) -> p.month() == null)
			.thenComparing(Partition::month, Comparator.nullsLast(Comparator.naturalOrder())));
		return partitions;
	}

	/**
	 * Detaches every month before {@code before}; the current month and later ones stay.
	 * @return the months detached now (none when they were detached already)
	 */
	public List<Partition> detach(YearMonth before, String actor) {
		YearMonth current = YearMonth.now(this.clock.withZone(ZoneOffset.UTC));
		if (before.isAfter(current)) {
			throw new BadRequest("detach-month-not-past", "Month not past",
					"before " + before + " would detach the current month " + current
							+ " or a later one, which still take verdicts; give " + current + " or earlier");
		}
		return this.jdbc.query("select month, table_name, row_count from cfgspace_detach_verification_months(?, ?)",
				(rs, row) -> new Partition(YearMonth.from(rs.getDate("month").toLocalDate()),
						rs.getString("table_name"), Partition.DETACHED, rs.getLong("row_count"), true, null, null,
						this.clock.instant(), actor),
				before.atDay(1), actor);
	}

	/** The month a verdict id was detached with, or {@code null} when it was not. */
	YearMonth detachedMonthOf(long id) {
		List<LocalDate> months = this.jdbc.queryForList(
				"select month from verification_detached where ? between first_id and last_id", LocalDate.class, id);
		return months.isEmpty() ? null : YearMonth.from(months.get(0));
	}

	private static YearMonth month(String table) {
		if (!table.matches("verification_\\d{4}_\\d{2}")) {
			return null;
		}
		return YearMonth.of(Integer.parseInt(table.substring(13, 17)), Integer.parseInt(table.substring(18, 20)));
	}

	private static String quoted(String identifier) {
		return '"' + identifier.replace("\"", "\"\"") + '"';
	}

}
