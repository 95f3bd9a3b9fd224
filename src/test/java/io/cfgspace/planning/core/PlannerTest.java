package io.cfgspace.planning.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cfgspace.configspace.ConfigSpaceBuilder;
import io.cfgspace.layout.BlockRef;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutBlock;
import io.cfgspace.layout.LayoutDocument;
import io.cfgspace.layout.LayoutValidator;
import io.cfgspace.layout.Origin;
import io.cfgspace.layout.Space;
import io.cfgspace.planning.Variants;
import io.cfgspace.planning.core.Plan.FreeRange;
import io.cfgspace.verification.core.IommuSupport;
import io.cfgspace.verification.core.Quirk;
import io.cfgspace.verification.core.SideView;
import io.cfgspace.verification.core.Verdict;
import io.cfgspace.verification.core.Verifier;
import org.junit.jupiter.api.Test;

import static io.cfgspace.configspace.ConfigSpaceBuilder.accessControl;
import static io.cfgspace.configspace.ConfigSpaceBuilder.expressEndpoint;
import static io.cfgspace.configspace.ConfigSpaceBuilder.extended;
import static io.cfgspace.configspace.ConfigSpaceBuilder.vendorSpecificExtended;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The planner on corpus dumps and on variants made from them: where PASID, PRI and ATS go
 * on devices with and without their own, on several variants at once, around quirks, and
 * the refusal when nothing fits.
 */
class PlannerTest {

	private static final int PASID = 0x1B;

	private static final int PRI = 0x13;

	private static final int ATS = 0x0F;

	private static final int DVSEC = 0x23;

	private static final int MELLANOX = 0x15B3;

	private static final int CONNECTX3_PRO = 0x1007;

	private static final IommuSupport IOMMU = new IommuSupport(true, 20, true, true, true, true);

	private static final List<SynthesisRequest> PASID_PRI_ATS = List.of(SynthesisRequest.pasid(20, true, true),
			SynthesisRequest.pri(512), SynthesisRequest.ats(0, true));

	private static final List<CapabilityRef> HIDE_PASID_PRI_ATS = List.of(new CapabilityRef(Space.EXTENDED, PASID),
			new CapabilityRef(Space.EXTENDED, PRI), new CapabilityRef(Space.EXTENDED, ATS));

	// a device with its own PASID, PRI and ATS: the guest gets them where bare metal has
	// them

	@Test
	void reusesTheHiddenPlacesOnTheSkylakeIgpu() {
		Layout igpu = Variants.layout("intel-skylake-gt2-igpu");

		Plan plan = Planner.plan(List.of(igpu), HIDE_PASID_PRI_ATS, PASID_PRI_ATS, List.of(), false);

		assertThat(synthesizedAt(plan)).containsExactly(Map.entry(PASID, 0x100), Map.entry(ATS, 0x200),
				Map.entry(PRI, 0x300));
		assertThat(offsets(plan, Origin.HIDDEN)).containsExactly(0x100, 0x200, 0x300);
		// a synthesized block takes 0x100, so vfio's Null placeholder is not needed
		assertThat(plan.layout().blocks()).noneMatch((block) -> block.id() == 0 && block.space() == Space.EXTENDED);
		assertThat(plan.explanation()).contains(
				"Process Address Space ID (PASID) (8 bytes) at 0x100: takes the place of the hidden physical "
						+ "Process Address Space ID (PASID), so the guest sees it where bare metal shows it",
				"variant 1: hides the physical Page Request Interface (PRI) at 0x300");
		assertSoundAndVerifies(plan, List.of(igpu), List.of());
	}

	@Test
	void reusesTheHiddenPlacesOnIntelDsa() {
		Layout dsa = Variants.layout("intel-dsa-spr-rciep");

		Plan plan = Planner.plan(List.of(dsa), HIDE_PASID_PRI_ATS, PASID_PRI_ATS, List.of(), false);

		assertThat(synthesizedAt(plan)).containsExactly(Map.entry(ATS, 0x220), Map.entry(PASID, 0x230),
				Map.entry(PRI, 0x240));
		assertSoundAndVerifies(plan, List.of(dsa), List.of());
	}

