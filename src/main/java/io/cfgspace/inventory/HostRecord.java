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

	/** A reported device, without its layout. */
	public record Device(String address, int vendorId, int deviceId, String modelKey, String fingerprint, String driver,
			boolean dump) {

	}

	HostRecord withDevices(List<Device> all) {
		return new HostRecord(this.id, this.name, this.vmmVersion, this.iommu, this.firstSeen, this.reportedAt,
				this.lastSeen, this.reportedBy, this.stale, all, this.vmmProfile, this.machineType);
	}

}
