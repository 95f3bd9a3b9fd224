package io.cfgspace.configspace;

import static io.cfgspace.configspace.ConfigSpaceBuilder.ENDPOINT;
import static io.cfgspace.configspace.ConfigSpaceBuilder.EXECUTE;
import static io.cfgspace.configspace.ConfigSpaceBuilder.PAGE_ALIGNED;
import static io.cfgspace.configspace.ConfigSpaceBuilder.PRIVILEGED;
import static io.cfgspace.configspace.ConfigSpaceBuilder.ROOT_PORT;
import static io.cfgspace.configspace.ConfigSpaceBuilder.addressTranslation;
import static io.cfgspace.configspace.ConfigSpaceBuilder.bridge;
import static io.cfgspace.configspace.ConfigSpaceBuilder.bridgeSubsystem;
import static io.cfgspace.configspace.ConfigSpaceBuilder.cardBus;
import static io.cfgspace.configspace.ConfigSpaceBuilder.endpoint;
import static io.cfgspace.configspace.ConfigSpaceBuilder.express;
import static io.cfgspace.configspace.ConfigSpaceBuilder.expressEndpoint;
import static io.cfgspace.configspace.ConfigSpaceBuilder.extended;
import static io.cfgspace.configspace.ConfigSpaceBuilder.msi;
import static io.cfgspace.configspace.ConfigSpaceBuilder.msiX;
import static io.cfgspace.configspace.ConfigSpaceBuilder.nullCapability;
import static io.cfgspace.configspace.ConfigSpaceBuilder.pasid;
import static io.cfgspace.configspace.ConfigSpaceBuilder.pciX;
import static io.cfgspace.configspace.ConfigSpaceBuilder.powerManagement;
import static io.cfgspace.configspace.ConfigSpaceBuilder.standard;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;

import io.cfgspace.configspace.read.Dumps;
import io.cfgspace.layout.Coverage;
import io.cfgspace.layout.Coverage.Extent;
import io.cfgspace.layout.Identity;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutBlock;
import io.cfgspace.layout.Origin;
import io.cfgspace.layout.Space;
import io.cfgspace.layout.StructuralFinding;
import io.cfgspace.layout.StructuralFinding.Code;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Walking both capability chains (pci-facts.md §2): the blocks found, in link order, and
 * every structural problem as a finding instead of an exception.
 */
class ConfigSpaceParserTest {

	private static List<Integer> offsets(Layout layout, Space space) {
		return layout.blocks(space).stream().map(LayoutBlock::offset).toList();
	}

	@Nested
	class StandardChain {

		@Test
		void followsTheLinksFromTheCapabilitiesPointerInLinkOrder() {
			Layout layout = endpoint(0x8086, 0x1234).with(0x70, express(2, ENDPOINT))
				.with(0x40, powerManagement(0x0003))
				.with(0x50, msi(0x0080))
				.parse();

			assertThat(layout.blocks()).extracting(LayoutBlock::offset, LayoutBlock::id, LayoutBlock::next)
				.containsExactly(tuple(0x70, 0x10, 0x40), tuple(0x40, 0x01, 0x50), tuple(0x50, 0x05, 0));
			assertThat(layout.blocks()).allSatisfy((block) -> {
				assertThat(block.space()).isEqualTo(Space.STANDARD);
				assertThat(block.version()).isNull();
				assertThat(block.origin()).isEqualTo(Origin.PHYSICAL);
			});
			assertThat(layout.identity().capabilitiesPointer()).isEqualTo(0x70);
			assertThat(layout.findings()).isEmpty();
		}

		@Test
		void withoutTheCapabilitiesListStatusBitThereIsNoChain() {
			Layout layout = endpoint(0x8086, 0x1234).with(0x40, powerManagement(0x0003)).capabilityList(false).parse();

			assertThat(layout.blocks()).isEmpty();
			assertThat(layout.coverage().standard()).isEqualTo(Extent.CAPTURED);
			assertThat(layout.findings()).isEmpty();
		}

