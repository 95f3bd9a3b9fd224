package io.cfgspace.layout;

import static io.cfgspace.configspace.ConfigSpaceBuilder.endpoint;
import static io.cfgspace.configspace.ConfigSpaceBuilder.expressEndpoint;
import static io.cfgspace.configspace.ConfigSpaceBuilder.powerManagement;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;

import io.cfgspace.configspace.ConfigSpaceParser;
import io.cfgspace.configspace.Corpus;
import io.cfgspace.configspace.read.Dumps;
import io.cfgspace.layout.Coverage.Extent;
import io.cfgspace.layout.LayoutProblem.Code;
import org.junit.jupiter.api.Test;

/**
 * Every problem that keeps a layout from being pinned or compared, each listed with its
 * code and a sentence naming the block.
 */
class LayoutValidatorTest {

	private static final Coverage FULL = new Coverage(4096, Extent.CAPTURED, Extent.CAPTURED);

	private static final Identity IDENTITY = new Identity(0x8086, 0x0B25, 0x04, 0x088000, Identity.TYPE_ENDPOINT, false,
			0x8086, 0x0000, 0x40);

	/**
	 * A real dump: standard 0x40 → 0x70 → 0xac → 0xd0; extended 0x100 PASID → 0x200 ATS →
	 * 0x300 PRI.
	 */
	private static final Layout SKYLAKE_IGPU = ConfigSpaceParser
		.parse(Dumps.read(Corpus.bytes("intel-skylake-gt2-igpu")).get(0).configSpace());

	@Test
	void aSoundPhysicalLayoutHasNoProblems() {
		Layout layout = layout(0x40, express(0x40, 0x80), powerManagementAt(0x80, 0),
				pasid(0x100, 0x200, Origin.PHYSICAL), ats(0x200, 0, Origin.PHYSICAL));

		assertThat(LayoutValidator.problems(layout)).isEmpty();
	}

	@Test
	void theCorpusDumpUsedBelowIsSound() {
		assertThat(SKYLAKE_IGPU.blocks(Space.EXTENDED)).extracting(LayoutBlock::offset, LayoutBlock::id)
			.containsExactly(tuple(0x100, 0x001B), tuple(0x200, 0x000F), tuple(0x300, 0x0013));
		assertThat(LayoutValidator.problems(SKYLAKE_IGPU)).isEmpty();
	}

	@Test
	void aDumpWithoutTheExtendedSpaceOfAnExpressDeviceIsIncomplete() {
		Layout layout = expressEndpoint(0x8086, 0x0B25).size(256).parse();

		assertThat(layout.coverage().extended()).isEqualTo(Extent.UNKNOWN);
		assertThat(LayoutValidator.problems(layout)).extracting(LayoutProblem::code)
			.containsExactly(Code.INCOMPLETE_COVERAGE);
		assertThat(LayoutValidator.problems(layout).get(0).message()).startsWith(
				"the layout comes from a 256-byte dump that does not capture all of config space; pin from a full dump");
	}

	@Test
	void aHeaderOnlyDumpIsIncomplete() {
		Layout layout = endpoint(0x8086, 0x0B25).with(0x40, powerManagement(0x0003)).size(64).parse();

		assertThat(layout.coverage().standard()).isEqualTo(Extent.UNKNOWN);
		assertThat(LayoutValidator.problems(layout)).extracting(LayoutProblem::code)
			.containsExactly(Code.INCOMPLETE_COVERAGE);
		assertThat(LayoutValidator.problems(layout).get(0).message()).contains("from a 64-byte dump");
	}

	@Test
	void aConventionalDeviceWithoutExtendedSpaceIsComplete() {
		Layout layout = endpoint(0x8086, 0x0B25).with(0x40, powerManagement(0x0003)).parse();

		assertThat(layout.coverage()).isEqualTo(new Coverage(256, Extent.CAPTURED, Extent.NOT_APPLICABLE));
		assertThat(LayoutValidator.problems(layout)).isEmpty();
	}

