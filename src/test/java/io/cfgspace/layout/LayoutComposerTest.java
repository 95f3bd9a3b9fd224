package io.cfgspace.layout;

import static io.cfgspace.configspace.ConfigSpaceBuilder.EXECUTE;
import static io.cfgspace.configspace.ConfigSpaceBuilder.PAGE_ALIGNED;
import static io.cfgspace.configspace.ConfigSpaceBuilder.PASID_REQUIRED;
import static io.cfgspace.configspace.ConfigSpaceBuilder.PRIVILEGED;
import static io.cfgspace.configspace.ConfigSpaceBuilder.addressTranslation;
import static io.cfgspace.configspace.ConfigSpaceBuilder.endpoint;
import static io.cfgspace.configspace.ConfigSpaceBuilder.expressEndpoint;
import static io.cfgspace.configspace.ConfigSpaceBuilder.msi;
import static io.cfgspace.configspace.ConfigSpaceBuilder.pageRequest;
import static io.cfgspace.configspace.ConfigSpaceBuilder.pasid;
import static io.cfgspace.configspace.ConfigSpaceBuilder.powerManagement;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;

import io.cfgspace.configspace.ConfigSpaceBuilder;
import org.junit.jupiter.api.Test;

/**
 * The guest-visible layout built from a physical one, following what vfio does when it
 * hides a capability (vfio {@code vfio_cap_init}, {@code vfio_ecap_init}).
 */
class LayoutComposerTest {

	private static final int MSI_64_BIT = 0x0080;

	/**
	 * Standard chain 0x40 Express → 0x80 Power Management → 0x90 MSI; extended chain
	 * 0x100 PASID → 0x200 ATS → 0x300 PRI.
	 */
	private static final Layout PHYSICAL = expressEndpoint(0x8086, 0x0B25).revision(0x04)
		.subsystem(0x8086, 0x0000)
		.with(0x80, powerManagement(0x0003))
		.with(0x90, msi(MSI_64_BIT))
		.with(0x100, pasid(20, EXECUTE, !PRIVILEGED))
		.with(0x200, addressTranslation(0, PAGE_ALIGNED))
		.with(0x300, pageRequest(512, PASID_REQUIRED))
		.parse();

	private static final BlockRef EXPRESS = new BlockRef(Space.STANDARD, 0x40);

	private static final BlockRef POWER_MANAGEMENT = new BlockRef(Space.STANDARD, 0x80);

	private static final BlockRef MSI = new BlockRef(Space.STANDARD, 0x90);

	private static final BlockRef PASID = new BlockRef(Space.EXTENDED, 0x100);

	private static final BlockRef ATS = new BlockRef(Space.EXTENDED, 0x200);

	private static final BlockRef PRI = new BlockRef(Space.EXTENDED, 0x300);

	@Test
	void thePhysicalLayoutReadsAsTheTestsExpect() {
		assertThat(PHYSICAL.identity().capabilitiesPointer()).isEqualTo(0x40);
		assertThat(PHYSICAL.findings()).isEmpty();
		assertThat(PHYSICAL.blocks()).extracting(LayoutBlock::offset, LayoutBlock::id, LayoutBlock::next)
			.containsExactly(tuple(0x40, 0x10, 0x80), tuple(0x80, 0x01, 0x90), tuple(0x90, 0x05, 0),
					tuple(0x100, 0x1B, 0x200), tuple(0x200, 0x0F, 0x300), tuple(0x300, 0x13, 0));
	}

	@Test
	void composingWithNothingHiddenOrAddedGivesThePhysicalLayoutBack() {
		Layout guest = LayoutComposer.compose(PHYSICAL, List.of(), List.of());

		assertThat(guest).isEqualTo(PHYSICAL);
		assertThat(guest.fingerprint()).isEqualTo(PHYSICAL.fingerprint());
	}

	@Test
	void hidingAStandardCapabilityLinksItsPredecessorToItsSuccessor() {
		Layout guest = LayoutComposer.compose(PHYSICAL, List.of(POWER_MANAGEMENT), List.of());

		assertThat(guest.blocks(Space.STANDARD)).extracting(LayoutBlock::offset, LayoutBlock::next, LayoutBlock::origin)
			.containsExactly(tuple(0x40, 0x90, Origin.PHYSICAL), tuple(0x90, 0, Origin.PHYSICAL),
					tuple(0x80, 0x90, Origin.HIDDEN));
		assertThat(guest.identity().capabilitiesPointer()).isEqualTo(0x40);
	}