	// a device without them: the lowest dword-aligned offsets free on every variant

	@Test
	void placesAtTheLowestFreeOffsetsOnConnectX3Pro() {
		Layout nic = Variants.layout("mellanox-cx3pro-pf");

		Plan plan = Planner.plan(List.of(nic), List.of(), PASID_PRI_ATS, List.of(), false);

		assertThat(synthesizedAt(plan)).containsExactly(Map.entry(ATS, 0x108), Map.entry(PRI, 0x110),
				Map.entry(PASID, 0x120));
		// one chain in offset order: ARI 0x100 -> ATS -> PRI -> PASID -> DSN 0x148
		assertThat(chain(plan.layout(), Space.EXTENDED)).containsExactly("0x100->0x108", "0x108->0x110", "0x110->0x120",
				"0x120->0x148", "0x148->0x154", "0x154->0x18c", "0x18c->0x000");
		assertThat(plan.explanation())
			.contains("Address Translation Service (ATS) (8 bytes) at 0x108: the lowest offset free on every variant");
		assertThat(plan.freeInAll()).containsExactly(new FreeRange(0x108, 0x148), new FreeRange(0x180, 0x18c),
				new FreeRange(0x1a8, 0x1000));
		assertSoundAndVerifies(plan, List.of(nic), List.of());
	}

	@Test
	void placesAroundTheCapabilitiesOfThe82576() {
		Layout nic = Variants.layout("intel-82576-nic-pf");

		Plan plan = Planner.plan(List.of(nic), List.of(), PASID_PRI_ATS, List.of(), false);

		// PRI (16 bytes) does not fit before DSN at 0x140, PASID (8) still does
		assertThat(synthesizedAt(plan)).containsExactly(Map.entry(ATS, 0x12c), Map.entry(PASID, 0x134),
				Map.entry(PRI, 0x1a0));
		assertThat(offsets(plan, Origin.SYNTHESIZED)).allMatch((offset) -> offset % 4 == 0 && offset >= 0x104);
		assertSoundAndVerifies(plan, List.of(nic), List.of());
	}

	@Test
	void neverTakesTheExtendedChainsHeadOfADeviceWithoutExtendedCapabilities() {
		Layout bare = expressEndpoint(0x1e98, 0x0010).size(4096).parse();

		Plan plan = Planner.plan(List.of(bare), List.of(), List.of(SynthesisRequest.pasid(20, true, false)), List.of(),
				false);

		assertThat(synthesizedAt(plan)).containsExactly(Map.entry(PASID, 0x104));
		// the chain starts with a Null header at 0x100, as vfio leaves it
		assertThat(chain(plan.layout(), Space.EXTENDED)).containsExactly("0x100->0x104", "0x104->0x000");
		assertThat(LayoutValidator.problems(plan.layout())).isEmpty();
	}

	// several variants of one model

	@Test
	void anotherVariantsExtraCapabilityMovesTheBlocks() {
		byte[] nic = Variants.corpus("mellanox-cx3pro-pf");
		// other firmware: a 16-byte VSEC in the gap after ARI
		Layout withVsec = Variants.parse(Variants.withVsec(nic, 0x100, 0x108, 0x42, 0x10));
		List<Layout> variants = List.of(Variants.parse(nic), withVsec);

		Plan plan = Planner.plan(variants, List.of(), PASID_PRI_ATS, List.of(), false);

		assertThat(synthesizedAt(plan)).containsExactly(Map.entry(ATS, 0x118), Map.entry(PRI, 0x120),
				Map.entry(PASID, 0x130));
		assertThat(plan.freeInAll()).containsExactly(new FreeRange(0x118, 0x148), new FreeRange(0x180, 0x18c),
				new FreeRange(0x1a8, 0x1000));
		int vsecVariant = number(variants, withVsec);
		assertThat(plan.freeByVariant().get(vsecVariant - 1)).startsWith(new FreeRange(0x118, 0x148));
		assertThat(plan.freeByVariant().get(2 - vsecVariant)).startsWith(new FreeRange(0x108, 0x148));
		assertThat(plan.explanation()).contains("warning: variant 2 shows other physical blocks than the reference;"
				+ " it will not verify against this plan");
		assertThat(LayoutValidator.problems(plan.layout())).isEmpty();
	}

