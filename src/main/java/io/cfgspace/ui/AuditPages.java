package io.cfgspace.ui;

import java.util.Arrays;

import io.cfgspace.audit.AuditAction;
import io.cfgspace.audit.AuditEvents;
import io.cfgspace.system.BadRequest;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The audit trail, an admin's page: the filters and paging of GET /api/v1/audit. */
@Controller
class AuditPages {

	static final int PAGE_SIZE = 25;

	private final AuditEvents events;

	AuditPages(AuditEvents events) {
		this.events = events;
	}

	@GetMapping("/ui/audit")
	String audit(@RequestParam(required = false) String action, @RequestParam(required = false) String actor,
			@RequestParam(required = false) String subject, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to, @RequestParam(required = false) String cursor, Model page) {
		AuditEvents.Filter filter = new AuditEvents.Filter(action(action), blankless(actor), blankless(subject),
				VerificationPages.day(from, 0), VerificationPages.day(to, 1));
		AuditEvents.Page found = this.events.page(filter, blankless(cursor), PAGE_SIZE);
		page.addAttribute("items", found.items());
		page.addAttribute("next", found.nextCursor());
		page.addAttribute("actions", Arrays.stream(AuditAction.values()).map(AuditAction::json).toList());
		page.addAttribute("filter", new Filters(action, actor, subject, from, to));
		return "ui/audit";
	}

	/** The filters as typed, to fill the form and the next-page link again. */
	record Filters(String action, String actor, String subject, String from, String to) {

	}

	private static AuditAction action(String action) {
		if (action == null || action.isBlank()) {
			return null;
		}
		try {
			return AuditAction.fromJson(action.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new BadRequest("invalid-request", "Invalid request", ex.getMessage());
		}
	}

	private static String blankless(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

}
