package io.cfgspace.configspace.capability;

import io.cfgspace.configspace.ConfigSpace;

/**
 * The registers of one capability structure, addressed relative to its header ("+N" in
 * the spec). Reads are bounded by the structure's length and by what the dump captured; a
 * decoder asks {@link #has} before reading an optional register.
 */
public final class Registers {

	private final ConfigSpace configSpace;

	private final int base;

	private final int limit;

	public Registers(ConfigSpace configSpace, int base, int length) {
		this.configSpace = configSpace;
		this.base = base;
		this.limit = Math.min(base + length, configSpace.size());
	}

	/**
	 * A view of the whole rest of the dump, for length rules that read before a length is
	 * known.
	 */
	public static Registers unbounded(ConfigSpace configSpace, int base) {
		return new Registers(configSpace, base, ConfigSpace.EXTENDED_SIZE);
	}

	public boolean has(int relative, int width) {
		return relative >= 0 && this.base + relative + width <= this.limit;
	}

	public int u8(int relative) {
		check(relative, 1);
		return this.configSpace.u8(this.base + relative);
	}

	public int u16(int relative) {
		check(relative, 2);
		return this.configSpace.u16(this.base + relative);
	}

	public long u32(int relative) {
		check(relative, 4);
		return this.configSpace.u32(this.base + relative);
	}

	/**
	 * The config space the registers belong to, for rules that look at other
	 * capabilities.
	 */
	public ConfigSpace configSpace() {
		return this.configSpace;
	}

	private void check(int relative, int width) {
		if (!has(relative, width)) {
			throw new IndexOutOfBoundsException(
					"register +0x" + Integer.toHexString(relative) + " of the capability at 0x"
							+ Integer.toHexString(this.base) + " is outside the captured structure");
		}
	}

	/** Bits {@code high..low} of a register value, as in the spec's bit ranges. */
	public static long bits(long value, int high, int low) {
		return (value >>> low) & ((1L << (high - low + 1)) - 1);
	}

	public static boolean bit(long value, int bit) {
		return ((value >>> bit) & 1) != 0;
	}

}
