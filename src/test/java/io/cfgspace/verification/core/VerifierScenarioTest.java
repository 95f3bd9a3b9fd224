package io.cfgspace.verification.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import io.cfgspace.configspace.ConfigSpace;
import io.cfgspace.configspace.ConfigSpaceBuilder;
import io.cfgspace.configspace.ConfigSpaceParser;
import io.cfgspace.configspace.Corpus;
import io.cfgspace.configspace.read.Dumps;
import io.cfgspace.layout.BlockRef;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutBlock;
import io.cfgspace.layout.LayoutComposer;
import io.cfgspace.layout.Origin;
import io.cfgspace.layout.Space;
import io.cfgspace.verification.core.Finding.Side;
import io.cfgspace.verification.core.Verdict.Outcome;
import org.assertj.core.api.ListAssert;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * The verifier on real devices from the corpus, with the changes a migration meets: a VMM
 * that places its synthesized PASID elsewhere, firmware that moved a capability, devices
 * with registers in their gaps, a destination IOMMU that cannot back the pin, a dump that
 * did not capture extended space, and the guest's own view of the device.
 */
class VerifierScenarioTest {

	/** Intel Skylake GT2 (8086:191e): PASID 0x100 → ATS 0x200 → PRI 0x300. */
	private static final String SKYLAKE = "intel-skylake-gt2-igpu";

	/**
	 * Intel DSA (8086:0b25): AER 0x100 → LTR 0x150 → TPH 0x160 → VC 0x170 → DVSEC 0x200 →
	 * ATS 0x220 → PASID 0x230 → PRI 0x240.
	 */
	private static final String DSA = "intel-dsa-spr-rciep";

	/**
	 * AMD Fiji (1002:7300): VSEC 0x100 → AER 0x150 → ReBAR 0x200 → Secondary PCIe 0x270 →
	 * ATS 0x2b0 → PRI 0x2c0 → PASID 0x2d0 → ARI 0x328.
	 */
	private static final String FIJI = "amd-fiji-gpu";

	private static final int PASID = 0x001B;

	private static final int PRI = 0x0013;

	private static final int AER = 0x0001;

	// Intel VT-d ECAP bits (Linux drivers/iommu/intel/iommu.h, ecap_* macros)
	private static final long ECAP_DEVICE_TLB = 1L << 2;

	private static final long ECAP_PAGE_REQUESTS = 1L << 29;

	private static final long ECAP_EXECUTE_REQUESTS = 1L << 30;

	private static final long ECAP_SUPERVISOR_REQUESTS = 1L << 31;

	private static final long ECAP_PASID = 1L << 40;

	/**
	 * Coherency, queued invalidation, interrupt remapping, pass-through, snoop control.
	 */
	private static final long ECAP_BASICS = (1L << 0) | (1L << 1) | (1L << 3) | (1L << 6) | (1L << 7);

	private static final long VTD_CAP = 0x00D2_008C_1066_0462L;

	/** A scalable-mode VT-d unit with 20-bit PASIDs, execute, supervisor, PRS and DT. */
	private static final IommuSupport FULL_VTD = IommuSupport.fromVtd(VTD_CAP, ecap(20, true, true, true));

	@Test
	void theSameDeviceWithItsPasidSynthesizedAtAnotherOffsetIsConsistent() {
		Layout skylake = layout(SKYLAKE);
		Layout pin = pinMovingPasid(skylake, 0x100, 0x400);

		Verdict verdict = Verifier.verify(pin, false, physical(skylake, FULL_VTD), physical(skylake, FULL_VTD),
				List.of());

		assertThat(pin.blocks(Space.EXTENDED)).extracting(LayoutBlock::offset, LayoutBlock::id, LayoutBlock::origin)
			.containsExactly(tuple(0x100, 0x0000, Origin.PHYSICAL), tuple(0x200, 0x000F, Origin.PHYSICAL),
					tuple(0x300, PRI, Origin.PHYSICAL), tuple(0x400, PASID, Origin.SYNTHESIZED),
					tuple(0x100, PASID, Origin.HIDDEN));
		assertThat(verdict.outcome()).isEqualTo(Outcome.CONSISTENT);
		assertThat(verdict.findings()).isEmpty();
	}