		@Test
		void aZeroCapabilitiesPointerIsAnEmptyChain() {
			Layout layout = endpoint(0x8086, 0x1234).capabilityList(true).parse();

			assertThat(layout.blocks()).isEmpty();
			assertThat(layout.findings()).isEmpty();
		}

		@Test
		void aPointerLoopEndsTheWalkWithPointerLoop() {
			Layout layout = endpoint(0x8086, 0x1234).with(0x40, powerManagement(0x0003))
				.with(0x50, msi(0x0080))
				.withByte(0x51, 0x40)
				.parse();

			assertThat(offsets(layout, Space.STANDARD)).containsExactly(0x40, 0x50);
			assertThat(layout.blocks().get(1).next()).isEqualTo(0x40);
			assertThat(layout.findings())
				.extracting(StructuralFinding::code, StructuralFinding::space, StructuralFinding::offset)
				.containsExactly(tuple(Code.POINTER_LOOP, Space.STANDARD, 0x40));
			assertThat(layout.findings().get(0).message()).contains("loops back to 0x40");
		}

		@Test
		void aCapabilityPointingAtItselfIsALoop() {
			Layout layout = endpoint(0x8086, 0x1234).with(0x40, powerManagement(0x0003)).withByte(0x41, 0x40).parse();

			assertThat(offsets(layout, Space.STANDARD)).containsExactly(0x40);
			assertThat(layout.findings()).extracting(StructuralFinding::code).containsExactly(Code.POINTER_LOOP);
		}

		@Test
		void idFFIsABrokenChain() {
			Layout layout = endpoint(0x8086, 0x1234).with(0x40, powerManagement(0x0003))
				.withByte(0x41, 0x60)
				.withByte(0x60, 0xFF)
				.withByte(0x61, 0x40)
				.parse();

			assertThat(offsets(layout, Space.STANDARD)).containsExactly(0x40);
			assertThat(layout.findings()).extracting(StructuralFinding::code, StructuralFinding::offset)
				.containsExactly(tuple(Code.CHAIN_BROKEN, 0x60));
		}

		@Test
		void aNextPointerIntoTheHeaderIsOutOfRange() {
			Layout layout = endpoint(0x8086, 0x1234).with(0x40, powerManagement(0x0003)).withByte(0x41, 0x3C).parse();

			assertThat(offsets(layout, Space.STANDARD)).containsExactly(0x40);
			assertThat(layout.findings()).extracting(StructuralFinding::code, StructuralFinding::offset)
				.containsExactly(tuple(Code.POINTER_OUT_OF_RANGE, 0x3C));
		}

		@Test
		void aCapabilitiesPointerIntoTheHeaderIsOutOfRange() {
			Layout layout = endpoint(0x8086, 0x1234).capabilityList(true).withByte(0x34, 0x20).parse();

			assertThat(layout.blocks()).isEmpty();
			assertThat(layout.findings()).extracting(StructuralFinding::code, StructuralFinding::offset)
				.containsExactly(tuple(Code.POINTER_OUT_OF_RANGE, 0x20));
		}

		@Test
		void misalignedPointersAreMaskedAndReported() {
			Layout layout = endpoint(0x8086, 0x1234).with(0x40, powerManagement(0x0003))
				.with(0x50, msi(0x0000))
				.withByte(0x34, 0x41)
				.withByte(0x41, 0x53)
				.parse();

			assertThat(layout.blocks()).extracting(LayoutBlock::offset, LayoutBlock::next)
				.containsExactly(tuple(0x40, 0x50), tuple(0x50, 0));
			assertThat(layout.findings()).extracting(StructuralFinding::code, StructuralFinding::offset)
				.containsExactly(tuple(Code.POINTER_MISALIGNED, 0x34), tuple(Code.POINTER_MISALIGNED, 0x41));
			assertThat(layout.findings().get(0).message()).contains("read as 0x40");
		}

