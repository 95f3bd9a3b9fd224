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
				.put("bar" + i + "SupportedSizes", bits(capability, 31, 4) | (bits(control, 31, 16) << 28));
		}
	}

	private static int barCount(Registers registers) {
		return registers.has(8, 4) ? (int) bits(registers.u32(8), 7, 5) : 0;
	}

}