	@Test
	void aHiddenBlockKeepsItsPhysicalNextPointerAndFields() {
		Layout guest = LayoutComposer.compose(PHYSICAL, List.of(ATS), List.of());

		LayoutBlock physicalAts = ConfigSpaceBuilder.blockAt(PHYSICAL, 0x200);
		LayoutBlock hiddenAts = ConfigSpaceBuilder.blockAt(guest, 0x200);
		assertThat(hiddenAts).isEqualTo(physicalAts.withOrigin(Origin.HIDDEN));
		assertThat(hiddenAts.next()).isEqualTo(0x300);
		assertThat(ConfigSpaceBuilder.blockAt(guest, 0x100).next()).isEqualTo(0x300);
	}

	@Test
	void hidingTheFirstStandardCapabilityMovesTheCapabilitiesPointer() {
		Layout guest = LayoutComposer.compose(PHYSICAL, List.of(EXPRESS), List.of());

		assertThat(guest.identity().capabilitiesPointer()).isEqualTo(0x80);
		assertThat(guest.blocks(Space.STANDARD)).extracting(LayoutBlock::offset, LayoutBlock::next, LayoutBlock::origin)
			.containsExactly(tuple(0x80, 0x90, Origin.PHYSICAL), tuple(0x90, 0, Origin.PHYSICAL),
					tuple(0x40, 0x80, Origin.HIDDEN));
	}

	@Test
	void hidingEveryStandardCapabilityClearsTheCapabilitiesPointer() {
		Layout guest = LayoutComposer.compose(PHYSICAL, List.of(EXPRESS, POWER_MANAGEMENT, MSI), List.of());

		assertThat(guest.identity().capabilitiesPointer()).isZero();
		assertThat(guest.blocks(Space.STANDARD)).extracting(LayoutBlock::offset, LayoutBlock::origin)
			.containsExactly(tuple(0x40, Origin.HIDDEN), tuple(0x80, Origin.HIDDEN), tuple(0x90, Origin.HIDDEN));
	}

	@Test
	void composingKeepsTheOtherIdentityFieldsTheCoverageAndTheFindings() {
		Layout guest = LayoutComposer.compose(PHYSICAL, List.of(EXPRESS), List.of());

		Identity identity = guest.identity();
		assertThat(identity.vendorId()).isEqualTo(0x8086);
		assertThat(identity.deviceId()).isEqualTo(0x0B25);
		assertThat(identity.revisionId()).isEqualTo(0x04);
		assertThat(identity.subsystemVendorId()).isEqualTo(0x8086);
		assertThat(identity.subsystemId()).isEqualTo(0x0000);
		assertThat(identity.headerType()).isEqualTo(Identity.TYPE_ENDPOINT);
		assertThat(guest.coverage()).isEqualTo(PHYSICAL.coverage());
		assertThat(guest.findings()).isEqualTo(PHYSICAL.findings());
	}

	@Test
	void hidingTheFirstExtendedCapabilityLeavesANullPlaceholder() {
		Layout guest = LayoutComposer.compose(PHYSICAL, List.of(PASID), List.of());

		assertThat(guest.blocks(Space.EXTENDED))
			.extracting(LayoutBlock::offset, LayoutBlock::id, LayoutBlock::version, LayoutBlock::length,
					LayoutBlock::next, LayoutBlock::origin)
			.containsExactly(tuple(0x100, 0x0000, 0, 4, 0x200, Origin.PHYSICAL),
					tuple(0x200, 0x000F, 1, 8, 0x300, Origin.PHYSICAL), tuple(0x300, 0x0013, 1, 16, 0, Origin.PHYSICAL),
					tuple(0x100, 0x001B, 1, 8, 0x200, Origin.HIDDEN));
		LayoutBlock placeholder = guest.blocks(Space.EXTENDED).get(0);
		assertThat(placeholder.name()).isEqualTo("Null");
		assertThat(placeholder.fields()).isEmpty();
		assertThat(LayoutComposer.isPlaceholder(placeholder)).isTrue();
	}

