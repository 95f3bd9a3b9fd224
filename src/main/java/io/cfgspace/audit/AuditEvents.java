package io.cfgspace.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cfgspace.layout.Json;
import io.cfgspace.system.BadRequest;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads the audit trail, newest first, for the API and the admin page alike. */
@Service
public class AuditEvents {

	public static final int MAX_LIMIT = 200;

	private final JdbcTemplate jdbc;

	AuditEvents(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * What to show: every field may be {@code null} for "any". The subject matches as a
	 * case-insensitive substring ("pin 8086:" finds every pin of that vendor).
	 */
	public record Filter(AuditAction action, String actor, String subject, Instant from, Instant to) {

		public Filter {
			if (from != null && to != null && from.isAfter(to)) {
				throw new BadRequest("invalid-request", "Invalid request",
						"from (" + from + ") is later than to (" + to + ")");
			}
		}

	}

	/** A page and the cursor of the next one ({@code null} on the last page). */
	public record Page(List<AuditEvent> items, String nextCursor) {

	}

	/**
	 * Newest first, {@code limit} at a time, after the record the cursor names (its id,
	 * as the verification list's cursor is). The order is by time, then id, so that a
	 * page holds what the clock says happened before the one above it.
	 */
	@Transactional(readOnly = true)
	public Page page(Filter filter, String cursor, int limit) {
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new BadRequest("invalid-request", "Invalid request", "limit must be 1.." + MAX_LIMIT);
		}
		StringBuilder sql = new StringBuilder("select * from audit_event where true");
		List<Object> args = new ArrayList<>();
		if (cursor != null) {
			Timestamp last = lastSeen(cursor);
			sql.append(" and (occurred_at, id) < (?, ?)");
			args.add(last);
			args.add(Long.parseLong(cursor));
		}
		if (filter.action() != null) {
			sql.append(" and action = ?");
			args.add(filter.action().json());
		}
		if (filter.actor() != null) {
			sql.append(" and actor = ?");
			args.add(filter.actor());
		}
		if (filter.subject() != null) {
			sql.append(" and strpos(lower(subject), lower(?)) > 0");
			args.add(filter.subject());
		}
		if (filter.from() != null) {
			sql.append(" and occurred_at >= ?");
			args.add(Timestamp.from(filter.from()));
		}
		if (filter.to() != null) {
			sql.append(" and occurred_at < ?");
			args.add(Timestamp.from(filter.to()));
		}
		sql.append(" order by occurred_at desc, id desc limit ?");
		args.add(limit + 1);
		List<AuditEvent> items = this.jdbc.query(sql.toString(), mapper(), args.toArray());
		String next = null;
		if (items.size() > limit) {
			items = items.subList(0, limit);
			next = String.valueOf(items.get(limit - 1).id());
		}
		return new Page(items, next);
	}

	/**
	 * When the record a cursor names happened; a cursor naming none was not handed out.
	 */
	private Timestamp lastSeen(String cursor) {
		long id;
		try {
			id = Long.parseLong(cursor);
		}
		catch (NumberFormatException ex) {
			throw BadRequest.invalidCursor();
		}
		List<Timestamp> found = this.jdbc.queryForList("select occurred_at from audit_event where id = ?",
				Timestamp.class, id);
		if (found.isEmpty()) {
			throw BadRequest.invalidCursor();
		}
		return found.get(0);
	}

	@SuppressWarnings("unchecked")
	private static RowMapper<AuditEvent> mapper() {
		return (rs, row) -> {
			Map<String, String> detail = new LinkedHashMap<>();
			((Map<String, Object>) Json.parse(rs.getString("detail")))
				.forEach((key, value) -> detail.put(key, String.valueOf(value)));
			return new AuditEvent(rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(), rs.getString("actor"),
					AuditAction.fromJson(rs.getString("action")), rs.getString("subject"), detail);
		};
	}

}
