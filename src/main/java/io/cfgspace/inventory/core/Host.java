package io.cfgspace.inventory.core;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import io.cfgspace.verification.core.IommuSupport;

/**
 * A hypervisor host as the inventory knows it from its last report.
 *
 * @param name the host's name, as orchestrators call it
 * @param devices the passthrough devices, ordered by address
 * @param iommu what the host's IOMMU offers, or {@code null} when the host did not say
 * (then no synthesized PASID, PRI or ATS block can be placed there)
 * @param lastSeen when the host last reported, changed or not
 */
public record Host(String name, List<HostDevice> devices, IommuSupport iommu, Instant lastSeen) {

	public Host {
		devices = devices.stream().sorted(Comparator.comparing(HostDevice::address)).toList();
	}

	/**
	 * A host not heard from since {@code staleBefore} may have lost or swapped devices:
	 * its report is not trusted for placement.
	 */
	public boolean staleAt(Instant staleBefore) {
		return this.lastSeen.isBefore(staleBefore);
	}

}
