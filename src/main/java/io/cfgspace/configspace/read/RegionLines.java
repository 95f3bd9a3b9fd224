package io.cfgspace.configspace.read;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cfgspace.configspace.ConfigSpace;
import io.cfgspace.configspace.DumpFormatException;
import io.cfgspace.configspace.ResourceSizes;
import io.cfgspace.layout.Bar.Resource;

/**
 * The BAR and expansion ROM lines lspci prints for a device before its capabilities, and
 * the sizes they give (pciutils {@code lspci.c} {@code show_bases}, {@code show_rom},
 * {@code show_size}). {@code -vv} numbers a BAR ({@code Region 0: Memory at ...}),
 * {@code -v} does not ({@code Memory at ...}); a size is {@code [size=16M]}.
 *
 * <p>
 * lspci knows sizes only on a live system, where it skips a BAR the kernel reports empty
 * and a register that reads 0: so once any line gives a size, a BAR or ROM it does not
 * list has none. Without any size (lspci -F, or an lspci too old to print them) nothing
 * is known. SR-IOV VF BARs are printed inside their capability, without sizes, and are
 * never read here.
 */
final class RegionLines {

	private static final int BARS = 6;

	private static final int HEADER_TYPE = 0x0E;

	private static final int FIRST_BAR = 0x10;

	private static final Pattern BAR = Pattern
		.compile("(?:Region ([0-9]+): )?(\\[virtual\\] )?(Memory|I/O ports) at .*");

	private static final Pattern ROM = Pattern.compile("(?:\\[virtual\\] )?Expansion ROM at .*");

	private static final String SIZE_START = "[size=";

	private static final Pattern SIZE = Pattern.compile("\\[size=([0-9]{1,19})([KMGT]?)\\]");

	/** Each one 1024 times the one before. */
	private static final String SUFFIXES = "KMGT";

	/**
	 * One BAR line: its number ({@code null} when {@code -v} printed none), whether it
	 * decodes I/O, its size or {@code null}.
	 */
	private record Region(Integer index, boolean io, Long size) {

	}

	private final List<Region> regions = new ArrayList<>();

	private boolean romListed;

	private Long romSize;

	private boolean anySize;

	/** Reads one detail line, its indent stripped; other lines are left alone. */
	void read(String line, int lineNumber) {
		Matcher bar = BAR.matcher(line);
		if (bar.matches()) {
			Integer index = (bar.group(1) != null) ? index(bar.group(1), lineNumber) : null;
			this.regions.add(new Region(index, bar.group(3).equals("I/O ports"), size(line, lineNumber)));
		}
		else if (ROM.matcher(line).matches()) {
			this.romListed = true;
			this.romSize = size(line, lineNumber);
		}
	}

	/**
	 * The sizes the lines gave. {@code -v} lines are matched to the BARs in the config
	 * space as lspci walks them; where a register reading 0 was listed too (a
	 * {@code [virtual]} region the kernel reports), which line is which BAR cannot be
	 * told, and the BAR sizes stay unknown.
	 */
	ResourceSizes sizes(ConfigSpace configSpace) {
		if (!this.anySize) {
			return ResourceSizes.UNKNOWN;
		}
		Map<Resource, Long> sizes = new EnumMap<>(Resource.class);
		List<Region> numbered = numbered(configSpace);
		if (numbered != null) {
			for (int i = 0; i < BARS; i++) {
				sizes.put(Resource.bar(i), 0L);
			}
			for (Region region : numbered) {
				// listed without a size: lspci knew none for it, so it is unknown
				if (region.size() != null) {
					sizes.put(Resource.bar(region.index()), region.size());
				}
				else {
					sizes.remove(Resource.bar(region.index()));
				}
			}
		}
		if (!this.romListed) {
			sizes.put(Resource.ROM, 0L);
		}
		else if (this.romSize != null) {
			sizes.put(Resource.ROM, this.romSize);
		}
		return ResourceSizes.of(sizes);
	}

	/** The regions with their BAR numbers, or {@code null} when they cannot be placed. */
	private List<Region> numbered(ConfigSpace configSpace) {
		List<Region> unnumbered = this.regions.stream().filter((region) -> region.index() == null).toList();
		if (unnumbered.isEmpty()) {
			return this.regions;
		}
		if (unnumbered.size() != this.regions.size()) {
			// no lspci prints both forms for one device
			return null;
		}
		List<Integer> listed = alwaysListed(configSpace);
		if (listed.size() != unnumbered.size()) {
			return null;
		}
		List<Region> numbered = new ArrayList<>();
		for (int i = 0; i < listed.size(); i++) {
			int index = listed.get(i);
			Region region = unnumbered.get(i);
			if (region.io() != ((register(configSpace, index) & 1) == 1)) {
				// the text and the bytes are not of one device
				return null;
			}
			numbered.add(new Region(index, region.io(), region.size()));
		}
		return numbered;
	}

	/**
	 * The BARs lspci lists whatever the kernel reports: those whose register does not
	 * read 0 (or all ones), skipping the upper half of a 64-bit BAR, as
	 * {@code show_bases} walks them.
	 */
	private static List<Integer> alwaysListed(ConfigSpace configSpace) {
		int count = switch (configSpace.u8(HEADER_TYPE) & 0x7F) {
			case 0 -> 6;
			case 1 -> 2;
			case 2 -> 1;
			default -> 0;
		};
		List<Integer> listed = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			long value = register(configSpace, i);
			if (value == 0) {
				continue;
			}
			listed.add(i);
			boolean memory64 = (value & 1) == 0 && (value & 0x6) == 0x4;
			if (memory64 && i < count - 1) {
				i++;
			}
		}
		return listed;
	}

	private static long register(ConfigSpace configSpace, int index) {
		int offset = FIRST_BAR + 4 * index;
		long value = configSpace.has(offset, 4) ? configSpace.u32(offset) : 0;
		return (value == 0xFFFF_FFFFL) ? 0 : value;
	}

	private static int index(String digits, int lineNumber) {
		if (digits.length() > 1 || digits.charAt(0) - '0' >= BARS) {
			throw new DumpFormatException(
					"line " + lineNumber + ": Region " + digits + " is no BAR (a function has BARs 0 to 5)");
		}
		return digits.charAt(0) - '0';
	}

	/** lspci's {@code [size=N]}, N a decimal times 1024 per suffix K, M, G, T. */
	private Long size(String line, int lineNumber) {
		int start = line.indexOf(SIZE_START);
		if (start < 0) {
			return null;
		}
		Matcher size = SIZE.matcher(line).region(start, line.length());
		if (!size.lookingAt()) {
			int end = line.indexOf(']', start);
			String given = line.substring(start, (end < 0) ? line.length() : end + 1);
			throw new DumpFormatException("line " + lineNumber + ": malformed size \"" + given
					+ "\" (lspci prints [size=N], N a decimal number with an optional K, M, G or T)");
		}
		try {
			long bytes = Long.parseLong(size.group(1));
			int suffix = size.group(2).isEmpty() ? 0 : SUFFIXES.indexOf(size.group(2)) + 1;
			for (int i = 0; i < suffix; i++) {
				bytes = Math.multiplyExact(bytes, 1024L);
			}
			this.anySize = true;
			return bytes;
		}
		catch (NumberFormatException | ArithmeticException ex) {
			throw new DumpFormatException(
					"line " + lineNumber + ": size \"" + size.group() + "\" is beyond what a BAR can decode");
		}
	}

}