	@Test
	void reusesAHiddenPlaceThatOnlyAnotherVariantHas() {
		byte[] nic = Variants.corpus("mellanox-cx3pro-pf");
		// firmware that enables PASID: 8 bytes in the gap 0x180..0x18b, after AER
		Layout withPasid = Variants.parse(Variants.withPasid(nic, 0x154, 0x180, 20));
		Layout without = Variants.parse(nic);
		List<CapabilityRef> hide = List.of(new CapabilityRef(Space.EXTENDED, PASID));

		Plan plan = Planner.plan(List.of(without, withPasid), hide, PASID_PRI_ATS, List.of(), false);
		Plan reversed = Planner.plan(List.of(withPasid, without), hide, PASID_PRI_ATS, List.of(), false);

		assertThat(synthesizedAt(plan)).containsExactly(Map.entry(ATS, 0x108), Map.entry(PRI, 0x110),
				Map.entry(PASID, 0x180));
		assertThat(LayoutDocument.write(reversed.layout())).isEqualTo(LayoutDocument.write(plan.layout()));
		assertThat(plan.explanation()).anyMatch((line) -> line.startsWith("Process Address Space ID (PASID) (8 bytes)"
				+ " at 0x180: takes the place of the hidden physical Process Address Space ID (PASID) of variant "));
		assertThat(LayoutValidator.problems(plan.layout())).isEmpty();
		// each host's VMM hides what its own device has
		for (Layout variant : List.of(without, withPasid)) {
			List<BlockRef> hidden = variant.blocks()
				.stream()
				.filter((block) -> block.id() == PASID)
				.map(BlockRef::of)
				.toList();
			SideView side = new SideView.Physical(variant, hidden, null, IOMMU);
			assertThat(Verifier.verify(plan.layout(), false, side, side, List.of()).findings()).isEmpty();
		}
	}

	@Test
	void verifiesOnEveryHostOfAModelWithTheSameLayout() {
		byte[] nic = Variants.corpus("mellanox-cx3pro-pf");
		// another host: BAR 0 elsewhere, the same capabilities
		Layout otherHost = Variants.parse(Variants.withByte(nic, 0x13, 0xfb));
		assertThat(otherHost).isEqualTo(Variants.parse(nic));
		assertThat(Variants.withByte(nic, 0x13, 0xfb)).isNotEqualTo(nic);
		List<Layout> variants = List.of(Variants.parse(nic), otherHost);

		Plan plan = Planner.plan(variants, List.of(), PASID_PRI_ATS, List.of(), false);

		assertThat(synthesizedAt(plan)).containsExactly(Map.entry(ATS, 0x108), Map.entry(PRI, 0x110),
				Map.entry(PASID, 0x120));
		assertThat(plan.freeByVariant()).hasSize(2).allMatch((free) -> free.equals(plan.freeInAll()));
		assertSoundAndVerifies(plan, variants, List.of());
	}

