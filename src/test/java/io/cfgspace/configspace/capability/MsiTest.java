package io.cfgspace.configspace.capability;

import static io.cfgspace.configspace.ConfigSpaceBuilder.endpoint;
import static io.cfgspace.configspace.ConfigSpaceBuilder.msi;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.cfgspace.layout.LayoutBlock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * MSI (standard 0x05): vfio sizes it from Message Control, 10 bytes, +4 with a 64-bit
 * address (bit 7), +10 with per-vector masking (bit 8).
 */
class MsiTest {

	@ParameterizedTest(name = "message control 0x{0} is {1} bytes")
	@CsvSource({ "0000, 10", "0080, 14", "0100, 20", "0180, 24", "007F, 10", "FE7F, 10" })
	void lengthIs10Plus4For64BitPlus10ForPerVectorMasking(String messageControl, int length) {
		LayoutBlock block = endpoint(0x8086, 0x1234).with(0x50, msi(Integer.parseInt(messageControl, 16))).block(0x50);

		assertThat(block.length()).isEqualTo(length);
		assertThat(block.name()).isEqualTo("MSI");
	}

	@Test
	void decodesTheCapableBitsOfMessageControl() {
		// 32 vectors capable (b3:1 = 101b), 64-bit, per-vector masking, extended data
		// capable (b9)
		LayoutBlock block = endpoint(0x8086, 0x1234).with(0x50, msi(0x038A)).block(0x50);

		assertThat(block.fields()).isEqualTo(Map.of("multipleMessageCapable", 32L, "address64", true,
				"perVectorMasking", true, "extendedMessageDataCapable", true));
	}

	@Test
	void enableAndMultipleMessageEnableAreState() {
		LayoutBlock disabled = endpoint(0x8086, 0x1234).with(0x50, msi(0x0086)).block(0x50);
		// enable (b0) and 8 vectors enabled (b6:4 = 011b)
		LayoutBlock enabled = endpoint(0x8086, 0x1234).with(0x50, msi(0x0086 | 0x1 | (3 << 4))).block(0x50);

		assertThat(enabled.fields()).isEqualTo(disabled.fields())
			.containsEntry("multipleMessageCapable", 8L)
			.containsEntry("address64", true)
			.containsEntry("perVectorMasking", false);
	}

}
