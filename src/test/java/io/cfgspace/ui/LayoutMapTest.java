package io.cfgspace.ui;

import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import io.cfgspace.configspace.ConfigSpaceParser;
import io.cfgspace.configspace.Corpus;
import io.cfgspace.configspace.read.Dumps;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutBlock;
import io.cfgspace.layout.Space;
import io.cfgspace.verification.Quirk;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LayoutMapTest {

	/** Intel DSA: 3 standard and 9 extended capabilities in 4096 bytes. */
	static final String DSA = "intel-dsa-spr-rciep";

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

	private static Layout parse(byte[] dump) {
		return ConfigSpaceParser.parse(Dumps.read(dump).get(0).configSpace());
	}

}
