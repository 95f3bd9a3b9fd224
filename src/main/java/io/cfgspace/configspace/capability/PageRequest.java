package io.cfgspace.configspace.capability;

import static io.cfgspace.configspace.capability.Registers.bit;

/**
 * Page Request Interface (extended 0x0013): 16 bytes. Of the status register only bit 15
 * (PRG Response PASID Required) is identity; the rest is state.
 */
final class PageRequest implements CapabilityRule {

	@Override
	public int length(Registers registers, DeviceContext device) {
		return 16;
	}

	@Override
	public void decode(Registers registers, DeviceContext device, Fields fields) {
		fields.flag("prgResponsePasidRequired", bit(registers.u16(6), 15))
			.put("outstandingPageRequestCapacity", registers.u32(8))
			.from(6, 0x8000)
			.from(8, 0xFFFF_FFFFL);
	}

	@Override
	public void registers(Registers registers, DeviceContext device, RegisterTable table) {
		// PCIe 6.0 §10.5.2.2 Page Request Control Register: RW (Enable, Reset)
		table.state(0x04, 2, "Page Request Control");
		// §10.5.2.3 Page Request Status Register: Response Failure and Unexpected Page
		// Request Group Index (RW1C), Stopped (RO live); PRG Response PASID Required (RO)
		// is identity
		table.state(0x06, 2, "Page Request Status", 0x7FFFL);
		// §10.5.2.4 Outstanding Page Request Capacity: RO; §10.5.2.5 Outstanding Page
		// Request Allocation: RW
		table.identity(0x08, 4, "Outstanding Page Request Capacity")
			.state(0x0C, 4, "Outstanding Page Request Allocation");
	}

}
