package io.cfgspace.configspace.read;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

import io.cfgspace.configspace.DeviceDump;
import io.cfgspace.configspace.DumpFormatException;

/**
 * Reads config-space dumps, telling the format from the content: binary bytes are a sysfs
 * {@code config} file, text with {@code OO: xx xx ...} lines is lspci output, other text
 * is hex or base64 of the bytes.
 */
public final class Dumps {

	/** The sizes sysfs gives: header only (unprivileged), CardBus header, 256, 4096. */
	static final List<Integer> BINARY_SIZES = List.of(64, 128, 256, 4096);

	private static final Pattern LSPCI_DATA_LINE = Pattern.compile("(?m)^[0-9a-fA-F]{2,8}: [0-9a-fA-F]{2}");

	private Dumps() {
	}

	/**
	 * @throws DumpFormatException naming the line or offset at fault
	 */
	public static List<DeviceDump> read(byte[] input) {
		DumpFormat format = detect(input);
		try {
			return read(input, format);
		}
		catch (DumpFormatException ex) {
			if (format != DumpFormat.BASE64) {
				throw ex;
			}
			// base64 is only the last guess: say what was expected, not why base64 failed
			throw new DumpFormatException("not a config-space dump: expected lspci -x/-xxx/-xxxx text (lines such"
					+ " as \"00: 86 80 ...\"), a sysfs config file, or hex or base64 of 64, 128, 256 or 4096 bytes");
		}
	}

	public static List<DeviceDump> read(byte[] input, DumpFormat format) {
		return switch (format) {
			case SYSFS -> List.of(SysfsBinary.read(input));
			case LSPCI -> LspciText.read(text(input));
			case HEX -> List.of(EncodedBytes.hex(text(input)));
			case BASE64 -> List.of(EncodedBytes.base64(text(input)));
		};
	}

	/** Reads a dump given as text (lspci, hex or base64). */
	public static List<DeviceDump> read(String input) {
		// hex is what hosts send (bin/cfgspace, the hook): decoded in one pass, without
		// the detection the other formats need
		DeviceDump hex = EncodedBytes.plainHex(input);
		return (hex != null) ? List.of(hex) : read(input.getBytes(StandardCharsets.UTF_8));
	}

	public static DumpFormat detect(byte[] input) {
		if (input.length == 0) {
			throw new DumpFormatException("the dump is empty");
		}
		if (isBinary(input)) {
			return DumpFormat.SYSFS;
		}
		String text = text(input);
		if (LSPCI_DATA_LINE.matcher(text).find()) {
			return DumpFormat.LSPCI;
		}
		return EncodedBytes.looksLikeHex(text) ? DumpFormat.HEX : DumpFormat.BASE64;
	}

	/**
	 * Binary unless every byte can be text: no control characters but tab, CR and LF, and
	 * valid UTF-8, because lspci prints pci.ids names, which are UTF-8 ("IceQ X²").
	 */
	private static boolean isBinary(byte[] input) {
		for (byte b : input) {
			int c = b & 0xFF;
			if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7F) {
				return true;
			}
		}
		try {
			StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(input));
			return false;
		}
		catch (CharacterCodingException ex) {
			return true;
		}
	}

	private static String text(byte[] input) {
		return new String(input, StandardCharsets.US_ASCII);
	}

}