	@Test
	void everyStructuralFindingIsListed() {
		StructuralFinding loop = new StructuralFinding(StructuralFinding.Code.POINTER_LOOP, Space.STANDARD, 0x40,
				"the standard capability chain loops back to 0x40");
		StructuralFinding misaligned = new StructuralFinding(StructuralFinding.Code.POINTER_MISALIGNED, Space.EXTENDED,
				0x102, "a pointer has its reserved low bits set");
		Layout layout = new Layout(IDENTITY, FULL, List.of(express(0x40, 0)), List.of(loop, misaligned));

		assertThat(LayoutValidator.problems(layout)).containsExactly(
				new LayoutProblem(Code.STRUCTURAL_FINDING,
						"POINTER_LOOP: the standard capability chain loops back to 0x40"),
				new LayoutProblem(Code.STRUCTURAL_FINDING,
						"POINTER_MISALIGNED: a pointer has its reserved low bits set"));
	}

	@Test
	void aBlockStartingBelowItsSpaceIsOutOfRange() {
		Layout layout = layout(0x30, vendorSpecific(0x30, 0x0C, 0));

		assertThat(LayoutValidator.problems(layout)).containsExactly(new LayoutProblem(Code.OUT_OF_RANGE,
				"physical Vendor Specific Information at standard 0x30 starts outside standard space (0x40..0xff)"));
	}

	@Test
	void anExtendedBlockInTheStandardRangeIsOutOfRange() {
		Layout layout = layout(0x40, express(0x40, 0), nullHeader(0x100, 0x80), pasid(0x80, 0, Origin.PHYSICAL));

		assertThat(LayoutValidator.problems(layout)).containsExactly(new LayoutProblem(Code.OUT_OF_RANGE,
				"physical Process Address Space ID (PASID) at extended 0x080 starts outside extended space (0x100..0xfff)"));
	}

	@Test
	void aStandardBlockRunningIntoTheExtendedSpaceIsOutOfRange() {
		Layout layout = layout(0xF8, vendorSpecific(0xF8, 0x0C, 0));

		assertThat(LayoutValidator.problems(layout)).containsExactly(new LayoutProblem(Code.OUT_OF_RANGE,
				"physical Vendor Specific Information at standard 0xf8 is 12 bytes long and runs past 0xff"));
	}

	@Test
	void anExtendedBlockRunningPastTheEndOfConfigSpaceIsOutOfRange() {
		Layout layout = layout(0x40, express(0x40, 0), nullHeader(0x100, 0xFFC), pasid(0xFFC, 0, Origin.SYNTHESIZED));

		assertThat(LayoutValidator.problems(layout)).containsExactly(new LayoutProblem(Code.OUT_OF_RANGE,
				"synthesized Process Address Space ID (PASID) at extended 0xffc is 8 bytes long and runs past 0xfff"));
	}

	@Test
	void aBlockThatEndsExactlyAtTheEndOfItsSpaceIsInRange() {
		Layout layout = layout(0x40, express(0x40, 0xF4), vendorSpecific(0xF4, 0x0C, 0), nullHeader(0x100, 0xFF8),
				pasid(0xFF8, 0, Origin.SYNTHESIZED));

		assertThat(LayoutValidator.problems(layout)).isEmpty();
	}

	@Test
	void aBlockOffTheDwordBoundaryIsMisaligned() {
		Layout layout = layout(0x40, express(0x40, 0), nullHeader(0x100, 0x202), ats(0x202, 0, Origin.PHYSICAL));

		assertThat(LayoutValidator.problems(layout)).containsExactly(new LayoutProblem(Code.MISALIGNED,
				"physical Address Translation Service (ATS) at extended 0x202 does not start on a dword boundary"));
	}

