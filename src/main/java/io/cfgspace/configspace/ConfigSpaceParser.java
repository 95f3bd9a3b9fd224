package io.cfgspace.configspace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.cfgspace.configspace.capability.CapabilityCatalog;
import io.cfgspace.configspace.capability.CapabilityKind;
import io.cfgspace.configspace.capability.CapabilityRule;
import io.cfgspace.configspace.capability.DeviceContext;
import io.cfgspace.configspace.capability.Fields;
import io.cfgspace.configspace.capability.Registers;
import io.cfgspace.layout.Coverage;
import io.cfgspace.layout.Coverage.Extent;
import io.cfgspace.layout.Identity;
import io.cfgspace.layout.Image;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutBlock;
import io.cfgspace.layout.Origin;
import io.cfgspace.layout.Space;
import io.cfgspace.layout.StructuralFinding;
import io.cfgspace.layout.StructuralFinding.Code;

/**
 * Turns a config space into its physical layout: the header identity and both capability
 * chains, walked the way lspci walks them.
 *
 * <p>
 * Walking rules, with where they come from:
 * <ul>
 * <li>Standard list only when Status bit 4 is set; head at 0x34 (0x14 for CardBus);
 * pointers masked with 0xFC; ID 0xFF is a broken chain (lspci).</li>
 * <li>Extended list only for a function with a PCI Express or PCI-X capability, from
 * 0x100; ends at a next pointer of 0, a header of 0 or all-ones (lspci); a next pointer
 * below 0x100 ends it too (kernel).</li>
 * <li>Every visited offset is remembered, so a loop is reported once and the walk ends:
 * at most 48 standard and 960 extended steps.</li>
 * </ul>
 * Problems become {@link StructuralFinding}s; only unusable input raises an exception.
 */
public final class ConfigSpaceParser {

	private static final int STATUS = 0x06;

	private static final int STATUS_CAPABILITY_LIST = 0x10;

	private static final int EXPRESS = 0x10;

	private static final int PCI_X = 0x07;

	private static final int BRIDGE_SUBSYSTEM = 0x0D;

	private ConfigSpaceParser() {
	}

	public static Layout parse(ConfigSpace configSpace) {
		return parse(configSpace, ResourceSizes.UNKNOWN);
	}

	/** A dump's layout, with the BAR sizes the dump gave. */
	public static Layout parse(DeviceDump dump) {
		return parse(dump.configSpace(), dump.sizes());
	}

	/**
	 * The layout of a config space whose BAR sizes the kernel reported. Its image records
	 * every byte but the state bits the catalog's tables name.
	 */
	public static Layout parse(ConfigSpace configSpace, ResourceSizes sizes) {
		Layout chains = new Walk(configSpace).run();
		Image image = Image.of(configSpace.toByteArray(), ConfigSpaceMap.STATE_TABLES)
			.cleared(ConfigSpaceMap.state(configSpace, chains));
		return new Layout(chains.identity(), chains.coverage(), chains.blocks(), chains.findings(), image,
				Bars.of(configSpace, chains.identity().headerType(), chains.blocks(), sizes), List.of());
	}

	private record Entry(Space space, int offset, int id, Integer version, int next) {

	}

	/** The dword offsets a walk has been at: pointers are dword-aligned once masked. */
	private static final class Visited {

		private final long[] bits = new long[ConfigSpace.EXTENDED_SIZE / 4 / 64];

		/** Marks the offset, and tells whether it was new. */
		boolean add(int offset) {
			int dword = offset >>> 2;
			long mask = 1L << (dword & 63);
			boolean fresh = (this.bits[dword >>> 6] & mask) == 0;
			this.bits[dword >>> 6] |= mask;
			return fresh;
		}

	}

	private static final class Walk {

		private final ConfigSpace cs;

		private final List<StructuralFinding> findings = new ArrayList<>();

		private final List<Entry> entries = new ArrayList<>();

		private boolean canHaveExtended;

		private Extent standardExtent = Extent.CAPTURED;

		private Extent extendedExtent;

		Walk(ConfigSpace configSpace) {
			this.cs = configSpace;
		}

		Layout run() {
			int headerType = this.cs.u8(0x0E) & 0x7F;
			walkStandard(headerType);
			walkExtended();
			DeviceContext device = deviceContext();
			List<LayoutBlock> blocks = new ArrayList<>();
			for (Entry entry : this.entries) {
				blocks.add(block(entry, device));
			}
			checkOverlaps(blocks);
			return new Layout(identity(headerType, blocks),
					new Coverage(this.cs.size(), this.standardExtent, this.extendedExtent), blocks, this.findings);
		}

