package io.cfgspace.audit;

import java.time.Instant;
import java.util.Map;

/** One record of the audit trail. */
public record AuditEvent(long id, Instant occurredAt, String actor, AuditAction action, String subject,
		Map<String, String> detail) {

	public AuditEvent {
		detail = Map.copyOf(detail);
	}

}
