package io.cfgspace.configspace.capability;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The registers of the configuration header: type 0 (PCIe 6.0 §7.5.1.1 and §7.5.1.2),
 * type 1 (§7.5.1.3) and the CardBus type 2 (PC Card Standard, Electrical Specification
 * §5), with their state bits. The identity fields that the layout decodes (vendor,
 * device, revision, class, header type, subsystem, capabilities pointer) are compared by
 * name.
 */
public final class ConfigurationHeader {

	/** Status bits 3 (Interrupt Status, RO live), 8 and 11..15 (error bits, RW1C). */
	private static final long STATUS_STATE = 0xF908L;

	/**
	 * Secondary Status of a bridge: bits 8 and 11..15 are the error bits (RW1C); 5, 7, 9
	 * and 10 say what the secondary interface is capable of.
	 */
	private static final long SECONDARY_STATUS_STATE = 0xF900L;

	/**
	 * Expansion ROM Base Address: bit 0 enable (RW), bits 3:1 ROM Validation Status and
	 * 7:4 Validation Details (RO, the outcome of the device's own validation), bits 31:11
	 * the address (RW); bits 10:8 are reserved.
	 */
	private static final long EXPANSION_ROM_STATE = 0xFFFF_F8FFL;

	/**
	 * BIST: bit 6 Start BIST (RW) and bits 3:0 Completion Code (RO, the last run's
	 * result); bit 7 BIST Capable is identity.
	 */
	private static final long BIST_STATE = 0x4FL;

	/**
	 * I/O Base and Limit: bits 7:4 are the address (RW), 3:0 the addressing capability.
	 */
	private static final long IO_WINDOW_STATE = 0xF0L;

	/** Memory windows: bits 15:4 are the address (RW), 3:0 say 32- or 64-bit (RO). */
	private static final long MEMORY_WINDOW_STATE = 0xFFF0L;

	private ConfigurationHeader() {
	}

	/** The header's registers, by its header type (bits 6:0 of the byte at 0x0E). */
	public static void registers(Registers header, int headerType, RegisterTable table) {
		// §7.5.1.1.1, .2: identity
		table.identity(0x00, 2, "Vendor ID").identity(0x02, 2, "Device ID");
		// §7.5.1.1.3 Command: every defined bit is RW
		table.state(0x04, 2, "Command");
		// §7.5.1.1.4 Status
		table.state(0x06, 2, "Status", STATUS_STATE);
		// §7.5.1.1.5, .6: identity
		table.identity(0x08, 1, "Revision ID")
			.identity(0x09, 1, "Class Code (Programming Interface)")
			.identity(0x0A, 1, "Class Code (Sub-Class)")
			.identity(0x0B, 1, "Class Code (Base Class)");
		// §7.5.1.1.7 Cache Line Size and §7.5.1.1.8 Latency Timer: RW
		table.state(0x0C, 1, "Cache Line Size").state(0x0D, 1, "Latency Timer");
		// §7.5.1.1.9 Header Type: identity
		table.identity(0x0E, 1, "Header Type");
		// §7.5.1.1.10 BIST
		table.state(0x0F, 1, "BIST", BIST_STATE);
		switch (headerType) {
			case 1 -> bridge(header, table);
			case 2 -> cardBus(table);
			default -> endpoint(header, table);
		}
	}

	/**
	 * The bits of the header that the layout's identity decodes: vendor, device,
	 * revision, class, header type with the multifunction bit, the subsystem IDs where
	 * the header has them, and the capabilities pointer.
	 */
	public static List<Fields.Source> identity(int headerType) {
		List<Fields.Source> common = List.of(new Fields.Source(0x00, 0xFFFF_FFFFL),
				new Fields.Source(0x08, 0xFFFF_FFFFL), new Fields.Source(0x0E, 0xFF));
		return switch (headerType) {
			case 0 -> concat(common, new Fields.Source(0x2C, 0xFFFF_FFFFL), new Fields.Source(0x34, 0xFF));
			case 2 -> concat(common, new Fields.Source(0x40, 0xFFFF_FFFFL), new Fields.Source(0x14, 0xFF));
			default -> concat(common, new Fields.Source(0x34, 0xFF));
		};
	}

	private static List<Fields.Source> concat(List<Fields.Source> common, Fields.Source... more) {
		return Stream.concat(common.stream(), Arrays.stream(more)).toList();
	}

