package io.cfgspace.configspace.capability;

import static io.cfgspace.configspace.ConfigSpaceBuilder.expressEndpoint;
import static io.cfgspace.configspace.ConfigSpaceBuilder.vendorSpecificExtended;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.Map;

import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutBlock;
import io.cfgspace.layout.StructuralFinding;

import org.junit.jupiter.api.Test;

/**
 * Vendor-Specific Extended Capability (0x000B), pci-facts.md §4.4: VSEC ID bits 15:0,
 * revision bits 19:16 and length bits 31:20 of the dword at +4; the length counts from
 * the capability start.
 */
class VendorSpecificExtendedTest {

	@Test
	void lengthIsBits31To20OfTheVsecHeader() {
		LayoutBlock block = expressEndpoint(0x8086, 0x4940).with(0x400, vendorSpecificExtended(0x0004, 1, 0x38))
			.block(0x400);

		assertThat(block.length()).isEqualTo(0x38);
		assertThat(block.name()).isEqualTo("Vendor Specific Information");
	}

	@Test
	void decodesIdRevisionAndLength() {
		LayoutBlock block = expressEndpoint(0x8086, 0x4940).with(0x100, vendorSpecificExtended(0xABCD, 0xF, 0xC00))
			.block(0x100);

		assertThat(block.length()).isEqualTo(0xC00);
		assertThat(block.fields()).isEqualTo(Map.of("vsecId", 0xABCDL, "vsecRevision", 0xFL, "vsecLength", 0xC00L));
	}

	@Test
	void theLongestVsecRunsPastTheEndOfExtendedSpace() {
		Layout layout = expressEndpoint(0x8086, 0x4940).with(0x400, vendorSpecificExtended(0x1, 0, 0xFFF)).parse();

		assertThat(layout.findings()).extracting(StructuralFinding::code, StructuralFinding::offset)
			.containsExactly(tuple(StructuralFinding.Code.BLOCK_PAST_END, 0x400));
	}

	@Test
	void aLengthShorterThanTheVsecHeaderDoesNotBreakParsing() {
		LayoutBlock block = expressEndpoint(0x8086, 0x4940).with(0x400, vendorSpecificExtended(0x0004, 1, 6))
			.block(0x400);

		assertThat(block.length()).isEqualTo(6);
		assertThat(block.fields()).isEmpty();
	}

	@Test
	void aZeroLengthIsStillTheFourByteHeader() {
		LayoutBlock block = expressEndpoint(0x8086, 0x4940).with(0x400, vendorSpecificExtended(0x0004, 1, 0))
			.block(0x400);

		assertThat(block.length()).isEqualTo(4);
		assertThat(block.fields()).isEmpty();
	}

}
