package io.cfgspace.configspace.capability;

import static io.cfgspace.configspace.capability.Registers.bit;
import static io.cfgspace.configspace.capability.Registers.bits;

/**
 * Address Translation Service (extended 0x000F): 8 bytes; a queue depth of 0 means 32.
 */
final class AddressTranslation implements CapabilityRule {

	@Override
	public int length(Registers registers, DeviceContext device) {
		return 8;
	}

	@Override
	public void decode(Registers registers, DeviceContext device, Fields fields) {
		int capability = registers.u16(4);
		long depth = bits(capability, 4, 0);
		fields.put("invalidateQueueDepth", (depth == 0) ? 32 : depth)
			.flag("pageAlignedRequest", bit(capability, 5))
			.flag("globalInvalidateSupported", bit(capability, 6))
			.flag("relaxedOrderingSupported", bit(capability, 7))
			.from(4, 0x00FF);
	}

	@Override
	public void registers(Registers registers, DeviceContext device, RegisterTable table) {
		// PCIe 6.0 §10.5.1.2 ATS Capability Register: RO; §10.5.1.3 ATS Control Register:
		// RW (Smallest Translation Unit, Enable)
		table.identity(0x04, 2, "ATS Capability").state(0x06, 2, "ATS Control");
	}

}
