package io.cfgspace.configspace.capability;

import static io.cfgspace.configspace.capability.Registers.bit;
import static io.cfgspace.configspace.capability.Registers.bits;

/**
 * Variable-length capabilities without decoded fields. Each rule names its source: vfio's
 * own rule where vfio sizes the capability, else the register map in the PCIe spec.
 */
final class LengthRules {

	private LengthRules() {
	}

	/**
	 * PCI-X (standard 0x07): vfio reads the version from bits 13:12 at +2; 8 bytes for
	 * version 0, else 24.
	 */
	static int pciX(Registers registers, DeviceContext device) {
		if (device.headerType() == 1) {
			// bridge layout: secondary status, bridge status, two split transaction
			// controls
			return 16;
		}
		return (registers.has(2, 2) && bits(registers.u16(2), 13, 12) != 0) ? 24 : 8;
	}

	/**
	 * HyperTransport (standard 0x08), sized by its capability type (bits 7:3 of the byte
	 * at +3) from the HyperTransport register maps. vfio only tells slave/primary (28)
	 * from everything else (24), which makes the 8- and 12-byte blocks real chipsets
	 * chain back to back look like overlaps.
	 */
	static int hyperTransport(Registers registers, DeviceContext device) {
		if (!registers.has(3, 1)) {
			return 28;
		}
		int type = registers.u8(3) >> 3;
		if (type < 0b00100) {
			return 28;
		}
		if (type < 0b01000) {
			return 24;
		}
		return switch (type) {
			case 0b01000 -> 24;
			case 0b10000 -> 8;
			case 0b10001 -> 4;
			case 0b10010, 0b10011, 0b10101, 0b10110, 0b11000 -> 12;
			case 0b10100 -> addressMapping(registers);
			case 0b10111 -> 16;
			default -> CapabilityRule.BOUNDED;
		};
	}

	private static int addressMapping(Registers registers) {
		int command = registers.u16(2);
		if (bits(command, 10, 9) == 1) {
			return 16;
		}
		return 12 + 8 * (int) bits(command, 3, 0);
	}

	/** Vendor Specific (standard 0x09): the byte at +2 counts the whole structure. */
	static int vendorSpecific(Registers registers, DeviceContext device) {
		return registers.has(2, 1) ? registers.u8(2) : 3;
	}

	/**
	 * SATA (standard 0x12): vfio, 16 bytes when the registers are inline (0xF at +4),
	 * else 8.
	 */
	static int sata(Registers registers, DeviceContext device) {
		return (registers.has(4, 1) && (registers.u8(4) & 0xF) == 0xF) ? 16 : 8;
	}

	/**
	 * Enhanced Allocation (standard 0x14): a 4-byte header (8 for a bridge, which adds
	 * its fixed bus numbers), then each entry: one dword plus Entry Size dwords.
	 */
	static int enhancedAllocation(Registers registers, DeviceContext device) {
		if (!registers.has(2, 1)) {
			return 4;
		}
		int entries = (int) bits(registers.u8(2), 5, 0);
		int at = (device.headerType() == 1) ? 8 : 4;
		for (int i = 0; i < entries && registers.has(at, 4) && at < 0xC0; i++) {
			at += 4 + 4 * (int) bits(registers.u32(at), 2, 0);
		}
		return at;
	}

	/**
	 * Virtual Channel (extended 0x0002, 0x0009) and Multi-Function VC (0x0008), vfio's
	 * rule: 0x10 plus 12 bytes per VC resource, then the VC arbitration table if one is
	 * advertised.
	 */
	static int virtualChannel(Registers registers, DeviceContext device) {
		if (!registers.has(4, 8)) {
			return 0x10;
		}
		int resources = 1 + (int) bits(registers.u32(4), 2, 0);
		int length = 0x10 + resources * 0x0C;
		long capability2 = registers.u32(8);
		int phases = bit(capability2, 3) ? 128 : bit(capability2, 2) ? 64 : bit(capability2, 1) ? 32 : 0;
		if (phases > 0) {
			length = (length + 15) / 16 * 16 + phases * 4 / 8;
		}
		return length;
	}

