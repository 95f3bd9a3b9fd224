package io.cfgspace.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.cfgspace.verification.core.Quirk;

/**
 * Reads quirks for an offline verification: a JSON list of {@code {vendorId, deviceId,
 * revisionId?, allGaps, ranges: [{start, end}], reason}}, or the registry's own list
 * ({@code GET /api/v1/quirks}, whose {@code items} are the same objects with a few more
 * members).
 */
final class QuirksFile {

	private QuirksFile() {
	}

	static List<Quirk> read(String file) throws CommandFailure {
		Object json = InputFile.json(file);
		if (json instanceof Map<?, ?> page && page.get("items") instanceof List<?> items) {
			json = items;
		}
		if (!(json instanceof List<?> list)) {
			throw CommandFailure.unusable(file + ": expected a JSON list of quirks");
		}
		List<Quirk> quirks = new ArrayList<>();
		for (int i = 0; i < list.size(); i++) {
			quirks.add(quirk(file + ": [" + i + "]", list.get(i)));
		}
		return quirks;
	}

	private static Quirk quirk(String where, Object json) throws CommandFailure {
		if (!(json instanceof Map<?, ?> quirk)) {
			throw CommandFailure.unusable(where + ": expected an object");
		}
		int vendorId = integer(where + ".vendorId", quirk.get("vendorId"), 0xFFFF);
		int deviceId = integer(where + ".deviceId", quirk.get("deviceId"), 0xFFFF);
		Integer revisionId = (quirk.get("revisionId") != null)
				? integer(where + ".revisionId", quirk.get("revisionId"), 0xFF) : null;
		Object allGaps = quirk.get("allGaps");
		if (allGaps != null && !(allGaps instanceof Boolean)) {
			throw CommandFailure.unusable(where + ".allGaps: expected true or false");
		}
		List<Quirk.Range> ranges = new ArrayList<>();
		Object rangeList = quirk.get("ranges");
		if (rangeList != null && !(rangeList instanceof List)) {
			throw CommandFailure.unusable(where + ".ranges: expected a list of {start, end}");
		}
		if (rangeList instanceof List<?> given) {
			for (int i = 0; i < given.size(); i++) {
				ranges.add(range(where + ".ranges[" + i + "]", given.get(i)));
			}
		}
		if (!Boolean.TRUE.equals(allGaps) && ranges.isEmpty()) {
			throw CommandFailure.unusable(where + ": a quirk needs ranges, or allGaps: true");
		}
		if (!(quirk.get("reason") instanceof String reason) || reason.isBlank()) {
			throw CommandFailure.unusable(where + ".reason: required, say why (with a source)");
		}
		return new Quirk(vendorId, deviceId, revisionId, Boolean.TRUE.equals(allGaps), ranges, reason.strip());
	}

	private static Quirk.Range range(String where, Object json) throws CommandFailure {
		if (!(json instanceof Map<?, ?> range)) {
			throw CommandFailure.unusable(where + ": expected {start, end}");
		}
		try {
			return new Quirk.Range(integer(where + ".start", range.get("start"), 0xFFF),
					integer(where + ".end", range.get("end"), 0x1000));
		}
		catch (IllegalArgumentException ex) {
			throw CommandFailure.unusable(where + ": " + ex.getMessage());
		}
	}

	private static int integer(String where, Object value, int max) throws CommandFailure {
		if (!(value instanceof Long number) || number < 0 || number > max) {
			throw CommandFailure.unusable(where + ": expected an integer 0.." + max);
		}
		return number.intValue();
	}

}
