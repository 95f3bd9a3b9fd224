package io.cfgspace.configspace.capability;

import static io.cfgspace.configspace.capability.Registers.bits;

/**
 * Resizable BAR (extended 0x0015, and VF Resizable BAR 0x0024): 4 + 8 bytes per BAR; the
 * number of BARs is bits 7:5 of the first control register. The supported sizes are
 * identity, the current size is state.
 */
final class ResizableBar implements CapabilityRule {

	@Override
	public int length(Registers registers, DeviceContext device) {
		return 4 + 8 * barCount(registers);
	}

	@Override
	public void decode(Registers registers, DeviceContext device, Fields fields) {
		int bars = barCount(registers);
		fields.put("bars", bars);
		for (int i = 0; i < bars; i++) {
			long capability = registers.u32(4 + 8 * i);
			long control = registers.u32(8 + 8 * i);
			fields.put("bar" + i + "Index", bits(control, 2, 0))
				.put("bar" + i + "SupportedSizes", bits(capability, 31, 4) | (bits(control, 31, 16) << 28))
				.from(4 + 8 * i, 0xFFFF_FFF0L)
				.from(8 + 8 * i, 0xFFFF_0007L);
		}
		fields.from(8, 0xE0);
	}

	/**
	 * PCIe 6.0 §7.8.6: per resizable BAR, a Resizable BAR Capability register (RO
	 * supported sizes) and a Resizable BAR Control register whose BAR Size (bits 13:8) is
	 * RW; the index, the number of BARs and the additional supported sizes are RO.
	 */
	@Override
	public void registers(Registers registers, DeviceContext device, RegisterTable table) {
		for (int i = 0; i < barCount(registers); i++) {
			table.identity(4 + 8 * i, 4, "Resizable BAR Capability (BAR #)", i)
				.state(8 + 8 * i, 4, "Resizable BAR Control (BAR #)", i, 0x3F00L);
		}
	}

	private static int barCount(Registers registers) {
		return registers.has(8, 4) ? (int) bits(registers.u32(8), 7, 5) : 0;
	}

}
