package io.cfgspace.security;

import java.util.Locale;
import java.util.Map;

import io.cfgspace.system.BadRequest;
import io.cfgspace.system.HostName;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * What an API token may do, fixed when it is issued: a role, or one host to report for.
 */
public sealed interface TokenGrant {

	/** {@code role} or {@code reporter}, as the API and the database name the kind. */
	String kind();

	/** The Spring Security authority the filter chain's rules check. */
	GrantedAuthority authority();

	/** What the audit trail keeps about the grant. */
	Map<String, String> audited();

	/**
	 * A role, as a person's; reporting hosts needs {@code mayReport} on top, because a
	 * hook's verifier token must not rewrite what the scheduler believes about every
	 * other host.
	 */
	record OfRole(Role role, boolean mayReport) implements TokenGrant {

		public OfRole {
			if (mayReport && role == Role.VIEWER) {
				throw invalid("mayReport: a viewer cannot report hosts; give the token the verifier role or above");
			}
		}

		@Override
		public String kind() {
			return ROLE;
		}

		@Override
		public GrantedAuthority authority() {
			return new SimpleGrantedAuthority(this.role.authority());
		}

		@Override
		public Map<String, String> audited() {
			return Map.of("kind", ROLE, "role", this.role.json(), "mayReport", Boolean.toString(this.mayReport));
		}

	}

	/**
	 * A host's own token, for its libvirt hook and {@code cfgspace report}: it reports
	 * this host and verifies migrations from or to it, so a compromised hypervisor can
	 * speak for itself only.
	 */
	record Reporter(String hostName) implements TokenGrant {

		/** Not in the role hierarchy: no role includes it, and it includes no role. */
		static final String ROLE_NAME = "REPORTER";

		public Reporter {
			HostName.check(hostName);
		}

		@Override
		public String kind() {
			return REPORTER;
		}

		@Override
		public GrantedAuthority authority() {
			return new SimpleGrantedAuthority("ROLE_" + ROLE_NAME);
		}

		@Override
		public Map<String, String> audited() {
			return Map.of("kind", REPORTER, "host", this.hostName, "mayReport", "false");
		}

	}

	String ROLE = "role";

	String REPORTER = "reporter";

	/**
	 * The grant a request asks for; {@code kind} defaults to {@code role}. A 400
	 * ({@code invalid-request}, or {@code invalid-host-name}) names what does not fit.
	 */
	static TokenGrant of(String kind, String role, String hostName, Boolean mayReport) {
		String chosen = (kind != null) ? kind.toLowerCase(Locale.ROOT) : ROLE;
		return switch (chosen) {
			case ROLE -> {
				if (hostName != null) {
					throw invalid("hostName: only a reporter token is bound to a host; give kind 'reporter'");
				}
				if (role == null) {
					throw invalid("role: a token of kind 'role' needs one (viewer, verifier, operator or admin)");
				}
				Role parsed;
				try {
					parsed = Role.fromJson(role);
				}
				catch (IllegalArgumentException ex) {
					throw invalid("role: " + ex.getMessage());
				}
				yield new OfRole(parsed, Boolean.TRUE.equals(mayReport));
			}
			case REPORTER -> {
				if (role != null) {
					throw invalid("role: a reporter token has no role; it may report its host and verify"
							+ " migrations that touch it");
				}
				if (mayReport != null) {
					throw invalid("mayReport: a reporter token reports its own host, and no other");
				}
				if (hostName == null) {
					throw invalid("hostName: a reporter token is bound to one host; name it");
				}
				yield new Reporter(hostName);
			}
			default -> throw invalid("kind: '" + kind + "' is neither 'role' nor 'reporter'");
		};
	}

	private static BadRequest invalid(String detail) {
		return new BadRequest("invalid-request", "Invalid request", detail);
	}

}