		private void walkStandard(int headerType) {
			if ((this.cs.u16(STATUS) & STATUS_CAPABILITY_LIST) == 0) {
				return;
			}
			if (this.cs.size() < ConfigSpace.CONVENTIONAL_SIZE) {
				this.standardExtent = Extent.UNKNOWN;
				return;
			}
			int head = (headerType == Identity.TYPE_CARDBUS) ? 0x14 : 0x34;
			int where = pointer(this.cs.u8(head), 0xFC, Space.STANDARD, head);
			Visited visited = new Visited();
			while (where != 0) {
				if (where < Space.STANDARD.start()) {
					finding(Code.POINTER_OUT_OF_RANGE, Space.STANDARD, where, "a capability pointer leads to 0x"
							+ hex(where) + ", inside the header; standard capabilities live in 0x40..0xFF");
					return;
				}
				if (!visited.add(where)) {
					finding(Code.POINTER_LOOP, Space.STANDARD, where,
							"the standard capability chain loops back to 0x" + hex(where));
					return;
				}
				int id = this.cs.u8(where);
				if (id == 0xFF) {
					finding(Code.CHAIN_BROKEN, Space.STANDARD, where,
							"the standard capability chain is broken at 0x" + hex(where) + " (ID reads 0xff)");
					return;
				}
				int next = pointer(this.cs.u8(where + 1), 0xFC, Space.STANDARD, where + 1);
				this.entries.add(new Entry(Space.STANDARD, where, id, null, next));
				this.canHaveExtended |= (id == EXPRESS || id == PCI_X);
				where = next;
			}
		}

		private void walkExtended() {
			if (!this.canHaveExtended) {
				this.extendedExtent = (this.standardExtent == Extent.UNKNOWN) ? Extent.UNKNOWN : Extent.NOT_APPLICABLE;
				return;
			}
			if (this.cs.size() <= Space.EXTENDED.start()) {
				this.extendedExtent = Extent.UNKNOWN;
				return;
			}
			this.extendedExtent = (this.cs.size() == ConfigSpace.EXTENDED_SIZE) ? Extent.CAPTURED : Extent.UNKNOWN;
			if (this.cs.size() == ConfigSpace.EXTENDED_SIZE && isAliased()) {
				this.extendedExtent = Extent.UNKNOWN;
				finding(Code.EXTENDED_SPACE_ALIASED, Space.EXTENDED, 0x100, "the extended space repeats the first "
						+ "256 bytes; the kernel treats such a device as having no extended space");
				return;
			}
			Visited visited = new Visited();
			int where = Space.EXTENDED.start();
			while (where != 0) {
				if (!this.cs.has(where, 4)) {
					finding(Code.DUMP_TRUNCATED, Space.EXTENDED, where, "the extended capability chain continues at 0x"
							+ hex(where) + ", beyond the " + this.cs.size() + " bytes the dump holds");
					this.extendedExtent = Extent.UNKNOWN;
					return;
				}
				long header = this.cs.u32(where);
				if (header == 0) {
					if (where != Space.EXTENDED.start()) {
						// lspci and the kernel stop here, and vfio hides the
						// "capability";
						// a next pointer that leads nowhere is not a layout to compare
						finding(Code.CHAIN_BROKEN, Space.EXTENDED, where, "the extended capability chain links to 0x"
								+ hex(where) + ", where the header reads 0; a chain ends with a next pointer of 0");
					}
					return;
				}
				if (header == 0xFFFFFFFFL) {
					if (where == Space.EXTENDED.start()) {
						this.extendedExtent = Extent.UNKNOWN;
						finding(Code.EXTENDED_SPACE_UNREADABLE, Space.EXTENDED, where,
								"the extended space reads as all-ones: it was not accessible when the dump was taken");
					}
					else {
						finding(Code.CHAIN_BROKEN, Space.EXTENDED, where,
								"the extended capability chain is broken at 0x" + hex(where)
										+ " (header reads all-ones)");
					}
					return;
				}
				if (!visited.add(where)) {
					finding(Code.POINTER_LOOP, Space.EXTENDED, where,
							"the extended capability chain loops back to 0x" + hex(where));
					return;
				}
				int next = pointer((int) (header >>> 20), 0xFFC, Space.EXTENDED, where + 2);
				this.entries.add(
						new Entry(Space.EXTENDED, where, (int) (header & 0xFFFF), (int) ((header >>> 16) & 0xF), next));
				if (next != 0 && next < Space.EXTENDED.start()) {
					finding(Code.POINTER_OUT_OF_RANGE, Space.EXTENDED, where, "the capability at 0x" + hex(where)
							+ " points to 0x" + hex(next) + "; extended capabilities live in 0x100..0xFFF");
					return;
				}
				where = next;
			}
		}

		/**
		 * The kernel's alias test: every 256-byte page of extended space starts with the
		 * ID dword.
		 */
		private boolean isAliased() {
			long id = this.cs.u32(0);
			for (int page = 0x100; page < ConfigSpace.EXTENDED_SIZE; page += 0x100) {
				if (this.cs.u32(page) != id) {
					return false;
				}
			}
			return true;
		}