	@Test
	void aMisalignedCapabilitiesPointerIsWalkedWithItsLowBitsMasked() {
		Layout sound = layout(0x43, express(0x40, 0));
		Layout misaligned = layout(0x42, vendorSpecific(0x42, 0x0C, 0));

		assertThat(LayoutValidator.problems(sound)).isEmpty();
		assertThat(LayoutValidator.problems(misaligned)).containsExactly(
				new LayoutProblem(Code.MISALIGNED,
						"physical Vendor Specific Information at standard 0x42 does not start on a dword boundary"),
				new LayoutProblem(Code.CHAIN_BROKEN,
						"the standard chain leads to 0x40, where the layout has no block"));
	}

	@Test
	void twoPhysicalBlocksClaimingTheSameBytesOverlap() {
		// Express v2 endpoint is 0x34 bytes: 0x40..0x73
		Layout layout = layout(0x40, express(0x40, 0x70), powerManagementAt(0x70, 0));

		assertThat(LayoutValidator.problems(layout)).containsExactly(new LayoutProblem(Code.OVERLAP,
				"physical Power Management at standard 0x70 overlaps physical Express at standard 0x40"));
	}

	@Test
	void blocksThatOnlyTouchDoNotOverlap() {
		Layout layout = layout(0x40, express(0x40, 0x74), powerManagementAt(0x74, 0));

		assertThat(LayoutValidator.problems(layout)).isEmpty();
	}

	@Test
	void aStandardBlockRunningOverTheFirstExtendedBlockOverlapsIt() {
		Layout layout = layout(0xF8, vendorSpecific(0xF8, 0x10, 0), pasid(0x100, 0, Origin.PHYSICAL));

		assertThat(LayoutValidator.problems(layout)).containsExactly(
				new LayoutProblem(Code.OUT_OF_RANGE,
						"physical Vendor Specific Information at standard 0xf8 is 16 bytes long and runs past 0xff"),
				new LayoutProblem(Code.OVERLAP, "physical Process Address Space ID (PASID) at extended 0x100 overlaps"
						+ " physical Vendor Specific Information at standard 0xf8"));
	}

	@Test
	void aSynthesizedBlockOverAVisiblePhysicalBlockIsReportedAsSuch() {
		Layout layout = layout(0x40, express(0x40, 0), pasid(0x100, 0x200, Origin.PHYSICAL),
				ats(0x200, 0x204, Origin.PHYSICAL), pasid(0x204, 0, Origin.SYNTHESIZED));

		assertThat(LayoutValidator.problems(layout)).containsExactly(new LayoutProblem(
				Code.SYNTHESIZED_OVERLAPS_PHYSICAL,
				"synthesized Process Address Space ID (PASID) at extended 0x204 overlaps physical Address Translation Service (ATS) at extended 0x200"));
	}

	@Test
	void twoSynthesizedBlocksClaimingTheSameBytesOverlap() {
		Layout layout = layout(0x40, express(0x40, 0), nullHeader(0x100, 0x400),
				pasid(0x400, 0x404, Origin.SYNTHESIZED), ats(0x404, 0, Origin.SYNTHESIZED));

		assertThat(LayoutValidator.problems(layout)).containsExactly(new LayoutProblem(Code.OVERLAP,
				"synthesized Address Translation Service (ATS) at extended 0x404 overlaps synthesized Process Address Space ID (PASID) at extended 0x400"));
	}

	@Test
	void aSynthesizedBlockMayReuseAHiddenBlocksBytes() {
		Layout layout = layout(0x40, express(0x40, 0), pasid(0x100, 0x300, Origin.SYNTHESIZED),
				pri(0x300, 0, Origin.PHYSICAL), ats(0x100, 0x300, Origin.HIDDEN));

		assertThat(LayoutValidator.problems(layout)).isEmpty();
	}

