package io.cfgspace.configspace.capability;

import static io.cfgspace.configspace.ConfigSpaceBuilder.designatedVendorSpecific;
import static io.cfgspace.configspace.ConfigSpaceBuilder.expressEndpoint;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.cfgspace.layout.LayoutBlock;

import org.junit.jupiter.api.Test;

/**
 * Designated Vendor-Specific (extended 0x0023), pci-facts.md §4.4: Header 1 at +4 (vendor
 * 15:0, revision 19:16, length 31:20), Header 2 at +8 (DVSEC ID).
 */
class DesignatedVendorSpecificTest {

	private static final int CXL = 0x1E98;

	@Test
	void lengthIsBits31To20OfHeader1() {
		LayoutBlock block = expressEndpoint(0x8086, 0x0D93).with(0xE00, designatedVendorSpecific(CXL, 0, 0x38, 0))
			.block(0xE00);

		assertThat(block.length()).isEqualTo(0x38);
		assertThat(block.name()).isEqualTo("Designated Vendor-Specific");
	}

	@Test
	void readsTheWorkedExampleFromPciutils() {
		// pciutils tests/cap-dvsec-cxl: e00: 23 00 81 e3 98 1e 80 03 00 00
		LayoutBlock block = expressEndpoint(0x8086, 0x0D93).withDword(0x100, 0xE000_0000L)
			.withDword(0xE00, 0xE381_0023L)
			.withDword(0xE04, 0x0380_1E98L)
			.withWord(0xE08, 0x0000)
			.size(4096)
			.block(0xE00);

		assertThat(block.next()).isEqualTo(0xE38);
		assertThat(block.length()).isEqualTo(56);
		assertThat(block.fields())
			.isEqualTo(Map.of("dvsecVendorId", 0x1E98L, "dvsecRevision", 0L, "dvsecLength", 0x38L, "dvsecId", 0L));
	}

	@Test
	void decodesVendorRevisionLengthAndDvsecId() {
		LayoutBlock block = expressEndpoint(0x8086, 0x0D93).with(0xE00, designatedVendorSpecific(CXL, 2, 0x3C, 8))
			.block(0xE00);

		assertThat(block.fields())
			.isEqualTo(Map.of("dvsecVendorId", 0x1E98L, "dvsecRevision", 2L, "dvsecLength", 0x3CL, "dvsecId", 8L));
	}

	@Test
	void aLengthThatEndsBeforeHeader2HasNoDvsecId() {
		LayoutBlock block = expressEndpoint(0x8086, 0x0D93).with(0xE00, designatedVendorSpecific(CXL, 0, 9, 8))
			.block(0xE00);

		assertThat(block.length()).isEqualTo(9);
		assertThat(block.fields()).containsOnlyKeys("dvsecVendorId", "dvsecRevision", "dvsecLength");
	}

	@Test
	void aLengthThatEndsInsideHeader1DoesNotBreakParsing() {
		LayoutBlock block = expressEndpoint(0x8086, 0x0D93).with(0xE00, designatedVendorSpecific(CXL, 0, 6, 8))
			.block(0xE00);

		assertThat(block.length()).isEqualTo(6);
		assertThat(block.fields()).isEmpty();
	}

}
