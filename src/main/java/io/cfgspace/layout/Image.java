package io.cfgspace.layout;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The config-space bytes a layout records: every byte the dump captured, with the bits
 * that are runtime state cleared (the capability catalog's state tables, the bits a pin
 * declares state, the per-unit registers a pin gives a treatment, and the bytes under
 * synthesized blocks). A guest can read every byte of config space, not only those a
 * decoder names, so a verification compares the images bit by bit.
 *
 * <p>
 * {@link #stateTables()} says which version of the state tables cleared the bytes: a side
 * recorded under other tables may have cleared a bit that the pin compares, and then it
 * cannot be compared.
 */
public final class Image {

	private static final HexFormat HEX = HexFormat.of();

	private final byte[] bytes;

	private final int stateTables;

	private Image(byte[] bytes, int stateTables) {
		this.bytes = bytes;
		this.stateTables = stateTables;
	}

	/**
	 * @throws IllegalArgumentException when the bytes cannot be a config space
	 */
	public static Image of(byte[] bytes, int stateTables) {
		if (bytes.length < 64 || bytes.length > 4096) {
			throw new IllegalArgumentException(
					"an image holds 64 to 4096 bytes of config space, this one has " + bytes.length);
		}
		if (stateTables < 1) {
			throw new IllegalArgumentException("state tables are numbered from 1, got " + stateTables);
		}
		return new Image(bytes.clone(), stateTables);
	}

	/**
	 * Reads lower-case hex, two digits a byte.
	 * @throws IllegalArgumentException when it is not such hex of 64 to 4096 bytes
	 */
	public static Image fromHex(String hex, int stateTables) {
		if (hex.length() % 2 != 0 || !hex.chars().allMatch(Image::isLowerHexDigit)) {
			throw new IllegalArgumentException("expected lower-case hex, two digits a byte");
		}
		return of(HEX.parseHex(hex), stateTables);
	}

	/** The number of bytes, counted from offset 0: what the dump captured. */
	public int size() {
		return this.bytes.length;
	}

	public int stateTables() {
		return this.stateTables;
	}

	public int u8(int offset) {
		return this.bytes[offset] & 0xFF;
	}

	/** The little-endian value of {@code width} bytes from {@code offset}. */
	public long value(int offset, int width) {
		long value = 0;
		for (int i = width - 1; i >= 0; i--) {
			value = (value << 8) | u8(offset + i);
		}
		return value;
	}

	public byte[] bytes() {
		return this.bytes.clone();
	}

	public String hex() {
		return HEX.formatHex(this.bytes);
	}

	/**
	 * The image with every bit of {@code clear} cleared: byte {@code i} of the mask
	 * applies to byte {@code i} of the image.
	 */
	public Image cleared(byte[] clear) {
		byte[] copy = this.bytes.clone();
		// one bound for both arrays lets the JIT vectorize: a parse runs this on 4 KiB
		int end = Math.min(copy.length, clear.length);
		for (int i = 0; i < end; i++) {
			copy[i] = (byte) (copy[i] & ~clear[i]);
		}
		return new Image(copy, this.stateTables);
	}

	/** The image with the bytes of these blocks cleared, as far as it reaches. */
	Image without(List<LayoutBlock> blocks) {
		byte[] copy = this.bytes.clone();
		for (LayoutBlock block : blocks) {
			int start = Math.max(block.offset(), 0);
			int end = Math.min(block.end(), copy.length);
			if (start < end) {
				Arrays.fill(copy, start, end, (byte) 0);
			}
		}
		return new Image(copy, this.stateTables);
	}

	/**
	 * Whether every bit of {@code bits} is clear: byte {@code i} of the mask applies to
	 * byte {@code i} of the image.
	 */
	public boolean isClear(byte[] bits) {
		int end = Math.min(this.bytes.length, bits.length);
		int set = 0;
		for (int i = 0; i < end; i++) {
			set |= this.bytes[i] & bits[i];
		}
		return set == 0;
	}

	private static boolean isLowerHexDigit(int c) {
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof Image that) && this.stateTables == that.stateTables
				&& Arrays.equals(this.bytes, that.bytes);
	}

	@Override
	public int hashCode() {
		return 31 * Arrays.hashCode(this.bytes) + this.stateTables;
	}

	@Override
	public String toString() {
		return "Image[" + this.bytes.length + " bytes, state tables " + this.stateTables + "]";
	}

}
