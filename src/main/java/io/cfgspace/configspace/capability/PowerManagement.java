package io.cfgspace.configspace.capability;

import static io.cfgspace.configspace.capability.Registers.bit;
import static io.cfgspace.configspace.capability.Registers.bits;

/** Power Management (standard 0x01, PCIe 6.0 §7.5.2): 8 bytes; PMC at +2 is read-only. */
final class PowerManagement implements CapabilityRule {

	/**
	 * PMCSR: PowerState 1:0 (RW), PME_En 8 (RWS), Data_Select 12:9 (RW), Data_Scale 14:13
	 * (RO, follows Data_Select), PME_Status 15 (RW1CS). No_Soft_Reset (bit 3) is RO
	 * identity; bits 2 and 7:4 are reserved.
	 */
	private static final long PMCSR_STATE = 0xFF03L;

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
			.put("pmeSupport", bits(pmc, 15, 11))
			.from(2, 0xFFEF);
		if (registers.has(4, 2)) {
			fields.flag("noSoftReset", bit(registers.u16(4), 3)).from(4, 0x0008);
		}
	}

	@Override
	public void registers(Registers registers, DeviceContext device, RegisterTable table) {
		// §7.5.2.1 Power Management Capabilities (PMC): RO
		table.identity(0x02, 2, "Power Management Capabilities");
		// §7.5.2.2 Power Management Control/Status (PMCSR)
		table.state(0x04, 2, "Power Management Control/Status", PMCSR_STATE);
		// the PCI-to-PCI Bridge Support Extensions byte (PCI PM 1.2 §3.2.5): RO
		table.identity(0x06, 1, "PMCSR_BSE Bridge Support Extensions");
		// §7.5.2.3 Data: RO, but its value is the one Data_Select picks
		table.state(0x07, 1, "Data");
	}

}
