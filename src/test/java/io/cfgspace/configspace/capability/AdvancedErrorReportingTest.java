package io.cfgspace.configspace.capability;

import static io.cfgspace.configspace.ConfigSpaceBuilder.ROOT_PORT;
import static io.cfgspace.configspace.ConfigSpaceBuilder.endpoint;
import static io.cfgspace.configspace.ConfigSpaceBuilder.express;
import static io.cfgspace.configspace.ConfigSpaceBuilder.expressEndpoint;
import static io.cfgspace.configspace.ConfigSpaceBuilder.extended;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.cfgspace.layout.LayoutBlock;

import org.junit.jupiter.api.Test;

/**
 * Advanced Error Reporting (extended 0x0001): vfio's 0x2C bytes, up to the Root Error
 * Command register; only the "capable" bits of Capabilities and Control (+0x18) are
 * identity.
 */
class AdvancedErrorReportingTest {

	@Test
	void isVfios0x2CBytes() {
		LayoutBlock block = expressEndpoint(0x8086, 0x1234).with(0x100, extended(0x0001, 2)).block(0x100);

		assertThat(block.length()).isEqualTo(0x2C);
		assertThat(block.name()).isEqualTo("Advanced Error Reporting");
		assertThat(block.version()).isEqualTo(2);
	}

	@Test
	void aRootPortKeepsVfiosLength() {
		LayoutBlock block = endpoint(0x8086, 0x1234).with(0x40, express(2, ROOT_PORT))
			.with(0x100, extended(0x0001, 1))
			.block(0x100);

		assertThat(block.length()).isEqualTo(0x2C);
	}

	@Test
	void decodesTheCapableBitsOfCapabilitiesAndControl() {
		// ECRC generation capable (b5), ECRC check capable (b7), multiple header
		// recording
		// capable (b9); first error pointer (b4:0) and the enables (b6, b8, b10) are
		// state
		long control = (1 << 5) | (1 << 7) | (1 << 9) | 0x1F | (1 << 6) | (1 << 8) | (1 << 10);
		LayoutBlock block = expressEndpoint(0x8086, 0x1234).with(0x100, extended(0x0001, 2).u32(0x18, control))
			.block(0x100);

		assertThat(block.fields()).isEqualTo(Map.of("ecrcGenerationCapable", true, "ecrcCheckCapable", true,
				"multipleHeaderRecordingCapable", true, "completionTimeoutPrefixHeaderLogCapable", false));
	}

	@Test
	void completionTimeoutPrefixHeaderLogCapableIsBit12() {
		LayoutBlock block = expressEndpoint(0x8086, 0x1234).with(0x100, extended(0x0001, 2).u32(0x18, 1 << 12))
			.block(0x100);

		assertThat(block.fields()).isEqualTo(Map.of("ecrcGenerationCapable", false, "ecrcCheckCapable", false,
				"multipleHeaderRecordingCapable", false, "completionTimeoutPrefixHeaderLogCapable", true));
	}

	@Test
	void errorStatusMaskAndSeverityAreState() {
		LayoutBlock clean = expressEndpoint(0x8086, 0x1234).with(0x100, extended(0x0001, 2).u32(0x18, 0xA0))
			.block(0x100);
		LayoutBlock afterErrors = expressEndpoint(0x8086, 0x1234)
			.with(0x100,
					extended(0x0001, 2).u32(0x04, 0x0010_0000L)
						.u32(0x08, 0x0040_0000L)
						.u32(0x0C, 0x0046_2030L)
						.u32(0x10, 0x0000_2000L)
						.u32(0x14, 0x0000_E000L)
						.u32(0x18, 0xA0 | 0x14))
			.block(0x100);

		assertThat(afterErrors.fields()).isEqualTo(clean.fields());
	}

}
