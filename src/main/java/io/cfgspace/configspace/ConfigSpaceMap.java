package io.cfgspace.configspace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.cfgspace.configspace.capability.CapabilityCatalog;
import io.cfgspace.configspace.capability.CapabilityKind;
import io.cfgspace.configspace.capability.ConfigurationHeader;
import io.cfgspace.configspace.capability.DeviceContext;
import io.cfgspace.configspace.capability.Fields;
import io.cfgspace.configspace.capability.Register;
import io.cfgspace.configspace.capability.RegisterTable;
import io.cfgspace.configspace.capability.Registers;
import io.cfgspace.layout.BlockRef;
import io.cfgspace.layout.Identity;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutBlock;
import io.cfgspace.layout.LayoutProblem;
import io.cfgspace.layout.Origin;
import io.cfgspace.layout.Space;
import io.cfgspace.layout.StateDeclaration;

/**
 * Every byte of a layout's config space as the capability catalog reads it: the header
 * register, capability register or gap it belongs to, and which of its bits are state,
 * which decoded fields come from, which hold a per-unit value, which are the chains'
 * structure. A verification compares what is left bit by bit, and names the register of
 * each difference.
 *
 * <p>
 * The map of a pin is read from the pin's own recorded bytes, whose state bits are
 * cleared; the catalog's tables depend only on read-only bits, so it is the map of the
 * device the pin was made from.
 */
public final class ConfigSpaceMap {

	/**
	 * The version of the catalog's state tables. Images record it: a side recorded under
	 * other tables may have cleared a bit that a pin compares. Raise it whenever a table
	 * changes which bits are state.
	 */
	public static final int STATE_TABLES = 1;

	private static final int EXPRESS = 0x10;

	private final int size;

	private final byte[] state;

	private final byte[] perUnit;

	private final byte[] treated;

	private final byte[] decoded;

	private final byte[] structure;

	private final byte[] declared;

	private final byte[] synthesized;

	private final Place[] places;

	/** Whether the map names places and reads decoders, or only finds the state bits. */
	private final boolean named;

	/** Bytes inside a block's own length, which no other block's registers may claim. */
	private final boolean[] inBlock;

	private final Set<BlockRef> comparedByBytes = new HashSet<>();

	private final List<LayoutProblem> problems = new ArrayList<>();

	/**
	 * What one byte belongs to: a register of the header ({@code block} and {@code space}
	 * null), of a capability, or a gap between capabilities ({@code block} null).
	 *
	 * @param space the capability space, or {@code null} in the header
	 * @param block the capability, or {@code null} in the header and in gaps
	 * @param register the config-space offset of the register (or of the gap's bytes)
	 * @param width its bytes
	 * @param name the spec's name for it, or what the bytes are
	 */
	public record Place(Space space, LayoutBlock block, int register, int width, String name) {

		public int end() {
			return this.register + this.width;
		}

	}

	private ConfigSpaceMap(int size, boolean named) {
		this.size = size;
		this.named = named;
		this.state = new byte[size];
		this.inBlock = new boolean[size];
		this.perUnit = new byte[size];
		this.treated = named ? new byte[size] : null;
		this.decoded = named ? new byte[size] : null;
		this.structure = named ? new byte[size] : null;
		this.declared = named ? new byte[size] : null;
		this.synthesized = named ? new byte[size] : null;
		this.places = named ? new Place[size] : null;
	}

	/** The map of a layout's recorded bytes. */
	public static ConfigSpaceMap of(Layout layout) {
		if (layout.image() == null) {
			throw new IllegalArgumentException("a " + Layout.FORMAT_1 + " layout records no bytes");
		}
		ConfigSpaceMap map = of(ConfigSpace.of(layout.image().bytes()), layout);
		if (!layout.image().isClear(map.unrecorded())) {
			map.problems.add(new LayoutProblem(LayoutProblem.Code.UNCLEARED_STATE,
					"the image records bits it"
							+ " must clear: state, declared state, per-unit values with a treatment, or bytes under a"
							+ " synthesized block"));
		}
		return map;
	}