	@Test
	void vfiosPlaceholderMaySitOverAHiddenBlock() {
		Layout layout = layout(0x40, express(0x40, 0), nullHeader(0x100, 0x200), ats(0x200, 0, Origin.PHYSICAL),
				pasid(0x100, 0x200, Origin.HIDDEN));

		assertThat(LayoutValidator.problems(layout)).isEmpty();
	}

	@Test
	void aPhysicalBlockOtherThanThePlaceholderOverAHiddenBlockOverlaps() {
		Layout layout = layout(0x40, express(0x40, 0), ats(0x100, 0x300, Origin.PHYSICAL),
				pri(0x300, 0, Origin.PHYSICAL), pasid(0x104, 0, Origin.HIDDEN));

		assertThat(LayoutValidator.problems(layout)).containsExactly(new LayoutProblem(Code.OVERLAP,
				"hidden Process Address Space ID (PASID) at extended 0x104 overlaps physical Address Translation Service (ATS) at extended 0x100"));
	}

	@Test
	void twoHiddenBlocksClaimingTheSameBytesOverlap() {
		Layout layout = layout(0x40, express(0x40, 0), nullHeader(0x100, 0x300), pri(0x300, 0, Origin.PHYSICAL),
				pasid(0x200, 0, Origin.HIDDEN), ats(0x204, 0, Origin.HIDDEN));

		assertThat(LayoutValidator.problems(layout)).containsExactly(new LayoutProblem(Code.OVERLAP,
				"hidden Address Translation Service (ATS) at extended 0x204 overlaps hidden Process Address Space ID (PASID) at extended 0x200"));
	}

	@Test
	void aNextPointerToNoBlockBreaksTheChain() {
		Layout layout = layout(0x40, express(0x40, 0x80));

		assertThat(LayoutValidator.problems(layout)).containsExactly(new LayoutProblem(Code.CHAIN_BROKEN,
				"the standard chain leads to 0x80, where the layout has no block"));
	}

	@Test
	void aNextPointerToAHiddenBlockBreaksTheChain() {
		Layout layout = layout(0x40, express(0x40, 0), pasid(0x100, 0x200, Origin.PHYSICAL),
				pri(0x300, 0, Origin.PHYSICAL), ats(0x200, 0x300, Origin.HIDDEN));

		assertThat(LayoutValidator.problems(layout)).containsExactly(new LayoutProblem(Code.CHAIN_BROKEN,
				"the extended chain leads to 0x200, where the layout has no block"));
	}

	@Test
	void anExtendedChainMustStartAt0x100() {
		Layout layout = layout(0x40, express(0x40, 0), ats(0x200, 0, Origin.PHYSICAL));

		assertThat(LayoutValidator.problems(layout)).containsExactly(new LayoutProblem(Code.CHAIN_BROKEN,
				"the extended chain leads to 0x100, where the layout has no block"));
	}

	@Test
	void aLoopingChainIsBroken() {
		Layout layout = layout(0x40, express(0x40, 0x80), powerManagementAt(0x80, 0x40));

		assertThat(LayoutValidator.problems(layout)).containsExactly(new LayoutProblem(Code.CHAIN_BROKEN,
				"the standard chain loops back to physical Express at standard 0x40"));
	}

	@Test
	void aBlockTheChainDoesNotReachIsNotLinked() {
		Layout layout = layout(0x40, express(0x40, 0), powerManagementAt(0x80, 0), vendorSpecific(0x90, 0x0C, 0));

		assertThat(LayoutValidator.problems(layout)).containsExactly(
				new LayoutProblem(Code.CHAIN_BROKEN,
						"physical Power Management at standard 0x80 is not linked into the standard chain"),
				new LayoutProblem(Code.CHAIN_BROKEN,
						"physical Vendor Specific Information at standard 0x90 is not linked into the standard chain"));
	}

	@Test
	void standardBlocksWithoutACapabilitiesPointerAreNotLinked() {
		Layout layout = layout(0, express(0x40, 0));

		assertThat(LayoutValidator.problems(layout)).containsExactly(new LayoutProblem(Code.CHAIN_BROKEN,
				"physical Express at standard 0x40 is not linked into the standard chain"));
	}