	@Test
	void hidingALaterExtendedCapabilityNeedsNoPlaceholder() {
		Layout guest = LayoutComposer.compose(PHYSICAL, List.of(ATS), List.of());

		assertThat(guest.blocks(Space.EXTENDED))
			.extracting(LayoutBlock::offset, LayoutBlock::id, LayoutBlock::next, LayoutBlock::origin)
			.containsExactly(tuple(0x100, 0x001B, 0x300, Origin.PHYSICAL), tuple(0x300, 0x0013, 0, Origin.PHYSICAL),
					tuple(0x200, 0x000F, 0x300, Origin.HIDDEN));
	}

	@Test
	void hidingEveryExtendedCapabilityLeavesNoExtendedChain() {
		// vfio clears the header at 0x100 when no extended capability stays visible
		Layout guest = LayoutComposer.compose(PHYSICAL, List.of(PASID, ATS, PRI), List.of());

		assertThat(guest.blocks(Space.EXTENDED)).extracting(LayoutBlock::offset, LayoutBlock::id, LayoutBlock::origin)
			.containsExactly(tuple(0x100, 0x001B, Origin.HIDDEN), tuple(0x200, 0x000F, Origin.HIDDEN),
					tuple(0x300, 0x0013, Origin.HIDDEN));
	}

	@Test
	void aSynthesizedBlockAtTheHiddenFirstPlaceReplacesThePlaceholder() {
		Layout guest = LayoutComposer.compose(PHYSICAL, List.of(PASID), List.of(synthesizedPasid(0x100)));

		assertThat(guest.blocks(Space.EXTENDED))
			.extracting(LayoutBlock::offset, LayoutBlock::id, LayoutBlock::next, LayoutBlock::origin)
			.containsExactly(tuple(0x100, 0x001B, 0x200, Origin.SYNTHESIZED),
					tuple(0x200, 0x000F, 0x300, Origin.PHYSICAL), tuple(0x300, 0x0013, 0, Origin.PHYSICAL),
					tuple(0x100, 0x001B, 0x200, Origin.HIDDEN));
		assertThat(guest.blocks(Space.EXTENDED)).noneMatch(LayoutComposer::isPlaceholder);
	}

	@Test
	void aSynthesizedBlockIsLinkedAfterTheVisibleBlockWithTheHighestLowerOffset() {
		Layout guest = LayoutComposer.compose(PHYSICAL, List.of(), List.of(synthesizedPasid(0x280)));

		assertThat(guest.blocks(Space.EXTENDED)).extracting(LayoutBlock::offset, LayoutBlock::next, LayoutBlock::origin)
			.containsExactly(tuple(0x100, 0x200, Origin.PHYSICAL), tuple(0x200, 0x280, Origin.PHYSICAL),
					tuple(0x280, 0x300, Origin.SYNTHESIZED), tuple(0x300, 0, Origin.PHYSICAL));
	}

	@Test
	void aSynthesizedBlockPastEveryVisibleBlockEndsTheChainBehindThePlaceholder() {
		Layout guest = LayoutComposer.compose(PHYSICAL, List.of(PASID), List.of(synthesizedPasid(0xFF8)));

		assertThat(guest.blocks(Space.EXTENDED))
			.extracting(LayoutBlock::offset, LayoutBlock::id, LayoutBlock::next, LayoutBlock::origin)
			.containsExactly(tuple(0x100, 0x0000, 0x200, Origin.PHYSICAL), tuple(0x200, 0x000F, 0x300, Origin.PHYSICAL),
					tuple(0x300, 0x0013, 0xFF8, Origin.PHYSICAL), tuple(0xFF8, 0x001B, 0, Origin.SYNTHESIZED),
					tuple(0x100, 0x001B, 0x200, Origin.HIDDEN));
	}