	/** The map of a config space, with the blocks and declarations of a layout of it. */
	public static ConfigSpaceMap of(ConfigSpace configSpace, Layout layout) {
		ConfigSpaceMap map = new ConfigSpaceMap(configSpace.size(), true);
		map.read(configSpace, layout);
		return map;
	}

	/**
	 * The state bits of a config space with the blocks of its layout, byte by byte: what
	 * a parse clears. The same tables as {@link #of}, without naming anything, since
	 * every verification parses its dumps.
	 */
	public static byte[] state(ConfigSpace configSpace, Layout layout) {
		ConfigSpaceMap map = new ConfigSpaceMap(configSpace.size(), false);
		map.read(configSpace, layout);
		return map.state;
	}

	/**
	 * The layout with its image cleared wherever a layout records nothing: state,
	 * declared state, per-unit registers with a treatment, and the bytes under
	 * synthesized blocks.
	 */
	public static Layout recorded(Layout layout) {
		return layout.withImage(layout.image().cleared(of(layout).unrecorded()));
	}

	/** The bits an image must not record, byte by byte. */
	public byte[] unrecorded() {
		byte[] bits = new byte[this.size];
		for (int i = 0; i < this.size; i++) {
			bits[i] = (byte) (this.state[i] | this.declared[i] | this.treated[i] | this.synthesized[i]);
		}
		return bits;
	}

	public int size() {
		return this.size;
	}

	/**
	 * The bits of a byte that a verification compares byte by byte: every bit but state,
	 * declared state, per-unit values, synthesized bytes, the capability headers (the
	 * chains are compared as chains: vfio and the VMM link what the guest walks anew) and
	 * what decoded fields come from (those are compared by name).
	 */
	public int compared(int offset) {
		return ~(this.state[offset] | this.declared[offset] | this.perUnit[offset] | this.synthesized[offset]
				| this.structure[offset] | this.decoded[offset]) & 0xFF;
	}

	/** The bits of a byte that decoded fields come from. */
	public int decoded(int offset) {
		return this.decoded[offset] & 0xFF;
	}

	/** The bits of a byte that hold a per-unit value. */
	public int perUnit(int offset) {
		return this.perUnit[offset] & 0xFF;
	}

	/** The per-unit bits of a byte whose block has a treatment. */
	public int treated(int offset) {
		return this.treated[offset] & 0xFF;
	}

	/** The state bits of a byte, by the catalog's tables. */
	public int state(int offset) {
		return this.state[offset] & 0xFF;
	}

	public int declared(int offset) {
		return this.declared[offset] & 0xFF;
	}

	public Place place(int offset) {
		return this.places[offset];
	}

	/**
	 * Whether the block's read-only bits are compared byte by byte instead of by its
	 * decoded fields: a declaration made some of the bits its fields come from state.
	 */
	public boolean comparesBytesInsteadOfFields(LayoutBlock block) {
		return this.comparedByBytes.contains(BlockRef.of(block));
	}

	/**
	 * Why the layout's declarations, treatments or recorded bytes cannot be: empty when
	 * they are sound.
	 */
	public List<LayoutProblem> problems() {
		return List.copyOf(this.problems);
	}

	private void read(ConfigSpace configSpace, Layout layout) {
		int headerType = configSpace.u8(0x0E) & 0x7F;
		for (LayoutBlock block : layout.blocks()) {
			if (block.origin() != Origin.SYNTHESIZED) {
				int end = Math.min(Math.min(block.end(), block.space().end()), this.size);
				for (int at = block.offset(); at < end; at++) {
					this.inBlock[at] = true;
				}
			}
		}
		header(configSpace, headerType);
		DeviceContext device = DeviceContext.of(configSpace, expressOffset(layout));
		for (LayoutBlock block : layout.blocks()) {
			if (block.origin() != Origin.SYNTHESIZED) {
				capability(configSpace, block, device, layout);
			}
		}
		if (!this.named) {
			return;
		}
		for (LayoutBlock block : layout.blocks()) {
			if (block.origin() == Origin.SYNTHESIZED) {
				for (int at = block.offset(); at < Math.min(block.end(), this.size); at++) {
					this.synthesized[at] = (byte) 0xFF;
					this.places[at] = new Place(block.space(), block, block.offset(), block.length(), "synthesized");
				}
			}
		}
		gaps();
		declarations(layout, headerType);
		treatments(layout);
	}