		@Test
		void aChainFillingAllOfStandardSpaceIsWalkedToTheEnd() {
			ConfigSpaceBuilder builder = endpoint(0x8086, 0x1234);
			for (int at = 0x40; at < 0x100; at += 4) {
				builder.with(at, standard(0x0A));
			}

			Layout layout = builder.parse();

			assertThat(layout.blocks()).hasSize(48);
			assertThat(layout.blocks().get(47).offset()).isEqualTo(0xFC);
			assertThat(layout.findings()).isEmpty();
		}

		@Test
		void overlappingBlocksAreReportedNotRefused() {
			Layout layout = endpoint(0x8086, 0x1234).with(0x40, powerManagement(0x0003))
				.with(0x44, msi(0x0000))
				.parse();

			assertThat(offsets(layout, Space.STANDARD)).containsExactly(0x40, 0x44);
			assertThat(layout.findings())
				.extracting(StructuralFinding::code, StructuralFinding::space, StructuralFinding::offset)
				.containsExactly(tuple(Code.BLOCKS_OVERLAP, Space.STANDARD, 0x44));
			assertThat(layout.findings().get(0).message()).contains("MSI", "Power Management", "0x40..0x47");
		}

		@Test
		void aBlockPastTheEndOfStandardSpaceIsReportedAndNotDecoded() {
			Layout layout = endpoint(0x8086, 0x1234).with(0x40, powerManagement(0x0003))
				.with(0xF8, msiX(16, 0, 0x2000, 0, 0x3000))
				.parse();

			LayoutBlock msix = ConfigSpaceBuilder.blockAt(layout, 0xF8);
			assertThat(msix.length()).isEqualTo(12);
			assertThat(msix.fields()).isEmpty();
			assertThat(layout.findings()).extracting(StructuralFinding::code, StructuralFinding::offset)
				.containsExactly(tuple(Code.BLOCK_PAST_END, 0xF8));
			assertThat(layout.findings().get(0).message()).contains("runs past 0xff");
		}

	}

	@Nested
	class ExtendedChain {

		@Test
		void startsAt0x100AndFollowsTheLinksInLinkOrder() {
			Layout layout = expressEndpoint(0x8086, 0x1234).with(0x100, extended(0x0001, 2))
				.with(0x300, pasid(20, EXECUTE, PRIVILEGED))
				.with(0x200, addressTranslation(0, PAGE_ALIGNED))
				.parse();

			assertThat(layout.blocks(Space.EXTENDED))
				.extracting(LayoutBlock::offset, LayoutBlock::id, LayoutBlock::version, LayoutBlock::next)
				.containsExactly(tuple(0x100, 0x01, 2, 0x300), tuple(0x300, 0x1B, 1, 0x200), tuple(0x200, 0x0F, 1, 0));
			assertThat(layout.coverage().extended()).isEqualTo(Extent.CAPTURED);
			assertThat(layout.findings()).isEmpty();
		}

		@Test
		void aZeroHeaderAt0x100MeansNoExtendedCapabilities() {
			Layout layout = expressEndpoint(0x8086, 0x1234).size(4096).parse();

			assertThat(layout.blocks(Space.EXTENDED)).isEmpty();
			assertThat(layout.coverage().extended()).isEqualTo(Extent.CAPTURED);
			assertThat(layout.findings()).isEmpty();
		}

		@Test
		void allOnesAt0x100IsUnreadableAndUnknown() {
			Layout layout = expressEndpoint(0x8086, 0x1234).size(4096).withDword(0x100, 0xFFFF_FFFFL).parse();

			assertThat(layout.blocks(Space.EXTENDED)).isEmpty();
			assertThat(layout.coverage().extended()).isEqualTo(Extent.UNKNOWN);
			assertThat(layout.findings()).extracting(StructuralFinding::code, StructuralFinding::offset)
				.containsExactly(tuple(Code.EXTENDED_SPACE_UNREADABLE, 0x100));
		}

