package io.cfgspace.ui;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.cfgspace.configspace.ConfigSpaceMap;
import io.cfgspace.configspace.capability.FieldText;
import io.cfgspace.layout.Coverage;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutBlock;
import io.cfgspace.layout.Origin;
import io.cfgspace.layout.Space;
import io.cfgspace.layout.StateDeclaration;
import io.cfgspace.verification.core.Quirk;

/**
 * The geometry of a config-space picture: standard space (256 bytes, the header included)
 * and extended space (4 KiB) as grids of dwords, each block cut into one rectangle per
 * grid row it crosses. Plain Java, so that the arithmetic is tested here and templates
 * only draw what it says.
 *
 * <p>
 * Over the blocks it marks what the layout records about single registers, read through
 * the capability catalog: the dwords that hold declared state, the per-unit registers
 * with their treatment, and the registers a verdict's findings name.
 *
 * @param anchor prefix of the block anchors, so that two maps can share a page
 * @param grids the standard grid, then the extended one
 * @param tables BARs, state declarations and per-unit registers, for the tables beside
 * the map
 */
public record LayoutMap(String anchor, List<Grid> grids, LayoutTables tables) {

	/** Width of the offset labels left of a grid. */
	static final int LABEL_WIDTH = 48;

	static final int GRID_WIDTH = 384;

	/** The configuration header before the first capability (PCI spec, type 0/1). */
	static final int HEADER_END = 0x40;

	/**
	 * @param layout the layout to draw
	 * @param quirks ranges the device keeps registers in; {@code allGaps} hatches every
	 * gap
	 * @param highlighted blocks to mark, as {@link #key(Space, int)}
	 * @param anchor prefix of the block anchors ({@code ""} on a page with one map)
	 */
	public static LayoutMap of(Layout layout, Collection<Quirk> quirks, Set<String> highlighted, String anchor) {
		return of(layout, quirks, highlighted, List.of(), anchor);
	}

	/**
	 * @param registers registers to mark, as findings name them (one side's)
	 */
	public static LayoutMap of(Layout layout, Collection<Quirk> quirks, Set<String> highlighted,
			List<RegisterMark> registers, String anchor) {
		// a first-format layout recorded no bytes: nothing to read registers from
		ConfigSpaceMap bytes = (layout.image() != null) ? ConfigSpaceMap.of(layout) : null;
		List<PerUnitRegister> perUnit = (bytes != null) ? PerUnitRegister.of(bytes) : List.of();
		List<Grid> grids = new ArrayList<>();
		for (Space space : Space.values()) {
			Grid grid = grid(layout, space, quirks, highlighted, anchor);
			if (!grid.uncovered()) {
				grid = grid.withMarks(stateMarks(layout, bytes, space), perUnitMarks(perUnit, space),
						registerMarks(registers, bytes, space, anchor));
			}
			grids.add(grid);
		}
		return new LayoutMap(anchor, grids, LayoutTables.of(layout, bytes, perUnit));
	}

	/** How a block is named across maps and findings: {@code extended-0x100}. */
	public static String key(Space space, int offset) {
		return space.json() + "-0x" + Integer.toHexString(offset);
	}

	/** Every block of every grid. */
	public List<Block> blocks() {
		return this.grids.stream().flatMap((grid) -> grid.blocks().stream()).toList();
	}

	private static Grid grid(Layout layout, Space space, Collection<Quirk> quirks, Set<String> highlighted,
			String anchor) {
		Scale scale = Scale.of(space);
		Coverage.Extent extent = (space == Space.STANDARD) ? layout.coverage().standard()
				: layout.coverage().extended();
		List<Block> blocks = new ArrayList<>();
		if (space == Space.STANDARD) {
			blocks.add(new Block("header", "Configuration header", 0, HEADER_END, "header", null, Map.of(),
					highlighted.contains("header"), anchor + "block-header", scale.segments(0, HEADER_END)));
		}
		int order = 0;
		for (LayoutBlock block : layout.blocks(space)) {
			String chainOrder = (block.origin() == Origin.HIDDEN) ? null : String.valueOf(++order);
			String key = key(space, block.offset());
			int end = Math.min(block.end(), space.end());
			blocks.add(new Block(key, block.name(), block.offset(), block.length(), block.origin().json(), chainOrder,
					block.fields(), highlighted.contains(key), anchor + "block-" + key,
					scale.segments(block.offset(), end)));
		}
		// a space the dump did not capture has no known gaps: never draw it as free
		List<Range> gaps = (extent == Coverage.Extent.CAPTURED) ? gaps(blocks, space) : List.of();
		List<Segment> free = new ArrayList<>();
		List<Segment> quirky = new ArrayList<>();
		for (Range gap : gaps) {
			free.addAll(scale.segments(gap.start(), gap.end()));
		}
		for (Quirk quirk : quirks) {
			if (quirk.allGaps()) {
				gaps.forEach((gap) -> quirky.addAll(scale.segments(gap.start(), gap.end())));
			}
			for (Quirk.Range range : quirk.ranges()) {
				int start = Math.max(range.start(), scale.first());
				int end = Math.min(range.end(), space.end());
				if (start < end) {
					quirky.addAll(scale.segments(start, end));
				}
			}
		}
		List<Segment> markers = new ArrayList<>();
		for (String key : highlighted) {
			int offset = offsetIn(key, space);
			if (offset >= 0 && blocks.stream().noneMatch((block) -> block.offset() == offset)) {
				// a finding about a place the pin has no block at: mark its dword
				markers.addAll(scale.segments(offset, Math.min(offset + 4, space.end())));
			}
		}
		return new Grid(space.json(), extent.json(), extent != Coverage.Extent.CAPTURED, scale.width(), scale.height(),
				scale.rowLabels(), blocks, gaps, free, quirky, markers, List.of(), List.of(), List.of());
	}

