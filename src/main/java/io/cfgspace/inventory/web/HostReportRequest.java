package io.cfgspace.inventory.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cfgspace.configspace.DeviceDump;
import io.cfgspace.configspace.ConfigSpaceParser;
import io.cfgspace.inventory.InventoryService;
import io.cfgspace.layout.Json;
import io.cfgspace.registry.web.Dumps;
import io.cfgspace.system.BadRequest;
import io.cfgspace.verification.web.SideRequest.IommuRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * What a host reports: its passthrough devices, its IOMMU (the verification request's
 * shape) and its VMM.
 */
record HostReportRequest(@Size(max = 200) String vmmVersion, @Valid IommuRequest iommu,
		@NotNull @Size(max = MAX_DEVICES) List<@NotNull @Valid DeviceReport> devices,
		@Pattern(regexp = "[a-z0-9][a-z0-9._+-]{0,63}", message = "must be a VMM profile name") String vmmProfile,
		@Pattern(regexp = "[A-Za-z0-9_.-]{1,100}",
				message = "must be a machine type such as pc-q35-9.2") String machineType) {

	/**
	 * More than any host has slots for; the request size limit allows about this many
	 * dumps.
	 */
	static final int MAX_DEVICES = 256;

	/**
	 * One device: its address, and its dump (hex or base64 of the sysfs {@code config}
	 * file with the text of its sysfs {@code resource} file, or lspci text), or the
	 * fingerprint of its physical layout once any host sent that layout's dump.
	 */
	record DeviceReport(
			@NotNull @Pattern(regexp = "[0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\\.[0-7]",
					message = "must be a PCI address DDDD:BB:DD.F") String address,
			@Size(max = Dumps.MAX_DUMP_CHARS) String dump, @Size(max = Dumps.MAX_RESOURCE_CHARS) String resource,
			@Pattern(regexp = "sha256:[0-9a-f]{64}", message = "must be sha256: and 64 hex digits") String fingerprint,
			@Size(max = 64) String driver,
			@Pattern(regexp = "[a-z0-9][a-z0-9._-]{0,39}", message = "must be a variant label") String variant) {

		InventoryService.ReportedDevice read() {
			if ((this.dump == null) == (this.fingerprint == null)) {
				throw new BadRequest("invalid-request", "Invalid request",
						"device " + this.address + ": give either 'dump' or 'fingerprint'");
			}
			String address = this.address.toLowerCase(java.util.Locale.ROOT);
			if (this.dump == null) {
				if (this.resource != null) {
					throw new BadRequest("invalid-request", "Invalid request",
							"device " + this.address + ": 'resource' goes with 'dump'");
				}
				return new InventoryService.ReportedDevice(address, null, null, this.fingerprint, this.driver,
						this.variant);
			}
			DeviceDump dump = Dumps.single(this.dump, this.resource);
			return new InventoryService.ReportedDevice(address, ConfigSpaceParser.parse(dump),
					dump.configSpace().toByteArray(), null, this.driver, this.variant);
		}

	}

	InventoryService.Report read() {
		List<InventoryService.ReportedDevice> read = this.devices.stream().map(DeviceReport::read).toList();
		if (this.iommu == null) {
			return new InventoryService.Report(this.vmmVersion, null, null, read, this.vmmProfile, this.machineType);
		}
		return new InventoryService.Report(this.vmmVersion, Json.canonical(iommuAsSent()),
				this.iommu.toSupport("iommu"), read, this.vmmProfile, this.machineType);
	}

	/** The IOMMU as the host sent it, without the members it left out. */
	private Map<String, Object> iommuAsSent() {
		Map<String, Object> shape = new LinkedHashMap<>();
		if (this.iommu.iommufd() != null) {
			var info = this.iommu.iommufd();
			Map<String, Object> iommufd = new LinkedHashMap<>();
			iommufd.put("maxPasidLog2", (long) info.maxPasidLog2());
			iommufd.put("capabilities", info.capabilities());
			if (info.pageRequests() != null) {
				iommufd.put("pageRequests", info.pageRequests());
			}
			if (info.deviceTlb() != null) {
				iommufd.put("deviceTlb", info.deviceTlb());
			}
			shape.put("iommufd", iommufd);
		}
		if (this.iommu.vtd() != null) {
			shape.put("vtd", Map.of("capability", this.iommu.vtd().capability(), "extendedCapability",
					this.iommu.vtd().extendedCapability()));
		}
		return shape;
	}

}