		@Test
		void allOnesFurtherDownIsABrokenChain() {
			Layout layout = expressEndpoint(0x8086, 0x1234).with(0x100, pasid(20, EXECUTE, PRIVILEGED))
				.withDword(0x100, 0x2001_001BL)
				.withDword(0x200, 0xFFFF_FFFFL)
				.parse();

			assertThat(offsets(layout, Space.EXTENDED)).containsExactly(0x100);
			assertThat(layout.coverage().extended()).isEqualTo(Extent.CAPTURED);
			assertThat(layout.findings())
				.extracting(StructuralFinding::code, StructuralFinding::space, StructuralFinding::offset)
				.containsExactly(tuple(Code.CHAIN_BROKEN, Space.EXTENDED, 0x200));
		}

		@Test
		void anExtendedSpaceRepeatingTheFirst256BytesIsAliased() {
			byte[] bytes = expressEndpoint(0x1002, 0x7910).size(4096).bytes();
			for (int page = 0x100; page < 0x1000; page += 0x100) {
				System.arraycopy(bytes, 0, bytes, page, 0x100);
			}

			Layout layout = ConfigSpaceParser.parse(ConfigSpace.of(bytes));

			assertThat(layout.blocks(Space.EXTENDED)).isEmpty();
			assertThat(layout.coverage().extended()).isEqualTo(Extent.UNKNOWN);
			assertThat(layout.findings()).extracting(StructuralFinding::code, StructuralFinding::offset)
				.containsExactly(tuple(Code.EXTENDED_SPACE_ALIASED, 0x100));
		}

		@Test
		void theRs690HostBridgeFromTheCorpusHasAliasedExtendedSpace() {
			Layout layout = ConfigSpaceParser
				.parse(Dumps.read(Corpus.bytes("amd-rs690-hostbridge-broken-ecaps")).get(0).configSpace());

			assertThat(layout.coverage().extended()).isNotEqualTo(Extent.CAPTURED);
		}

		@Test
		void aPointerLoopEndsTheWalkWithPointerLoop() {
			Layout layout = expressEndpoint(0x8086, 0x1234).with(0x100, pasid(20, EXECUTE, PRIVILEGED))
				.with(0x200, addressTranslation(0, PAGE_ALIGNED))
				.withDword(0x200, 0x1001_000FL)
				.parse();

			assertThat(offsets(layout, Space.EXTENDED)).containsExactly(0x100, 0x200);
			assertThat(layout.findings())
				.extracting(StructuralFinding::code, StructuralFinding::space, StructuralFinding::offset)
				.containsExactly(tuple(Code.POINTER_LOOP, Space.EXTENDED, 0x100));
		}

		@Test
		void aCapabilityPointingAtItselfIsALoop() {
			Layout layout = expressEndpoint(0x8086, 0x1234).withDword(0x100, 0x1001_001BL).size(4096).parse();

			assertThat(offsets(layout, Space.EXTENDED)).containsExactly(0x100);
			assertThat(layout.findings()).extracting(StructuralFinding::code).containsExactly(Code.POINTER_LOOP);
		}

		@Test
		void aNextPointerBelow0x100EndsTheChain() {
			Layout layout = expressEndpoint(0x8086, 0x1234).withDword(0x100, 0x0FC1_001BL).size(4096).parse();

			assertThat(layout.blocks(Space.EXTENDED)).extracting(LayoutBlock::offset, LayoutBlock::next)
				.containsExactly(tuple(0x100, 0xFC));
			assertThat(layout.findings()).extracting(StructuralFinding::code, StructuralFinding::offset)
				.containsExactly(tuple(Code.POINTER_OUT_OF_RANGE, 0x100));
		}

		@Test
		void aMisalignedNextPointerIsMaskedAndReported() {
			// next field 0x201: reserved bits 21:20 set
			Layout layout = expressEndpoint(0x8086, 0x1234).with(0x100, pasid(20, EXECUTE, PRIVILEGED))
				.with(0x200, addressTranslation(0, PAGE_ALIGNED))
				.withDword(0x100, 0x2011_001BL)
				.parse();

			assertThat(layout.blocks(Space.EXTENDED)).extracting(LayoutBlock::offset, LayoutBlock::next)
				.containsExactly(tuple(0x100, 0x200), tuple(0x200, 0));
			assertThat(layout.findings())
				.extracting(StructuralFinding::code, StructuralFinding::space, StructuralFinding::offset)
				.containsExactly(tuple(Code.POINTER_MISALIGNED, Space.EXTENDED, 0x102));
		}

