package io.cfgspace.audit.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.cfgspace.audit.AuditAction;
import io.cfgspace.audit.AuditEvent;
import io.cfgspace.audit.AuditEvents;
import io.cfgspace.system.BadRequest;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit trail (admin role): who changed what, newest first. */
@RestController
@RequestMapping("/api/v1/audit")
class AuditController {

	private final AuditEvents events;

	AuditController(AuditEvents events) {
		this.events = events;
	}

	record AuditEventView(long id, Instant occurredAt, String actor, String action, String subject,
			Map<String, String> detail) {

		static AuditEventView of(AuditEvent event) {
			return new AuditEventView(event.id(), event.occurredAt(), event.actor(), event.action().json(),
					event.subject(), event.detail());
		}

	}

	record AuditPage(List<AuditEventView> items, String nextCursor) {
	}

	@GetMapping
	AuditPage list(@RequestParam(required = false) String action, @RequestParam(required = false) String actor,
			@RequestParam(required = false) String subject, @RequestParam(required = false) Instant from,
			@RequestParam(required = false) Instant to, @RequestParam(required = false) String cursor,
			@RequestParam(defaultValue = "50") int limit) {
		AuditEvents.Page page = this.events.page(
				new AuditEvents.Filter(action(action), blankless(actor), blankless(subject), from, to), cursor, limit);
		return new AuditPage(page.items().stream().map(AuditEventView::of).toList(), page.nextCursor());
	}

	private static AuditAction action(String action) {
		if (action == null || action.isBlank()) {
			return null;
		}
		try {
			return AuditAction.fromJson(action);
		}
		catch (IllegalArgumentException ex) {
			throw new BadRequest("invalid-request", "Invalid request", "action: " + ex.getMessage());
		}
	}

	/** An empty filter field, as a form sends it, filters nothing. */
	private static String blankless(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