	@Test
	void aDestinationVmmThatPlacesTheSynthesizedPasidElsewhereIsReported() {
		Layout skylake = layout(SKYLAKE);
		Layout pin = pinMovingPasid(skylake, 0x100, 0x400);
		LayoutBlock pasidAt0x500 = synthesizedCopy(skylake, 0x100, 0x500);

		Verdict verdict = Verifier.verify(pin, false, physical(skylake, FULL_VTD),
				new SideView.Physical(skylake, null, List.of(pasidAt0x500), FULL_VTD), List.of());

		assertFindings(verdict).containsExactly(
				tuple(FindingCode.OFFSET_MISMATCH, Side.DESTINATION, Space.EXTENDED, 0x400, null, "0x400", "0x500"));
		assertThat(verdict.findings().get(0).capability()).isEqualTo("Process Address Space ID (PASID)");
	}

	@Test
	void aDestinationFirmwareThatMovedAerIsReported() {
		byte[] moved = bytes(FIJI);
		// AER moves from 0x150 to the free 0x400 and keeps its place in the chain
		move(moved, 0x150, 0x400, 0x2C);
		relink(moved, 0x100, 0x400);
		relink(moved, 0x400, 0x200);
		Layout fiji = layout(FIJI);
		Layout movedAer = ConfigSpaceParser.parse(ConfigSpace.of(moved));
		assertThat(movedAer.findings()).isEmpty();
		assertThat(ConfigSpaceBuilder.blockAt(movedAer, 0x400).id()).isEqualTo(AER);
		// the synthesized PASID sits behind ARI (0x328..0x32f), above every physical
		// block
		Layout pin = pinMovingPasid(fiji, 0x2D0, 0x340);

		Verdict verdict = Verifier.verify(pin, false, physical(fiji, FULL_VTD), physical(movedAer, FULL_VTD),
				List.of());

		assertThat(verdict.outcome()).isEqualTo(Outcome.INCONSISTENT);
		assertFindings(verdict).containsExactly(
				tuple(FindingCode.OFFSET_MISMATCH, Side.DESTINATION, Space.EXTENDED, 0x150, null, "0x150", "0x400"));
		assertThat(verdict.findings().get(0).capability()).isEqualTo("Advanced Error Reporting");
	}

	@Test
	void aDestinationFirmwareThatMovedAerIntoTheSynthesizedPasidsGapIsReportedThreeWays() {
		byte[] moved = bytes(FIJI);
		// AER at 0x3e0..0x40b now lies under the pinned PASID at 0x400..0x407
		move(moved, 0x150, 0x3E0, 0x2C);
		relink(moved, 0x100, 0x3E0);
		relink(moved, 0x3E0, 0x200);
		Layout fiji = layout(FIJI);
		Layout pin = pinMovingPasid(fiji, 0x2D0, 0x400);

		Verdict verdict = Verifier.verify(pin, false, physical(fiji, FULL_VTD),
				physical(ConfigSpaceParser.parse(ConfigSpace.of(moved)), FULL_VTD), List.of());

		// the VMM links the PASID after the block below it, now AER: the order changes
		// too
		assertFindings(verdict).containsExactlyInAnyOrder(
				tuple(FindingCode.OFFSET_MISMATCH, Side.DESTINATION, Space.EXTENDED, 0x150, null, "0x150", "0x3e0"),
				tuple(FindingCode.SYNTHESIZED_OVERLAPS_PHYSICAL, Side.DESTINATION, Space.EXTENDED, 0x400, null,
						"free 0x400..0x407", "Advanced Error Reporting at 0x3e0..0x40b"),
				tuple(FindingCode.CHAIN_ORDER_MISMATCH, Side.DESTINATION, Space.EXTENDED, null, "next",
						"0x100 -> 0x200 -> 0x270 -> 0x2b0 -> 0x2c0 -> 0x328 -> 0x400",
						"0x100 -> 0x400 -> 0x200 -> 0x270 -> 0x2b0 -> 0x2c0 -> 0x328"));
	}