	/**
	 * The dwords that hold declared state: a declaration is one naturally aligned
	 * register, so it lies in one dword; declarations that share a dword share its mark.
	 */
	static List<Mark> stateMarks(Layout layout, ConfigSpaceMap bytes, Space space) {
		Map<Integer, List<StateDeclaration>> byDword = new TreeMap<>();
		for (StateDeclaration declaration : layout.state()) {
			if (inGrid(declaration.offset(), space)) {
				byDword.computeIfAbsent(declaration.offset() & ~3, (dword) -> new ArrayList<>()).add(declaration);
			}
		}
		Scale scale = Scale.of(space);
		List<Mark> marks = new ArrayList<>();
		byDword.forEach((dword, declarations) -> {
			StringBuilder title = new StringBuilder("declared state, never compared");
			for (StateDeclaration declaration : declarations) {
				String register = (bytes != null && declaration.offset() < bytes.size())
						? bytes.place(declaration.offset()).name() + " " : "";
				title.append('\n')
					.append(register)
					.append(String.format("0x%03x", declaration.offset()))
					.append(", ")
					.append(declaration.width())
					.append(" byte")
					.append((declaration.width() == 1) ? "" : "s")
					.append(", bits ")
					.append(LayoutTables.hex(declaration.mask(), declaration.width()))
					.append(": ")
					.append(declaration.reason());
			}
			marks.add(new Mark(String.format("0x%03x", dword), "declared state", title.toString(), null,
					scale.segments(dword, dword + 4), List.of()));
		});
		return marks;
	}

	/** The per-unit registers, each with its block's treatment or none. */
	static List<Mark> perUnitMarks(List<PerUnitRegister> registers, Space space) {
		Scale scale = Scale.of(space);
		List<Mark> marks = new ArrayList<>();
		for (PerUnitRegister register : registers) {
			if (inGrid(register.register(), space)) {
				String title = register.name() + String.format(" 0x%03x", register.register()) + " of the "
						+ register.block().name() + " capability at " + register.blockRef() + ": a per-unit value, "
						+ register.treatmentLabel() + "\n" + register.consequence();
				marks.add(new Mark(String.format("0x%03x", register.register()), register.treatmentLabel(), title, null,
						scale.segments(register.register(), Math.min(register.end(), space.end())), List.of()));
			}
		}
		return marks;
	}

	/**
	 * The registers findings name: the register's bytes outlined, the bytes whose bits
	 * differ filled. The width is the catalog's for the register where the layout
	 * recorded bytes, else what the mask's digits say, else a dword.
	 */
	static List<Mark> registerMarks(List<RegisterMark> registers, ConfigSpaceMap bytes, Space space, String anchor) {
		Map<Integer, List<RegisterMark>> byRegister = new TreeMap<>();
		for (RegisterMark register : registers) {
			if (inGrid(register.register(), space)) {
				byRegister.computeIfAbsent(register.register(), (at) -> new ArrayList<>()).add(register);
			}
		}
		Scale scale = Scale.of(space);
		List<Mark> marks = new ArrayList<>();
		byRegister.forEach((at, named) -> {
			int width = width(at, named, bytes);
			int end = Math.min(at + width, space.end());
			long mask = named.stream().mapToLong(RegisterMark::bits).reduce(0, (a, b) -> a | b);
			List<Segment> bits = new ArrayList<>();
			for (int i = 0; at + i < end; i++) {
				if (((mask >>> (8 * i)) & 0xFF) != 0) {
					bits.addAll(scale.segments(at + i, at + i + 1));
				}
			}
			String title = String.join("\n", named.stream().map(RegisterMark::title).toList());
			String key = String.format("0x%03x", at);
			marks.add(new Mark(key, "named by a finding", title, anchor + "register-" + key, scale.segments(at, end),
					bits));
		});
		return marks;
	}

