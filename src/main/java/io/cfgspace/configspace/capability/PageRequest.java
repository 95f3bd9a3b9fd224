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
			.put("outstandingPageRequestCapacity", registers.u32(8));
	}

}
