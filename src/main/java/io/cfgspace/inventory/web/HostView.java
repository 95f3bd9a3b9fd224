package io.cfgspace.inventory.web;

import java.time.Instant;
import java.util.List;

import io.cfgspace.inventory.HostRecord;
import io.cfgspace.layout.Json;

/** A host as the API shows it. */
record HostView(String name, boolean stale, Instant firstSeen, Instant reportedAt, Instant lastSeen, String reportedBy,
		String vmmVersion, Object iommu, List<DeviceView> devices, String vmmProfile, String machineType) {

	record DeviceView(String address, String vendorId, String deviceId, String modelKey, String fingerprint,
			String driver, boolean dump) {

	}

	static HostView of(HostRecord host) {
		return new HostView(host.name(), host.stale(), host.firstSeen(), host.reportedAt(), host.lastSeen(),
				host.reportedBy(), host.vmmVersion(), (host.iommu() != null) ? Json.parse(host.iommu()) : null,
				host.devices()
					.stream()
					.map((d) -> new DeviceView(d.address(), String.format("%04x", d.vendorId()),
							String.format("%04x", d.deviceId()), d.modelKey(), d.fingerprint(), d.driver(), d.dump()))
					.toList(),
				host.vmmProfile(), host.machineType());
	}

	record Page(List<HostView> items, String nextCursor) {

	}

	record Reported(String outcome, HostView host) {

	}

}
