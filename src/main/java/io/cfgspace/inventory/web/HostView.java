package io.cfgspace.inventory.web;

import java.time.Instant;
import java.util.List;

import io.cfgspace.inventory.HostRecord;
import io.cfgspace.layout.Json;

/** A host as the API shows it. */
record HostView(String name, boolean stale, Instant firstSeen, Instant reportedAt, Instant lastSeen, String reportedBy,
		String vmmVersion, Object iommu, List<DeviceView> devices, int unmodelledDevices, String vmmProfile,
		String machineType) {

	/**
	 * Identity fields in hex as lspci writes them; {@code modelKey} or else the reason.
	 */
	record DeviceView(String address, String vendorId, String deviceId, String subsystemVendorId, String subsystemId,
			String revisionId, String classCode, String variant, String modelKey, String unmodelledReason,
			String fingerprint, String driver, boolean dump) {

		static DeviceView of(HostRecord.Device d) {
			return new DeviceView(d.address(), hex(d.vendorId(), 4), hex(d.deviceId(), 4),
					(d.subsystemVendorId() != null) ? hex(d.subsystemVendorId(), 4) : null,
					(d.subsystemId() != null) ? hex(d.subsystemId(), 4) : null, hex(d.revisionId(), 2),
					hex(d.classCode(), 6), d.variant(), d.modelKey(), d.unmodelledReason(), d.fingerprint(), d.driver(),
					d.dump());
		}

		private static String hex(int value, int digits) {
			return String.format("%0" + digits + "x", value);
		}

	}

	static HostView of(HostRecord host) {
		return new HostView(host.name(), host.stale(), host.firstSeen(), host.reportedAt(), host.lastSeen(),
				host.reportedBy(), host.vmmVersion(), (host.iommu() != null) ? Json.parse(host.iommu()) : null,
				host.devices().stream().map(DeviceView::of).toList(), host.unmodelledDevices().size(),
				host.vmmProfile(), host.machineType());
	}

	record Page(List<HostView> items, String nextCursor) {

	}

	record Reported(String outcome, HostView host) {

	}

}
