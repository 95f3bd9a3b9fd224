package io.cfgspace.inventory;

import java.time.Instant;
import java.util.List;

/**
 * A host as the inventory lists it: its last report, and when it was seen.
 *
 * @param iommu the IOMMU as the host described it (JSON), or {@code null}
 * @param reportedAt when the report's content last changed
 * @param lastSeen when the host last reported, changed or not
 * @param stale whether the host was not heard from within the stale-after time
 * @param vmmProfile the host's VMM profile (named or resolved when it reported), or
 * {@code null}
 * @param machineType the machine type it reported, or {@code null}
 */
public record HostRecord(long id, String name, String vmmVersion, String iommu, Instant firstSeen, Instant reportedAt,
		Instant lastSeen, String reportedBy, boolean stale, List<Device> devices, String vmmProfile,
		String machineType) {

	public HostRecord {
		devices = List.copyOf(devices);
	}

	/**
	 * A reported device, without its layout.
	 *
	 * @param subsystemVendorId the subsystem vendor ID, or {@code null} where the header
	 * has none
	 * @param variant the variant the host named, or {@code null}
	 * @param modelKey its device model, or {@code null} when unmodelled
	 * @param unmodelledReason why no model claims it, or {@code null} when it has one
	 */
	public record Device(String address, int vendorId, int deviceId, Integer subsystemVendorId, Integer subsystemId,
			int revisionId, int classCode, String variant, String modelKey, String unmodelledReason, String fingerprint,
			String driver, boolean dump) {

		public boolean unmodelled() {
			return this.unmodelledReason != null;
		}

	}

	/** The devices no model claims: they are never offered for a VM. */
	public List<Device> unmodelledDevices() {
		return this.devices.stream().filter(Device::unmodelled).toList();
	}

	HostRecord withDevices(List<Device> all) {
		return new HostRecord(this.id, this.name, this.vmmVersion, this.iommu, this.firstSeen, this.reportedAt,
				this.lastSeen, this.reportedBy, this.stale, all, this.vmmProfile, this.machineType);
	}

}
