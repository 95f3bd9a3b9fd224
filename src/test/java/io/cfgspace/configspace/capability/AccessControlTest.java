package io.cfgspace.configspace.capability;

import static io.cfgspace.configspace.ConfigSpaceBuilder.accessControl;
import static io.cfgspace.configspace.ConfigSpaceBuilder.expressEndpoint;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.cfgspace.layout.LayoutBlock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Access Control Services (extended 0x000D), pci-facts.md §3.3: 8 bytes; with P2P Egress
 * Control (bit 5) the egress control vector follows, its size (bits 15:8, 0 meaning 256
 * bits) rounded up to whole dwords.
 */
class AccessControlTest {

	private static final int EGRESS_CONTROL = 1 << 5;

	@ParameterizedTest(name = "ACS capability 0x{0} is {1} bytes")
	@CsvSource({ "001F, 8", "005F, 8", "4000, 8", "FF1F, 8", "0120, 12", "2020, 12", "2120, 16", "4020, 16", "8020, 24",
			"FF20, 40", "0020, 40" })
	void egressVectorLengthRule(String capability, int length) {
		LayoutBlock block = expressEndpoint(0x8086, 0x1234).with(0x148, accessControl(Integer.parseInt(capability, 16)))
			.block(0x148);

		assertThat(block.length()).isEqualTo(length);
	}

	@Test
	void vectorSizeZeroMeans256BitsWhichIs32Bytes() {
		LayoutBlock block = expressEndpoint(0x8086, 0x1234).with(0x148, accessControl(EGRESS_CONTROL)).block(0x148);

		assertThat(block.length()).isEqualTo(8 + 32);
		assertThat(block.fields()).containsEntry("egressControlVectorSize", 256L);
	}

	@Test
	void withoutEgressControlTheVectorSizeIsIgnored() {
		LayoutBlock block = expressEndpoint(0x8086, 0x1234).with(0x148, accessControl(0x401F)).block(0x148);

		assertThat(block.name()).isEqualTo("Access Control Services");
		assertThat(block.fields()).isEqualTo(Map.of("acsCapabilities", 0x401FL, "sourceValidation", true,
				"translationBlocking", true, "p2pRequestRedirect", true, "p2pCompletionRedirect", true,
				"upstreamForwarding", true, "p2pEgressControl", false, "directTranslatedP2p", false));
	}

	@Test
	void decodesEachCapabilityBit() {
		LayoutBlock block = expressEndpoint(0x8086, 0x1234)
			.with(0x148, accessControl((40 << 8) | EGRESS_CONTROL | (1 << 6) | 0x1))
			.block(0x148);

		assertThat(block.length()).isEqualTo(8 + 8);
		assertThat(block.fields()).containsEntry("acsCapabilities", 0x2861L)
			.containsEntry("sourceValidation", true)
			.containsEntry("translationBlocking", false)
			.containsEntry("p2pEgressControl", true)
			.containsEntry("directTranslatedP2p", true)
			.containsEntry("egressControlVectorSize", 40L);
	}

	@Test
	void controlRegisterIsState() {
		LayoutBlock off = expressEndpoint(0x8086, 0x1234).with(0x148, accessControl(0x001F)).block(0x148);
		LayoutBlock on = expressEndpoint(0x8086, 0x1234).with(0x148, accessControl(0x001F).u16(0x06, 0x001D))
			.block(0x148);

		assertThat(on.fields()).isEqualTo(off.fields());
	}

}