	private static int expressOffset(Layout layout) {
		for (LayoutBlock block : layout.blocks()) {
			if (block.space() == Space.STANDARD && block.id() == EXPRESS && block.origin() != Origin.SYNTHESIZED) {
				return block.offset();
			}
		}
		return -1;
	}

	private void header(ConfigSpace configSpace, int headerType) {
		RegisterTable table = new RegisterTable();
		ConfigurationHeader.registers(new Registers(configSpace, 0, ConfigSpace.HEADER_SIZE), headerType, table);
		for (Register register : table.registers()) {
			apply(register, 0, null, null, ConfigSpace.HEADER_SIZE + 8);
		}
		if (!this.named) {
			return;
		}
		for (Fields.Source source : ConfigurationHeader.identity(headerType)) {
			mark(this.decoded, 0, source);
		}
		int pointer = (headerType == Identity.TYPE_CARDBUS) ? 0x14 : 0x34;
		this.structure[pointer] = (byte) 0xFF;
		unnamed(0, ConfigSpace.HEADER_SIZE, null, null, "reserved");
	}

	private void capability(ConfigSpace configSpace, LayoutBlock block, DeviceContext device, Layout layout) {
		if (block.offset() + block.headerLength() > this.size) {
			return;
		}
		if (this.named) {
			header(block);
		}
		CapabilityKind kind = (block.space() == Space.STANDARD) ? CapabilityCatalog.standard(block.id())
				: CapabilityCatalog.extended(block.id());
		Registers registers = new Registers(configSpace, block.offset(), block.length());
		RegisterTable table = new RegisterTable();
		kind.rule().registers(registers, device, table);
		int limit = extentLimit(block, layout);
		for (Register register : table.registers()) {
			apply(register, block.offset(), block.space(), block, limit);
		}
		if (!this.named) {
			return;
		}
		if (configSpace.has(block.offset(), block.length()) && block.end() <= block.space().end()) {
			Fields fields = new Fields();
			kind.rule().decode(registers, device, fields);
			for (Fields.Source source : fields.sources()) {
				mark(this.decoded, block.offset(), source);
			}
		}
		unnamed(block.offset(), Math.min(block.end(), block.space().end()), block.space(), block, "dword");
	}

	/** A capability's header: its ID, an extended one's version, and the next pointer. */
	private void header(LayoutBlock block) {
		int at = block.offset();
		String name = (block.space() == Space.STANDARD) ? "Capability Header" : "Extended Capability Header";
		Arrays.fill(this.structure, at, at + block.headerLength(), (byte) 0xFF);
		Arrays.fill(this.places, at, at + block.headerLength(),
				new Place(block.space(), block, at, block.headerLength(), name));
	}

	/**
	 * Where a block's registers may reach: the next block of its space, or the end of the
	 * space. A table names registers past the length vfio gives (AER's root registers,
	 * say) only where no other capability starts first.
	 */
	private static int extentLimit(LayoutBlock block, Layout layout) {
		int limit = block.space().end();
		for (LayoutBlock other : layout.blocks()) {
			if (other.space() == block.space() && other.offset() > block.offset() && other != block) {
				limit = Math.min(limit, other.offset());
			}
		}
		return Math.min(Math.max(limit, block.end()), block.space().end());
	}

	/**
	 * A register's bits, where its block owns them: inside the block's own length, or
	 * past it up to {@code limit} where no block lies.
	 */
	private void apply(Register register, int base, Space space, LayoutBlock block, int limit) {
		Place place = this.named ? new Place(space, block, base + register.offset(), register.width(), register.name())
				: null;
		int ownEnd = (block != null) ? Math.min(block.end(), limit) : limit;
		for (int i = 0; i < register.width(); i++) {
			int at = base + register.offset() + i;
			if (at >= this.size || at >= limit) {
				return;
			}
			if (at >= ownEnd && this.inBlock[at]) {
				continue;
			}
			if (this.named) {
				this.places[at] = place;
			}
			this.state[at] |= (byte) register.stateAt(i);
			if (register.perUnit()) {
				this.perUnit[at] = (byte) 0xFF;
			}
		}
	}

