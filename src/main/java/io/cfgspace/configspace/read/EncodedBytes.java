package io.cfgspace.configspace.read;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import io.cfgspace.configspace.DeviceDump;
import io.cfgspace.configspace.DumpFormatException;

/** The config-space bytes as a hex string or base64 text. */
final class EncodedBytes {

	private EncodedBytes() {
	}

	static boolean looksLikeHex(String text) {
		String digits = stripWhitespace(text);
		if (digits.startsWith("0x") || digits.startsWith("0X")) {
			digits = digits.substring(2);
		}
		return digits.chars().allMatch((c) -> Character.digit(c, 16) >= 0)
				&& Dumps.BINARY_SIZES.contains(digits.length() / 2) && digits.length() % 2 == 0;
	}

	/**
	 * The dump when the text is nothing but hex digits (after an optional {@code 0x}) and
	 * white space, for one of the sizes sysfs gives; otherwise {@code null}, and the text
	 * goes through detection like any other (which also names what is wrong with it).
	 */
	static DeviceDump plainHex(String text) {
		// one byte per character: a copy for a Latin-1 string, and anything beyond
		// Latin-1 becomes '?', which is not hex either
		byte[] chars = text.getBytes(StandardCharsets.ISO_8859_1);
		byte[] bytes = new byte[chars.length / 2];
		int length = 0;
		int high = -1;
		int start = 0;
		while (start < chars.length && isTextSpace(chars[start])) {
			start++;
		}
		if (start + 1 < chars.length && chars[start] == '0' && (chars[start + 1] == 'x' || chars[start + 1] == 'X')) {
			start += 2;
		}
		// most dumps are digits only: two at a time until anything else comes
		int i = start;
		for (; i + 1 < chars.length; i += 2) {
			int pair = (NIBBLES[chars[i] & 0xFF] << 4) | NIBBLES[chars[i + 1] & 0xFF];
			if (pair < 0) {
				break;
			}
			bytes[length++] = (byte) pair;
		}
		for (; i < chars.length; i++) {
			int value = NIBBLES[chars[i] & 0xFF];
			if (value < 0) {
				if (isTextSpace(chars[i])) {
					continue;
				}
				return null;
			}
			if (high < 0) {
				high = value;
			}
			else {
				bytes[length++] = (byte) ((high << 4) | value);
				high = -1;
			}
		}
		if (high >= 0 || !Dumps.BINARY_SIZES.contains(length)) {
			return null;
		}
		return new DeviceDump(null, SysfsBinary.configSpace(Arrays.copyOf(bytes, length), "hex dump"));
	}

	/** The value of each hex digit; -1 for every other byte. */
	private static final byte[] NIBBLES = new byte[256];

	static {
		Arrays.fill(NIBBLES, (byte) -1);
		for (int i = 0; i < 16; i++) {
			NIBBLES["0123456789abcdef".charAt(i)] = (byte) i;
			NIBBLES["0123456789ABCDEF".charAt(i)] = (byte) i;
		}
	}

	/** Other control characters make a dump binary (see {@link Dumps#detect}). */
	private static boolean isTextSpace(int c) {
		return c == ' ' || c == '\t' || c == '\n' || c == '\r';
	}

	static DeviceDump hex(String text) {
		String digits = stripWhitespace(text);
		if (digits.startsWith("0x") || digits.startsWith("0X")) {
			digits = digits.substring(2);
		}
		if (digits.length() % 2 != 0) {
			throw new DumpFormatException("hex dump has an odd number of digits (" + digits.length() + ")");
		}
		byte[] bytes = new byte[digits.length() / 2];
		for (int i = 0; i < bytes.length; i++) {
			int high = Character.digit(digits.charAt(2 * i), 16);
			int low = Character.digit(digits.charAt(2 * i + 1), 16);
			if (high < 0 || low < 0) {
				throw new DumpFormatException("hex dump: byte " + i + " (\"" + digits.substring(2 * i, 2 * i + 2)
						+ "\") is not two hex digits");
			}
			bytes[i] = (byte) ((high << 4) | low);
		}
		return new DeviceDump(null, SysfsBinary.configSpace(bytes, "hex dump"));
	}

	static DeviceDump base64(String text) {
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode(stripWhitespace(text));
		}
		catch (IllegalArgumentException ex) {
			throw new DumpFormatException(
					"not a dump: neither lspci text, hex nor base64 (" + ex.getMessage().toLowerCase() + ")");
		}
		return new DeviceDump(null, SysfsBinary.configSpace(bytes, "base64 dump"));
	}

	private static String stripWhitespace(String text) {
		StringBuilder out = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (!Character.isWhitespace(c)) {
				out.append(c);
			}
		}
		return out.toString();
	}

}