	@Test
	void freeRangesPerVariantAndOnAllAreExact() {
		ConfigSpaceBuilder base = expressEndpoint(0x1e98, 0x0001).with(0x100, accessControl(0))
			.with(0x180, vendorSpecificExtended(0x42, 1, 0x10));
		Layout a = base.parse();
		Layout b = expressEndpoint(0x1e98, 0x0001).with(0x100, accessControl(0))
			.with(0x108, extended(0x0003, 1))
			.with(0x180, vendorSpecificExtended(0x42, 1, 0x10))
			.parse();
		List<Layout> variants = List.of(a, b);
		int numberOfA = number(variants, a);

		Plan extendedOnly = Planner.plan(variants, List.of(), PASID_PRI_ATS, List.of(), false);
		Plan withStandard = Planner.plan(variants, List.of(), PASID_PRI_ATS, List.of(), true);

		// A: ACS 0x100..0x107, VSEC 0x180..0x18f; B also DSN 0x108..0x113
		assertThat(extendedOnly.freeByVariant().get(numberOfA - 1)).containsExactly(new FreeRange(0x108, 0x180),
				new FreeRange(0x190, 0x1000));
		assertThat(extendedOnly.freeByVariant().get(2 - numberOfA)).containsExactly(new FreeRange(0x114, 0x180),
				new FreeRange(0x190, 0x1000));
		assertThat(extendedOnly.freeInAll()).containsExactly(new FreeRange(0x114, 0x180), new FreeRange(0x190, 0x1000));
		// standard space: the header and PCI Express 0x40..0x73 are used
		assertThat(withStandard.freeInAll()).containsExactly(new FreeRange(0x74, 0x100), new FreeRange(0x114, 0x180),
				new FreeRange(0x190, 0x1000));
		assertThat(synthesizedAt(extendedOnly)).containsExactly(Map.entry(ATS, 0x114), Map.entry(PRI, 0x11c),
				Map.entry(PASID, 0x12c));
		assertThat(synthesizedAt(Planner.plan(List.of(a), List.of(), PASID_PRI_ATS, List.of(), false)))
			.containsExactly(Map.entry(ATS, 0x108), Map.entry(PRI, 0x110), Map.entry(PASID, 0x120));
	}

	// quirks: registers outside the capabilities are not free

	@Test
	void aQuirkRangeMovesTheBlocks() {
		Layout nic = Variants.layout("mellanox-cx3pro-pf");
		List<Quirk> quirks = List.of(new Quirk(MELLANOX, CONNECTX3_PRO, null, false,
				List.of(new Quirk.Range(0x108, 0x110)), "doorbell registers at 0x108 (test)"));

		Plan plan = Planner.plan(List.of(nic), List.of(), PASID_PRI_ATS, quirks, false);

		assertThat(synthesizedAt(plan)).containsExactly(Map.entry(ATS, 0x110), Map.entry(PRI, 0x118),
				Map.entry(PASID, 0x128));
		assertThat(plan.freeInAll()).startsWith(new FreeRange(0x110, 0x148));
		assertSoundAndVerifies(plan, List.of(nic), quirks);
	}

	@Test
	void aQuirkForAnotherRevisionChangesNothing() {
		Layout nic = Variants.layout("mellanox-cx3pro-pf");
		List<Quirk> quirks = List.of(new Quirk(MELLANOX, CONNECTX3_PRO, 0x01, false,
				List.of(new Quirk.Range(0x108, 0x110)), "only revision 1 (test)"));

		Plan plan = Planner.plan(List.of(nic), List.of(), PASID_PRI_ATS, quirks, false);

		assertThat(synthesizedAt(plan)).containsEntry(ATS, 0x108);
	}

	@Test
	void aQuirkRangeOverAHiddenPlaceIsNotReused() {
		Layout igpu = Variants.layout("intel-skylake-gt2-igpu");
		List<Quirk> quirks = List.of(new Quirk(0x8086, 0x191e, null, false, List.of(new Quirk.Range(0x100, 0x108)),
				"registers behind PASID (test)"));

		Plan plan = Planner.plan(List.of(igpu), HIDE_PASID_PRI_ATS, PASID_PRI_ATS, quirks, false);

		assertThat(synthesizedAt(plan)).containsExactly(Map.entry(PASID, 0x108), Map.entry(ATS, 0x200),
				Map.entry(PRI, 0x300));
		assertSoundAndVerifies(plan, List.of(igpu), quirks);
	}

