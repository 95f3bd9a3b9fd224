package io.cfgspace.configspace.capability;

import static io.cfgspace.configspace.capability.Registers.bit;
import static io.cfgspace.configspace.capability.Registers.bits;

/**
 * PCI Express (standard 0x10). Length as vfio computes it from the capability version and
 * device/port type: version 1 is 20 bytes (12 for a root-complex integrated endpoint),
 * later versions {@code PCI_CAP_EXP_ENDPOINT_SIZEOF_V2} = 0x34 (0x2C for an RC integrated
 * endpoint). A 2025 kernel header briefly said 0x32; 0x34 is the corrected value.
 */
final class PciExpress implements CapabilityRule {

	/**
	 * Device Capabilities bits 25:18 (value) and 27:26 (scale) hold the slot power limit
	 * the upstream port sent: platform state (pci_regs.h PCI_EXP_DEVCAP_PWR_VAL,
	 * PCI_EXP_DEVCAP_PWR_SCL).
	 */
	private static final long CAPTURED_SLOT_POWER_LIMIT = 0x0FFC0000L;

	@Override
	public int length(Registers registers, DeviceContext device) {
		int flags = registers.has(2, 2) ? registers.u16(2) : 0;
		boolean integrated = bits(flags, 7, 4) == DeviceContext.PORT_RC_INTEGRATED_ENDPOINT;
		if (bits(flags, 3, 0) == 1) {
			return integrated ? 0x0C : 0x14;
		}
		return integrated ? 0x2C : 0x34;
	}

	@Override
	public void decode(Registers registers, DeviceContext device, Fields fields) {
		int flags = registers.u16(2);
		long version = bits(flags, 3, 0);
		fields.put("version", version)
			.put("portType", bits(flags, 7, 4))
			.flag("slotImplemented", bit(flags, 8))
			.put("interruptMessageNumber", bits(flags, 13, 9));
		if (registers.has(4, 4)) {
			long deviceCapabilities = registers.u32(4);
			fields.put("deviceCapabilities", deviceCapabilities & ~CAPTURED_SLOT_POWER_LIMIT)
				.put("maxPayloadSizeSupported", 128L << bits(deviceCapabilities, 2, 0))
				.flag("functionLevelReset", bit(deviceCapabilities, 28));
		}
		if (registers.has(0x0C, 4)) {
			long linkCapabilities = registers.u32(0x0C);
			fields.put("linkCapabilities", linkCapabilities)
				.put("maxLinkSpeed", bits(linkCapabilities, 3, 0))
				.put("maxLinkWidth", bits(linkCapabilities, 9, 4))
				.put("aspmSupport", bits(linkCapabilities, 11, 10))
				.put("portNumber", bits(linkCapabilities, 31, 24));
		}
		if (bit(flags, 8) && registers.has(0x14, 4)) {
			fields.put("slotCapabilities", registers.u32(0x14));
		}
		if (version >= 2 && registers.has(0x24, 4)) {
			fields.put("deviceCapabilities2", registers.u32(0x24));
		}
		if (version >= 2 && registers.has(0x2C, 4)) {
			fields.put("linkCapabilities2", registers.u32(0x2C));
		}
	}

}
