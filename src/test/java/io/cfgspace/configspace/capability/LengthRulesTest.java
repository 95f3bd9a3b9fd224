package io.cfgspace.configspace.capability;

import static io.cfgspace.configspace.ConfigSpaceBuilder.ENDPOINT;
import static io.cfgspace.configspace.ConfigSpaceBuilder.ROOT_PORT;
import static io.cfgspace.configspace.ConfigSpaceBuilder.bridge;
import static io.cfgspace.configspace.ConfigSpaceBuilder.endpoint;
import static io.cfgspace.configspace.ConfigSpaceBuilder.express;
import static io.cfgspace.configspace.ConfigSpaceBuilder.expressEndpoint;
import static io.cfgspace.configspace.ConfigSpaceBuilder.extended;
import static io.cfgspace.configspace.ConfigSpaceBuilder.pciX;
import static io.cfgspace.configspace.ConfigSpaceBuilder.standard;
import static io.cfgspace.configspace.ConfigSpaceBuilder.vendorSpecific;
import static org.assertj.core.api.Assertions.assertThat;

import io.cfgspace.configspace.ConfigSpaceBuilder;
import io.cfgspace.configspace.ConfigSpaceBuilder.Capability;
import io.cfgspace.layout.LayoutBlock;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The variable-length capabilities without decoded fields, one rule each. */
class LengthRulesTest {

	/** A version 2 PCIe endpoint whose Link Capabilities advertise the given width. */
	private static ConfigSpaceBuilder linkOfWidth(int lanes) {
		return endpoint(0x8086, 0x1234).with(0x40, express(2, ENDPOINT).u32(0x0C, 0x4 | (lanes << 4)));
	}

	@Nested
	class PciX {

		@ParameterizedTest(name = "command 0x{0} is {1} bytes")
		@CsvSource({ "0000, 8", "0FFF, 8", "1000, 24", "2000, 24", "3000, 24" })
		void versionInBits13To12ChoosesTheLayout(String command, int length) {
			LayoutBlock block = endpoint(0x8086, 0x1010).with(0x40, pciX(Integer.parseInt(command, 16))).block(0x40);

			assertThat(block.length()).isEqualTo(length);
			assertThat(block.name()).isEqualTo("PCI-X");
		}

		@Test
		void aBridgeHasTheSixteenByteBridgeLayout() {
			LayoutBlock block = bridge(0x8086, 0x537C).with(0x40, pciX(0x2000)).block(0x40);

			assertThat(block.length()).isEqualTo(16);
		}

	}

	@Nested
	class VendorSpecific {

		@Test
		void lengthIsTheByteAtPlus2() {
			LayoutBlock block = endpoint(0x1AF4, 0x1041).with(0x84, vendorSpecific(0x14)).block(0x84);

			assertThat(block.length()).isEqualTo(0x14);
			assertThat(block.name()).isEqualTo("Vendor Specific Information");
		}

		@Test
		void aZeroLengthStillCoversTheIdAndNextPointer() {
			LayoutBlock block = endpoint(0x1AF4, 0x1041).with(0x84, vendorSpecific(0)).block(0x84);

			assertThat(block.length()).isEqualTo(2);
		}

	}

	@Nested
	class Sata {

		@Test
		void registersInlineMakeItSixteenBytes() {
			assertThat(endpoint(0x8086, 0x2922).with(0xA8, standard(0x12).u8(0x04, 0x0F)).block(0xA8).length())
				.isEqualTo(16);
		}

		@Test
		void registersInABarMakeItEightBytes() {
			assertThat(endpoint(0x8086, 0x2922).with(0xA8, standard(0x12).u8(0x04, 0x14)).block(0xA8).length())
				.isEqualTo(8);
		}

	}

	@Nested
	class EnhancedAllocation {

		/** Two entries: Entry Size (bits 2:0 of DW0) 2 and 4 dwords after DW0. */
		private Capability twoEntries(int first) {
			return standard(0x14).u8(0x02, 2).u32(first, 0x8000_0002L).u32(first + 12, 0x8000_0004L);
		}

		@Test
		void anEndpointHasAFourByteHeaderThenEachEntry() {
			LayoutBlock block = endpoint(0x177D, 0xA01E).with(0x40, twoEntries(4)).block(0x40);

			assertThat(block.length()).isEqualTo(4 + 12 + 20);
			assertThat(block.name()).isEqualTo("Enhanced Allocation (EA)");
		}

		@Test
		void aBridgeAddsItsFixedBusNumbersBeforeTheEntries() {
			LayoutBlock block = bridge(0x177D, 0xA002).with(0x40, twoEntries(8)).block(0x40);

			assertThat(block.length()).isEqualTo(8 + 12 + 20);
		}

		@Test
		void noEntriesIsTheHeaderOnly() {
			assertThat(endpoint(0x177D, 0xA01E).with(0x40, standard(0x14)).block(0x40).length()).isEqualTo(4);
		}

	}

	@Nested
	class DownstreamPortContainment {

		private static final int RP_EXTENSIONS = 1 << 5;

		private static final int DL_ACTIVE_ERR_COR = 1 << 12;

