package io.cfgspace.layout;

/**
 * The read-only identity fields of a configuration header (PCI spec, type 0 and type 1
 * headers). Subsystem IDs are {@code null} where the header type has none and no Bridge
 * Subsystem ID capability supplies them.
 */
public record Identity(int vendorId, int deviceId, int revisionId, int classCode, int headerType, boolean multifunction,
		Integer subsystemVendorId, Integer subsystemId, int capabilitiesPointer) {

	public static final int TYPE_ENDPOINT = 0;

	public static final int TYPE_BRIDGE = 1;

	public static final int TYPE_CARDBUS = 2;

}
