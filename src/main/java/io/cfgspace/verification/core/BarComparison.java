package io.cfgspace.verification.core;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.cfgspace.layout.Bar.Resource;
import io.cfgspace.layout.Bar;
import io.cfgspace.layout.Identity;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutBlock;
import io.cfgspace.layout.Space;
import io.cfgspace.verification.core.Finding.Severity;
import io.cfgspace.verification.core.Finding.Side;

/**
 * Compares the sizes of BARs, the expansion ROM and SR-IOV VF BARs: a guest driver sizes
 * them, yet no dump shows them. A size the pin records must be shown by each side, or the
 * side cannot be compared; where the pin records none, the two sides must still agree
 * when both show theirs. Their types are compared with the header's bytes.
 */
final class BarComparison {

	private static final int SRIOV = 0x0010;

	private BarComparison() {
	}

	/**
	 * {@code source} or {@code destination} is {@code null} when that side was unusable.
	 */
	static void compare(Layout pin, Layout source, Layout destination, List<Finding> findings) {
		if (pin.image() == null) {
			return;
		}
		Map<Resource, Long> before = (source != null) ? sizes(source) : Map.of();
		Map<Resource, Long> after = (destination != null) ? sizes(destination) : Map.of();
		if (source != null) {
			againstPin(pin, before, Side.SOURCE, findings);
		}
		if (destination != null) {
			againstPin(pin, after, Side.DESTINATION, findings);
		}
		for (Bar bar : pin.bars()) {
			Long was = before.get(bar.resource());
			Long is = after.get(bar.resource());
			if (bar.size() == null && was != null && is != null && !was.equals(is)) {
				findings.add(sizeMismatch(pin, bar, Side.DESTINATION, was, is, "the source's"));
			}
		}
	}

	private static void againstPin(Layout pin, Map<Resource, Long> shown, Side side, List<Finding> findings) {
		List<String> unknown = new ArrayList<>();
		for (Bar bar : pin.bars()) {
			if (bar.size() == null) {
				continue;
			}
			Long size = shown.get(bar.resource());
			if (size == null) {
				unknown.add(bar.resource().json());
			}
			else if (!size.equals(bar.size())) {
				findings.add(sizeMismatch(pin, bar, side, bar.size(), size, "pinned as"));
			}
		}
		if (!unknown.isEmpty()) {
			findings.add(new Finding(FindingCode.CANNOT_COMPARE, Severity.ERROR, side, null, null, null, "size",
					String.join(", ", unknown), null,
					"the pin records the size of " + String.join(", ", unknown) + ", but the " + Verifier.name(side)
							+ " does not show it (a dump cannot); send the device's sysfs resource file beside its"
							+ " config, or lspci -vv text"));
		}
	}

	private static Finding sizeMismatch(Layout pin, Bar bar, Side side, long expected, long actual, String against) {
		String message = "the " + Verifier.name(side) + "'s " + bar.resource().json() + " decodes " + size(actual)
				+ ", "
				+ (against.equals("pinned as") ? "pinned as " + size(expected) : "the source's " + size(expected));
		return new Finding(FindingCode.FIELD_MISMATCH, Severity.ERROR, side, null, null, null,
				bar.resource().json() + " size", String.valueOf(expected), String.valueOf(actual), message,
				register(pin, bar.resource()), null);
	}

	private static Map<Resource, Long> sizes(Layout layout) {
		Map<Resource, Long> sizes = new EnumMap<>(Resource.class);
		for (Bar bar : layout.bars()) {
			if (bar.size() != null) {
				sizes.put(bar.resource(), bar.size());
			}
		}
		return sizes;
	}

	/** The config-space offset of the register a resource is sized through. */
	private static Integer register(Layout pin, Resource resource) {
		int ordinal = resource.ordinal();
		if (ordinal < Resource.ROM.ordinal()) {
			return 0x10 + 4 * ordinal;
		}
		if (resource == Resource.ROM) {
			return (pin.identity().headerType() == Identity.TYPE_BRIDGE) ? 0x38 : 0x30;
		}
		for (LayoutBlock block : pin.blocks(Space.EXTENDED)) {
			if (block.id() == SRIOV) {
				return block.offset() + 0x24 + 4 * (ordinal - Resource.VF_BAR0.ordinal());
			}
		}
		return null;
	}

	/** 64K, 16M, 128: as lspci prints a size. */
	static String size(long bytes) {
		String[] suffixes = { "", "K", "M", "G", "T" };
		int i = 0;
		long value = bytes;
		while (i < suffixes.length - 1 && value != 0 && value % 1024 == 0) {
			value /= 1024;
			i++;
		}
		return value + suffixes[i] + ((i == 0) ? " bytes" : "");
	}

}
