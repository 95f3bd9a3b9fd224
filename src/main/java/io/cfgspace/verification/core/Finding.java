package io.cfgspace.verification.core;

import io.cfgspace.layout.Space;

/**
 * One difference or problem, located precisely enough to act on.
 *
 * @param code what kind of finding
 * @param severity an error makes the verdict inconsistent; a warning does not
 * @param side which side it concerns
 * @param space the capability space, or {@code null} for the header
 * @param offset the config-space offset of the block, or {@code null}
 * @param capability the capability's name, or {@code null}
 * @param field the register field, or {@code null}
 * @param expected what the pin says, or {@code null}
 * @param actual what the side shows, or {@code null}
 * @param message one plain sentence for an operator
 * @param register the config-space offset of the register that differs, or {@code null}
 * @param mask the bits of that register that differ, as hex of its width, or {@code null}
 */
public record Finding(FindingCode code, Severity severity, Side side, Space space, Integer offset, String capability,
		String field, String expected, String actual, String message, Integer register, String mask) {

	/** A finding about no single register. */
	public Finding(FindingCode code, Severity severity, Side side, Space space, Integer offset, String capability,
			String field, String expected, String actual, String message) {
		this(code, severity, side, space, offset, capability, field, expected, actual, message, null, null);
	}

	public enum Severity {

		ERROR, WARNING

	}

	/** Which layout a finding is about. */
	public enum Side {

		SOURCE, DESTINATION, PIN

	}

}