	@Test
	void aSynthesizedBlockOverAQuirkRangeIsReportedOnBothSides() {
		Layout dsa = layout(DSA);
		Layout pin = pinMovingPasid(dsa, 0x230, 0x260);
		Quirk quirk = new Quirk(0x8086, 0x0B25, null, false, List.of(new Quirk.Range(0x258, 0x280)),
				"registers after PRI, per the vendor");

		Verdict verdict = Verifier.verify(pin, false, physical(dsa, FULL_VTD), physical(dsa, FULL_VTD), List.of(quirk));

		assertFindings(verdict).containsExactly(
				tuple(FindingCode.SYNTHESIZED_IN_HIDDEN_REGISTERS, Side.SOURCE, Space.EXTENDED, 0x260, null,
						"no device registers at 0x260..0x267", "quirk ranges [0x258..0x27f]"),
				tuple(FindingCode.SYNTHESIZED_IN_HIDDEN_REGISTERS, Side.DESTINATION, Space.EXTENDED, 0x260, null,
						"no device registers at 0x260..0x267", "quirk ranges [0x258..0x27f]"));
	}

	@Test
	void aQuirkRangeBesideTheSynthesizedBlockOrForAnotherRevisionLeavesItConsistent() {
		Layout dsa = layout(DSA);
		Layout pin = pinMovingPasid(dsa, 0x230, 0x260);
		// [0x250, 0x260) ends where the PASID starts; the DSA dump is revision 0
		Quirk beside = new Quirk(0x8086, 0x0B25, null, false, List.of(new Quirk.Range(0x250, 0x260)), "beside");
		Quirk otherRevision = new Quirk(0x8086, 0x0B25, 0x01, true, List.of(), "revision 1 only");

		Verdict verdict = Verifier.verify(pin, false, physical(dsa, FULL_VTD), physical(dsa, FULL_VTD),
				List.of(beside, otherRevision));

		assertThat(verdict.consistent()).isTrue();
		assertThat(verdict.findings()).isEmpty();
	}

	@Test
	void aBe2netStyleDeviceHasNoFreeGapButItsHiddenBlocksStayUsable() {
		// vfio: "some devices hide registers between the gaps in config space" (be2net);
		// such a device's every gap counts as used
		Layout dsa = layout(DSA);
		Quirk everyGap = new Quirk(0x8086, 0x0B25, null, true, List.of(), "be2net-style: registers in every gap");

		Verdict inAGap = Verifier.verify(pinMovingPasid(dsa, 0x230, 0x260), false, physical(dsa, FULL_VTD),
				physical(dsa, FULL_VTD), List.of(everyGap));
		Verdict inPlace = Verifier.verify(pinMovingPasid(dsa, 0x230, 0x230), false, physical(dsa, FULL_VTD),
				physical(dsa, FULL_VTD), List.of(everyGap));

		assertFindings(inAGap).containsExactly(
				tuple(FindingCode.SYNTHESIZED_IN_HIDDEN_REGISTERS, Side.SOURCE, Space.EXTENDED, 0x260, null,
						"no device registers at 0x260..0x267", "every gap is used"),
				tuple(FindingCode.SYNTHESIZED_IN_HIDDEN_REGISTERS, Side.DESTINATION, Space.EXTENDED, 0x260, null,
						"no device registers at 0x260..0x267", "every gap is used"));
		assertThat(inPlace.consistent()).isTrue();
		assertThat(inPlace.findings()).isEmpty();
	}