	@Test
	void twoVisibleBlocksAtOneOffsetAreAnOverlapNotAChainProblem() {
		Layout layout = layout(0x40, express(0x40, 0), pasid(0x100, 0x100, Origin.PHYSICAL),
				ats(0x100, 0, Origin.SYNTHESIZED));

		assertThat(LayoutValidator.problems(layout)).containsExactly(new LayoutProblem(
				Code.SYNTHESIZED_OVERLAPS_PHYSICAL,
				"synthesized Address Translation Service (ATS) at extended 0x100 overlaps physical Process Address Space ID (PASID) at extended 0x100"));
	}

	@Test
	void blocksListedOutOfLinkOrderAreReported() {
		Layout layout = layout(0x40, express(0x40, 0x90), powerManagementAt(0x80, 0), vendorSpecific(0x90, 0x0C, 0x80));

		assertThat(LayoutValidator.problems(layout)).containsExactly(new LayoutProblem(Code.CHAIN_ORDER,
				"the standard blocks are not listed in the order their next pointers link them"));
	}

	@Test
	void hiddenBlocksMayBeListedAnywhere() {
		Layout layout = layout(0x40, ats(0x200, 0, Origin.HIDDEN), express(0x40, 0), nullHeader(0x100, 0x300),
				pri(0x300, 0, Origin.PHYSICAL));

		assertThat(LayoutValidator.problems(layout)).isEmpty();
	}

	@Test
	void everyProblemIsListedNotOnlyTheFirst() {
		StructuralFinding finding = new StructuralFinding(StructuralFinding.Code.BLOCKS_OVERLAP, Space.STANDARD, 0x70,
				"two capabilities claim 0x70");
		Layout layout = new Layout(IDENTITY, new Coverage(4096, Extent.CAPTURED, Extent.UNKNOWN),
				List.of(express(0x40, 0x70), powerManagementAt(0x70, 0x80), nullHeader(0x100, 0x202),
						pasid(0xFFC, 0, Origin.SYNTHESIZED), ats(0x202, 0xFFC, Origin.PHYSICAL)),
				List.of(finding));

		assertThat(LayoutValidator.problems(layout)).extracting(LayoutProblem::code)
			.containsExactly(Code.INCOMPLETE_COVERAGE, Code.STRUCTURAL_FINDING, Code.OUT_OF_RANGE, Code.MISALIGNED,
					Code.OVERLAP, Code.CHAIN_BROKEN, Code.CHAIN_ORDER);
	}

	@Test
	void aComposedLayoutWithASynthesizedPasidInTheLastGapHasNoProblems() {
		LayoutBlock pasid = pasid(0xFF8, 0, Origin.SYNTHESIZED);

		Layout guest = LayoutComposer.compose(SKYLAKE_IGPU, List.of(new BlockRef(Space.EXTENDED, 0x100)),
				List.of(pasid));

		assertThat(guest.blocks(Space.EXTENDED))
			.extracting(LayoutBlock::offset, LayoutBlock::id, LayoutBlock::next, LayoutBlock::origin)
			.containsExactly(tuple(0x100, 0x0000, 0x200, Origin.PHYSICAL), tuple(0x200, 0x000F, 0x300, Origin.PHYSICAL),
					tuple(0x300, 0x0013, 0xFF8, Origin.PHYSICAL), tuple(0xFF8, 0x001B, 0, Origin.SYNTHESIZED),
					tuple(0x100, 0x001B, 0x200, Origin.HIDDEN));
		assertThat(LayoutValidator.problems(guest)).isEmpty();
	}

