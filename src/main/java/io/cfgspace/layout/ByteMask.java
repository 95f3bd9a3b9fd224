package io.cfgspace.layout;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The bytes of a block that a pin declares comparable, for capabilities the core cannot
 * decode (a vendor-specific payload, say): byte {@code i} from the block's offset matches
 * when {@code (config[offset + i] & mask[i]) == value[i]}. Bits outside the mask are not
 * compared, and are 0 in {@code value}, so one set of compared bytes has one form.
 *
 * @param mask the bits compared, byte by byte from the block's offset; at least one bit
 * @param value the bytes the pin expects under the mask
 */
public record ByteMask(byte[] mask, byte[] value) {

	private static final HexFormat HEX = HexFormat.of();

	public ByteMask {
		if (mask.length == 0) {
			throw new IllegalArgumentException("a mask covers at least one byte");
		}
		if (mask.length != value.length) {
			throw new IllegalArgumentException(
					"mask and value differ in length (" + mask.length + " and " + value.length + " bytes)");
		}
		mask = mask.clone();
		value = masked(value, 0, mask);
		if (isEmpty(mask)) {
			throw new IllegalArgumentException("the mask selects no bit, so it compares nothing");
		}
	}

	/**
	 * The compared bytes as the given config space holds them at {@code offset}: what a
	 * pin records from a dump.
	 */
	public static ByteMask over(byte[] config, int offset, byte[] mask) {
		if (offset < 0 || offset + mask.length > config.length) {
			throw new IllegalArgumentException("the mask runs past the end of the config space");
		}
		return new ByteMask(mask, Arrays.copyOfRange(config, offset, offset + mask.length));
	}

	/**
	 * Reads lower-case hex, two digits a byte.
	 * @throws IllegalArgumentException when either is not such hex
	 */
	public static ByteMask fromHex(String mask, String value) {
		return new ByteMask(parseHex(mask, "mask"), parseHex(value, "value"));
	}

	/** Lower-case hex, two digits a byte, as the document carries a mask or its value. */
	public static byte[] parseHex(String hex, String what) {
		if (hex.isEmpty() || hex.length() % 2 != 0 || !hex.chars().allMatch(ByteMask::isLowerHexDigit)) {
			throw new IllegalArgumentException(
					"the " + what + " must be lower-case hex, two digits a byte, got \"" + hex + "\"");
		}
		return HEX.parseHex(hex);
	}

	/** How many bytes from the block's offset are compared. */
	public int length() {
		return this.mask.length;
	}

	@Override
	public byte[] mask() {
		return this.mask.clone();
	}

	@Override
	public byte[] value() {
		return this.value.clone();
	}

	public String maskHex() {
		return HEX.formatHex(this.mask);
	}

	public String valueHex() {
		return HEX.formatHex(this.value);
	}

	/** The config-space bytes at {@code offset} under the mask, as lower-case hex. */
	public String maskedHex(byte[] config, int offset) {
		return HEX.formatHex(masked(config, offset, this.mask));
	}

	/**
	 * The first byte index, counted from {@code offset}, whose masked bits differ in the
	 * config space; -1 when all match.
	 */
	public int firstDifference(byte[] config, int offset) {
		for (int i = 0; i < this.mask.length; i++) {
			if ((config[offset + i] & this.mask[i]) != this.value[i]) {
				return i;
			}
		}
		return -1;
	}

	private static byte[] masked(byte[] bytes, int offset, byte[] mask) {
		byte[] masked = new byte[mask.length];
		for (int i = 0; i < mask.length; i++) {
			masked[i] = (byte) (bytes[offset + i] & mask[i]);
		}
		return masked;
	}

	private static boolean isEmpty(byte[] mask) {
		for (byte b : mask) {
			if (b != 0) {
				return false;
			}
		}
		return true;
	}

	private static boolean isLowerHexDigit(int c) {
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof ByteMask that) && Arrays.equals(this.mask, that.mask)
				&& Arrays.equals(this.value, that.value);
	}

	@Override
	public int hashCode() {
		return 31 * Arrays.hashCode(this.mask) + Arrays.hashCode(this.value);
	}

	@Override
	public String toString() {
		return "ByteMask[mask=" + maskHex() + ", value=" + valueHex() + "]";
	}

}