		@Test
		void aNullCapabilityAt0x100WithANextPointerIsAPlaceholderNotAnEnd() {
			Layout layout = expressEndpoint(0x8086, 0x1234).with(0x100, nullCapability())
				.with(0x230, pasid(20, EXECUTE, PRIVILEGED))
				.parse();

			assertThat(layout.blocks(Space.EXTENDED))
				.extracting(LayoutBlock::offset, LayoutBlock::id, LayoutBlock::version, LayoutBlock::length,
						LayoutBlock::next, LayoutBlock::name)
				.containsExactly(tuple(0x100, 0, 0, 4, 0x230, "Null"),
						tuple(0x230, 0x1B, 1, 8, 0, "Process Address Space ID (PASID)"));
			assertThat(layout.findings()).isEmpty();
		}

		@Test
		void aNextPointerToAZeroHeaderEndsTheChainButIsReported() {
			// lspci and the kernel stop at the zero header, but the link the device shows
			// is not the 0 that ends a chain
			Layout layout = expressEndpoint(0x8086, 0x1234).size(4096).withDword(0x100, 0x2001_001BL).parse();

			assertThat(offsets(layout, Space.EXTENDED)).containsExactly(0x100);
			assertThat(layout.findings())
				.extracting(StructuralFinding::code, StructuralFinding::space, StructuralFinding::offset)
				.containsExactly(tuple(Code.CHAIN_BROKEN, Space.EXTENDED, 0x200));
		}

		@Test
		void overlappingExtendedBlocksAreReported() {
			Layout layout = expressEndpoint(0x8086, 0x1234).with(0x100, pasid(20, EXECUTE, PRIVILEGED))
				.with(0x104, addressTranslation(0, PAGE_ALIGNED))
				.parse();

			assertThat(offsets(layout, Space.EXTENDED)).containsExactly(0x100, 0x104);
			assertThat(layout.findings())
				.extracting(StructuralFinding::code, StructuralFinding::space, StructuralFinding::offset)
				.containsExactly(tuple(Code.BLOCKS_OVERLAP, Space.EXTENDED, 0x104));
		}

		@Test
		void aBlockPastTheEndOfExtendedSpaceIsReported() {
			Layout layout = expressEndpoint(0x8086, 0x1234).with(0x100, pasid(20, EXECUTE, PRIVILEGED))
				.with(0xFD0, extended(0x0010, 1))
				.parse();

			assertThat(layout.findings()).extracting(StructuralFinding::code, StructuralFinding::offset)
				.containsExactly(tuple(Code.BLOCK_PAST_END, 0xFD0));
			assertThat(layout.findings().get(0).message()).contains("runs past 0xfff");
		}

		@Test
		void aBlockEndingExactlyAt0xFFFFits() {
			Layout layout = expressEndpoint(0x8086, 0x1234).with(0x100, pasid(20, EXECUTE, PRIVILEGED))
				.with(0xFC0, extended(0x0010, 1))
				.parse();

			assertThat(ConfigSpaceBuilder.blockAt(layout, 0xFC0).end()).isEqualTo(0x1000);
			assertThat(layout.findings()).isEmpty();
		}

		@Test
		void aChainFillingAllOfExtendedSpaceIsWalkedToTheEnd() {
			ConfigSpaceBuilder builder = expressEndpoint(0x8086, 0x1234);
			for (int at = 0x100; at < 0x1000; at += 4) {
				builder.with(at, extended(0x0040, 1));
			}

			Layout layout = builder.parse();

			assertThat(layout.blocks(Space.EXTENDED)).hasSize(960);
			assertThat(layout.findings()).isEmpty();
		}

