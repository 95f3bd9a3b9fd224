package io.cfgspace.planning.core;

import java.util.Map;

import io.cfgspace.layout.Space;

/**
 * A capability the VMM is to synthesize: what it is and what it claims, not where it
 * goes.
 *
 * @param space standard or extended
 * @param id capability ID (PASID 0x1B, PRI 0x13, ATS 0x0F, DVSEC 0x23, VSEC 0x0B, ...)
 * @param version capability version (extended only)
 * @param length bytes the structure needs
 * @param name the capability's name
 * @param fields the read-only fields it claims (e.g. maxPasidWidth)
 */
public record SynthesisRequest(Space space, int id, Integer version, int length, String name,
		Map<String, Object> fields) {

	public SynthesisRequest {
		if (length < 4 || length > 0x400) {
			throw new IllegalArgumentException("a synthesized block is 4 to 1024 bytes long");
		}
		fields = Map.copyOf(fields);
	}

	public static SynthesisRequest pasid(int maxPasidWidth, boolean execute, boolean privileged) {
		return new SynthesisRequest(Space.EXTENDED, 0x1B, 1, 8, "Process Address Space ID (PASID)",
				Map.of("maxPasidWidth", (long) maxPasidWidth, "executePermissionSupported", execute,
						"privilegedModeSupported", privileged));
	}

	public static SynthesisRequest pri(long outstandingPageRequestCapacity) {
		return new SynthesisRequest(Space.EXTENDED, 0x13, 1, 16, "Page Request Interface (PRI)",
				Map.of("outstandingPageRequestCapacity", outstandingPageRequestCapacity));
	}

	public static SynthesisRequest ats(int invalidateQueueDepth, boolean pageAligned) {
		return new SynthesisRequest(Space.EXTENDED, 0x0F, 1, 8, "Address Translation Service (ATS)",
				Map.of("invalidateQueueDepth", (long) invalidateQueueDepth, "pageAlignedRequest", pageAligned));
	}

	/**
	 * A Designated Vendor-Specific capability (0x23): DVSEC Length counts the header, so
	 * it is at least 10 (Header 1 at +4, the DVSEC ID at +8).
	 */
	public static SynthesisRequest dvsec(int vendorId, int dvsecId, int revision, int length) {
		if (length < 10) {
			throw new IllegalArgumentException("a DVSEC is at least 10 bytes long (its headers)");
		}
		return new SynthesisRequest(Space.EXTENDED, 0x23, 1, length, "Designated Vendor-Specific",
				Map.of("dvsecVendorId", (long) vendorId, "dvsecId", (long) dvsecId, "dvsecRevision", (long) revision,
						"dvsecLength", (long) length));
	}

	/**
	 * A Vendor-Specific Extended capability (0x0B): VSEC Length counts the header, so it
	 * is at least 8.
	 */
	public static SynthesisRequest vsec(int vsecId, int revision, int length) {
		if (length < 8) {
			throw new IllegalArgumentException("a VSEC is at least 8 bytes long (its header)");
		}
		return new SynthesisRequest(Space.EXTENDED, 0x0B, 1, length, "Vendor Specific Information",
				Map.of("vsecId", (long) vsecId, "vsecRevision", (long) revision, "vsecLength", (long) length));
	}

}
