package io.cfgspace.cli;

import java.io.PrintWriter;
import java.util.Map;

import io.cfgspace.layout.Bar;
import io.cfgspace.layout.Bar.Resource;
import io.cfgspace.layout.Coverage;
import io.cfgspace.layout.Identity;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutBlock;
import io.cfgspace.layout.Origin;
import io.cfgspace.layout.Space;
import io.cfgspace.layout.StructuralFinding;

/**
 * Prints a layout the way {@code lspci -vv} lays out a device: its BARs by number, then
 * one line per capability, {@code [40]} for standard and {@code [100 v1]} for extended
 * ones, with a few decoded details after the name.
 */
final class LspciStyle {

	private static final String[] PORT_TYPES = { "Endpoint", "Legacy Endpoint", "Unknown type 2", "Unknown type 3",
			"Root Port", "Upstream Port", "Downstream Port", "PCI-Express to PCI/PCI-X Bridge",
			"PCI/PCI-X to PCI-Express Bridge", "Root Complex Integrated Endpoint", "Root Complex Event Collector" };

	private LspciStyle() {
	}

	static void print(String address, Layout layout, PrintWriter out) {
		Identity identity = layout.identity();
		out.printf("%s Device %04x:%04x (rev %02x)%n", (address != null) ? address : "--:--.-", identity.vendorId(),
				identity.deviceId(), identity.revisionId());
		out.printf("\tClass %06x, header type %d%s%n", identity.classCode(), identity.headerType(),
				identity.multifunction() ? ", multi-function" : "");
		if (identity.subsystemVendorId() != null) {
			out.printf("\tSubsystem: %04x:%04x%n", identity.subsystemVendorId(), identity.subsystemId());
		}
		for (Bar bar : layout.bars()) {
			out.printf("\t%s%n", bar(bar));
		}
		Coverage coverage = layout.coverage();
		if (coverage.standard() == Coverage.Extent.UNKNOWN) {
			out.printf("\tCapabilities: <not in this %d-byte dump>%n", coverage.bytes());
		}
		for (LayoutBlock block : layout.blocks()) {
			out.printf("\tCapabilities: %s %s%s%s%n", position(block), block.name(), details(block), origin(block));
		}
		if (coverage.standard() != Coverage.Extent.UNKNOWN && coverage.extended() == Coverage.Extent.UNKNOWN) {
			out.printf("\tExtended capabilities: unknown (not in this %d-byte dump)%n", coverage.bytes());
		}
		for (StructuralFinding finding : layout.findings()) {
			out.printf("\tFinding: %s at %03x: %s%n", finding.code(), finding.offset(), finding.message());
		}
		out.printf("\tFingerprint: %s%n", layout.fingerprint());
	}

	/**
	 * As lspci prints a BAR, without the address, which software assigns and a layout
	 * does not record. An unimplemented BAR's register reads 0, so it has no type to
	 * show; lspci leaves it out, a layout lists it. A VF BAR's size is one VF's.
	 */
	private static String bar(Bar bar) {
		Resource resource = bar.resource();
		String name = (resource == Resource.ROM) ? "Expansion ROM"
				: (resource.ordinal() < Resource.ROM.ordinal()) ? "Region " + resource.ordinal() + ":"
						: "VF Region " + (resource.ordinal() - Resource.VF_BAR0.ordinal()) + ":";
		if (bar.size() != null && bar.size() == 0) {
			return name + " [not implemented]";
		}
		String prefetchable = bar.prefetchable() ? "prefetchable" : "non-prefetchable";
		String type = switch (bar.type()) {
			case MEMORY32 -> " Memory (32-bit, " + prefetchable + ")";
			case MEMORY64 -> " Memory (64-bit, " + prefetchable + ")";
			case IO -> " I/O ports";
			case ROM -> "";
		};
		return name + type + ((bar.size() != null) ? " [size=" + size(bar.size()) + "]" : " [size unknown]");
	}

	/**
	 * pciutils {@code show_size}: a K, M, G or T suffix for each exact factor of 1024.
	 */
	private static String size(long bytes) {
		String suffixes = "KMGT";
		int suffix = 0;
		long value = bytes;
		while (suffix < suffixes.length() && value % 1024 == 0) {
			value /= 1024;
			suffix++;
		}
		return value + ((suffix > 0) ? suffixes.substring(suffix - 1, suffix) : "");
	}

	/**
	 * A planned or pinned layout also holds blocks the device does not show as they are.
	 */
	private static String origin(LayoutBlock block) {
		return (block.origin() == Origin.PHYSICAL) ? "" : " <" + block.origin().json() + ">";
	}

	private static String position(LayoutBlock block) {
		return (block.space() == Space.STANDARD) ? String.format("[%02x]", block.offset())
				: String.format("[%03x v%d]", block.offset(), block.version());
	}

	private static String details(LayoutBlock block) {
		Map<String, Object> fields = block.fields();
		if (block.space() == Space.STANDARD) {
			return switch (block.id()) {
				case 0x01 -> fields.containsKey("version") ? " version " + fields.get("version") : "";
				case 0x10 -> express(fields);
				case 0x11 -> fields.containsKey("tableSize") ? ": Count=" + fields.get("tableSize") : "";
				case 0x05 ->
					fields.containsKey("multipleMessageCapable") ? ": Count=" + fields.get("multipleMessageCapable")
							+ " 64bit" + (Boolean.TRUE.equals(fields.get("address64")) ? "+" : "-") : "";
				default -> "";
			};
		}
		return switch (block.id()) {
			case 0x001B ->
				fields.containsKey("maxPasidWidth") ? ": Max PASID Width " + fields.get("maxPasidWidth") + " Exec"
						+ flag(fields, "executePermissionSupported") + " Priv" + flag(fields, "privilegedModeSupported")
						: "";
			case 0x000F -> fields.containsKey("invalidateQueueDepth")
					? ": Invalidate Queue Depth " + fields.get("invalidateQueueDepth") : "";
			case 0x0013 -> fields.containsKey("outstandingPageRequestCapacity")
					? ": Page Request Capacity " + fields.get("outstandingPageRequestCapacity") : "";
			case 0x000B -> fields.containsKey("vsecId") ? String.format(": ID=%04x Rev=%d Len=%03x",
					fields.get("vsecId"), fields.get("vsecRevision"), fields.get("vsecLength")) : "";
			case 0x0023 -> fields.containsKey("dvsecVendorId")
					? String.format(": Vendor=%04x ID=%04x Rev=%d Len=%d", fields.get("dvsecVendorId"),
							fields.getOrDefault("dvsecId", 0L), fields.get("dvsecRevision"), fields.get("dvsecLength"))
					: "";
			default -> "";
		};
	}

	private static String express(Map<String, Object> fields) {
		if (!fields.containsKey("version")) {
			return "";
		}
		int portType = ((Long) fields.get("portType")).intValue();
		String type = (portType < PORT_TYPES.length) ? PORT_TYPES[portType] : "Unknown type " + portType;
		return " (v" + fields.get("version") + ") " + type;
	}

	private static String flag(Map<String, Object> fields, String name) {
		return Boolean.TRUE.equals(fields.get(name)) ? "+" : "-";
	}

}
