package io.cfgspace.configspace.capability;

import static io.cfgspace.configspace.capability.Registers.bits;

/** MSI-X (standard 0x11, PCIe 6.0 §7.7.2): 12 bytes; table size is encoded N-1. */
final class MsiX implements CapabilityRule {

	@Override
	public int length(Registers registers, DeviceContext device) {
		return 12;
	}

	@Override
	public void decode(Registers registers, DeviceContext device, Fields fields) {
		fields.put("tableSize", bits(registers.u16(2), 10, 0) + 1).from(2, 0x07FF);
		long table = registers.u32(4);
		long pba = registers.u32(8);
		fields.put("tableBir", bits(table, 2, 0))
			.put("tableOffset", table & ~7L)
			.put("pbaBir", bits(pba, 2, 0))
			.put("pbaOffset", pba & ~7L)
			.from(4, 0xFFFF_FFFFL)
			.from(8, 0xFFFF_FFFFL);
	}

	@Override
	public void registers(Registers registers, DeviceContext device, RegisterTable table) {
		// §7.7.2.2 Message Control: Function Mask 14 and MSI-X Enable 15 are RW
		table.state(0x02, 2, "Message Control", 0xC000L);
		// §7.7.2.3 Table Offset/Table BIR, §7.7.2.4 PBA Offset/PBA BIR: RO
		table.identity(0x04, 4, "Table Offset/Table BIR").identity(0x08, 4, "PBA Offset/PBA BIR");
	}

}