		private LayoutBlock dpc(int capability) {
			return endpoint(0x8086, 0x7AB8).with(0x40, express(2, ROOT_PORT))
				.with(0x200, extended(0x001D, 1).u16(0x04, capability))
				.block(0x200);
		}

		@Test
		void withoutRootPortExtensionsItEndsAtTheErrorSourceId() {
			LayoutBlock block = dpc(0x00C0 | (4 << 8) | DL_ACTIVE_ERR_COR);

			assertThat(block.length()).isEqualTo(0x0C);
			assertThat(block.name()).isEqualTo("Downstream Port Containment");
		}

		@Test
		void rootPortExtensionsAddThePioRegistersAndTheLog() {
			assertThat(dpc(RP_EXTENSIONS | (4 << 8)).length()).isEqualTo(0x20 + 4 * 4);
		}

		@Test
		void dlActiveErrCorSignalingIsNotPartOfTheLogSize() {
			// bit 12 is DL_Active ERR_COR Signaling Supported; RP PIO Log Size [4] is bit
			// 13 (pci_regs.h PCI_EXP_DPC_CAP_DL_ACTIVE, PCI_EXP_DPC_RP_PIO_LOG_SIZE4)
			assertThat(dpc(RP_EXTENSIONS | (4 << 8) | DL_ACTIVE_ERR_COR).length()).isEqualTo(0x20 + 4 * 4);
		}

		@Test
		void logSizeBit4IsBit13ForFlitModeLogs() {
			assertThat(dpc(RP_EXTENSIONS | (2 << 8) | (1 << 13)).length()).isEqualTo(0x20 + 4 * 18);
		}

	}

	@Nested
	class LinkWidthDependent {

		@ParameterizedTest(name = "x{0}: 0x{1} bytes")
		@CsvSource({ "1, 10", "4, 14", "8, 1C", "16, 2C" })
		void secondaryExpressHasOneEqualizationControlWordPerLane(int lanes, String length) {
			LayoutBlock block = linkOfWidth(lanes).with(0x100, extended(0x0019, 1)).block(0x100);

			assertThat(block.length()).isEqualTo(Integer.parseInt(length, 16));
			assertThat(block.name()).isEqualTo("Secondary PCI Express");
		}

		@ParameterizedTest(name = "x{0}: 0x{1} bytes")
		@CsvSource({ "1, 24", "4, 24", "8, 28", "16, 30" })
		void physicalLayer16HasOneEqualizationBytePerLane(int lanes, String length) {
			LayoutBlock block = linkOfWidth(lanes).with(0x100, extended(0x0026, 1)).block(0x100);

			assertThat(block.length()).isEqualTo(Integer.parseInt(length, 16));
			assertThat(block.name()).isEqualTo("Physical Layer 16.0 GT/s");
		}

		@Test
		void physicalLayer32UsesTheSameRuleUnderLspcisUnnamedId() {
			LayoutBlock block = linkOfWidth(16).with(0x100, extended(0x002A, 1)).block(0x100);

			assertThat(block.length()).isEqualTo(0x30);
			assertThat(block.name()).isEqualTo("Extended Capability ID 0x2a");
		}

		@ParameterizedTest(name = "x{0}: 0x{1} bytes")
		@CsvSource({ "1, 14", "2, 14", "16, 20" })
		void physicalLayer64HasOneEqualizationByteAfter16Bytes(int lanes, String length) {
			assertThat(linkOfWidth(lanes).with(0x100, extended(0x0031, 1)).block(0x100).length())
				.isEqualTo(Integer.parseInt(length, 16));
		}

		@ParameterizedTest(name = "x{0}: 0x{1} bytes")
		@CsvSource({ "1, 0C", "4, 18", "16, 48" })
		void laneMarginingHasAControlAndStatusWordPerLane(int lanes, String length) {
			LayoutBlock block = linkOfWidth(lanes).with(0x100, extended(0x0027, 1)).block(0x100);

			assertThat(block.length()).isEqualTo(Integer.parseInt(length, 16));
			assertThat(block.name()).isEqualTo("Lane Margining at the Receiver");
		}

		@Test
		void anUnknownLinkWidthAssumesTheWidest32Lanes() {
			LayoutBlock block = expressEndpoint(0x8086, 0x1234).with(0x100, extended(0x0019, 1)).block(0x100);

			assertThat(block.length()).isEqualTo(0x0C + 2 * 32);
		}

	}

	@Nested
	class RootComplex {

		@Test
		void linkDeclarationHasSixteenBytesPerLinkEntry() {
			// Element Self Description (+4): number of link entries in bits 15:8
			LayoutBlock block = expressEndpoint(0x8086, 0x1234).with(0x100, extended(0x0005, 1).u32(0x04, 0x0100_0200L))
				.block(0x100);

			assertThat(block.length()).isEqualTo(0x10 + 2 * 16);
			assertThat(block.name()).isEqualTo("Root Complex Link");
		}

		@Test
		void eventCollectorAssociationAddsBusNumbersFromVersion2() {
			assertThat(expressEndpoint(0x8086, 0x1234).with(0x100, extended(0x0007, 1)).block(0x100).length())
				.isEqualTo(8);
			assertThat(expressEndpoint(0x8086, 0x1234).with(0x100, extended(0x0007, 2)).block(0x100).length())
				.isEqualTo(12);
		}

	}

}
