package io.cfgspace.configspace.capability;

import static io.cfgspace.configspace.capability.Registers.bit;
import static io.cfgspace.configspace.capability.Registers.bits;

/** Power Management (standard 0x01): 8 bytes; PMC at +2 is read-only. */
final class PowerManagement implements CapabilityRule {

	@Override
	public int length(Registers registers, DeviceContext device) {
		return 8;
	}

	@Override
	public void decode(Registers registers, DeviceContext device, Fields fields) {
		int pmc = registers.u16(2);
		fields.put("version", bits(pmc, 2, 0))
			.flag("pmeClock", bit(pmc, 3))
			.flag("deviceSpecificInitialization", bit(pmc, 5))
			.put("auxCurrent", bits(pmc, 8, 6))
			.flag("d1Support", bit(pmc, 9))
			.flag("d2Support", bit(pmc, 10))
			.put("pmeSupport", bits(pmc, 15, 11));
		if (registers.has(4, 2)) {
			fields.flag("noSoftReset", bit(registers.u16(4), 3));
		}
	}

}