	@Test
	void aComposedLayoutWithASynthesizedBlockOverAtsListsTheOverlap() {
		LayoutBlock pasid = pasid(0x200, 0, Origin.SYNTHESIZED);

		Layout guest = LayoutComposer.compose(SKYLAKE_IGPU, List.of(new BlockRef(Space.EXTENDED, 0x100)),
				List.of(pasid));

		assertThat(LayoutValidator.problems(guest)).containsExactly(new LayoutProblem(
				Code.SYNTHESIZED_OVERLAPS_PHYSICAL,
				"physical Address Translation Service (ATS) at extended 0x200 overlaps synthesized Process Address Space ID (PASID) at extended 0x200"));
	}

	@Test
	void aComposedLayoutWithASynthesizedBlockHalfOverAtsListsTheOverlap() {
		LayoutBlock pasid = pasid(0x204, 0, Origin.SYNTHESIZED);

		Layout guest = LayoutComposer.compose(SKYLAKE_IGPU, List.of(new BlockRef(Space.EXTENDED, 0x100)),
				List.of(pasid));

		assertThat(LayoutValidator.problems(guest)).containsExactly(new LayoutProblem(
				Code.SYNTHESIZED_OVERLAPS_PHYSICAL,
				"synthesized Process Address Space ID (PASID) at extended 0x204 overlaps physical Address Translation Service (ATS) at extended 0x200"));
	}

	@Test
	void aComposedLayoutThatHidesTheFirstStandardCapabilityHasNoProblems() {
		Layout guest = LayoutComposer.compose(SKYLAKE_IGPU,
				List.of(new BlockRef(Space.STANDARD, 0x40), new BlockRef(Space.EXTENDED, 0x200)), List.of());

		assertThat(guest.identity().capabilitiesPointer()).isEqualTo(0x70);
		assertThat(LayoutValidator.problems(guest)).isEmpty();
	}

	private static Layout layout(int capabilitiesPointer, LayoutBlock... blocks) {
		Identity identity = new Identity(IDENTITY.vendorId(), IDENTITY.deviceId(), IDENTITY.revisionId(),
				IDENTITY.classCode(), IDENTITY.headerType(), IDENTITY.multifunction(), IDENTITY.subsystemVendorId(),
				IDENTITY.subsystemId(), capabilitiesPointer);
		return new Layout(identity, FULL, List.of(blocks), List.of());
	}

	private static LayoutBlock express(int offset, int next) {
		return new LayoutBlock(Space.STANDARD, offset, 0x10, null, 0x34, next, "Express", Origin.PHYSICAL,
				Map.of("version", 2L));
	}

	private static LayoutBlock powerManagementAt(int offset, int next) {
		return new LayoutBlock(Space.STANDARD, offset, 0x01, null, 8, next, "Power Management", Origin.PHYSICAL,
				Map.of());
	}

	private static LayoutBlock vendorSpecific(int offset, int length, int next) {
		return new LayoutBlock(Space.STANDARD, offset, 0x09, null, length, next, "Vendor Specific Information",
				Origin.PHYSICAL, Map.of());
	}

	private static LayoutBlock nullHeader(int offset, int next) {
		return new LayoutBlock(Space.EXTENDED, offset, 0x0000, 0, 4, next, "Null", Origin.PHYSICAL, Map.of());
	}

	private static LayoutBlock pasid(int offset, int next, Origin origin) {
		return new LayoutBlock(Space.EXTENDED, offset, 0x001B, 1, 8, next, "Process Address Space ID (PASID)", origin,
				Map.of("maxPasidWidth", 20L));
	}

	private static LayoutBlock ats(int offset, int next, Origin origin) {
		return new LayoutBlock(Space.EXTENDED, offset, 0x000F, 1, 8, next, "Address Translation Service (ATS)", origin,
				Map.of());
	}

	private static LayoutBlock pri(int offset, int next, Origin origin) {
		return new LayoutBlock(Space.EXTENDED, offset, 0x0013, 1, 16, next, "Page Request Interface (PRI)", origin,
				Map.of());
	}

}
