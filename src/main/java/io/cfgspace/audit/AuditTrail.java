package io.cfgspace.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;

import io.cfgspace.layout.Json;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes the audit trail. A record is part of the change it describes: MANDATORY makes a
 * caller without a transaction fail at once instead of writing a record for a change that
 * may still roll back (or a change without its record).
 */
@Component
public class AuditTrail {

	/** The actor of a change no one asked for: a scheduled job, a migration, start-up. */
	static final String SYSTEM = "system";

	private final JdbcTemplate jdbc;

	private final Clock clock;

	AuditTrail(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Writes one audit_event row in the caller's transaction. The actor is the caller's
	 * name: a username, "token:&lt;name&gt;" for an API token or "oidc:&lt;sub&gt;" for a
	 * JWT; "system" when no one is signed in.
	 * @param subject what was acted on, e.g. "user alice", "token 12 (ci-hook)", "pin
	 * 8086:0b25 v3"
	 * @param detail small facts (role, before/after, reason), stored as jsonb; may be
	 * empty
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void record(AuditAction action, String subject, Map<String, String> detail) {
		this.jdbc.update("""
				insert into audit_event (occurred_at, actor, action, subject, detail)
				values (?, ?, ?, ?, ?::jsonb)""", Timestamp.from(this.clock.instant()), actor(), action.json(), subject,
				Json.canonical(new TreeMap<>(detail)));
	}

	private static String actor() {
		Authentication caller = SecurityContextHolder.getContext().getAuthentication();
		if (caller == null || caller instanceof AnonymousAuthenticationToken || !caller.isAuthenticated()
				|| caller.getName() == null || caller.getName().isBlank()) {
			return SYSTEM;
		}
		return caller.getName();
	}

}
