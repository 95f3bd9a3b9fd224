package io.cfgspace.configspace.capability;

import static io.cfgspace.configspace.ConfigSpaceBuilder.PAGE_ALIGNED;
import static io.cfgspace.configspace.ConfigSpaceBuilder.addressTranslation;
import static io.cfgspace.configspace.ConfigSpaceBuilder.expressEndpoint;
import static io.cfgspace.configspace.ConfigSpaceBuilder.extended;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.cfgspace.layout.LayoutBlock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Address Translation Service (extended 0x000F, 8 bytes), pci-facts.md §4.3: Invalidate
 * Queue Depth bits 4:0 (0 means 32), Page Aligned Request bit 5, Global Invalidate bit 6.
 */
class AddressTranslationTest {

	@Test
	void isEightBytesNamedAsLspciNamesIt() {
		LayoutBlock block = expressEndpoint(0x8086, 0x1234).with(0x200, addressTranslation(0, PAGE_ALIGNED))
			.block(0x200);

		assertThat(block.length()).isEqualTo(8);
		assertThat(block.name()).isEqualTo("Address Translation Service (ATS)");
	}

	@ParameterizedTest(name = "encoded depth {0} means {1}")
	@CsvSource({ "0, 32", "1, 1", "16, 16", "31, 31" })
	void queueDepthZeroMeans32(int encoded, long depth) {
		LayoutBlock block = expressEndpoint(0x8086, 0x1234).with(0x200, addressTranslation(encoded, !PAGE_ALIGNED))
			.block(0x200);

		assertThat(block.fields()).containsEntry("invalidateQueueDepth", depth);
	}

	@Test
	void decodesPageAlignedGlobalInvalidateAndRelaxedOrdering() {
		LayoutBlock block = expressEndpoint(0x8086, 0x1234)
			.with(0x200, extended(0x0F, 1).u16(0x04, 0x0020 | 0x0040 | 0x0080 | 0x05))
			.block(0x200);

		assertThat(block.fields()).isEqualTo(Map.of("invalidateQueueDepth", 5L, "pageAlignedRequest", true,
				"globalInvalidateSupported", true, "relaxedOrderingSupported", true));
	}

	@Test
	void pageAlignedIsBit5Only() {
		LayoutBlock block = expressEndpoint(0x8086, 0x1234).with(0x200, addressTranslation(0, !PAGE_ALIGNED))
			.block(0x200);

		assertThat(block.fields()).isEqualTo(Map.of("invalidateQueueDepth", 32L, "pageAlignedRequest", false,
				"globalInvalidateSupported", false, "relaxedOrderingSupported", false));
	}

	@Test
	void enableAndSmallestTranslationUnitAreState() {
		LayoutBlock disabled = expressEndpoint(0x8086, 0x1234).with(0x200, addressTranslation(0, PAGE_ALIGNED))
			.block(0x200);
		LayoutBlock enabled = expressEndpoint(0x8086, 0x1234)
			.with(0x200, addressTranslation(0, PAGE_ALIGNED).u16(0x06, 0x801F))
			.block(0x200);

		assertThat(enabled.fields()).isEqualTo(disabled.fields());
	}

}
