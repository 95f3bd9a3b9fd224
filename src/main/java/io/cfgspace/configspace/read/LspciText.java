package io.cfgspace.configspace.read;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cfgspace.configspace.ConfigSpace;
import io.cfgspace.configspace.DeviceDump;
import io.cfgspace.configspace.DumpFormatException;

/**
 * {@code lspci -x/-xxx/-xxxx} text, read by the rules of {@code lspci -F} (pciutils
 * {@code lib/dump.c}): a {@code [DDDD:]BB:DD.F } line opens a device, {@code OO: xx ...}
 * lines put bytes at offset OO, an empty line closes the device. Bytes never given read
 * as 0xFF, and the dump ends at the highest byte given. Beyond lspci, a dump without
 * device lines is accepted when its data starts at offset 0.
 *
 * <p>
 * Of the indented {@code -v/-vv/-vvv} details only the BAR and expansion ROM lines before
 * the device's first {@code Capabilities:} line are read, for the sizes lspci prints on a
 * live system (see {@link RegionLines}); lines inside a capability, such as the SR-IOV
 * capability's VF BARs, are not the device's BARs.
 */
final class LspciText {

	private static final Pattern DEVICE_LINE = Pattern
		.compile("^((?:[0-9a-fA-F]{4,6}:)?[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\\.[0-7]) .*");

	private static final Pattern DATA_LINE = Pattern.compile("^([0-9a-fA-F]{2,8}):( .*|)$");

	private LspciText() {
	}

	static List<DeviceDump> read(String text) {
		List<DeviceDump> devices = new ArrayList<>();
		String[] lines = text.split("\n", -1);
		Device open = null;
		for (int i = 0; i < lines.length; i++) {
			int lineNumber = i + 1;
			String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
			Matcher device = DEVICE_LINE.matcher(line);
			if (device.matches()) {
				close(open, devices);
				open = new Device(device.group(1), lineNumber);
				continue;
			}
			if (line.isEmpty()) {
				close(open, devices);
				open = null;
				continue;
			}
			Matcher data = DATA_LINE.matcher(line);
			if (!data.matches()) {
				if (open != null) {
					open.detail(line, lineNumber);
				}
				continue;
			}
			int offset = offset(data.group(1), lineNumber);
			if (open == null) {
				if (offset != 0) {
					throw new DumpFormatException("line " + lineNumber + ": bytes at offset 0x"
							+ Integer.toHexString(offset) + " belong to no device (no "
							+ "BB:DD.F line before them, and they do not start at offset 00)");
				}
				open = new Device(null, lineNumber);
			}
			open.put(offset, data.group(2), lineNumber, data.start(2));
		}
		close(open, devices);
		if (devices.isEmpty()) {
			throw new DumpFormatException("no device in the dump: expected lines such as \"00: 86 80 ...\"");
		}
		return devices;
	}

	private static int offset(String digits, int lineNumber) {
		long offset = Long.parseLong(digits, 16);
		if (offset >= ConfigSpace.EXTENDED_SIZE) {
			throw new DumpFormatException(
					"line " + lineNumber + ": offset 0x" + digits + " is beyond config space (at most 4096 bytes)");
		}
		return (int) offset;
	}

	private static void close(Device device, List<DeviceDump> devices) {
		if (device != null) {
			devices.add(device.toDump());
		}
	}

	private static final class Device {

		private final String address;

		private final int firstLine;

		private final byte[] bytes = new byte[ConfigSpace.EXTENDED_SIZE];

		private int size;

		private final RegionLines regions = new RegionLines();

		/** Past the BAR lines: at the first capability, or at the hex lines. */
		private boolean pastRegions;

		Device(String address, int firstLine) {
			this.address = address;
			this.firstLine = firstLine;
			Arrays.fill(this.bytes, (byte) 0xFF);
		}

		void detail(String line, int lineNumber) {
			if (this.pastRegions) {
				return;
			}
			String text = line.strip();
			if (text.startsWith("Capabilities:")) {
				this.pastRegions = true;
				return;
			}
			this.regions.read(text, lineNumber);
		}

		void put(int offset, String tokens, int lineNumber, int column) {
			this.pastRegions = true;
			// lspci -F: each byte is two hex digits after exactly one space
			int at = offset;
			int i = 0;
			while (i < tokens.length()) {
				if (tokens.charAt(i) != ' ') {
					throw malformed(lineNumber, column + i);
				}
				if (i + 1 == tokens.length()) {
					break;
				}
				if (i + 3 > tokens.length()) {
					throw malformed(lineNumber, column + i + 1);
				}
				int high = Character.digit(tokens.charAt(i + 1), 16);
				int low = Character.digit(tokens.charAt(i + 2), 16);
				if (high < 0 || low < 0 || (i + 3 < tokens.length() && tokens.charAt(i + 3) != ' ')) {
					throw malformed(lineNumber, column + i + 1);
				}
				if (at >= ConfigSpace.EXTENDED_SIZE) {
					throw new DumpFormatException(
							"line " + lineNumber + ": bytes run past offset 0xfff (config space has 4096 bytes)");
				}
				this.bytes[at++] = (byte) ((high << 4) | low);
				i += 3;
			}
			this.size = Math.max(this.size, at);
		}

		private DumpFormatException malformed(int lineNumber, int column) {
			return new DumpFormatException("line " + lineNumber + ": malformed hex bytes at column " + (column + 1)
					+ " (expected two hex digits after each single space)");
		}

		DeviceDump toDump() {
			if (this.size < ConfigSpace.HEADER_SIZE) {
				String who = (this.address != null) ? "device " + this.address : "the device";
				throw new DumpFormatException("line " + this.firstLine + ": " + who + " has " + this.size
						+ " bytes of config space; a dump holds at least the 64-byte header");
			}
			ConfigSpace configSpace = ConfigSpace.of(Arrays.copyOf(this.bytes, this.size));
			return new DeviceDump(this.address, configSpace, this.regions.sizes(configSpace));
		}

	}

}
