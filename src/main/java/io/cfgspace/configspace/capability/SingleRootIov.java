package io.cfgspace.configspace.capability;

/** Single Root I/O Virtualization (extended 0x0010): 64 bytes. */
final class SingleRootIov implements CapabilityRule {

	@Override
	public int length(Registers registers, DeviceContext device) {
		return 0x40;
	}

	@Override
	public void decode(Registers registers, DeviceContext device, Fields fields) {
		fields.put("sriovCapabilities", registers.u32(0x04))
			.put("initialVfs", registers.u16(0x0C))
			.put("totalVfs", registers.u16(0x0E))
			.put("functionDependencyLink", registers.u8(0x12))
			.put("firstVfOffset", registers.u16(0x14))
			.put("vfStride", registers.u16(0x16))
			.put("vfDeviceId", registers.u16(0x1A))
			.put("supportedPageSizes", registers.u32(0x1C))
			.from(0x04, 0xFFFF_FFFFL)
			.from(0x0C, 0xFFFF_FFFFL)
			.from(0x12, 0xFF)
			.from(0x14, 0xFFFF_FFFFL)
			.from(0x1A, 0xFFFF)
			.from(0x1C, 0xFFFF_FFFFL);
	}

	/** PCIe 6.0 §9.3.3, SR-IOV Extended Capability. */
	@Override
	public void registers(Registers registers, DeviceContext device, RegisterTable table) {
		// §9.3.3.2 SR-IOV Capabilities: RO
		table.identity(0x04, 4, "SR-IOV Capabilities");
		// §9.3.3.3 SR-IOV Control (RW), §9.3.3.4 SR-IOV Status (RW1C)
		table.state(0x08, 2, "SR-IOV Control").state(0x0A, 2, "SR-IOV Status");
		// §9.3.3.5 InitialVFs, §9.3.3.6 TotalVFs: HwInit
		table.identity(0x0C, 2, "InitialVFs").identity(0x0E, 2, "TotalVFs");
		// §9.3.3.7 NumVFs: RW
		table.state(0x10, 2, "NumVFs");
		// §9.3.3.8 Function Dependency Link, §9.3.3.9 First VF Offset, §9.3.3.10 VF
		// Stride, §9.3.3.11 VF Device ID, §9.3.3.12 Supported Page Sizes: RO
		table.identity(0x12, 1, "Function Dependency Link")
			.identity(0x14, 2, "First VF Offset")
			.identity(0x16, 2, "VF Stride")
			.identity(0x1A, 2, "VF Device ID")
			.identity(0x1C, 4, "Supported Page Sizes");
		// §9.3.3.13 System Page Size: RW
		table.state(0x20, 4, "System Page Size");
		// §9.3.3.14 VF BAR0..5: type bits RO, address bits RW
		BaseAddressRegisters.registers(registers, 0x24, 6, "VF BAR#", table);
		// §9.3.3.15 VF Migration State Array Offset: RO
		table.identity(0x3C, 4, "VF Migration State Array Offset");
	}

}