	@Test
	void allGapsLeaveOnlyTheHiddenPlaces() {
		Layout dsa = Variants.layout("intel-dsa-spr-rciep");
		List<Quirk> quirks = List
			.of(new Quirk(0x8086, 0x0b25, null, true, List.of(), "registers in every gap (test, after be2net)"));

		Plan plan = Planner.plan(List.of(dsa), HIDE_PASID_PRI_ATS, PASID_PRI_ATS, quirks, false);

		assertThat(synthesizedAt(plan)).containsExactly(Map.entry(ATS, 0x220), Map.entry(PASID, 0x230),
				Map.entry(PRI, 0x240));
		assertThat(plan.freeInAll()).isEmpty();
		assertSoundAndVerifies(plan, List.of(dsa), quirks);
		assertThatThrownBy(() -> Planner.plan(List.of(dsa), HIDE_PASID_PRI_ATS,
				List.of(SynthesisRequest.dvsec(0x1e98, 0, 0, 12)), quirks, false))
			.isInstanceOf(NoRoomException.class)
			.hasMessageContaining("registers in the gaps (registers in every gap (test, after be2net))");
	}

	@Test
	void allGapsOnADeviceWithoutPasidLeaveNoRoom() {
		Layout nic = Variants.layout("mellanox-cx3pro-pf");
		List<Quirk> quirks = List.of(new Quirk(MELLANOX, CONNECTX3_PRO, null, true, List.of(), "unknown (test)"));

		assertThatThrownBy(() -> Planner.plan(List.of(nic), List.of(), PASID_PRI_ATS, quirks, false))
			.isInstanceOf(NoRoomException.class)
			.hasMessageStartingWith("no room for Address Translation Service (ATS) (8 bytes) in extended space free"
					+ " on every variant: nothing is free; variant 1 uses 0x100..0x107 (Alternative Routing-ID"
					+ " Interpretation (ARI)), 0x108..0x147 (registers in the gaps (unknown (test)))");
	}

	// DVSEC: the same capability is the same vendor's DVSEC with the same ID

	@Test
	void aDvsecReusesOnlyTheSameVendorsDvsec() {
		Layout dsa = Variants.layout("intel-dsa-spr-rciep");
		List<CapabilityRef> hide = List.of(new CapabilityRef(Space.EXTENDED, DVSEC));

		Plan other = Planner.plan(List.of(dsa), hide, List.of(SynthesisRequest.dvsec(0x1e98, 0, 0, 12)), List.of(),
				false);
		Plan same = Planner.plan(List.of(dsa), hide, List.of(SynthesisRequest.dvsec(0x8086, 5, 0, 24)), List.of(),
				false);

		assertThat(synthesizedAt(other)).containsExactly(Map.entry(DVSEC, 0x12c));
		assertThat(synthesizedAt(same)).containsExactly(Map.entry(DVSEC, 0x200));
		assertThat(LayoutValidator.problems(other.layout())).isEmpty();
		assertThat(LayoutValidator.problems(same.layout())).isEmpty();
	}

	@Test
	void twoDvsecsOfOneLengthGoWhereverTheyAreAsked() {
		Layout nic = Variants.layout("mellanox-cx3pro-pf");
		SynthesisRequest first = SynthesisRequest.dvsec(0x1e98, 1, 0, 12);
		SynthesisRequest second = SynthesisRequest.dvsec(0x1e98, 2, 0, 12);

		Plan plan = Planner.plan(List.of(nic), List.of(), List.of(first, second), List.of(), false);
		Plan swapped = Planner.plan(List.of(nic), List.of(), List.of(second, first), List.of(), false);

		assertThat(LayoutDocument.write(swapped.layout())).isEqualTo(LayoutDocument.write(plan.layout()));
		assertThat(swapped.explanation()).isEqualTo(plan.explanation());
		assertThat(offsets(plan, Origin.SYNTHESIZED)).containsExactly(0x108, 0x114);
	}

