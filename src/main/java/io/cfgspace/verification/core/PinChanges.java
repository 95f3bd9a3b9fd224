package io.cfgspace.verification.core;

import java.util.List;

import io.cfgspace.configspace.capability.FieldText;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.Space;

/**
 * What a new pin version changes against the version in force, for the second person who
 * approves it: blocks added, removed or moved, and every field, version, length or origin
 * that changed. The verifier's own comparison, so an approver sees what verifications
 * will hold the guests to.
 */
public final class PinChanges {

	private PinChanges() {
	}

	public enum Kind {

		ADDED, REMOVED, MOVED, CHANGED;

		public String json() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

	/**
	 * One change.
	 *
	 * @param space the capability space, or {@code null} for the header's identity
	 * @param offset where the block is in the version in force (where it is in the new
	 * version for an added one)
	 * @param what the field, {@code version}, {@code length}, {@code origin},
	 * {@code offset} or {@code chain order} (of a whole space) that changed; {@code null}
	 * for a block added or removed
	 * @param inForce its value in the version in force, or {@code null}
	 * @param proposed its value in the new version, or {@code null}
	 */
	public record Change(Kind kind, Space space, Integer offset, String capability, String what, String inForce,
			String proposed) {

	}

	/** Every change from {@code inForce} to {@code proposed}, in the verifier's order. */
	public static List<Change> between(Layout inForce, Layout proposed) {
		return Verifier.differences(inForce, proposed).stream().map(PinChanges::change).toList();
	}

	private static Change change(Finding finding) {
		Kind kind = switch (finding.code()) {
			case BLOCK_UNEXPECTED -> Kind.ADDED;
			case BLOCK_MISSING -> Kind.REMOVED;
			case OFFSET_MISMATCH -> Kind.MOVED;
			default -> Kind.CHANGED;
		};
		String what = switch (finding.code()) {
			case OFFSET_MISMATCH -> "offset";
			case CHAIN_ORDER_MISMATCH -> "chain order";
			default -> finding.field();
		};
		return new Change(kind, finding.space(), finding.offset(), finding.capability(), what,
				text(finding.field(), finding.expected()), text(finding.field(), finding.actual()));
	}

	/** A decoded register as lspci and the spec show it, in hex with its bits. */
	private static String text(String field, String value) {
		if (value == null || value.equals("null")) {
			return null;
		}
		if (field != null && value.matches("-?\\d+")) {
			return FieldText.of(field, Long.parseLong(value));
		}
		return value;
	}

}
