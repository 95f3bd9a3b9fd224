package io.cfgspace.configspace.capability;

import static io.cfgspace.configspace.ConfigSpaceBuilder.expressEndpoint;
import static io.cfgspace.configspace.ConfigSpaceBuilder.extended;
import static org.assertj.core.api.Assertions.assertThat;

import io.cfgspace.layout.LayoutBlock;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Dynamic Power Allocation (extended 0x0016), vfio's rule (pci-facts.md §3.3): 16 bytes
 * plus one power allocation byte per substate, Substate_Max (bits 4:0 of +4) encoding
 * N-1.
 */
class DynamicPowerAllocationLengthTest {

	@ParameterizedTest(name = "DPA capability byte 0x{0} is {1} bytes")
	@CsvSource({ "00, 17", "01, 18", "07, 24", "1F, 48", "E3, 20", "FF, 48" })
	void lengthIs16PlusOnePerSubstate(String capability, int length) {
		LayoutBlock block = expressEndpoint(0x8086, 0x1234)
			.with(0x100, extended(0x0016, 1).u8(0x04, Integer.parseInt(capability, 16)).u8(0x05, 0xFF))
			.block(0x100);

		assertThat(block.length()).isEqualTo(length);
		assertThat(block.name()).isEqualTo("Dynamic Power Allocation");
	}

}
