package io.cfgspace.verification;

import java.time.YearMonth;

import io.cfgspace.system.ApiProblem;

import org.springframework.http.HttpStatus;

/** The verdict was stored, but its month was detached from the audit for archiving. */
class VerificationDetached extends ApiProblem {

	VerificationDetached(String what, YearMonth month) {
		super(HttpStatus.GONE, "verification-detached", "Verification archived", detail(what, month));
	}

	private static String detail(String what, YearMonth month) {
		if (month == null) {
			return what + " no longer in the audit: their month was detached for archiving";
		}
		return what + " in month " + month + ", which was detached from the audit for archiving; table verification_"
				+ String.format("%d_%02d", month.getYear(), month.getMonthValue())
				+ " holds it until an operator drops it";
	}

}
