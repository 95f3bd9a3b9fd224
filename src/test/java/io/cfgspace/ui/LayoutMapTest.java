package io.cfgspace.ui;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.cfgspace.configspace.ConfigSpaceMap;
import io.cfgspace.configspace.ConfigSpaceParser;
import io.cfgspace.configspace.Corpus;
import io.cfgspace.configspace.read.Dumps;
import io.cfgspace.layout.BlockRef;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutBlock;
import io.cfgspace.layout.LayoutComposer;
import io.cfgspace.layout.PerUnit;
import io.cfgspace.layout.Space;
import io.cfgspace.layout.StateDeclaration;
import io.cfgspace.verification.core.Quirk;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LayoutMapTest {

	/** Intel DSA: 3 standard and 9 extended capabilities in 4096 bytes. */
	static final String DSA = "intel-dsa-spr-rciep";

	/** Intel 82576 PF: a Device Serial Number at 0x140, ARI at 0x150, SR-IOV at 0x160. */
	static final String NIC = "intel-82576-nic-pf";

	@Test
	void placesEveryBlockOfADeviceWithManyCapabilitiesAtItsOffset() {
		Layout layout = parse(Corpus.bytes(DSA));
		assertThat(layout.blocks()).hasSizeGreaterThanOrEqualTo(10);
		LayoutMap map = LayoutMap.of(layout, List.of(), Set.of(), "");
		for (LayoutBlock block : layout.blocks()) {
			LayoutMap.Block drawn = map.blocks()
				.stream()
				.filter((b) -> b.key().equals(LayoutMap.key(block.space(), block.offset())))
				.findFirst()
				.orElseThrow();
			LayoutMap.Segment first = drawn.segments().get(0);
			// standard space: rows of 64 bytes, 6 px a byte, 24 px a row; extended: rows
			// of 128 bytes from 0x100, 3 px a byte, 13 px a row
			boolean standard = block.space() == Space.STANDARD;
			int base = standard ? 0 : 0x100;
			int perRow = standard ? 64 : 128;
			assertThat(first.x()).as(drawn.name())
				.isEqualTo(48 + (block.offset() - base) % perRow * (standard ? 6 : 3));
			assertThat(first.y()).as(drawn.name()).isEqualTo((block.offset() - base) / perRow * (standard ? 24 : 13));
			assertThat(drawn.segments().stream().mapToInt((s) -> s.end() - s.start()).sum()).isEqualTo(block.length());
			assertThat(drawn.segments().stream().mapToInt(LayoutMap.Segment::width).sum())
				.isEqualTo(block.length() * (standard ? 6 : 3));
		}
	}

	@Test
	void numbersTheChainInLinkOrderAndLeavesHiddenBlocksOut() {
		Layout layout = parse(Corpus.bytes(DSA));
		LayoutMap map = LayoutMap.of(layout, List.of(), Set.of(), "");
		List<String> orders = map.grids().get(1).capabilities().stream().map(LayoutMap.Block::chainOrder).toList();
		assertThat(orders).startsWith("1", "2", "3");
		assertThat(map.grids().get(1).capabilities().get(0).offset()).isEqualTo(0x100);
	}

	@Test
	void splitsABlockThatCrossesARowIntoOneRectanglePerRow() {
		List<LayoutMap.Segment> segments = LayoutMap.Scale.of(Space.EXTENDED).segments(0x170, 0x190);
		assertThat(segments).hasSize(2);
		assertThat(segments.get(0)).extracting(LayoutMap.Segment::start, LayoutMap.Segment::end)
			.containsExactly(0x170, 0x180);
		assertThat(segments.get(1).x()).isEqualTo(48);
		assertThat(segments.get(1).y()).isEqualTo(13);
	}

	@Test
	void showsTheFreeGapsAndHatchesQuirkRanges() {
		Layout layout = parse(Corpus.bytes(DSA));
		Quirk quirk = new Quirk(0x8086, 0x0b25, null, false, List.of(new Quirk.Range(0x800, 0x810)), "test");
		LayoutMap.Grid extended = LayoutMap.of(layout, List.of(quirk), Set.of(), "").grids().get(1);
		int covered = extended.blocks().stream().mapToInt(LayoutMap.Block::length).sum();
		int free = extended.gaps().stream().mapToInt((g) -> g.end() - g.start()).sum();
		assertThat(covered + free).isEqualTo(0x1000 - 0x100);
		assertThat(extended.quirks()).singleElement().satisfies((s) -> assertThat(s.start()).isEqualTo(0x800));
	}

	@Test
	void showsExtendedSpaceOfA256ByteDumpAsUnknown() {
		byte[] config = Dumps.read(Corpus.bytes(DSA)).get(0).configSpace().toByteArray();
		Layout layout = parse(HexFormat.of().formatHex(config, 0, 256).getBytes());
		LayoutMap map = LayoutMap.of(layout, List.of(), Set.of(), "");
		assertThat(map.grids().get(0).uncovered()).isFalse();
		assertThat(map.grids().get(1).uncovered()).isTrue();
		assertThat(map.grids().get(1).coverage()).isEqualTo("unknown");
		assertThat(map.grids().get(1).blocks()).isEmpty();
	}

	@Test
	void marksTheBlocksFindingsNameAndPlacesWithoutABlock() {
		Layout layout = parse(Corpus.bytes(DSA));
		LayoutMap map = LayoutMap.of(layout, List.of(), Set.of("extended-0x100", "extended-0xff0", "header"),
				"destination-");
		assertThat(map.blocks().stream().filter(LayoutMap.Block::highlighted).map(LayoutMap.Block::key))
			.containsExactlyInAnyOrder("header", "extended-0x100");
		assertThat(map.grids().get(1).markers()).singleElement()
			.satisfies((marker) -> assertThat(marker.start()).isEqualTo(0xff0));
		assertThat(map.blocks().get(0).anchor()).isEqualTo("destination-block-header");
	}

	@Test
	void marksTheDwordOfDeclaredStateWithItsReason() {
		LayoutMap map = LayoutMap.of(nicWithDeclarations(PerUnit.EXEMPT), List.of(), Set.of(), "");
		LayoutMap.Mark state = map.grids().get(0).state().get(0);
		assertThat(map.grids().get(0).state()).hasSize(1);
		// Min_Gnt at 0x3e lies in the dword at 0x3c: 6 px a byte in standard space
		assertThat(state.segments()).singleElement().satisfies((segment) -> {
			assertThat(segment).extracting(LayoutMap.Segment::start, LayoutMap.Segment::end)
				.containsExactly(0x3c, 0x40);
			assertThat(segment.x()).isEqualTo(48 + 0x3c * 6);
			assertThat(segment.y()).isZero();
			assertThat(segment.width()).isEqualTo(4 * 6);
		});
		assertThat(state.title()).contains("Min_Gnt 0x03e, 1 byte, bits 0xff: firmware counts here");
		assertThat(map.grids().get(1).state()).isEmpty();
	}

	@Test
	void marksPerUnitRegistersWithTheirBlocksTreatmentOrNone() {
		LayoutMap exempt = LayoutMap.of(nicWithDeclarations(PerUnit.EXEMPT), List.of(), Set.of(), "");
		LayoutMap.Mark serial = exempt.grids().get(1).perUnit().get(0);
		assertThat(exempt.grids().get(1).perUnit()).hasSize(1);
		assertThat(serial.label()).isEqualTo("exempt");
		// the 8-byte Serial Number at 0x144, 3 px a byte from 0x100 in extended space
		assertThat(serial.segments()).singleElement().satisfies((segment) -> {
			assertThat(segment).extracting(LayoutMap.Segment::start, LayoutMap.Segment::end)
				.containsExactly(0x144, 0x14c);
			assertThat(segment.x()).isEqualTo(48 + 0x44 * 3);
			assertThat(segment.width()).isEqualTo(8 * 3);
		});
		assertThat(serial.title()).contains("Serial Number 0x144", "Device Serial Number", "every verification warns");

		LayoutMap.Mark untreated = LayoutMap.of(parse(Corpus.bytes(NIC)), List.of(), Set.of(), "")
			.grids()
			.get(1)
			.perUnit()
			.get(0);
		assertThat(untreated.label()).isEqualTo("no treatment");
		assertThat(untreated.kind()).isEqualTo("no-treatment");
		assertThat(untreated.title()).contains("PER_UNIT_VALUE_UNDECLARED");
	}

	@Test
	void outlinesARegisterAFindingNamesAndFillsTheBytesWhoseBitsDiffer() {
		Layout layout = nicWithDeclarations(PerUnit.EXEMPT);
		LayoutMap map = LayoutMap.of(layout, List.of(), Set.of(),
				List.of(new LayoutMap.RegisterMark(0x154, "0xff00", "ARI Capability differs"),
						new LayoutMap.RegisterMark(0x03d, "0x01", "Interrupt Pin differs")),
				"destination-");
		LayoutMap.Mark ari = map.grids().get(1).registers().get(0);
		// the catalog's ARI Capability register is 2 bytes; only its upper byte differs
		assertThat(ari.segments()).singleElement()
			.extracting(LayoutMap.Segment::start, LayoutMap.Segment::end)
			.containsExactly(0x154, 0x156);
		assertThat(ari.bits()).singleElement()
			.satisfies((bits) -> assertThat(bits).extracting(LayoutMap.Segment::start, LayoutMap.Segment::x)
				.containsExactly(0x155, 48 + 0x55 * 3));
		assertThat(ari.anchor()).isEqualTo("destination-register-0x154");
		assertThat(map.grids().get(0).registers()).singleElement()
			.satisfies((pin) -> assertThat(pin.segments()).singleElement()
				.extracting(LayoutMap.Segment::start, LayoutMap.Segment::end)
				.containsExactly(0x3d, 0x3e));
	}

	@Test
	void takesARegistersWidthFromTheMaskWhenTheLayoutRecordedNoBytes() {
		Layout parsed = parse(Corpus.bytes(NIC));
		Layout firstFormat = new Layout(parsed.identity(), parsed.coverage(), parsed.blocks(), parsed.findings());
		LayoutMap map = LayoutMap.of(firstFormat, List.of(), Set.of(),
				List.of(new LayoutMap.RegisterMark(0x154, "0xff00", "differs"),
						new LayoutMap.RegisterMark(0x160, null, "no mask: a dword")),
				"");
		assertThat(map.grids().get(1).registers()).extracting((mark) -> mark.segments().get(0).end())
			.containsExactly(0x156, 0x164);
		assertThat(map.grids().get(1).perUnit()).isEmpty();
		assertThat(map.tables().firstFormat()).isTrue();
		assertThat(map.tables().bars()).isEmpty();
	}

	@Test
	void drawsNoMarkWhereTheDumpCapturedNothing() {
		byte[] config = Dumps.read(Corpus.bytes(NIC)).get(0).configSpace().toByteArray();
		Layout layout = parse(HexFormat.of().formatHex(config, 0, 256).getBytes());
		LayoutMap map = LayoutMap.of(layout, List.of(), Set.of(),
				List.of(new LayoutMap.RegisterMark(0x144, "0xff", "unknown space")), "");
		assertThat(map.grids().get(1).uncovered()).isTrue();
		assertThat(map.grids().get(1).registers()).isEmpty();
		assertThat(map.grids().get(1).perUnit()).isEmpty();
	}

	@Test
	void tablesTheBarsStateAndPerUnitTreatments() {
		LayoutTables tables = LayoutMap.of(nicWithDeclarations(PerUnit.EXEMPT), List.of(), Set.of(), "").tables();
		assertThat(tables.firstFormat()).isFalse();
		assertThat(tables.bars()).first()
			.extracting(LayoutTables.BarRow::resource, LayoutTables.BarRow::type, LayoutTables.BarRow::prefetchable,
					LayoutTables.BarRow::size)
			.containsExactly("bar0", "memory32", "no", "unknown");
		assertThat(tables.bars()).filteredOn((bar) -> bar.resource().equals("bar2"))
			.singleElement()
			.extracting(LayoutTables.BarRow::prefetchable)
			.isEqualTo("–");
		assertThat(tables.state()).singleElement()
			.extracting(LayoutTables.StateRow::offset, LayoutTables.StateRow::width, LayoutTables.StateRow::mask,
					LayoutTables.StateRow::register, LayoutTables.StateRow::reason)
			.containsExactly("0x03e", 1, "0xff", "Min_Gnt", "firmware counts here");
		assertThat(tables.perUnit()).singleElement()
			.extracting(LayoutTables.PerUnitRow::block, LayoutTables.PerUnitRow::register,
					LayoutTables.PerUnitRow::treatment)
			.containsExactly("Device Serial Number at extended 0x140", "Serial Number 0x144", "exempt");
	}

	@Test
	void writesBarSizesAsLspciDoes() {
		assertThat(LayoutTables.lspciSize(128L * 1024)).isEqualTo("128K");
		assertThat(LayoutTables.lspciSize(4L << 20)).isEqualTo("4M");
		assertThat(LayoutTables.lspciSize(16L << 30)).isEqualTo("16G");
		assertThat(LayoutTables.lspciSize(32L)).isEqualTo("32");
		assertThat(LayoutTables.lspciSize(1536L)).isEqualTo("1536");
		assertThat(LayoutTables.lspciSize(0L)).isEqualTo("not implemented");
		assertThat(LayoutTables.lspciSize(null)).isEqualTo("unknown");
	}

	/**
	 * The 82576 NIC pinned as PinRequest pins it: Min_Gnt declared state, the Device
	 * Serial Number given a treatment.
	 */
	static Layout nicWithDeclarations(PerUnit serial) {
		Layout declared = LayoutComposer.declare(parse(Corpus.bytes(NIC)),
				List.of(new StateDeclaration(0x3e, 1, 0xff, "firmware counts here")),
				Map.of(new BlockRef(Space.EXTENDED, 0x140), serial));
		return ConfigSpaceMap.recorded(declared);
	}

	private static Layout parse(byte[] dump) {
		return ConfigSpaceParser.parse(Dumps.read(dump).get(0).configSpace());
	}

}
