package io.cfgspace.configspace.capability;

import static io.cfgspace.configspace.ConfigSpaceBuilder.expressEndpoint;
import static io.cfgspace.configspace.ConfigSpaceBuilder.extended;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.cfgspace.configspace.ConfigSpaceBuilder.Capability;
import io.cfgspace.layout.LayoutBlock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Resizable BAR (extended 0x0015) and VF Resizable BAR (0x0024), pci-facts.md §3.3: 4 + 8
 * bytes per BAR, the number of BARs in bits 7:5 of the first control register (+8).
 */
class ResizableBarTest {

	/** One capability/control pair per BAR; the first control carries the BAR count. */
	private static Capability resizableBar(int id, int bars) {
		Capability capability = extended(id, 1);
		for (int i = 0; i < bars; i++) {
			long sizes = 0x0000_3FF0L << i;
			long control = i | ((i == 0) ? (bars << 5) : 0) | (5 << 8);
			capability.u32(4 + 8 * i, sizes).u32(8 + 8 * i, control);
		}
		return capability;
	}

	@ParameterizedTest(name = "{0} BARs")
	@ValueSource(ints = { 1, 2, 3, 6 })
	void lengthIs4Plus8PerBar(int bars) {
		LayoutBlock block = expressEndpoint(0x1002, 0x73BF).with(0x200, resizableBar(0x15, bars)).block(0x200);

		assertThat(block.length()).isEqualTo(4 + 8 * bars);
		assertThat(block.fields()).containsEntry("bars", (long) bars);
	}

	@Test
	void barCountComesFromBits7To5OfTheFirstControlRegisterOnly() {
		// the current size (b13:8) and the BAR index (b2:0) must not count as BARs
		LayoutBlock block = expressEndpoint(0x1002, 0x73BF)
			.with(0x200, extended(0x15, 1).u32(0x04, 0x10).u32(0x08, 0x0000_1F00L | (1 << 5) | 0x7))
			.block(0x200);

		assertThat(block.length()).isEqualTo(12);
		assertThat(block.fields()).containsEntry("bars", 1L).containsEntry("bar0Index", 7L);
	}

	@Test
	void decodesIndexAndSupportedSizesPerBar() {
		LayoutBlock block = expressEndpoint(0x1002, 0x73BF)
			.with(0x200,
					extended(0x15, 1).u32(0x04, 0x0000_3FF0L)
						.u32(0x08, (2 << 5) | (8 << 8))
						.u32(0x0C, 0xFFFF_FFF0L)
						.u32(0x10, 0x0003_0002L))
			.block(0x200);

		assertThat(block.name()).isEqualTo("Physical Resizable BAR");
		assertThat(block.fields()).isEqualTo(Map.of("bars", 2L, "bar0Index", 0L, "bar0SupportedSizes", 0x3FFL,
				"bar1Index", 2L, "bar1SupportedSizes", 0x0FFF_FFFFL | (3L << 28)));
	}

	@Test
	void currentSizeIsState() {
		LayoutBlock small = expressEndpoint(0x1002, 0x73BF)
			.with(0x200, extended(0x15, 1).u32(0x04, 0x3FF0).u32(0x08, (1 << 5) | (0 << 8)))
			.block(0x200);
		LayoutBlock large = expressEndpoint(0x1002, 0x73BF)
			.with(0x200, extended(0x15, 1).u32(0x04, 0x3FF0).u32(0x08, (1 << 5) | (9 << 8)))
			.block(0x200);

		assertThat(large.fields()).isEqualTo(small.fields());
	}

	@Test
	void virtualResizableBarUsesTheSameRule() {
		LayoutBlock block = expressEndpoint(0x1002, 0x73BF).with(0x280, resizableBar(0x24, 3)).block(0x280);

		assertThat(block.name()).isEqualTo("Virtual Resizable BAR");
		assertThat(block.length()).isEqualTo(28);
		assertThat(block.fields()).containsEntry("bar2Index", 2L).containsEntry("bar2SupportedSizes", 0xFFCL);
	}

}