	// refusals

	@Test
	void refusesWhenOneVariantFillsExtendedSpaceAndSaysWhichVariantAndRange() {
		Layout full = expressEndpoint(0x1e98, 0x0002).with(0x100, vendorSpecificExtended(1, 1, 0xF00)).parse();

		assertThatThrownBy(() -> Planner.plan(List.of(full), List.of(), PASID_PRI_ATS, List.of(), false))
			.isInstanceOf(NoRoomException.class)
			.hasMessage("no room for Address Translation Service (ATS) (8 bytes) in extended space free on every"
					+ " variant: nothing is free; variant 1 uses 0x100..0xfff (Vendor Specific Information)");
	}

	@Test
	void refusesWhenAnotherVariantTakesTheOnlyRoomAndSaysWhichVariantAndRange() {
		Layout half = expressEndpoint(0x1e98, 0x0002).with(0x100, vendorSpecificExtended(1, 1, 0x700)).parse();
		Layout full = expressEndpoint(0x1e98, 0x0002).with(0x100, vendorSpecificExtended(1, 1, 0x700))
			.with(0x800, vendorSpecificExtended(2, 1, 0x800))
			.parse();
		List<Layout> variants = List.of(half, full);

		assertThatThrownBy(() -> Planner.plan(variants, List.of(), PASID_PRI_ATS, List.of(), false))
			.isInstanceOf(NoRoomException.class)
			.hasMessage("no room for Address Translation Service (ATS) (8 bytes) in extended space free on every"
					+ " variant: nothing is free; variant " + number(variants, full)
					+ " alone uses 0x800..0xfff (Vendor Specific Information)");
	}

	@Test
	void refusesWhenTheBlocksPlacedBeforeTakeTheRoom() {
		// 24 bytes free: ATS (8) fits, then PRI (16), then nothing for PASID
		Layout tight = expressEndpoint(0x1e98, 0x0003).with(0x100, vendorSpecificExtended(1, 1, 0xEE8)).parse();

		assertThatThrownBy(() -> Planner.plan(List.of(tight), List.of(), PASID_PRI_ATS, List.of(), false))
			.isInstanceOf(NoRoomException.class)
			.hasMessage("no room for Process Address Space ID (PASID) (8 bytes) in extended space free on every"
					+ " variant: nothing is free; variant 1 uses 0x100..0xfe7 (Vendor Specific Information); the"
					+ " blocks placed before it take 0xfe8..0xfef (synthesized Address Translation Service (ATS)),"
					+ " 0xff0..0xfff (synthesized Page Request Interface (PRI))");
	}

	@Test
	void refusesA256ByteVariant() {
		Layout nic = Variants.layout("mellanox-cx3pro-pf");
		Layout conventional = expressEndpoint(0x1e98, 0x0004).parse();

		assertThatThrownBy(() -> Planner.plan(List.of(nic, conventional), List.of(), PASID_PRI_ATS, List.of(), false))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("comes from a 256-byte dump");
	}

	@Test
	void placesAStandardCapabilityOnlyWhenAsked() {
		Layout device = expressEndpoint(0x1e98, 0x0005).with(0x100, accessControl(0)).parse();
		SynthesisRequest vendorSpecific = new SynthesisRequest(Space.STANDARD, 0x09, null, 8,
				"Vendor Specific Information", Map.of());

		assertThatThrownBy(() -> Planner.plan(List.of(device), List.of(), List.of(vendorSpecific), List.of(), false))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("plan with standard space allowed");
		Plan plan = Planner.plan(List.of(device), List.of(), List.of(vendorSpecific), List.of(), true);
		assertThat(offsets(plan, Origin.SYNTHESIZED)).containsExactly(0x74);
		assertThat(chain(plan.layout(), Space.STANDARD)).containsExactly("0x040->0x074", "0x074->0x000");
		assertThat(LayoutValidator.problems(plan.layout())).isEmpty();
	}

