package io.cfgspace.configspace;

import java.util.Arrays;

/**
 * The bytes of one function's configuration space as a dump captured them: at least the
 * 64-byte header, at most the 4096 bytes of PCI Express extended space. All multi-byte
 * registers are little-endian.
 */
public final class ConfigSpace {

	public static final int HEADER_SIZE = 64;

	public static final int CONVENTIONAL_SIZE = 256;

	public static final int EXTENDED_SIZE = 4096;

	private final byte[] bytes;

	private ConfigSpace(byte[] bytes) {
		this.bytes = bytes;
	}

	/**
	 * @throws DumpFormatException when the bytes cannot be a config space
	 */
	public static ConfigSpace of(byte[] bytes) {
		if (bytes.length < HEADER_SIZE) {
			throw new DumpFormatException(
					"a config space dump holds at least the 64-byte header, this one has " + bytes.length + " bytes");
		}
		if (bytes.length > EXTENDED_SIZE) {
			throw new DumpFormatException("a config space has at most 4096 bytes, this one has " + bytes.length);
		}
		return new ConfigSpace(bytes.clone());
	}

	/** Number of bytes captured, counted from offset 0. */
	public int size() {
		return this.bytes.length;
	}

	/** Whether {@code width} bytes from {@code offset} were captured. */
	public boolean has(int offset, int width) {
		return offset >= 0 && offset + width <= this.bytes.length;
	}

	public int u8(int offset) {
		return this.bytes[offset] & 0xFF;
	}

	public int u16(int offset) {
		return u8(offset) | (u8(offset + 1) << 8);
	}

	public long u32(int offset) {
		return (u16(offset) | ((long) u16(offset + 2) << 16));
	}

	public byte[] toByteArray() {
		return this.bytes.clone();
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof ConfigSpace that) && Arrays.equals(this.bytes, that.bytes);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(this.bytes);
	}

	@Override
	public String toString() {
		return "ConfigSpace[" + this.bytes.length + " bytes]";
	}

}