	@Test
	void aSynthesizedBlockBelowTheFirstVisibleExtendedBlockFollowsThePlaceholder() {
		Layout guest = LayoutComposer.compose(PHYSICAL, List.of(PASID), List.of(synthesizedPasid(0x180)));

		assertThat(guest.blocks(Space.EXTENDED))
			.extracting(LayoutBlock::offset, LayoutBlock::id, LayoutBlock::next, LayoutBlock::origin)
			.containsExactly(tuple(0x100, 0x0000, 0x180, Origin.PHYSICAL),
					tuple(0x180, 0x001B, 0x200, Origin.SYNTHESIZED), tuple(0x200, 0x000F, 0x300, Origin.PHYSICAL),
					tuple(0x300, 0x0013, 0, Origin.PHYSICAL), tuple(0x100, 0x001B, 0x200, Origin.HIDDEN));
	}

	@Test
	void synthesizedBlocksAreLinkedInOffsetOrderWhateverOrderTheyAreGivenIn() {
		Layout guest = LayoutComposer.compose(PHYSICAL, List.of(),
				List.of(synthesizedPasid(0xFF8), synthesizedPasid(0x400), synthesizedPasid(0x140)));

		assertThat(guest.blocks(Space.EXTENDED)).extracting(LayoutBlock::offset, LayoutBlock::next)
			.containsExactly(tuple(0x100, 0x140), tuple(0x140, 0x200), tuple(0x200, 0x300), tuple(0x300, 0x400),
					tuple(0x400, 0xFF8), tuple(0xFF8, 0));
	}

	@Test
	void aSynthesizedBlockIsMarkedSynthesizedAndItsNextPointerIsRewritten() {
		LayoutBlock given = new LayoutBlock(Space.EXTENDED, 0x280, 0x001B, 1, 8, 0xABC,
				"Process Address Space ID (PASID)", Origin.PHYSICAL, Map.of("maxPasidWidth", 20L));

		Layout guest = LayoutComposer.compose(PHYSICAL, List.of(), List.of(given));

		LayoutBlock placed = ConfigSpaceBuilder.blockAt(guest, 0x280);
		assertThat(placed.origin()).isEqualTo(Origin.SYNTHESIZED);
		assertThat(placed.next()).isEqualTo(0x300);
		assertThat(placed.fields()).containsExactly(Map.entry("maxPasidWidth", 20L));
	}

	@Test
	void aSynthesizedStandardBlockBelowTheFirstBecomesTheHeadOfTheChain() {
		Layout physical = endpoint(0x8086, 0x0B25).with(0x80, powerManagement(0x0003)).with(0x90, msi(0)).parse();
		LayoutBlock vendorSpecific = new LayoutBlock(Space.STANDARD, 0x40, 0x09, null, 0x0C, 0,
				"Vendor Specific Information", Origin.SYNTHESIZED, Map.of());

		Layout guest = LayoutComposer.compose(physical, List.of(), List.of(vendorSpecific));

		assertThat(guest.identity().capabilitiesPointer()).isEqualTo(0x40);
		assertThat(guest.blocks(Space.STANDARD)).extracting(LayoutBlock::offset, LayoutBlock::next, LayoutBlock::origin)
			.containsExactly(tuple(0x40, 0x80, Origin.SYNTHESIZED), tuple(0x80, 0x90, Origin.PHYSICAL),
					tuple(0x90, 0, Origin.PHYSICAL));
	}

	@Test
	void aSynthesizedStandardBlockOnADeviceWithoutCapabilitiesIsPointedTo() {
		Layout physical = endpoint(0x8086, 0x0B25).parse();
		LayoutBlock vendorSpecific = new LayoutBlock(Space.STANDARD, 0x40, 0x09, null, 0x0C, 0,
				"Vendor Specific Information", Origin.SYNTHESIZED, Map.of());

		Layout guest = LayoutComposer.compose(physical, List.of(), List.of(vendorSpecific));

		assertThat(physical.identity().capabilitiesPointer()).isZero();
		assertThat(guest.identity().capabilitiesPointer()).isEqualTo(0x40);
		assertThat(LayoutValidator.problems(guest)).isEmpty();
	}

