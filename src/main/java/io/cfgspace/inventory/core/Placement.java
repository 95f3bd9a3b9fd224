package io.cfgspace.inventory.core;

import java.time.Instant;
import java.util.List;

import io.cfgspace.verification.core.Finding;

/**
 * Where one VM can go: every fresh host that can present each of its pinned layouts
 * exactly, with the device each VM device would get; every other fresh host with what
 * rules it out; and the stale hosts, which are not judged on an old report.
 */
public record Placement(List<Fit> fits, List<Rejection> rejections, List<StaleHost> stale) {

	public Placement {
		fits = List.copyOf(fits);
		rejections = List.copyOf(rejections);
		stale = List.copyOf(stale);
	}

	/** A host that can take the VM, and which of its devices each VM device gets. */
	public record Fit(String host, Instant lastSeen, List<Assignment> assignments) {

		public Fit {
			assignments = List.copyOf(assignments);
		}

	}

	/** VM device {@code device} (its index in the request) goes to this host device. */
	public record Assignment(int device, String hostAddress) {

	}

	/**
	 * A host that cannot take the VM, with a reason per VM device left without a place.
	 */
	public record Rejection(String host, Instant lastSeen, List<Reason> reasons) {

		public Rejection {
			reasons = List.copyOf(reasons);
		}

	}

	/**
	 * Why VM device {@code device} has no place on a host.
	 *
	 * @param candidates the host's devices of the pinned vendor and device ID, each with
	 * the findings that rule it out (empty for one that fits but is taken)
	 */
	public record Reason(int device, ReasonCode code, String message, List<Candidate> candidates) {

		public Reason {
			candidates = List.copyOf(candidates);
		}

	}

	/** What keeps a VM device from a host; stable values of the API. */
	public enum ReasonCode {

		/** The host has no device of the pinned vendor and device ID. */
		NO_SUCH_DEVICE,
		/** The host has devices of that ID, but none presents the pinned layout. */
		NO_DEVICE_PRESENTS_PIN,
		/**
		 * Devices that present the pinned layout exist, but fewer than the VM needs: the
		 * other VM devices take them.
		 */
		TOO_FEW_DEVICES,
		/**
		 * The host's VMM profile cannot build the pinned layout (a synthesized block it
		 * cannot place there, a capability it hides or shows against the pin).
		 */
		VMM_PROFILE_CANNOT_BUILD,
		/**
		 * The pinned version is a four-eyes proposal nobody approved yet: a verification
		 * against it is INCONSISTENT on every host.
		 */
		PIN_NOT_APPROVED

	}

	/** A host device considered for a VM device, and why it does not fit. */
	public record Candidate(String address, List<Finding> findings) {

		public Candidate {
			findings = List.copyOf(findings);
		}

	}

	/** A host whose last report is too old to be trusted. */
	public record StaleHost(String host, Instant lastSeen) {

	}

}