	/**
	 * Dynamic Power Allocation (extended 0x0016), vfio: 16 bytes plus one per substate.
	 */
	static int dynamicPowerAllocation(Registers registers, DeviceContext device) {
		return 16 + (registers.has(4, 1) ? (int) bits(registers.u8(4), 4, 0) + 1 : 0);
	}

	/**
	 * TPH Requester (extended 0x0017), vfio: 12 bytes, plus the steering table (2 bytes
	 * per entry, size encoded N-1) when it lives in the capability.
	 */
	static int tphRequester(Registers registers, DeviceContext device) {
		if (!registers.has(4, 4)) {
			return 12;
		}
		long capability = registers.u32(4);
		if ((capability & 0x600) == 0x200) {
			return 12 + (int) bits(capability, 26, 16) * 2 + 2;
		}
		return 12;
	}

	/**
	 * Downstream Port Containment (extended 0x001D): 0x0C bytes up to the error source
	 * ID; with RP Extensions the RP PIO registers to +0x20 and then RP PIO Log Size
	 * dwords of logs.
	 */
	static int downstreamPortContainment(Registers registers, DeviceContext device) {
		if (!registers.has(4, 2) || !bit(registers.u16(4), 5)) {
			return 0x0C;
		}
		int capability = registers.u16(4);
		// bit 12 is DL_Active ERR_COR Signaling; RP PIO Log Size [4] is bit 13
		// (pci_regs.h PCI_EXP_DPC_CAP_DL_ACTIVE, PCI_EXP_DPC_RP_PIO_LOG_SIZE4)
		int logSize = (int) (bits(capability, 11, 8) | (bits(capability, 13, 13) << 4));
		return 0x20 + 4 * logSize;
	}

	/**
	 * Root Complex Link Declaration (extended 0x0005): 16 bytes, then 16 per link entry.
	 */
	static int rootComplexLinkDeclaration(Registers registers, DeviceContext device) {
		return 0x10 + (registers.has(5, 1) ? registers.u8(5) * 16 : 0);
	}

	/**
	 * RC Event Collector Endpoint Association (extended 0x0007): bitmap, plus bus numbers
	 * from version 2.
	 */
	static int eventCollectorAssociation(Registers registers, DeviceContext device) {
		return (registers.has(2, 1) && bits(registers.u8(2), 3, 0) >= 2) ? 12 : 8;
	}

	/**
	 * Secondary PCI Express (extended 0x0019): 12 bytes, then one 16-bit Lane
	 * Equalization Control register per lane of the maximum link width.
	 */
	static int secondaryExpress(Registers registers, DeviceContext device) {
		return dwordAligned(0x0C + 2 * lanes(device));
	}

	/**
	 * Physical Layer 16.0 and 32.0 GT/s (extended 0x0026, 0x002A): 0x20 bytes, then one
	 * byte per lane.
	 */
	static int physicalLayer16Or32(Registers registers, DeviceContext device) {
		return dwordAligned(0x20 + lanes(device));
	}

	/** Physical Layer 64.0 GT/s (extended 0x0031): 0x10 bytes, then one byte per lane. */
	static int physicalLayer64(Registers registers, DeviceContext device) {
		return dwordAligned(0x10 + lanes(device));
	}

	/**
	 * Lane Margining at the Receiver (extended 0x0027): 8 bytes, then a control and
	 * status word per lane.
	 */
	static int laneMargining(Registers registers, DeviceContext device) {
		return 0x08 + 4 * lanes(device);
	}

	static int lanes(DeviceContext device) {
		// without a known link width, assume the widest link the spec allows
		return (device.maxLinkWidth() > 0) ? device.maxLinkWidth() : 32;
	}

	private static int dwordAligned(int length) {
		return (length + 3) & ~3;
	}

}