	// determinism

	@Test
	void theSameInputsInAnyOrderGiveTheSamePlanByteForByte() {
		byte[] nic = Variants.corpus("mellanox-cx3pro-pf");
		Layout a = Variants.parse(nic);
		Layout b = Variants.parse(Variants.withVsec(nic, 0x100, 0x108, 0x42, 0x10));
		Layout c = Variants.parse(Variants.withPasid(nic, 0x154, 0x180, 20));
		List<SynthesisRequest> requests = new ArrayList<>(PASID_PRI_ATS);
		requests.add(SynthesisRequest.dvsec(0x1e98, 0, 0, 12));
		List<CapabilityRef> hide = new ArrayList<>(HIDE_PASID_PRI_ATS);

		Plan first = Planner.plan(List.of(a, b, c), hide, requests, List.of(), false);
		String document = LayoutDocument.write(first.layout());
		for (List<Layout> order : List.of(List.of(a, b, c), List.of(c, b, a), List.of(b, a, c), List.of(c, a, b))) {
			Collections.reverse(requests);
			Collections.reverse(hide);
			Plan again = Planner.plan(order, hide, requests, List.of(), false);
			assertThat(LayoutDocument.write(again.layout())).isEqualTo(document);
			assertThat(again.layout().fingerprint()).isEqualTo(first.layout().fingerprint());
			assertThat(again.explanation()).isEqualTo(first.explanation());
			assertThat(again.freeByVariant()).isEqualTo(first.freeByVariant());
			assertThat(again.freeInAll()).isEqualTo(first.freeInAll());
		}
		// placed by ID (ATS, PRI, PASID, DVSEC), listed in chain order
		assertThat(synthesizedAt(first)).containsExactly(Map.entry(ATS, 0x118), Map.entry(PRI, 0x120),
				Map.entry(DVSEC, 0x130), Map.entry(PASID, 0x180));
	}

	private static void assertSoundAndVerifies(Plan plan, List<Layout> variants, List<Quirk> quirks) {
		assertThat(LayoutValidator.problems(plan.layout())).isEmpty();
		for (Layout variant : variants) {
			SideView side = new SideView.Physical(variant, null, null, IOMMU);
			Verdict verdict = Verifier.verify(plan.layout(), false, side, side, quirks);
			assertThat(verdict.findings()).isEmpty();
			assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.CONSISTENT);
		}
	}

	/** Synthesized blocks by ID, in chain order. */
	private static Map<Integer, Integer> synthesizedAt(Plan plan) {
		Map<Integer, Integer> at = new LinkedHashMap<>();
		plan.layout()
			.blocks()
			.stream()
			.filter((block) -> block.origin() == Origin.SYNTHESIZED)
			.forEach((block) -> at.put(block.id(), block.offset()));
		return at;
	}

	private static List<Integer> offsets(Plan plan, Origin origin) {
		return plan.layout()
			.blocks()
			.stream()
			.filter((block) -> block.origin() == origin)
			.map(LayoutBlock::offset)
			.toList();
	}

	/** The visible chain of a space as "offset->next". */
	private static List<String> chain(Layout layout, Space space) {
		return layout.blocks(space)
			.stream()
			.filter((block) -> block.origin() != Origin.HIDDEN)
			.map((block) -> String.format("0x%03x->0x%03x", block.offset(), block.next()))
			.toList();
	}

	/** A variant's number in a plan: variants are numbered in fingerprint order. */
	private static int number(List<Layout> variants, Layout variant) {
		List<Layout> sorted = variants.stream().sorted(Comparator.comparing(Layout::fingerprint)).toList();
		return sorted.indexOf(variant) + 1;
	}

}
