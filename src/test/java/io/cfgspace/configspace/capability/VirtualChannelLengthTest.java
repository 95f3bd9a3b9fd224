package io.cfgspace.configspace.capability;

import static io.cfgspace.configspace.ConfigSpaceBuilder.expressEndpoint;
import static io.cfgspace.configspace.ConfigSpaceBuilder.extended;
import static org.assertj.core.api.Assertions.assertThat;

import io.cfgspace.layout.LayoutBlock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Virtual Channel (extended 0x0002 and 0x0009) and Multi-Function VC (0x0008), vfio's
 * rule (pci-facts.md §3.3): 0x10 plus 0x0C per VC resource (1 + Extended VC Count, bits
 * 2:0 of Port VC Capability 1), then, if Port VC Capability 2 advertises a VC arbitration
 * table (bit 3: 128 phases, bit 2: 64, bit 1: 32), rounded up to 16 plus 4 bits per
 * phase.
 */
class VirtualChannelLengthTest {

	private static LayoutBlock virtualChannel(int id, long portVcCapability1, long portVcCapability2) {
		return expressEndpoint(0x8086, 0x1234)
			.with(0x100, extended(id, 1).u32(0x04, portVcCapability1).u32(0x08, portVcCapability2))
			.block(0x100);
	}

	@ParameterizedTest(name = "EVCC {0}, VC capability 2 0x{1}: 0x{2} bytes")
	@CsvSource({ "0, 0, 1C", "1, 0, 28", "7, 0, 70", "0, 2, 30", "0, 4, 40", "0, 8, 60", "1, 2, 40", "7, 8, B0",
			"0, E, 60", "0, 6, 40", "0, 1, 1C" })
	void lengthFollowsVfiosRule(int extendedVcCount, String portVcCapability2, String length) {
		LayoutBlock block = virtualChannel(0x0002, extendedVcCount, Long.parseLong(portVcCapability2, 16));

		assertThat(block.length()).isEqualTo(Integer.parseInt(length, 16));
	}

	@Test
	void lowPriorityCountAndReferenceClockDoNotAddResources() {
		// Low Priority Extended VC Count (b6:4) and Reference Clock (b9:8) are not
		// resources
		LayoutBlock block = virtualChannel(0x0002, 0x0000_0370L | 1, 0);

		assertThat(block.length()).isEqualTo(0x10 + 2 * 0x0C);
	}

	@Test
	void secondVirtualChannelIdAndMultiFunctionVcUseTheSameRule() {
		LayoutBlock vc9 = virtualChannel(0x0009, 1, 0x4);
		LayoutBlock mfvc = virtualChannel(0x0008, 1, 0x4);

		assertThat(vc9.length()).isEqualTo(0x30 + 32);
		assertThat(vc9.name()).isEqualTo("Virtual Channel");
		assertThat(mfvc.length()).isEqualTo(0x30 + 32);
		assertThat(mfvc.name()).isEqualTo("Multi-Function Virtual Channel");
	}

}