	private static int width(int at, List<RegisterMark> named, ConfigSpaceMap bytes) {
		if (bytes != null && at < bytes.size()) {
			return bytes.place(at).width();
		}
		return named.stream().mapToInt(RegisterMark::maskWidth).filter((width) -> width > 0).max().orElse(4);
	}

	/** Whether an offset is drawn in this space's grid (the header is in standard's). */
	private static boolean inGrid(int offset, Space space) {
		return (space == Space.STANDARD) ? offset >= 0 && offset < space.end() : space.contains(offset);
	}

	/** The offset a {@link #key} names in this space, or -1. */
	private static int offsetIn(String key, Space space) {
		String prefix = space.json() + "-0x";
		if (!key.startsWith(prefix)) {
			return -1;
		}
		int offset = Integer.parseInt(key.substring(prefix.length()), 16);
		return (offset >= Scale.of(space).first() && offset < space.end()) ? offset : -1;
	}

	/** The ranges of a space that no block covers (hidden blocks do cover theirs). */
	static List<Range> gaps(List<Block> blocks, Space space) {
		int first = Scale.of(space).first();
		TreeMap<Integer, Integer> used = new TreeMap<>();
		for (Block block : blocks) {
			used.merge(block.offset(), block.offset() + block.length(), Math::max);
		}
		List<Range> gaps = new ArrayList<>();
		int at = first;
		for (Map.Entry<Integer, Integer> entry : used.entrySet()) {
			if (entry.getKey() > at) {
				gaps.add(new Range(at, Math.min(entry.getKey(), space.end())));
			}
			at = Math.max(at, entry.getValue());
		}
		if (at < space.end()) {
			gaps.add(new Range(at, space.end()));
		}
		gaps.sort(Comparator.comparingInt(Range::start));
		return gaps;
	}

	/**
	 * One space drawn as a grid.
	 *
	 * @param space {@code standard} or {@code extended}
	 * @param coverage what the dump captured of it ({@code captured}, {@code unknown},
	 * {@code not-applicable})
	 * @param uncovered the dump says nothing certain about this space
	 * @param markers places findings name where the layout has no block
	 * @param state the dwords that hold declared state
	 * @param perUnit the per-unit registers
	 * @param registers the registers findings name
	 */
	public record Grid(String space, String coverage, boolean uncovered, int width, int height, List<RowLabel> rows,
			List<Block> blocks, List<Range> gaps, List<Segment> free, List<Segment> quirks, List<Segment> markers,
			List<Mark> state, List<Mark> perUnit, List<Mark> registers) {

		Grid withMarks(List<Mark> newState, List<Mark> newPerUnit, List<Mark> newRegisters) {
			return new Grid(this.space, this.coverage, this.uncovered, this.width, this.height, this.rows, this.blocks,
					this.gaps, this.free, this.quirks, this.markers, newState, newPerUnit, newRegisters);
		}

		public String title() {
			return "standard".equals(this.space) ? "Standard space 0x000–0x0FF" : "Extended space 0x100–0xFFF";
		}

		/**
		 * The blocks in drawing order: hidden ones first, so that a synthesized block
		 * that takes a hidden block's place is drawn over it.
		 */
		public List<Block> drawOrder() {
			List<Block> order = new ArrayList<>(this.blocks);
			order.sort(Comparator.comparing((Block block) -> !"hidden".equals(block.origin())));
			return order;
		}

		/** Blocks that are not the header: the table beside the map lists these. */
		public List<Block> capabilities() {
			return this.blocks.stream().filter((block) -> !"header".equals(block.origin())).toList();
		}

	}

	/**
	 * A capability block (or the header) and the rectangles that draw it.
	 *
	 * @param chainOrder its place in the guest-visible chain, or {@code null} when hidden
	 * @param anchor the id of its row in the table beside the map
	 */
	public record Block(String key, String name, int offset, int length, String origin, String chainOrder,
			Map<String, Object> fields, boolean highlighted, String anchor, List<Segment> segments) {

		public String offsetHex() {
			return String.format("0x%03x", this.offset);
		}

		/** The decoded fields as people read them: registers in hex with their bits. */
		public Map<String, String> shownFields() {
			Map<String, String> shown = new java.util.LinkedHashMap<>();
			this.fields.forEach((name, value) -> shown.put(name, FieldText.of(name, value)));
			return shown;
		}

		/** The SVG tooltip: name, place and decoded fields. */
		public String tooltip() {
			StringBuilder text = new StringBuilder();
			text.append(this.name)
				.append(" at ")
				.append(offsetHex())
				.append(", ")
				.append(this.length)
				.append(" bytes, ");
			text.append(this.origin);
			if (this.chainOrder != null) {
				text.append(", #").append(this.chainOrder).append(" in the chain");
			}
			shownFields().forEach((name, value) -> text.append('\n').append(name).append(" = ").append(value));
			return text.toString();
		}

		/** Where the chain-order label goes: inside the first rectangle. */
		public Segment first() {
			return this.segments.get(0);
		}

	}

