package io.cfgspace.configspace.capability;

import static io.cfgspace.configspace.capability.Registers.bits;

/** MSI-X (standard 0x11): 12 bytes; table size is encoded N-1. */
final class MsiX implements CapabilityRule {

	@Override
	public int length(Registers registers, DeviceContext device) {
		return 12;
	}

	@Override
	public void decode(Registers registers, DeviceContext device, Fields fields) {
		fields.put("tableSize", bits(registers.u16(2), 10, 0) + 1);
		long table = registers.u32(4);
		long pba = registers.u32(8);
		fields.put("tableBir", bits(table, 2, 0))
			.put("tableOffset", table & ~7L)
			.put("pbaBir", bits(pba, 2, 0))
			.put("pbaOffset", pba & ~7L);
	}

}
