package io.cfgspace.configspace.capability;

import static io.cfgspace.configspace.capability.Registers.bit;
import static io.cfgspace.configspace.capability.Registers.bits;

/**
 * MSI (standard 0x05, PCIe 6.0 §7.7.1). vfio sizes it from Message Control: 10 bytes, +4
 * with a 64-bit address, +10 with per-vector masking (10, 14, 20 or 24).
 */
final class Msi implements CapabilityRule {

	/**
	 * Message Control: MSI Enable 0, Multiple Message Enable 6:4 and Extended Message
	 * Data Enable 10 are RW; the capable bits are RO.
	 */
	private static final long MESSAGE_CONTROL_STATE = 0x0471L;

	@Override
	public int length(Registers registers, DeviceContext device) {
		if (!registers.has(2, 2)) {
			return 10;
		}
		int control = registers.u16(2);
		return 10 + (bit(control, 7) ? 4 : 0) + (bit(control, 8) ? 10 : 0);
	}

	@Override
	public void decode(Registers registers, DeviceContext device, Fields fields) {
		int control = registers.u16(2);
		fields.put("multipleMessageCapable", 1L << bits(control, 3, 1))
			.flag("address64", bit(control, 7))
			.flag("perVectorMasking", bit(control, 8))
			.flag("extendedMessageDataCapable", bit(control, 9))
			.from(2, 0x038E);
	}

	/**
	 * §7.7.1.2 Message Control; §7.7.1.3 to §7.7.1.6 address and data, written by
	 * software; §7.7.1.7 Mask Bits (RW) and §7.7.1.8 Pending Bits (RO live). The Extended
	 * Message Data register follows Message Data, past vfio's length of a structure
	 * without masking.
	 */
	@Override
	public void registers(Registers registers, DeviceContext device, RegisterTable table) {
		int control = registers.has(2, 2) ? registers.u16(2) : 0;
		table.state(0x02, 2, "Message Control", MESSAGE_CONTROL_STATE).state(0x04, 4, "Message Address");
		int data = 0x08;
		if (bit(control, 7)) {
			table.state(0x08, 4, "Message Upper Address");
			data = 0x0C;
		}
		table.state(data, 2, "Message Data").state(data + 2, 2, "Extended Message Data");
		if (bit(control, 8)) {
			table.state(data + 4, 4, "Mask Bits").state(data + 8, 4, "Pending Bits");
		}
	}

}
