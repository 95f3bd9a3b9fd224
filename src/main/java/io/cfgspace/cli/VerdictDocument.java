package io.cfgspace.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.cfgspace.verification.core.Finding;
import io.cfgspace.verification.core.FindingCode;
import io.cfgspace.verification.core.Verdict;

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
	 * 0 for a consistent verdict, 1 for an inconsistent one, 3 for one that is
	 * inconsistent only because something could not be compared; a document that says
	 * neither decides nothing.
	 */
	static int exitCode(Map<String, Object> document) throws CommandFailure {
		Object verdict = document.get("verdict");
		if ("CONSISTENT".equals(verdict)) {
			return 0;
		}
		if ("INCONSISTENT".equals(verdict)) {
			return (undecided(document) != null) ? Cli.UNDECIDED : Cli.NEGATIVE;
		}
		throw CommandFailure.undecided("the answer has no verdict (got " + verdict + ")");
	}

	/**
	 * Why an inconsistent verdict decides nothing, in one line: every error it has says
	 * that a side lacks what the pin records ({@code CANNOT_COMPARE}), so the device was
	 * never compared. {@code null} when it has any other error, or none: a real
	 * difference is a refusal, never "undecided", which {@code fail_open} may let pass.
	 */
	static String undecided(Map<String, Object> document) {
		List<Map<?, ?>> errors = BySeverity.of(document).errors();
		if (errors.isEmpty() || !errors.stream()
			.allMatch((finding) -> FindingCode.CANNOT_COMPARE.name().equals(finding.get("code")))) {
			return null;
		}
		String more = (errors.size() > 1) ? " (and " + (errors.size() - 1) + " more, see the findings)" : "";
		return "cannot compare, nothing was decided: " + errors.get(0).get("message") + more + record(document);
	}

	/**
	 * The verdict on the first line, then one finding a line (code, side, location,
	 * message), errors before warnings.
	 */
	static void print(Map<String, Object> document, PrintWriter out) {
		out.println(document.get("verdict") + record(document));
		BySeverity findings = BySeverity.of(document);
		findings.errors().forEach((finding) -> out.println(line(finding)));
		findings.warnings().forEach((finding) -> out.println(line(finding) + " (warning)"));
	}

	/** Where the verdict is recorded, as the end of a line. */
	private static String record(Map<String, Object> document) {
		Object id = document.get("id");
		return (id != null) ? " (verification " + id + ")"
				: Boolean.FALSE.equals(document.get("recorded")) ? " (offline, not recorded)" : "";
	}

	/** A document's findings, errors and warnings apart, each in the document's order. */
	private record BySeverity(List<Map<?, ?>> errors, List<Map<?, ?>> warnings) {

		static BySeverity of(Map<String, Object> document) {
			BySeverity split = new BySeverity(new ArrayList<>(), new ArrayList<>());
			if (document.get("findings") instanceof List<?> findings) {
				for (Object finding : findings) {
					if (finding instanceof Map<?, ?> map) {
						("WARNING".equals(map.get("severity")) ? split.warnings() : split.errors()).add(map);
					}
				}
			}
			return split;
		}

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
