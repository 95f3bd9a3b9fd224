package io.cfgspace.configspace;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cfgspace.layout.Bar.Resource;

/**
 * The sizes of a function's BARs, expansion ROM and SR-IOV VF BARs, as the kernel found
 * them when it sized the device: a dump of config space cannot show them. They come from
 * the sysfs {@code resource} file, or from the {@code Region} lines lspci prints with
 * {@code -v}. A size that no source gave is unknown, which is not the same as 0 (not
 * implemented).
 *
 * <p>
 * A VF BAR's size here is what the kernel reports: the space of all VFs together,
 * TotalVFs times the size of one VF's BAR.
 */
public final class ResourceSizes {

	/** Nothing known: a plain dump. */
	public static final ResourceSizes UNKNOWN = new ResourceSizes(Map.of());

	// linux drivers/pci/pci-sysfs.c resource_show: "0x%016llx 0x%016llx 0x%016llx\n" per
	// resource, start, end and flags
	private static final Pattern SYSFS_LINE = Pattern.compile("0x([0-9a-f]{16}) 0x([0-9a-f]{16}) 0x([0-9a-f]{16})");

	/**
	 * The kernel numbers a function's resources 0..5 (BARs), 6 (ROM), 7..12 (SR-IOV VF
	 * BARs, with CONFIG_PCI_IOV), then a bridge's windows.
	 */
	private static final int SYSFS_ROM = 6;

	private static final int SYSFS_FIRST_VF_BAR = 7;

	private final Map<Resource, Long> sizes;

	private ResourceSizes(Map<Resource, Long> sizes) {
		this.sizes = sizes;
	}

	/** Known sizes by resource; a resource left out is unknown. */
	public static ResourceSizes of(Map<Resource, Long> sizes) {
		Map<Resource, Long> copy = new EnumMap<>(Resource.class);
		sizes.forEach((resource, size) -> {
			if (size < 0) {
				throw new IllegalArgumentException("a size is not negative");
			}
			copy.put(resource, size);
		});
		return new ResourceSizes(copy);
	}

	/**
	 * Reads the sysfs {@code resource} file of a PCI function.
	 * @throws DumpFormatException naming the line at fault
	 */
	public static ResourceSizes fromSysfs(String text) {
		String[] lines = text.split("\n", -1);
		int count = (lines.length > 0 && lines[lines.length - 1].isEmpty()) ? lines.length - 1 : lines.length;
		if (count < SYSFS_FIRST_VF_BAR) {
			throw new DumpFormatException("a sysfs resource file has a line per resource, at least 7 (the BARs and"
					+ " the ROM); this one has " + count);
		}
		Map<Resource, Long> sizes = new EnumMap<>(Resource.class);
		for (int i = 0; i < count; i++) {
			Matcher line = SYSFS_LINE.matcher(lines[i]);
			if (!line.matches()) {
				throw new DumpFormatException("resource line " + (i + 1)
						+ ": expected \"0x<start> 0x<end> 0x<flags>\", 16 hex digits each, as sysfs writes them");
			}
			long size = size(Long.parseUnsignedLong(line.group(1), 16), Long.parseUnsignedLong(line.group(2), 16), i);
			if (i < SYSFS_ROM) {
				sizes.put(Resource.bar(i), size);
			}
			else if (i == SYSFS_ROM) {
				sizes.put(Resource.ROM, size);
			}
			else if (i < SYSFS_FIRST_VF_BAR + 6) {
				sizes.put(Resource.vfBar(i - SYSFS_FIRST_VF_BAR), size);
			}
		}
		return new ResourceSizes(sizes);
	}

	private static long size(long start, long end, int index) {
		if (start == 0 && end == 0) {
			return 0;
		}
		long size = end - start + 1;
		if (Long.compareUnsigned(end, start) < 0 || size <= 0) {
			throw new DumpFormatException(
					"resource line " + (index + 1) + ": it ends before it starts, so it has no size");
		}
		return size;
	}

	public Optional<Long> size(Resource resource) {
		return Optional.ofNullable(this.sizes.get(resource));
	}

	public boolean isUnknown() {
		return this.sizes.isEmpty();
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof ResourceSizes that) && this.sizes.equals(that.sizes);
	}

	@Override
	public int hashCode() {
		return this.sizes.hashCode();
	}

	@Override
	public String toString() {
		return "ResourceSizes" + this.sizes;
	}

}
