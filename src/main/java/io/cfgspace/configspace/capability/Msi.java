package io.cfgspace.configspace.capability;

import static io.cfgspace.configspace.capability.Registers.bit;
import static io.cfgspace.configspace.capability.Registers.bits;

/**
 * MSI (standard 0x05). vfio sizes it from Message Control: 10 bytes, +4 with a 64-bit
 * address, +10 with per-vector masking (10, 14, 20 or 24).
 */
final class Msi implements CapabilityRule {

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
			.flag("extendedMessageDataCapable", bit(control, 9));
	}

}
