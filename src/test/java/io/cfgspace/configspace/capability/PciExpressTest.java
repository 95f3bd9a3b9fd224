package io.cfgspace.configspace.capability;

import static io.cfgspace.configspace.ConfigSpaceBuilder.ENDPOINT;
import static io.cfgspace.configspace.ConfigSpaceBuilder.LEGACY_ENDPOINT;
import static io.cfgspace.configspace.ConfigSpaceBuilder.RC_INTEGRATED_ENDPOINT;
import static io.cfgspace.configspace.ConfigSpaceBuilder.ROOT_PORT;
import static io.cfgspace.configspace.ConfigSpaceBuilder.endpoint;
import static io.cfgspace.configspace.ConfigSpaceBuilder.express;
import static org.assertj.core.api.Assertions.assertThat;

import io.cfgspace.configspace.ConfigSpaceBuilder;
import io.cfgspace.layout.LayoutBlock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * PCI Express capability (standard 0x10), pci-facts.md §3.1 and §4.5: vfio's lengths by
 * version and port type, and the read-only registers that identify the device.
 */
class PciExpressTest {

	// Device Capabilities: MPS 512 (010b), extended tag (b5), L0s latency 7 (b8:6), FLR
	// (b28), and a captured slot power limit of 25 W: value 0x19 (b25:18), scale 1
	// (b27:26)
	private static final long DEVICE_CAPABILITIES = 0x2 | 0x20 | 0x1C0 | (1L << 28) | (0x19L << 18) | (1L << 26);

	// Link Capabilities: 16 GT/s (b3:0 = 4), x8 (b9:4), ASPM L1 (b11:10 = 10b), port 0x12
	// (b31:24)
	private static final long LINK_CAPABILITIES = 0x4 | (8 << 4) | (2 << 10) | (0x12L << 24);

	private static final long DEVICE_CAPABILITIES_2 = 0x0071_0992L;

	private static final long LINK_CAPABILITIES_2 = 0x0000_001EL;

	@ParameterizedTest(name = "version {0}, port type {1} is 0x{2} bytes")
	@CsvSource({ "1, 0, 14", "1, 1, 14", "1, 4, 14", "1, 9, 0C", "2, 0, 34", "2, 1, 34", "2, 4, 34", "2, 9, 2C",
			"0, 0, 34", "0, 9, 2C" })
	void lengthFollowsVfioByVersionAndPortType(int version, int portType, String hexLength) {
		LayoutBlock block = endpoint(0x8086, 0x1234).with(0x40, express(version, portType)).block(0x40);

		assertThat(block.length()).isEqualTo(Integer.parseInt(hexLength, 16));
	}

	@Test
	void version2EndpointIs0x34BytesNotTheMistyped0x32() {
		LayoutBlock block = endpoint(0x8086, 0x1234).with(0x40, express(2, ENDPOINT)).block(0x40);

		assertThat(block.length()).isEqualTo(52);
		assertThat(block.end()).isEqualTo(0x74);
	}

	@Test
	void rootComplexIntegratedEndpointsAreShorterBecauseTheyHaveNoLink() {
		assertThat(endpoint(0x8086, 0x1234).with(0x40, express(1, RC_INTEGRATED_ENDPOINT)).block(0x40).length())
			.isEqualTo(0x0C);
		assertThat(endpoint(0x8086, 0x1234).with(0x40, express(2, RC_INTEGRATED_ENDPOINT)).block(0x40).length())
			.isEqualTo(0x2C);
	}

	@Test
	void decodesVersionPortTypeAndSlotFromTheCapabilitiesRegister() {
		LayoutBlock block = endpoint(0x8086, 0x1234)
			.with(0x40, ConfigSpaceBuilder.standard(0x10).u16(0x02, 0x2 | (ROOT_PORT << 4) | (1 << 8) | (3 << 9)))
			.block(0x40);

		assertThat(block.name()).isEqualTo("Express");
		assertThat(block.fields()).containsEntry("version", 2L)
			.containsEntry("portType", 4L)
			.containsEntry("slotImplemented", true);
		// PCIe 6.0 §7.5.3.2: the Interrupt Message Number follows the MSI vectors
		// software
		// enabled, so it is state, not a field
		assertThat(block.fields()).doesNotContainKey("interruptMessageNumber");
	}

	@Test
	void slotPowerLimitValueAndScaleAreMaskedOutOfDeviceCapabilities() {
		LayoutBlock block = endpoint(0x8086, 0x1234).with(0x40, express(2, ENDPOINT).u32(0x04, DEVICE_CAPABILITIES))
			.block(0x40);

		// bits 27:18 are what the upstream port's Set_Slot_Power_Limit message wrote
		assertThat(block.fields()).containsEntry("deviceCapabilities", 0x100001E2L);
	}

