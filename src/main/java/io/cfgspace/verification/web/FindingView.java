package io.cfgspace.verification.web;

import io.cfgspace.verification.core.Finding;
import io.cfgspace.verification.core.FindingCode;

/**
 * A finding as the API shows it: the space named as in layout documents
 * ({@code standard}, {@code extended}), not by its Java constant.
 */
public record FindingView(FindingCode code, Finding.Severity severity, Finding.Side side, String space, Integer offset,
		String capability, String field, String expected, String actual, String message, Integer register,
		String mask) {

	public static FindingView of(Finding finding) {
		return new FindingView(finding.code(), finding.severity(), finding.side(),
				(finding.space() != null) ? finding.space().json() : null, finding.offset(), finding.capability(),
				finding.field(), finding.expected(), finding.actual(), finding.message(), finding.register(),
				finding.mask());
	}

}
