package io.cfgspace.verification;

import io.cfgspace.layout.Space;

/**
 * One difference or problem, located precisely enough to act on.
 *
 * @param code what kind of finding
 * @param severity an error makes the verdict inconsistent; a warning does not
 * @param side which side it concerns
 * @param space the capability space, or {@code null} for the header
 * @param offset the config-space offset, or {@code null}
 * @param capability the capability's name, or {@code null}
 * @param field the register field, or {@code null}
 * @param expected what the pin says, or {@code null}
 * @param actual what the side shows, or {@code null}
 * @param message one plain sentence for an operator
 */
public record Finding(FindingCode code, Severity severity, Side side, Space space, Integer offset, String capability,
		String field, String expected, String actual, String message) {

	public enum Severity {

		ERROR, WARNING

	}

	/** Which layout a finding is about. */
	public enum Side {

		SOURCE, DESTINATION, PIN

	}

}
