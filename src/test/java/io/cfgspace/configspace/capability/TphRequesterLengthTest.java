package io.cfgspace.configspace.capability;

import static io.cfgspace.configspace.ConfigSpaceBuilder.expressEndpoint;
import static io.cfgspace.configspace.ConfigSpaceBuilder.extended;
import static org.assertj.core.api.Assertions.assertThat;

import io.cfgspace.configspace.ConfigSpaceBuilder;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutBlock;
import io.cfgspace.layout.LayoutDocument;
import io.cfgspace.layout.StructuralFinding;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * TPH Requester (extended 0x0017), vfio's rule (pci-facts.md §3.3): 12 bytes; when the ST
 * Table Location (bits 10:9 of +4) is 01b the steering table lives in the capability: 2
 * bytes per entry, ST Table Size (bits 26:16) encoding N-1 entries.
 */
class TphRequesterLengthTest {

	private static final long IN_CAPABILITY = 0b01 << 9;

	private static final long IN_MSIX_TABLE = 0b10 << 9;

	private static ConfigSpaceBuilder tph(long capability) {
		return expressEndpoint(0x8086, 0x1234).with(0x100, extended(0x0017, 1).u32(0x04, capability));
	}

	@ParameterizedTest(name = "TPH capability 0x{0} is {1} bytes")
	@CsvSource({ "00000000, 12", "00030000, 12", "00000200, 14", "00030200, 20", "003F0200, 140", "00030400, 12",
			"00030600, 12", "00030207, 20" })
	void lengthFollowsVfiosRule(String capability, int length) {
		LayoutBlock block = tph(Long.parseLong(capability, 16)).block(0x100);

		assertThat(block.length()).isEqualTo(length);
		assertThat(block.name()).isEqualTo("Transaction Processing Hints");
	}

	@Test
	void aTableInTheMsixTableAddsNothing() {
		assertThat(tph(IN_MSIX_TABLE | (63L << 16)).block(0x100).length()).isEqualTo(12);
	}

	@Test
	void tableSizeIsEncodedMinusOne() {
		// 64 entries, encoded 63, of 2 bytes each
		assertThat(tph(IN_CAPABILITY | (63L << 16)).block(0x100).length()).isEqualTo(12 + 64 * 2);
	}

	@Test
	void theLargestEncodableSteeringTableRunsPastTheEndOfExtendedSpace() {
		Layout layout = tph(IN_CAPABILITY | (0x7FFL << 16)).parse();

		assertThat(ConfigSpaceBuilder.blockAt(layout, 0x100).length()).isEqualTo(12 + 2048 * 2);
		assertThat(layout.findings()).extracting(StructuralFinding::code)
			.containsExactly(StructuralFinding.Code.BLOCK_PAST_END);
	}

	@Test
	void theLargestEncodableSteeringTableStillRoundTripsThroughTheLayoutDocument() {
		Layout layout = tph(IN_CAPABILITY | (0x7FFL << 16)).parse();

		Layout read = LayoutDocument.read(LayoutDocument.write(layout));

		assertThat(read).isEqualTo(layout);
	}

}
