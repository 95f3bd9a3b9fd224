package io.cfgspace.verification.core;

import java.util.List;

/**
 * The answer of a verification: consistent only when no finding is an error.
 */
public record Verdict(Outcome outcome, List<Finding> findings) {

	public enum Outcome {

		CONSISTENT, INCONSISTENT

	}

	public Verdict {
		findings = List.copyOf(findings);
	}

	public static Verdict of(List<Finding> findings) {
		boolean error = findings.stream().anyMatch((f) -> f.severity() == Finding.Severity.ERROR);
		return new Verdict(error ? Outcome.INCONSISTENT : Outcome.CONSISTENT, findings);
	}

	public boolean consistent() {
		return this.outcome == Outcome.CONSISTENT;
	}

}