		@Test
		void onlyExpressOrPciXFunctionsHaveAnExtendedChain() {
			Layout conventional = endpoint(0x8086, 0x1234).with(0x40, powerManagement(0x0003))
				.size(4096)
				.withDword(0x100, 0x0001_001BL)
				.parse();
			Layout pciX = endpoint(0x8086, 0x1234).with(0x40, pciX(0x2000))
				.size(4096)
				.withDword(0x100, 0x0001_001BL)
				.parse();

			assertThat(conventional.blocks(Space.EXTENDED)).isEmpty();
			assertThat(conventional.coverage().extended()).isEqualTo(Extent.NOT_APPLICABLE);
			assertThat(offsets(pciX, Space.EXTENDED)).containsExactly(0x100);
			assertThat(pciX.coverage().extended()).isEqualTo(Extent.CAPTURED);
		}

		@Test
		void aChainLeavingAShortDumpIsTruncated() {
			Layout layout = expressEndpoint(0x8086, 0x1234).size(0x110).withDword(0x100, 0x2001_001BL).parse();

			assertThat(offsets(layout, Space.EXTENDED)).containsExactly(0x100);
			assertThat(layout.coverage().extended()).isEqualTo(Extent.UNKNOWN);
			assertThat(layout.findings()).extracting(StructuralFinding::code, StructuralFinding::offset)
				.containsExactly(tuple(Code.DUMP_TRUNCATED, 0x200));
		}

		@Test
		void aBlockLeavingAShortDumpIsTruncatedAndNotDecoded() {
			Layout layout = expressEndpoint(0x8086, 0x1234).size(0x104).withDword(0x100, 0x0001_001BL).parse();

			LayoutBlock pasid = ConfigSpaceBuilder.blockAt(layout, 0x100);
			assertThat(pasid.length()).isEqualTo(8);
			assertThat(pasid.fields()).isEmpty();
			assertThat(layout.findings()).extracting(StructuralFinding::code, StructuralFinding::offset)
				.containsExactly(tuple(Code.DUMP_TRUNCATED, 0x100));
		}

	}

	@Nested
	class CoverageOfTheDump {

		@Test
		void a4096ByteDumpOfAnExpressDeviceCapturesBothSpaces() {
			Layout layout = expressEndpoint(0x8086, 0x1234).size(4096).parse();

			assertThat(layout.coverage()).isEqualTo(new Coverage(4096, Extent.CAPTURED, Extent.CAPTURED));
		}

		@Test
		void a256ByteDumpOfAnExpressDeviceSaysNothingAboutExtendedSpace() {
			Layout layout = expressEndpoint(0x8086, 0x1234).size(256).parse();

			assertThat(layout.coverage()).isEqualTo(new Coverage(256, Extent.CAPTURED, Extent.UNKNOWN));
			assertThat(layout.blocks(Space.EXTENDED)).isEmpty();
			assertThat(layout.findings()).isEmpty();
		}

		@Test
		void a256ByteCorpusDumpOfAnExpressDeviceLeavesExtendedSpaceUnknown() {
			Layout layout = ConfigSpaceParser
				.parse(Dumps.read(Corpus.bytes("plx-pex9716-switch-downstream")).get(0).configSpace());

			assertThat(layout.coverage().bytes()).isEqualTo(256);
			assertThat(layout.coverage().extended()).isEqualTo(Extent.UNKNOWN);
		}

		@Test
		void a64ByteHeaderOnlyDumpLeavesBothChainsUnknown() {
			Layout layout = expressEndpoint(0x8086, 0x1234).size(64).parse();

			assertThat(layout.coverage()).isEqualTo(new Coverage(64, Extent.UNKNOWN, Extent.UNKNOWN));
			assertThat(layout.blocks()).isEmpty();
			assertThat(layout.identity().capabilitiesPointer()).isEqualTo(0x40);
		}

		@Test
		void a64ByteDumpWithoutACapabilitiesListHasNoChains() {
			Layout layout = endpoint(0x8086, 0x7000).size(64).parse();

			assertThat(layout.coverage()).isEqualTo(new Coverage(64, Extent.CAPTURED, Extent.NOT_APPLICABLE));
		}