	private static void mark(byte[] bits, int base, Fields.Source source) {
		for (int i = 0; i < 8; i++) {
			int at = base + source.offset() + i;
			if (source.bitsAt(i) != 0 && at >= 0 && at < bits.length) {
				bits[at] |= (byte) source.bitsAt(i);
			}
		}
	}

	/** Names the bytes from {@code start} that no register claims, a dword at a time. */
	private void unnamed(int start, int end, Space space, LayoutBlock block, String kind) {
		int at = start;
		while (at < Math.min(end, this.size)) {
			if (this.places[at] != null) {
				at++;
				continue;
			}
			int run = at;
			int dwordEnd = Math.min((at & ~3) + 4, Math.min(end, this.size));
			while (run < dwordEnd && this.places[run] == null) {
				run++;
			}
			String name = switch (kind) {
				case "dword" -> "bytes +0x" + Integer.toHexString(at - block.offset());
				case "gap" -> "gap";
				default -> "reserved";
			};
			Place place = new Place(space, block, at, run - at, name);
			Arrays.fill(this.places, at, run, place);
			at = run;
		}
	}

	private void gaps() {
		unnamed(ConfigSpace.HEADER_SIZE, Math.min(Space.STANDARD.end(), this.size), Space.STANDARD, null, "gap");
		unnamed(Space.EXTENDED.start(), this.size, Space.EXTENDED, null, "gap");
	}

	private void declarations(Layout layout, int headerType) {
		List<Fields.Source> identity = ConfigurationHeader.identity(headerType);
		byte[] identityBits = new byte[this.size];
		identity.forEach((source) -> mark(identityBits, 0, source));
		for (StateDeclaration declaration : layout.state()) {
			String where = "the state declared at 0x" + Integer.toHexString(declaration.offset());
			if (declaration.end() > this.size) {
				this.problems.add(invalid(where + " lies beyond the " + this.size + " bytes recorded"));
				continue;
			}
			String problem = null;
			for (int at = declaration.offset(); at < declaration.end(); at++) {
				int bits = declaration.maskAt(at);
				this.declared[at] |= (byte) bits;
				if ((bits & this.structure[at]) != 0) {
					problem = " covers a capability header or the capabilities pointer: the chains are compared as"
							+ " chains, not as state";
				}
				else if ((bits & identityBits[at]) != 0) {
					problem = " covers the header's identity, which names the device model";
				}
				else if ((bits & this.synthesized[at]) != 0) {
					problem = " lies in a synthesized block, whose bytes the VMM builds";
				}
				else if ((bits & this.perUnit[at]) != 0) {
					problem = " covers a per-unit register: give its block a per-unit treatment (hidden, synthesized"
							+ " or exempt) instead";
				}
				else if ((bits & this.decoded[at]) != 0 && this.places[at].block() != null) {
					// the block's fields come partly from declared state: its bytes are
					// compared instead, without the declared bits
					this.comparedByBytes.add(BlockRef.of(this.places[at].block()));
				}
			}
			if (problem != null) {
				this.problems.add(invalid(where + problem));
			}
		}
		for (BlockRef ref : this.comparedByBytes) {
			for (int at = 0; at < this.size; at++) {
				Place place = this.places[at];
				if (place != null && place.block() != null && BlockRef.of(place.block()).equals(ref)) {
					this.decoded[at] = 0;
				}
			}
		}
	}

	private static LayoutProblem invalid(String message) {
		return new LayoutProblem(LayoutProblem.Code.INVALID_DECLARATION, message);
	}

	private void treatments(Layout layout) {
		for (LayoutBlock block : layout.blocks()) {
			if (block.perUnit() == null) {
				continue;
			}
			boolean any = false;
			for (int at = block.offset(); at < Math.min(block.end(), this.size); at++) {
				if (this.perUnit[at] != 0 && this.places[at].block() == block) {
					this.treated[at] = this.perUnit[at];
					any = true;
				}
			}
			if (!any) {
				this.problems.add(invalid("the " + block.name() + " capability at " + BlockRef.of(block)
						+ " has no per-unit register to give a treatment"));
			}
		}
	}

}
