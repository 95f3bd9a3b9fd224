package io.cfgspace.verification.web;

import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;

import io.cfgspace.system.BadRequest;
import io.cfgspace.verification.AuditPartitions;
import io.cfgspace.verification.AuditPartitions.Partition;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The audit's months, for an admin archiving old ones: which are attached, detached or
 * waiting in the default partition, and detaching those before a month.
 */
@RestController
@RequestMapping("/api/v1/verifications/partitions")
class AuditPartitionController {

	private final AuditPartitions partitions;

	AuditPartitionController(AuditPartitions partitions) {
		this.partitions = partitions;
	}

	record PartitionView(String month, String table, String state, long rows, boolean rowsCounted, Long firstId,
			Long lastId, Instant detachedAt, String detachedBy) {

		static PartitionView of(Partition partition) {
			return new PartitionView((partition.month() != null) ? partition.month().toString() : null,
					partition.table(), partition.state(), partition.rows(), partition.rowsCounted(),
					partition.firstId(), partition.lastId(), partition.detachedAt(), partition.detachedBy());
		}

	}

	record PartitionList(List<PartitionView> items) {
	}

	record DetachRequest(String before) {
	}

	record Detached(String before, List<PartitionView> detached) {
	}

	@GetMapping
	PartitionList list() {
		return new PartitionList(this.partitions.list().stream().map(PartitionView::of).toList());
	}

	@PostMapping("/detach")
	Detached detach(@RequestBody DetachRequest request, Authentication caller) {
		YearMonth before = month(request.before());
		return new Detached(before.toString(),
				this.partitions.detach(before, caller.getName()).stream().map(PartitionView::of).toList());
	}

	private static YearMonth month(String text) {
		if (text == null || !text.matches("\\d{4}-\\d{2}")) {
			throw new BadRequest("invalid-month", "Invalid month",
					"before must be a month as YYYY-MM (e.g. 2026-01), got " + ((text == null) ? "nothing"
							: "'" + text.substring(0, Math.min(text.length(), 40)) + "'"));
		}
		try {
			return YearMonth.parse(text);
		}
		catch (DateTimeParseException ex) {
			throw new BadRequest("invalid-month", "Invalid month", "before: '" + text + "' is not a month");
		}
	}

}