	@Test
	void aDestinationIommuWithNarrowerPasidsIsReported() {
		Layout skylake = layout(SKYLAKE);
		Layout pin = pinMovingPasid(skylake, 0x100, 0x400);
		// PASID Size Supported = 15: 16-bit PASIDs, the pinned PASID claims 20
		IommuSupport narrow = IommuSupport.fromVtd(VTD_CAP, ecap(16, true, true, true));
		assertThat(narrow.maxPasidWidth()).isEqualTo(16);

		Verdict verdict = Verifier.verify(pin, false, physical(skylake, FULL_VTD), physical(skylake, narrow),
				List.of());

		assertFindings(verdict).containsExactly(tuple(FindingCode.IOMMU_LACKS_CAPABILITY, Side.DESTINATION,
				Space.EXTENDED, 0x400, "maxPasidWidth", "20", "16"));
	}

	@Test
	void aDestinationIommuWithoutSupervisorRequestsCannotBackThePrivilegedDsaPasid() {
		Layout dsa = layout(DSA);
		Layout pin = pinMovingPasid(dsa, 0x230, 0x260);
		IommuSupport noSupervisor = IommuSupport.fromVtd(VTD_CAP, ecap(20, true, false, true));

		Verdict verdict = Verifier.verify(pin, false, physical(dsa, FULL_VTD), physical(dsa, noSupervisor), List.of());

		assertFindings(verdict).containsExactly(tuple(FindingCode.IOMMU_LACKS_CAPABILITY, Side.DESTINATION,
				Space.EXTENDED, 0x260, "privilegedModeSupported", "true", "false"));
	}

	@Test
	void aDestinationIommuWithoutPageRequestsCannotBackASynthesizedPri() {
		Layout skylake = layout(SKYLAKE);
		List<BlockRef> hidden = List.of(new BlockRef(Space.EXTENDED, 0x100), new BlockRef(Space.EXTENDED, 0x300));
		Layout pin = LayoutComposer.compose(skylake, hidden,
				List.of(synthesizedCopy(skylake, 0x100, 0x400), synthesizedCopy(skylake, 0x300, 0x410)));
		IommuSupport noPri = IommuSupport.fromVtd(VTD_CAP, ecap(20, true, true, false));
		assertThat(noPri.pageRequests()).isFalse();

		Verdict verdict = Verifier.verify(pin, false, physical(skylake, FULL_VTD), physical(skylake, noPri), List.of());

		assertFindings(verdict).containsExactly(tuple(FindingCode.IOMMU_LACKS_CAPABILITY, Side.DESTINATION,
				Space.EXTENDED, 0x410, "pageRequests", "true", "false"));
	}

	@Test
	void aDestinationDumpOf256BytesIsStructurallyInvalidAndNeverConsistent() {
		// what `lspci -xxx` prints: the device line and sixteen lines up to f0:
		String full = new String(Corpus.bytes(SKYLAKE), StandardCharsets.UTF_8);
		String conventional = full.lines().limit(17).collect(Collectors.joining("\n", "", "\n"));
		ConfigSpace truncated = Dumps.read(conventional).get(0).configSpace();
		assertThat(truncated.size()).isEqualTo(256);
		Layout skylake = layout(SKYLAKE);

		Verdict withSynthesized = Verifier.verify(pinMovingPasid(skylake, 0x100, 0x400), false,
				physical(skylake, FULL_VTD), physical(ConfigSpaceParser.parse(truncated), FULL_VTD), List.of());
		// even a pin of the plain physical layout, which has nothing to check but the
		// chains
		Verdict plain = Verifier.verify(skylake, false, physical(skylake, null),
				physical(ConfigSpaceParser.parse(truncated), null), List.of());

		for (Verdict verdict : List.of(withSynthesized, plain)) {
			assertThat(verdict.outcome()).isEqualTo(Outcome.INCONSISTENT);
			assertFindings(verdict)
				.containsExactly(tuple(FindingCode.STRUCTURE_INVALID, Side.DESTINATION, null, null, null, null, null));
			assertThat(verdict.findings().get(0).message())
				.isEqualTo("the destination dump has 256 bytes and does not capture all of config space,"
						+ " so it cannot be compared");
		}
	}