	@Test
	void theSameDeviceBehindDifferentSlotPowerLimitsHasTheSameDeviceCapabilities() {
		long otherPlatform = (DEVICE_CAPABILITIES & ~0x0FFC0000L) | (0xFAL << 18) | (0L << 26);

		Object here = endpoint(0x8086, 0x1234).with(0x40, express(2, ENDPOINT).u32(0x04, DEVICE_CAPABILITIES))
			.block(0x40)
			.fields();
		Object there = endpoint(0x8086, 0x1234).with(0x40, express(2, ENDPOINT).u32(0x04, otherPlatform))
			.block(0x40)
			.fields();

		assertThat(here).isEqualTo(there);
	}

	@Test
	void decodesMaxPayloadSizeAndFunctionLevelResetFromDeviceCapabilities() {
		LayoutBlock block = endpoint(0x8086, 0x1234).with(0x40, express(2, ENDPOINT).u32(0x04, DEVICE_CAPABILITIES))
			.block(0x40);

		assertThat(block.fields()).containsEntry("maxPayloadSizeSupported", 512L)
			.containsEntry("functionLevelReset", true);
	}

	@Test
	void decodesMaxSpeedWidthAspmAndPortNumberFromLinkCapabilities() {
		LayoutBlock block = endpoint(0x8086, 0x1234).with(0x40, express(2, ENDPOINT).u32(0x0C, LINK_CAPABILITIES))
			.block(0x40);

		assertThat(block.fields()).containsEntry("linkCapabilities", 0x12000884L)
			.containsEntry("maxLinkSpeed", 4L)
			.containsEntry("maxLinkWidth", 8L)
			.containsEntry("aspmSupport", 2L)
			.containsEntry("portNumber", 0x12L);
	}

	@Test
	void linkStatusIsStateAndNotDecoded() {
		// negotiated speed and width live in Link Status (+0x12) and vary with the
		// platform
		LayoutBlock x8 = endpoint(0x8086, 0x1234)
			.with(0x40, express(2, ENDPOINT).u32(0x0C, LINK_CAPABILITIES).u16(0x12, 0x1084))
			.block(0x40);
		LayoutBlock x1 = endpoint(0x8086, 0x1234)
			.with(0x40, express(2, ENDPOINT).u32(0x0C, LINK_CAPABILITIES).u16(0x12, 0x1011))
			.block(0x40);

		assertThat(x8.fields()).isEqualTo(x1.fields());
	}

	@Test
	void version2DecodesDeviceCapabilities2AndLinkCapabilities2() {
		LayoutBlock block = endpoint(0x8086, 0x1234)
			.with(0x40, express(2, ENDPOINT).u32(0x24, DEVICE_CAPABILITIES_2).u32(0x2C, LINK_CAPABILITIES_2))
			.block(0x40);

		assertThat(block.fields()).containsEntry("deviceCapabilities2", DEVICE_CAPABILITIES_2)
			.containsEntry("linkCapabilities2", LINK_CAPABILITIES_2);
	}

	@Test
	void version1HasNoVersion2Registers() {
		LayoutBlock block = endpoint(0x8086, 0x1234)
			.with(0x40, express(1, LEGACY_ENDPOINT).u32(0x24, DEVICE_CAPABILITIES_2).u32(0x2C, LINK_CAPABILITIES_2))
			.block(0x40);

		assertThat(block.fields()).doesNotContainKeys("deviceCapabilities2", "linkCapabilities2")
			.containsEntry("version", 1L)
			.containsEntry("portType", 1L);
	}

	@Test
	void version0IsSizedLikeVersion2ButHasNoVersion2Registers() {
		LayoutBlock block = endpoint(0x8086, 0x1234)
			.with(0x40, express(0, ENDPOINT).u32(0x24, DEVICE_CAPABILITIES_2).u32(0x2C, LINK_CAPABILITIES_2))
			.block(0x40);

		assertThat(block.length()).isEqualTo(0x34);
		assertThat(block.fields()).doesNotContainKeys("deviceCapabilities2", "linkCapabilities2");
	}

	@Test
	void version1IntegratedEndpointEndsBeforeLinkCapabilities() {
		LayoutBlock block = endpoint(0x8086, 0x1234)
			.with(0x40, express(1, RC_INTEGRATED_ENDPOINT).u32(0x04, 0x2).u32(0x0C, LINK_CAPABILITIES))
			.block(0x40);

		assertThat(block.fields()).containsOnlyKeys("version", "portType", "slotImplemented", "deviceCapabilities",
				"maxPayloadSizeSupported", "functionLevelReset");
	}

	@Test
	void slotCapabilitiesOnlyWhenASlotIsImplemented() {
		long slotCapabilities = 0x0040_0000L | (7L << 19) | 0x60;
		LayoutBlock withSlot = endpoint(0x8086, 0x1234).with(0x40,
				ConfigSpaceBuilder.standard(0x10).u16(0x02, 0x2 | (ROOT_PORT << 4) | 0x100).u32(0x14, slotCapabilities))
			.block(0x40);
		LayoutBlock withoutSlot = endpoint(0x8086, 0x1234).with(0x40, express(2, ROOT_PORT).u32(0x14, slotCapabilities))
			.block(0x40);

		assertThat(withSlot.fields()).containsEntry("slotCapabilities", slotCapabilities);
		assertThat(withoutSlot.fields()).doesNotContainKey("slotCapabilities");
	}

}
