package io.cfgspace.configspace.capability;

import static io.cfgspace.configspace.ConfigSpaceBuilder.endpoint;
import static io.cfgspace.configspace.ConfigSpaceBuilder.hyperTransport;
import static io.cfgspace.configspace.ConfigSpaceBuilder.powerManagement;
import static io.cfgspace.configspace.ConfigSpaceBuilder.standard;
import static org.assertj.core.api.Assertions.assertThat;

import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutBlock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * HyperTransport (standard 0x08), sized by capability type: bits 7:5 of the byte at +3
 * (000 slave/primary, 001 host/secondary), else the 5-bit type in bits 7:3, each with the
 * length of its HyperTransport register map.
 */
class HyperTransportLengthTest {

	@ParameterizedTest(name = "type {0}b is {1} bytes")
	@CsvSource({ "00000, 28", "00011, 28", "00100, 24", "00111, 24", "01000, 24", "10000, 8", "10001, 4", "10010, 12",
			"10011, 12", "10101, 12", "10110, 12", "10111, 16", "11000, 12" })
	void lengthFollowsTheCapabilityType(String type, int length) {
		LayoutBlock block = endpoint(0x1022, 0x7458).with(0x40, hyperTransport(Integer.parseInt(type, 2)))
			.with(0xC0, powerManagement(0x0002))
			.block(0x40);

		assertThat(block.length()).isEqualTo(length);
		assertThat(block.name()).isEqualTo("HyperTransport");
	}

	@Test
	void addressMappingWith64BitMapTypeIs16Bytes() {
		// command: type 10100b (b15:11), map type 01b (b10:9)
		LayoutBlock block = endpoint(0x1022, 0x7458).with(0x40, standard(0x08).u16(0x02, (0b10100 << 11) | (1 << 9)))
			.block(0x40);

		assertThat(block.length()).isEqualTo(16);
	}

	@Test
	void addressMappingWith40BitMapTypeHasEightBytesPerDmaMapping() {
		// command: type 10100b, map type 00b, 3 DMA mappings (b3:0)
		LayoutBlock block = endpoint(0x1022, 0x7458).with(0x40, standard(0x08).u16(0x02, (0b10100 << 11) | 3))
			.block(0x40);

		assertThat(block.length()).isEqualTo(12 + 3 * 8);
	}

	@Test
	void anUnknownTypeReachesToTheNextCapability() {
		Layout layout = endpoint(0x1022, 0x7458).with(0x40, hyperTransport(0b11001))
			.with(0x60, powerManagement(0x0002))
			.parse();

		assertThat(layout.blocks().get(0).length()).isEqualTo(0x20);
		assertThat(layout.findings()).isEmpty();
	}

	@Test
	void chipsetBlocksChainedBackToBackDoNotOverlap() {
		// an MSI mapping (12 bytes) right behind an interrupt discovery block (8 bytes)
		Layout layout = endpoint(0x10DE, 0x005E).with(0x44, hyperTransport(0b10000))
			.with(0x4C, hyperTransport(0b10101))
			.parse();

		assertThat(layout.blocks()).extracting(LayoutBlock::length).containsExactly(8, 12);
		assertThat(layout.findings()).isEmpty();
	}

}