	@Test
	void aGuestDumpBuiltByComposingThePinMatches() {
		Layout skylake = layout(SKYLAKE);
		Layout pin = pinMovingPasid(skylake, 0x100, 0x400);
		byte[] guest = bytes(SKYLAKE);
		// vfio's placeholder: a Null header at 0x100 that links on to ATS; the hidden
		// PASID's registers stay where they are, readable
		writeDword(guest, 0x100, header(0x0000, 0, 0x200));
		// the VMM's PASID at 0x400, linked after PRI, with the device's capability
		// register
		relink(guest, 0x300, 0x400);
		writeDword(guest, 0x400, header(PASID, 1, 0));
		writeDword(guest, 0x404, readDword(bytes(SKYLAKE), 0x104) & 0xFFFF);
		Layout guestLayout = ConfigSpaceParser.parse(ConfigSpace.of(guest));
		assertThat(guestLayout.findings()).isEmpty();
		assertThat(guestLayout.blocks()).extracting(LayoutBlock::offset, LayoutBlock::id, LayoutBlock::origin)
			.endsWith(tuple(0x100, 0x0000, Origin.PHYSICAL), tuple(0x200, 0x000F, Origin.PHYSICAL),
					tuple(0x300, PRI, Origin.PHYSICAL), tuple(0x400, PASID, Origin.PHYSICAL));

		Verdict bothVirtual = Verifier.verify(pin, false, new SideView.Virtual(guestLayout, FULL_VTD),
				new SideView.Virtual(guestLayout, FULL_VTD), List.of());
		Verdict physicalToVirtual = Verifier.verify(pin, false, physical(skylake, FULL_VTD),
				new SideView.Virtual(guestLayout, FULL_VTD), List.of());

		assertThat(bothVirtual.outcome()).isEqualTo(Outcome.CONSISTENT);
		assertThat(bothVirtual.findings()).isEmpty();
		assertThat(physicalToVirtual.outcome()).isEqualTo(Outcome.CONSISTENT);
		assertThat(physicalToVirtual.findings()).isEmpty();
	}

	@Test
	void aGuestDumpThatStillShowsTheDevicesOwnPasidIsReported() {
		// the guest reads the physical layout: vfio did not hide PASID, no PASID was
		// synthesized
		Layout skylake = layout(SKYLAKE);
		Layout pin = pinMovingPasid(skylake, 0x100, 0x400);

		Verdict verdict = Verifier.verify(pin, false, physical(skylake, FULL_VTD),
				new SideView.Virtual(skylake, FULL_VTD), List.of());

		assertThat(verdict.outcome()).isEqualTo(Outcome.INCONSISTENT);
		assertThat(verdict.findings()).extracting(Finding::code, Finding::side, Finding::offset)
			.contains(tuple(FindingCode.OFFSET_MISMATCH, Side.DESTINATION, 0x400));
	}

	@Test
	void anotherDeviceAsDestinationReportsEveryDifference() {
		Layout dsa = layout(DSA);
		Layout skylake = layout(SKYLAKE);

		Verdict verdict = Verifier.verify(dsa, false, physical(dsa, FULL_VTD), physical(skylake, FULL_VTD), List.of());

		assertThat(verdict.outcome()).isEqualTo(Outcome.INCONSISTENT);
		assertThat(verdict.findings()).allMatch((f) -> f.side() == Side.DESTINATION);
		assertThat(verdict.findings()).extracting(Finding::code, Finding::field, Finding::expected, Finding::actual)
			.contains(tuple(FindingCode.IDENTITY_MISMATCH, "deviceId", "0x0b25", "0x191e"),
					tuple(FindingCode.IDENTITY_MISMATCH, "classCode", "0x088000", "0x030000"),
					tuple(FindingCode.IDENTITY_MISMATCH, "revisionId", "0x00", "0x07"));
		assertThat(verdict.findings()).extracting(Finding::code, Finding::offset)
			.contains(tuple(FindingCode.BLOCK_MISSING, 0x150), tuple(FindingCode.BLOCK_MISSING, 0x200),
					tuple(FindingCode.OFFSET_MISMATCH, 0x220), tuple(FindingCode.OFFSET_MISMATCH, 0x230),
					tuple(FindingCode.OFFSET_MISMATCH, 0x240), tuple(FindingCode.BLOCK_UNEXPECTED, 0x40));
	}

