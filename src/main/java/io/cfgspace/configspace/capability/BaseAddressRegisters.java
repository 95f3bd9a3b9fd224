package io.cfgspace.configspace.capability;

import static io.cfgspace.configspace.capability.Registers.bit;
import static io.cfgspace.configspace.capability.Registers.bits;

/**
 * Base Address Registers, of a header or of an SR-IOV capability (PCIe 6.0 §7.5.1.2.1
 * Base Address Register; §9.3.3.14 VF BAR0..5). The low bits are read-only and say what
 * the BAR decodes: bit 0 I/O or memory; for memory, bits 2:1 the type (00 32-bit, 10
 * 64-bit) and bit 3 prefetchable. The address bits above are written by system software:
 * state. A 64-bit BAR takes the next register for its upper 32 address bits, all of them
 * state.
 */
public final class BaseAddressRegisters {

	/** I/O: bits 31:2 are the address; bit 1 is reserved. */
	private static final long IO_ADDRESS = 0xFFFF_FFFCL;

	/** Memory: bits 31:4 are the address. */
	private static final long MEMORY_ADDRESS = 0xFFFF_FFF0L;

	private BaseAddressRegisters() {
	}

	/** What the BAR register value says it decodes. */
	public enum Kind {

		IO, MEMORY32, MEMORY64

	}

	public static Kind kind(long value) {
		if (bit(value, 0)) {
			return Kind.IO;
		}
		return (bits(value, 2, 1) == 0b10) ? Kind.MEMORY64 : Kind.MEMORY32;
	}

	public static boolean prefetchable(long value) {
		return !bit(value, 0) && bit(value, 3);
	}

	/**
	 * Adds {@code count} BAR registers from {@code first}, named {@code name} with the
	 * BAR's number for its {@code #}.
	 */
	static void registers(Registers registers, int first, int count, String name, RegisterTable table) {
		for (int i = 0; i < count; i++) {
			int at = first + 4 * i;
			long value = registers.has(at, 4) ? registers.u32(at) : 0;
			Kind kind = kind(value);
			table.state(at, 4, name, i, (kind == Kind.IO) ? IO_ADDRESS : MEMORY_ADDRESS);
			if (kind == Kind.MEMORY64 && i + 1 < count) {
				i++;
				table.state(at + 4, 4, name + " (upper 32 address bits)", i);
			}
		}
	}

}