		private int pointer(int raw, int mask, Space space, int at) {
			if ((raw & 0x3) != 0) {
				finding(Code.POINTER_MISALIGNED, space, at,
						"the pointer at 0x" + hex(at) + " has its reserved low" + " bits set (0x" + hex(raw)
								+ "); it is read as 0x" + hex(raw & mask) + ", as lspci and the kernel do");
			}
			return raw & mask;
		}

		private DeviceContext deviceContext() {
			for (Entry entry : this.entries) {
				if (entry.space() == Space.STANDARD && entry.id() == EXPRESS) {
					return DeviceContext.of(this.cs, entry.offset());
				}
			}
			return DeviceContext.of(this.cs, -1);
		}

		private LayoutBlock block(Entry entry, DeviceContext device) {
			CapabilityKind kind = (entry.space() == Space.STANDARD) ? CapabilityCatalog.standard(entry.id())
					: CapabilityCatalog.extended(entry.id());
			int length = kind.rule().length(Registers.unbounded(this.cs, entry.offset()), device);
			if (length == CapabilityRule.BOUNDED) {
				length = distanceToNextBlock(entry);
			}
			// a structure is never shorter than its own header
			length = Math.max(length, (entry.space() == Space.STANDARD) ? 2 : 4);
			Map<String, Object> fields = Map.of();
			if (entry.offset() + length > entry.space().end()) {
				finding(Code.BLOCK_PAST_END, entry.space(), entry.offset(),
						"the " + kind.name() + " capability at 0x" + hex(entry.offset()) + " is " + length
								+ " bytes long and runs past 0x" + hex(entry.space().end() - 1));
			}
			else if (!this.cs.has(entry.offset(), length)) {
				finding(Code.DUMP_TRUNCATED, entry.space(), entry.offset(), "the " + kind.name() + " capability at 0x"
						+ hex(entry.offset()) + " continues beyond the " + this.cs.size() + " bytes the dump holds");
			}
			else {
				Fields decoded = new Fields();
				kind.rule().decode(new Registers(this.cs, entry.offset(), length), device, decoded);
				fields = decoded.toMap();
			}
			return new LayoutBlock(entry.space(), entry.offset(), entry.id(), entry.version(), length, entry.next(),
					kind.name(), Origin.PHYSICAL, fields);
		}

		private int distanceToNextBlock(Entry entry) {
			int end = entry.space().end();
			for (Entry other : this.entries) {
				if (other.space() == entry.space() && other.offset() > entry.offset()) {
					end = Math.min(end, other.offset());
				}
			}
			return end - entry.offset();
		}

		private void checkOverlaps(List<LayoutBlock> blocks) {
			List<LayoutBlock> byOffset = new ArrayList<>(blocks);
			byOffset.sort(Comparator.comparingInt(LayoutBlock::offset));
			for (int i = 0; i < byOffset.size(); i++) {
				for (int j = i + 1; j < byOffset.size() && byOffset.get(j).offset() < byOffset.get(i).end(); j++) {
					LayoutBlock first = byOffset.get(i);
					LayoutBlock second = byOffset.get(j);
					finding(Code.BLOCKS_OVERLAP, second.space(), second.offset(),
							"the " + second.name() + " capability at 0x" + hex(second.offset()) + " overlaps the "
									+ first.name() + " capability at 0x" + hex(first.offset()) + " (0x"
									+ hex(first.offset()) + "..0x" + hex(first.end() - 1) + ")");
				}
			}
		}

		private Identity identity(int headerType, List<LayoutBlock> blocks) {
			Integer subsystemVendorId = null;
			Integer subsystemId = null;
			if (headerType == Identity.TYPE_ENDPOINT) {
				subsystemVendorId = this.cs.u16(0x2C);
				subsystemId = this.cs.u16(0x2E);
			}
			else if (headerType == Identity.TYPE_CARDBUS && this.cs.has(0x40, 4)) {
				subsystemVendorId = this.cs.u16(0x40);
				subsystemId = this.cs.u16(0x42);
			}
			else {
				// a bridge has no subsystem fields; the Bridge Subsystem ID capability
				// carries them
				for (LayoutBlock block : blocks) {
					if (block.space() == Space.STANDARD && block.id() == BRIDGE_SUBSYSTEM
							&& this.cs.has(block.offset() + 4, 4)) {
						subsystemVendorId = this.cs.u16(block.offset() + 4);
						subsystemId = this.cs.u16(block.offset() + 6);
					}
				}
			}
			int head = (headerType == Identity.TYPE_CARDBUS) ? 0x14 : 0x34;
			return new Identity(this.cs.u16(0x00), this.cs.u16(0x02), this.cs.u8(0x08), (int) (this.cs.u32(0x08) >>> 8),
					headerType, (this.cs.u8(0x0E) & 0x80) != 0, subsystemVendorId, subsystemId, this.cs.u8(head));
		}

		private void finding(Code code, Space space, int offset, String message) {
			this.findings.add(new StructuralFinding(code, space, offset, message));
		}

		private static String hex(int value) {
			return Integer.toHexString(value);
		}

	}

}
