package io.cfgspace.configspace.capability;

import static io.cfgspace.configspace.ConfigSpaceBuilder.endpoint;
import static io.cfgspace.configspace.ConfigSpaceBuilder.msiX;
import static io.cfgspace.configspace.ConfigSpaceBuilder.standard;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.cfgspace.layout.LayoutBlock;

import org.junit.jupiter.api.Test;

/**
 * MSI-X (standard 0x11): 12 bytes; Message Control bits 10:0 hold table size N-1; table
 * and PBA registers hold a BAR indicator in bits 2:0 and a qword-aligned offset.
 */
class MsiXTest {

	@Test
	void isTwelveBytesNamedMsiX() {
		LayoutBlock block = endpoint(0x8086, 0x1234).with(0x70, msiX(64, 4, 0x2000, 4, 0x3000)).block(0x70);

		assertThat(block.length()).isEqualTo(12);
		assertThat(block.name()).isEqualTo("MSI-X");
	}

	@Test
	void tableSizeIsEncodedMinusOne() {
		LayoutBlock block = endpoint(0x8086, 0x1234).with(0x70, standard(0x11).u16(0x02, 0x003F)).block(0x70);

		assertThat(block.fields()).containsEntry("tableSize", 64L);
	}

	@Test
	void tableSizeUsesElevenBitsUpTo2048() {
		LayoutBlock block = endpoint(0x8086, 0x1234).with(0x70, standard(0x11).u16(0x02, 0x07FF)).block(0x70);

		assertThat(block.fields()).containsEntry("tableSize", 2048L);
	}

	@Test
	void enableAndFunctionMaskAreNotPartOfTheTableSize() {
		LayoutBlock block = endpoint(0x8086, 0x1234).with(0x70, standard(0x11).u16(0x02, 0xC000 | 0x003F)).block(0x70);

		assertThat(block.fields()).containsEntry("tableSize", 64L);
	}

	@Test
	void splitsBarIndicatorAndOffsetOfTableAndPendingBitArray() {
		LayoutBlock block = endpoint(0x8086, 0x1234).with(0x70, msiX(16, 0, 0x2000, 3, 0x3800)).block(0x70);

		assertThat(block.fields()).isEqualTo(
				Map.of("tableSize", 16L, "tableBir", 0L, "tableOffset", 0x2000L, "pbaBir", 3L, "pbaOffset", 0x3800L));
	}

	@Test
	void offsetsKeepTheirHighBits() {
		LayoutBlock block = endpoint(0x8086, 0x1234).with(0x70, msiX(1, 5, 0xFFFF_FFF8L, 2, 0x8000_0000L)).block(0x70);

		assertThat(block.fields()).containsEntry("tableOffset", 0xFFFF_FFF8L)
			.containsEntry("tableBir", 5L)
			.containsEntry("pbaOffset", 0x8000_0000L)
			.containsEntry("pbaBir", 2L);
	}

}