	/**
	 * A register a finding names, to mark on a map.
	 *
	 * @param register its config-space offset
	 * @param mask the bits that differ, as findings write them ({@code 0x00ff0000}), or
	 * {@code null}
	 * @param title what the finding says, for the tooltip
	 */
	public record RegisterMark(int register, String mask, String title) {

		/** The differing bits, or none when the finding gave no mask. */
		long bits() {
			return (maskWidth() > 0) ? Long.parseUnsignedLong(this.mask.substring(2), 16) : 0;
		}

		/** The register's width by the mask's digits (two a byte), or 0 without one. */
		int maskWidth() {
			return (this.mask != null && this.mask.matches("0x[0-9a-fA-F]{1,16}")) ? (this.mask.length() - 1) / 2 : 0;
		}

	}

	/**
	 * Something the layout says about a register or dword, drawn over the blocks.
	 *
	 * @param key the offset it is about, {@code 0x144}
	 * @param label what kind of mark: {@code declared state}, a per-unit treatment
	 * ({@code exempt}, {@code no treatment}), {@code named by a finding}
	 * @param title the tooltip
	 * @param anchor the id of the mark in the SVG, or {@code null}
	 * @param segments the rectangles that outline it
	 * @param bits the rectangles of the bytes whose bits a finding names
	 */
	public record Mark(String key, String label, String title, String anchor, List<Segment> segments,
			List<Segment> bits) {

		/** The label as a CSS class: {@code no-treatment}, {@code exempt}. */
		public String kind() {
			return this.label.replace(' ', '-');
		}

	}

	/** A half-open byte range {@code [start, end)}. */
	public record Range(int start, int end) {

		public String label() {
			return String.format("0x%03x–0x%03x, %d bytes", this.start, this.end - 1, this.end - this.start);
		}

	}

	/** One rectangle: the part of a byte range in one grid row. */
	public record Segment(int start, int end, int x, int y, int width, int height) {

	}

	/** An offset written left of a grid row. */
	public record RowLabel(String text, int y) {

	}

	/**
	 * Bytes to pixels for one space: standard space in rows of 16 dwords, extended space
	 * in rows of 32, both {@link #GRID_WIDTH} wide.
	 */
	record Scale(int first, int end, int bytesPerRow, int rowHeight) {

		static Scale of(Space space) {
			return (space == Space.STANDARD) ? new Scale(0, space.end(), 64, 24)
					: new Scale(space.start(), space.end(), 128, 13);
		}

		int rows() {
			return (this.end - this.first) / this.bytesPerRow;
		}

		int width() {
			return LABEL_WIDTH + GRID_WIDTH;
		}

		int height() {
			return rows() * this.rowHeight;
		}

		double pixelsPerByte() {
			return (double) GRID_WIDTH / this.bytesPerRow;
		}

		int x(int offset) {
			return LABEL_WIDTH + (int) Math.round(((offset - this.first) % this.bytesPerRow) * pixelsPerByte());
		}

		int y(int offset) {
			return ((offset - this.first) / this.bytesPerRow) * this.rowHeight;
		}

		List<Segment> segments(int start, int end) {
			List<Segment> segments = new ArrayList<>();
			int at = start;
			while (at < end) {
				int rowEnd = this.first + ((at - this.first) / this.bytesPerRow + 1) * this.bytesPerRow;
				int stop = Math.min(end, rowEnd);
				int width = (int) Math.round((stop - at) * pixelsPerByte());
				segments.add(new Segment(at, stop, x(at), y(at), Math.max(width, 1), this.rowHeight));
				at = stop;
			}
			return segments;
		}

		List<RowLabel> rowLabels() {
			List<RowLabel> labels = new ArrayList<>();
			for (int row = 0; row < rows(); row++) {
				int offset = this.first + row * this.bytesPerRow;
				// every row of standard space, every fourth of extended space: readable
				if (this.bytesPerRow == 64 || row % 4 == 0) {
					labels.add(new RowLabel(String.format("0x%03x", offset), row * this.rowHeight));
				}
			}
			return labels;
		}

	}

}