	private static void endpoint(Registers header, RegisterTable table) {
		// §7.5.1.2.1 Base Address Registers
		BaseAddressRegisters.registers(header, 0x10, 6, "Base Address Register #", table);
		// §7.5.1.2.2 Cardbus CIS Pointer, §7.5.1.2.3 Subsystem IDs: identity
		table.identity(0x28, 4, "Cardbus CIS Pointer")
			.identity(0x2C, 2, "Subsystem Vendor ID")
			.identity(0x2E, 2, "Subsystem ID");
		// §7.5.1.2.4 Expansion ROM Base Address
		table.state(0x30, 4, "Expansion ROM Base Address", EXPANSION_ROM_STATE);
		// §7.5.1.1.11 Capabilities Pointer
		table.identity(0x34, 1, "Capabilities Pointer");
		// §7.5.1.1.12 Interrupt Line: RW, software's scratch; §7.5.1.1.13 Interrupt Pin:
		// RO
		table.state(0x3C, 1, "Interrupt Line").identity(0x3D, 1, "Interrupt Pin");
		// §7.5.1.2.5 Min_Gnt and Max_Lat: RO
		table.identity(0x3E, 1, "Min_Gnt").identity(0x3F, 1, "Max_Lat");
	}

	private static void bridge(Registers header, RegisterTable table) {
		// §7.5.1.3.1 Type 1 Base Address Registers
		BaseAddressRegisters.registers(header, 0x10, 2, "Base Address Register #", table);
		// §7.5.1.3.2 .. .5: bus numbers and the secondary latency timer, all RW
		table.state(0x18, 1, "Primary Bus Number")
			.state(0x19, 1, "Secondary Bus Number")
			.state(0x1A, 1, "Subordinate Bus Number")
			.state(0x1B, 1, "Secondary Latency Timer");
		// §7.5.1.3.6 I/O Base and I/O Limit
		table.state(0x1C, 1, "I/O Base", IO_WINDOW_STATE).state(0x1D, 1, "I/O Limit", IO_WINDOW_STATE);
		// §7.5.1.3.7 Secondary Status
		table.state(0x1E, 2, "Secondary Status", SECONDARY_STATUS_STATE);
		// §7.5.1.3.8 Memory Base and Limit, §7.5.1.3.9 Prefetchable Memory Base and Limit
		table.state(0x20, 2, "Memory Base", MEMORY_WINDOW_STATE)
			.state(0x22, 2, "Memory Limit", MEMORY_WINDOW_STATE)
			.state(0x24, 2, "Prefetchable Memory Base", MEMORY_WINDOW_STATE)
			.state(0x26, 2, "Prefetchable Memory Limit", MEMORY_WINDOW_STATE);
		// §7.5.1.3.10 Prefetchable Base/Limit Upper 32 Bits, §7.5.1.3.11 I/O Base/Limit
		// Upper 16 Bits: RW
		table.state(0x28, 4, "Prefetchable Base Upper 32 Bits")
			.state(0x2C, 4, "Prefetchable Limit Upper 32 Bits")
			.state(0x30, 2, "I/O Base Upper 16 Bits")
			.state(0x32, 2, "I/O Limit Upper 16 Bits");
		table.identity(0x34, 1, "Capabilities Pointer");
		// §7.5.1.3.12 Expansion ROM Base Address, at 0x38 in a type 1 header
		table.state(0x38, 4, "Expansion ROM Base Address", EXPANSION_ROM_STATE);
		table.state(0x3C, 1, "Interrupt Line").identity(0x3D, 1, "Interrupt Pin");
		// §7.5.1.3.13 Bridge Control: RW, one RW1C bit
		table.state(0x3E, 2, "Bridge Control");
	}

	private static void cardBus(RegisterTable table) {
		// PC Card Standard, CardBus bridge configuration registers: the socket registers'
		// base, the bus numbers, the memory and I/O windows are all set by software
		table.state(0x10, 4, "CardBus Socket/ExCA Base Address", 0xFFFF_F000L)
			.identity(0x14, 1, "Capabilities Pointer")
			.state(0x16, 2, "Secondary Status", SECONDARY_STATUS_STATE)
			.state(0x18, 1, "PCI Bus Number")
			.state(0x19, 1, "CardBus Bus Number")
			.state(0x1A, 1, "Subordinate Bus Number")
			.state(0x1B, 1, "CardBus Latency Timer")
			.state(0x1C, 4, "Memory Base 0")
			.state(0x20, 4, "Memory Limit 0")
			.state(0x24, 4, "Memory Base 1")
			.state(0x28, 4, "Memory Limit 1")
			.state(0x2C, 4, "I/O Base 0", 0xFFFF_FFFCL)
			.state(0x30, 4, "I/O Limit 0", 0xFFFF_FFFCL)
			.state(0x34, 4, "I/O Base 1", 0xFFFF_FFFCL)
			.state(0x38, 4, "I/O Limit 1", 0xFFFF_FFFCL)
			.state(0x3C, 1, "Interrupt Line")
			.identity(0x3D, 1, "Interrupt Pin")
			.state(0x3E, 2, "Bridge Control")
			.identity(0x40, 2, "Subsystem Vendor ID")
			.identity(0x42, 2, "Subsystem ID")
			.state(0x44, 4, "16-bit PC Card Legacy Mode Base Address");
	}

}