	@Test
	void aChainKeepsThePhysicalOrderOfItsVisibleBlocks() {
		// the chain runs 0x40 → 0xd0 → 0x80: a device may link backwards
		Layout physical = expressEndpoint(0x8086, 0x0B25).with(0xD0, powerManagement(0x0003))
			.with(0x80, msi(0))
			.parse();
		LayoutBlock vendorSpecific = new LayoutBlock(Space.STANDARD, 0xE0, 0x09, null, 0x0C, 0,
				"Vendor Specific Information", Origin.SYNTHESIZED, Map.of());

		Layout guest = LayoutComposer.compose(physical, List.of(), List.of(vendorSpecific));

		assertThat(guest.blocks(Space.STANDARD)).extracting(LayoutBlock::offset, LayoutBlock::next)
			.containsExactly(tuple(0x40, 0xD0), tuple(0xD0, 0xE0), tuple(0xE0, 0x80), tuple(0x80, 0));
	}

	@Test
	void aSynthesizedExtendedBlockOnADeviceWithoutExtendedCapabilitiesGetsAPlaceholderAhead() {
		Layout physical = expressEndpoint(0x8086, 0x0B25).size(4096).parse();

		Layout guest = LayoutComposer.compose(physical, List.of(), List.of(synthesizedPasid(0xFF8)));

		assertThat(physical.blocks(Space.EXTENDED)).isEmpty();
		assertThat(guest.blocks(Space.EXTENDED))
			.extracting(LayoutBlock::offset, LayoutBlock::id, LayoutBlock::next, LayoutBlock::origin)
			.containsExactly(tuple(0x100, 0x0000, 0xFF8, Origin.PHYSICAL), tuple(0xFF8, 0x001B, 0, Origin.SYNTHESIZED));
	}

	@Test
	void hiddenRefsThatNameNoPhysicalBlockAreRefusedEachNamed() {
		List<BlockRef> hidden = List.of(PASID, new BlockRef(Space.EXTENDED, 0x180), new BlockRef(Space.STANDARD, 0x50),
				new BlockRef(Space.STANDARD, 0x100));

		LayoutCompositionException refused = catchThrowableOfType(LayoutCompositionException.class,
				() -> LayoutComposer.compose(PHYSICAL, hidden, List.of()));

		assertThat(refused.problems()).containsExactly("no physical block to hide at extended 0x180",
				"no physical block to hide at standard 0x50", "no physical block to hide at standard 0x100");
		assertThat(refused).hasMessage("no physical block to hide at extended 0x180; "
				+ "no physical block to hide at standard 0x50; no physical block to hide at standard 0x100");
	}

	@Test
	void aBlockThatIsAlreadyHiddenCannotBeHiddenAgain() {
		Layout guest = LayoutComposer.compose(PHYSICAL, List.of(ATS), List.of());

		LayoutCompositionException refused = catchThrowableOfType(LayoutCompositionException.class,
				() -> LayoutComposer.compose(guest, List.of(ATS), List.of()));

		assertThat(refused.problems()).containsExactly("no physical block to hide at extended 0x200");
	}

	@Test
	void onlyANullHeaderOfFourBytesAt0x100IsAPlaceholder() {
		LayoutBlock placeholder = new LayoutBlock(Space.EXTENDED, 0x100, 0, 0, 4, 0x200, "Null", Origin.PHYSICAL,
				Map.of());

		assertThat(LayoutComposer.isPlaceholder(placeholder)).isTrue();
		assertThat(LayoutComposer
			.isPlaceholder(new LayoutBlock(Space.EXTENDED, 0x104, 0, 0, 4, 0, "Null", Origin.PHYSICAL, Map.of())))
			.isFalse();
		assertThat(LayoutComposer.isPlaceholder(placeholder.withOrigin(Origin.SYNTHESIZED))).isFalse();
		assertThat(LayoutComposer.isPlaceholder(synthesizedPasid(0x100).withOrigin(Origin.PHYSICAL))).isFalse();
		assertThat(LayoutComposer
			.isPlaceholder(new LayoutBlock(Space.EXTENDED, 0x100, 0, 0, 8, 0, "Null", Origin.PHYSICAL, Map.of())))
			.isFalse();
	}

	static LayoutBlock synthesizedPasid(int offset) {
		return new LayoutBlock(Space.EXTENDED, offset, 0x001B, 1, 8, 0, "Process Address Space ID (PASID)",
				Origin.SYNTHESIZED, Map.of("maxPasidWidth", 20L, "executePermissionSupported", true));
	}

}