		@Test
		void aConventionalDeviceCannotHaveExtendedCapabilities() {
			Layout layout = endpoint(0x8086, 0x7000).with(0x40, powerManagement(0x0002)).parse();

			assertThat(layout.coverage()).isEqualTo(new Coverage(256, Extent.CAPTURED, Extent.NOT_APPLICABLE));
		}

		@Test
		void aCardBusHeaderOnlyDumpLeavesTheChainUnknown() {
			Layout layout = cardBus(0x1217, 0x7136).with(0xA0, powerManagement(0x0002)).size(128).parse();

			assertThat(layout.coverage().standard()).isEqualTo(Extent.UNKNOWN);
			assertThat(layout.blocks()).isEmpty();
		}

	}

	@Nested
	class HeaderIdentity {

		@Test
		void readsTheType0IdentityFields() {
			Layout layout = expressEndpoint(0x8086, 0x0B25).revision(0x01)
				.classCode(0x088000)
				.subsystem(0x8086, 0x0000)
				.multifunction()
				.parse();

			assertThat(layout.identity())
				.isEqualTo(new Identity(0x8086, 0x0B25, 0x01, 0x088000, 0, true, 0x8086, 0x0000, 0x40));
		}

		@Test
		void aBridgeTakesItsSubsystemIdsFromTheSubsystemCapability() {
			Layout layout = bridge(0x8086, 0x7AB8).with(0x40, express(2, ROOT_PORT))
				.with(0x80, bridgeSubsystem(0x1043, 0x8694))
				.withDword(0x2C, 0xDEAD_BEEFL)
				.parse();

			assertThat(layout.identity().headerType()).isEqualTo(Identity.TYPE_BRIDGE);
			assertThat(layout.identity().subsystemVendorId()).isEqualTo(0x1043);
			assertThat(layout.identity().subsystemId()).isEqualTo(0x8694);
			assertThat(layout.blocks().get(1).name()).isEqualTo("Subsystem");
		}

		@Test
		void aBridgeWithoutTheSubsystemCapabilityHasNoSubsystemIds() {
			// on a type 1 header 0x2C is the prefetchable limit upper 32 bits
			Layout layout = bridge(0x8086, 0x7AB8).with(0x40, express(2, ROOT_PORT))
				.withDword(0x2C, 0xDEAD_BEEFL)
				.parse();

			assertThat(layout.identity().subsystemVendorId()).isNull();
			assertThat(layout.identity().subsystemId()).isNull();
		}

		@Test
		void aMultifunctionBridgeKeepsHeaderType1() {
			Layout layout = bridge(0x8086, 0x7AB8).multifunction().parse();

			assertThat(layout.identity().headerType()).isEqualTo(1);
			assertThat(layout.identity().multifunction()).isTrue();
		}

		@Test
		void cardBusStartsItsChainAt0x14AndKeepsSubsystemIdsAt0x40() {
			Layout layout = cardBus(0x1217, 0x7136).subsystem(0x10CF, 0x143D)
				.with(0xA0, powerManagement(0x0002))
				.withByte(0x34, 0x40)
				.parse();

			assertThat(layout.identity().capabilitiesPointer()).isEqualTo(0xA0);
			assertThat(layout.identity().subsystemVendorId()).isEqualTo(0x10CF);
			assertThat(layout.identity().subsystemId()).isEqualTo(0x143D);
			assertThat(offsets(layout, Space.STANDARD)).containsExactly(0xA0);
			assertThat(layout.findings()).isEmpty();
		}

		@Test
		void theCardBusBridgeFromTheCorpusHasPowerManagementAt0xA0() {
			Layout layout = ConfigSpaceParser
				.parse(Dumps.read(Corpus.bytes("o2micro-oz711sp1-cardbus")).get(0).configSpace());

			assertThat(layout.identity())
				.isEqualTo(new Identity(0x1217, 0x7136, 0x01, 0x060700, 2, true, 0x10CF, 0x143D, 0xA0));
			assertThat(layout.blocks()).extracting(LayoutBlock::offset, LayoutBlock::name)
				.containsExactly(tuple(0xA0, "Power Management"));
		}

	}

}