	/** The pin a VMM would write: the device's PASID hidden, a copy synthesized. */
	private static Layout pinMovingPasid(Layout physical, int from, int to) {
		return LayoutComposer.compose(physical, List.of(new BlockRef(Space.EXTENDED, from)),
				List.of(synthesizedCopy(physical, from, to)));
	}

	private static LayoutBlock synthesizedCopy(Layout physical, int from, int to) {
		LayoutBlock block = ConfigSpaceBuilder.blockAt(physical, from);
		return new LayoutBlock(block.space(), to, block.id(), block.version(), block.length(), 0, block.name(),
				Origin.SYNTHESIZED, block.fields());
	}

	private static SideView physical(Layout layout, IommuSupport iommu) {
		return new SideView.Physical(layout, null, null, iommu);
	}

	/** Each finding as (code, side, space, offset, field, expected, actual). */
	private static ListAssert<Tuple> assertFindings(Verdict verdict) {
		return assertThat(verdict.findings()
			.stream()
			.map((f) -> tuple(f.code(), f.side(), f.space(), f.offset(), f.field(), f.expected(), f.actual()))
			.toList());
	}

	/** A VT-d ECAP: PASID Size Supported (bits 39:35) holds the width minus one. */
	private static long ecap(int pasidWidth, boolean execute, boolean supervisor, boolean pageRequests) {
		return ECAP_BASICS | ECAP_PASID | ((long) (pasidWidth - 1) << 35) | ECAP_DEVICE_TLB
				| (execute ? ECAP_EXECUTE_REQUESTS : 0) | (supervisor ? ECAP_SUPERVISOR_REQUESTS : 0)
				| (pageRequests ? ECAP_PAGE_REQUESTS : 0);
	}

	private static Layout layout(String name) {
		Layout layout = ConfigSpaceParser.parse(ConfigSpace.of(bytes(name)));
		assertThat(layout.coverage().bytes()).isEqualTo(ConfigSpace.EXTENDED_SIZE);
		assertThat(layout.findings()).isEmpty();
		return layout;
	}

	private static byte[] bytes(String name) {
		return Dumps.read(Corpus.bytes(name)).get(0).configSpace().toByteArray();
	}

	/** Moves a capability's bytes; the old place reads as zeros, as in a gap. */
	private static void move(byte[] bytes, int from, int to, int length) {
		byte[] block = Arrays.copyOfRange(bytes, from, from + length);
		Arrays.fill(bytes, from, from + length, (byte) 0);
		System.arraycopy(block, 0, bytes, to, length);
	}

	/**
	 * Sets the next offset (bits 31:20) of the extended capability header at an offset.
	 */
	private static void relink(byte[] bytes, int at, int next) {
		long header = readDword(bytes, at);
		writeDword(bytes, at, (header & 0x000F_FFFFL) | ((long) next << 20));
	}

	private static long header(int id, int version, int next) {
		return id | ((long) version << 16) | ((long) next << 20);
	}

	private static long readDword(byte[] bytes, int at) {
		return (bytes[at] & 0xFFL) | (bytes[at + 1] & 0xFFL) << 8 | (bytes[at + 2] & 0xFFL) << 16
				| (bytes[at + 3] & 0xFFL) << 24;
	}

	private static void writeDword(byte[] bytes, int at, long value) {
		for (int i = 0; i < 4; i++) {
			bytes[at + i] = (byte) (value >>> (8 * i));
		}
	}

}
