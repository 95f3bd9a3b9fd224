package io.cfgspace.configspace.read;

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
