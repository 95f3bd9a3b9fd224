package io.cfgspace.configspace.capability;

import static io.cfgspace.configspace.ConfigSpaceBuilder.expressEndpoint;
import static io.cfgspace.configspace.ConfigSpaceBuilder.extended;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.cfgspace.configspace.ConfigSpaceBuilder.Capability;
import io.cfgspace.layout.LayoutBlock;

import org.junit.jupiter.api.Test;

/** Single Root I/O Virtualization (extended 0x0010): 64 bytes, pci-facts.md §6. */
class SingleRootIovTest {

	private static Capability sriov(int numVfs, int control) {
		return extended(0x0010, 1).u32(0x04, 0x0000_0002L)
			.u16(0x08, control)
			.u16(0x0C, 8)
			.u16(0x0E, 64)
			.u16(0x10, numVfs)
			.u8(0x12, 0)
			.u16(0x14, 0x180)
			.u16(0x16, 2)
			.u16(0x1A, 0x10ED)
			.u32(0x1C, 0x0000_0553L)
			.u32(0x20, 0x0000_0001L);
	}

	@Test
	void isSixtyFourBytes() {
		LayoutBlock block = expressEndpoint(0x8086, 0x10FB).with(0x160, sriov(0, 0)).block(0x160);

		assertThat(block.length()).isEqualTo(0x40);
		assertThat(block.name()).isEqualTo("Single Root I/O Virtualization (SR-IOV)");
	}

	@Test
	void decodesTheReadOnlyRegisters() {
		LayoutBlock block = expressEndpoint(0x8086, 0x10FB).with(0x160, sriov(0, 0)).block(0x160);

		assertThat(block.fields())
			.isEqualTo(Map.of("sriovCapabilities", 2L, "initialVfs", 8L, "totalVfs", 64L, "functionDependencyLink", 0L,
					"firstVfOffset", 0x180L, "vfStride", 2L, "vfDeviceId", 0x10EDL, "supportedPageSizes", 0x553L));
	}

	@Test
	void controlNumVfsAndSystemPageSizeAreState() {
		LayoutBlock off = expressEndpoint(0x8086, 0x10FB).with(0x160, sriov(0, 0)).block(0x160);
		LayoutBlock on = expressEndpoint(0x8086, 0x10FB).with(0x160, sriov(16, 0x0009)).block(0x160);

		assertThat(on.fields()).isEqualTo(off.fields());
	}

}
