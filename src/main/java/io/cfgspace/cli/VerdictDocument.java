package io.cfgspace.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.cfgspace.verification.Finding;
import io.cfgspace.verification.Verdict;

/**
 * A verdict as JSON values, shaped like the service's answer to
 * {@code POST /api/v1/verifications} ({@code verdict}, {@code findings}, and from the
 * service also {@code id}), so that local and remote verdicts print alike. A verdict the
 * CLI reached on a cached pin because the service could not be asked says
 * {@code "recorded": false}.
 */
final class VerdictDocument {

	private VerdictDocument() {
	}

	static Map<String, Object> of(Verdict verdict) {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("verdict", verdict.outcome().name());
		document.put("findings", verdict.findings().stream().map(VerdictDocument::finding).toList());
		return document;
	}

	private static Map<String, Object> finding(Finding finding) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("code", finding.code().name());
		json.put("severity", finding.severity().name());
		json.put("side", finding.side().name());
		json.put("space", (finding.space() != null) ? finding.space().json() : null);
		json.put("offset", (finding.offset() != null) ? (long) finding.offset() : null);
		json.put("capability", finding.capability());
		json.put("field", finding.field());
		json.put("expected", finding.expected());
		json.put("actual", finding.actual());
		json.put("message", finding.message());
		return json;
	}

	/**
	 * 0 for a consistent verdict, 1 for an inconsistent one; a document that says neither
	 * decides nothing.
	 */
	static int exitCode(Map<String, Object> document) throws CommandFailure {
		Object verdict = document.get("verdict");
		if ("CONSISTENT".equals(verdict)) {
			return 0;
		}
		if ("INCONSISTENT".equals(verdict)) {
			return Cli.NEGATIVE;
		}
		throw CommandFailure.undecided("the answer has no verdict (got " + verdict + ")");
	}

	/**
	 * The verdict on the first line, then one finding a line (code, side, location,
	 * message), errors before warnings.
	 */
	static void print(Map<String, Object> document, PrintWriter out) {
		Object id = document.get("id");
		String record = (id != null) ? " (verification " + id + ")"
				: Boolean.FALSE.equals(document.get("recorded")) ? " (offline, not recorded)" : "";
		out.println(document.get("verdict") + record);
		List<Map<?, ?>> errors = new ArrayList<>();
		List<Map<?, ?>> warnings = new ArrayList<>();
		if (document.get("findings") instanceof List<?> findings) {
			for (Object finding : findings) {
				if (finding instanceof Map<?, ?> map) {
					("WARNING".equals(map.get("severity")) ? warnings : errors).add(map);
				}
			}
		}
		errors.forEach((finding) -> out.println(line(finding)));
		warnings.forEach((finding) -> out.println(line(finding) + " (warning)"));
	}

	static String line(Map<?, ?> finding) {
		return finding.get("code") + " " + lower(finding.get("side")) + " " + location(finding) + ": "
				+ finding.get("message");
	}

	private static String location(Map<?, ?> finding) {
		Object space = finding.get("space");
		Object offset = finding.get("offset");
		if (offset instanceof Long number) {
			return lower(space) + " " + String.format("0x%03x", number);
		}
		if (space != null) {
			return lower(space) + " chain";
		}
		if (finding.get("field") != null) {
			return "header " + finding.get("field");
		}
		return "-";
	}

	private static String lower(Object value) {
		return String.valueOf(value).toLowerCase(Locale.ROOT);
	}

}
