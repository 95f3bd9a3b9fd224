package io.cfgspace.security;

import io.cfgspace.system.Forbidden;

import org.springframework.security.core.Authentication;

/**
 * Which hosts a caller may speak for. The filter chain lets reporters and verifiers
 * through to the report and the verifications; these checks then hold a reporter token to
 * its one host, and let a role token report only when an admin allowed it. People (HTTP
 * basic, single sign-on) report by their role alone, as before reporters existed.
 */
public final class HostBinding {

	/** A reporter named a host it is not bound to. */
	public static final String HOST_MISMATCH = "host-mismatch";

	/** A role token without {@code mayReport} tried to report a host. */
	public static final String REPORT_NOT_ALLOWED = "report-not-allowed";

	private HostBinding() {
	}

	/** Refuses a report of {@code host} that this caller may not send. */
	public static void checkReport(Authentication caller, String host) {
		if (!(caller instanceof TokenAuthentication token)) {
			return;
		}
		if (token.grant() instanceof TokenGrant.Reporter reporter) {
			if (!reporter.hostName().equals(host)) {
				throw new Forbidden(HOST_MISMATCH, "Host mismatch", "this reporter token is bound to host '"
						+ reporter.hostName() + "' and may not report host '" + host + "'");
			}
		}
		else if (token.grant() instanceof TokenGrant.OfRole ofRole && !ofRole.mayReport()) {
			throw new Forbidden(REPORT_NOT_ALLOWED, "Reporting not allowed",
					"this API token may not report hosts: issue the host a reporter token (kind 'reporter'),"
							+ " or a token with mayReport");
		}
	}

	/**
	 * Refuses a verification a reporter may not ask for: one whose source and destination
	 * are both another host than its own (or not named, so not known to be its own).
	 * @param item what names the item of a batch in the answer ({@code items[3]: }), or
	 * empty
	 */
	public static void checkVerification(Authentication caller, String sourceHost, String destinationHost,
			String item) {
		if (caller instanceof TokenAuthentication token && token.grant() instanceof TokenGrant.Reporter reporter) {
			String bound = reporter.hostName();
			if (!bound.equals(sourceHost) && !bound.equals(destinationHost)) {
				throw new Forbidden(HOST_MISMATCH, "Host mismatch",
						item + "this reporter token is bound to host '" + bound
								+ "' and may verify only migrations whose sourceHost or destinationHost it is (got "
								+ named(sourceHost) + " to " + named(destinationHost) + ")");
			}
		}
	}

	private static String named(String host) {
		return (host != null) ? "'" + host + "'" : "no host";
	}

}
