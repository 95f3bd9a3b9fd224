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
			.put("supportedPageSizes", registers.u32(0x1C));
	}

}
