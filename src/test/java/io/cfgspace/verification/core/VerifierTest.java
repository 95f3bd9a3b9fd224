package io.cfgspace.verification.core;

import static io.cfgspace.configspace.ConfigSpaceBuilder.EXECUTE;
import static io.cfgspace.configspace.ConfigSpaceBuilder.PAGE_ALIGNED;
import static io.cfgspace.configspace.ConfigSpaceBuilder.PASID_REQUIRED;
import static io.cfgspace.configspace.ConfigSpaceBuilder.PRIVILEGED;
import static io.cfgspace.configspace.ConfigSpaceBuilder.addressTranslation;
import static io.cfgspace.configspace.ConfigSpaceBuilder.expressEndpoint;
import static io.cfgspace.configspace.ConfigSpaceBuilder.extended;
import static io.cfgspace.configspace.ConfigSpaceBuilder.msi;
import static io.cfgspace.configspace.ConfigSpaceBuilder.nullCapability;
import static io.cfgspace.configspace.ConfigSpaceBuilder.pageRequest;
import static io.cfgspace.configspace.ConfigSpaceBuilder.pasid;
import static io.cfgspace.configspace.ConfigSpaceBuilder.powerManagement;
import static io.cfgspace.configspace.ConfigSpaceBuilder.vendorSpecific;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.cfgspace.configspace.ConfigSpaceBuilder;
import io.cfgspace.layout.BlockRef;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutBlock;
import io.cfgspace.layout.LayoutComposer;
import io.cfgspace.layout.Origin;
import io.cfgspace.layout.Space;
import io.cfgspace.verification.core.Finding.Severity;
import io.cfgspace.verification.core.Finding.Side;
import io.cfgspace.verification.core.Verdict.Outcome;
import org.assertj.core.api.ListAssert;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * The verifier against hand-built layouts: one test per finding code, each asserting
 * where the finding points (side, offset, field) and what it compares (expected/actual).
 *
 * <p>
 * The device: standard chain 0x40 Express v2 → 0x80 Power Management → 0x90 MSI (64-bit)
 * → 0xB0 Vendor Specific (12 bytes); extended chain 0x100 PASID → 0x200 ATS → 0x300 PRI.
 * The pin hides the physical PASID (vfio does) and synthesizes one at 0x400, so the guest
 * sees a Null placeholder at 0x100.
 */
class VerifierTest {

	private static final int VENDOR = 0x8086;

	private static final int DEVICE = 0x0B25;

	private static final int MSI_64_BIT = 0x0080;

	private static final long IOMMU_HW_CAP_PCI_PASID_EXEC = 1L << 1;

	private static final long IOMMU_HW_CAP_PCI_PASID_PRIV = 1L << 2;

	private static final String PASID_NAME = "Process Address Space ID (PASID)";

	private static final BlockRef PHYSICAL_PASID = new BlockRef(Space.EXTENDED, 0x100);

	/** The device's own PASID at 0x100: width 20, Execute Permission Supported. */
	private static final int HIDDEN_PASID_CAPABILITY = (20 << 8) | 0x2;

	private static final LayoutBlock SYNTHESIZED_PASID = synthesizedPasid(0x400, 20);

	private static final Layout PHYSICAL = device(VerifierTest::defaultExtended).parse();

	private static final Layout PIN = LayoutComposer.compose(PHYSICAL, List.of(PHYSICAL_PASID),
			List.of(SYNTHESIZED_PASID));

	/** An IOMMU that backs everything the pin synthesizes: 20-bit PASID, exec, priv. */
	private static final IommuSupport IOMMU = IommuSupport.fromIommufd(20,
			IOMMU_HW_CAP_PCI_PASID_EXEC | IOMMU_HW_CAP_PCI_PASID_PRIV, true, true);

	private static final SideView SOURCE = physical(PHYSICAL);

	@Test
	void thePinReadsAsTheTestsExpect() {
		assertThat(PIN.blocks())
			.extracting(LayoutBlock::space, LayoutBlock::offset, LayoutBlock::id, LayoutBlock::next,
					LayoutBlock::origin)
			.containsExactly(tuple(Space.STANDARD, 0x40, 0x10, 0x80, Origin.PHYSICAL),
					tuple(Space.STANDARD, 0x80, 0x01, 0x90, Origin.PHYSICAL),
					tuple(Space.STANDARD, 0x90, 0x05, 0xB0, Origin.PHYSICAL),
					tuple(Space.STANDARD, 0xB0, 0x09, 0, Origin.PHYSICAL),
					tuple(Space.EXTENDED, 0x100, 0x00, 0x200, Origin.PHYSICAL),
					tuple(Space.EXTENDED, 0x200, 0x0F, 0x300, Origin.PHYSICAL),
					tuple(Space.EXTENDED, 0x300, 0x13, 0x400, Origin.PHYSICAL),
					tuple(Space.EXTENDED, 0x400, 0x1B, 0, Origin.SYNTHESIZED),
					tuple(Space.EXTENDED, 0x100, 0x1B, 0x200, Origin.HIDDEN));
		assertThat(PHYSICAL.findings()).isEmpty();
	}

	@Test
	void identicalSidesAreConsistentWithNoFindings() {
		Verdict verdict = Verifier.verify(PIN, false, SOURCE, physical(PHYSICAL), List.of());

		assertThat(verdict.outcome()).isEqualTo(Outcome.CONSISTENT);
		assertThat(verdict.consistent()).isTrue();
		assertThat(verdict.findings()).isEmpty();
	}

	@Test
	void aDeprecatedPinAloneStaysConsistentWithAWarning() {
		Verdict verdict = Verifier.verify(PIN, true, SOURCE, physical(PHYSICAL), List.of());

		assertThat(verdict.outcome()).isEqualTo(Outcome.CONSISTENT);
		assertThat(verdict.findings())
			.extracting(Finding::code, Finding::severity, Finding::side, Finding::offset, Finding::field)
			.containsExactly(tuple(FindingCode.PIN_DEPRECATED, Severity.WARNING, Side.PIN, null, null));
	}

	@Test
	void reportsABlockThePinHasAndTheDestinationLacks() {
		Layout noAts = device(
				(d) -> d.with(0x100, pasid(20, EXECUTE, !PRIVILEGED)).with(0x300, pageRequest(512, PASID_REQUIRED)))
			.parse();

		Verdict verdict = verifyDestination(noAts);

		assertFindings(verdict).containsExactly(tuple(FindingCode.BLOCK_MISSING, Side.DESTINATION, Space.EXTENDED,
				0x200, null, "Address Translation Service (ATS) v1 at 0x200, 8 bytes", null));
		assertThat(verdict.findings().get(0).capability()).isEqualTo("Address Translation Service (ATS)");
	}

	@Test
	void reportsABlockTheDestinationShowsAndThePinLacks() {
		Layout withAri = device((d) -> defaultExtended(d).with(0x500, extended(0x000E, 1))).parse();

		Verdict verdict = verifyDestination(withAri);

		assertFindings(verdict).containsExactly(tuple(FindingCode.BLOCK_UNEXPECTED, Side.DESTINATION, Space.EXTENDED,
				0x500, null, null, "Alternative Routing-ID Interpretation (ARI) v1 at 0x500, 8 bytes"));
	}

	@Test
	void reportsACapabilityAtAnotherOffset() {
		Layout atsMoved = device((d) -> d.with(0x100, pasid(20, EXECUTE, !PRIVILEGED))
			.with(0x240, addressTranslation(0, PAGE_ALIGNED))
			.with(0x300, pageRequest(512, PASID_REQUIRED))).parse();

		Verdict verdict = verifyDestination(atsMoved);

		assertFindings(verdict).containsExactly(
				tuple(FindingCode.OFFSET_MISMATCH, Side.DESTINATION, Space.EXTENDED, 0x200, null, "0x200", "0x240"));
	}

	@Test
	void reportsACapabilityOfAnotherVersion() {
		// ATS version 2 with the same capability register: Page Aligned Request, depth 0
		Layout atsVersion2 = device((d) -> d.with(0x100, pasid(20, EXECUTE, !PRIVILEGED))
			.with(0x200, extended(0x000F, 2).u16(0x04, 0x20))
			.with(0x300, pageRequest(512, PASID_REQUIRED))).parse();

		Verdict verdict = verifyDestination(atsVersion2);

		assertFindings(verdict).containsExactly(
				tuple(FindingCode.VERSION_MISMATCH, Side.DESTINATION, Space.EXTENDED, 0x200, "version", "1", "2"));
	}

	@Test
	void reportsACapabilityOfAnotherLength() {
		Layout longerVendorSpecific = device(VerifierTest::defaultExtended, 16).parse();

		Verdict verdict = verifyDestination(longerVendorSpecific);

		assertFindings(verdict).containsExactly(
				tuple(FindingCode.LENGTH_MISMATCH, Side.DESTINATION, Space.STANDARD, 0xB0, "length", "12", "16"));
	}

	@Test
	void reportsACapabilityTheDestinationSynthesizesWhereThePinHasThePhysicalOne() {
		LayoutBlock physicalAts = ConfigSpaceBuilder.blockAt(PHYSICAL, 0x200);
		SideView destination = new SideView.Physical(PHYSICAL, List.of(PHYSICAL_PASID, BlockRef.of(physicalAts)),
				List.of(SYNTHESIZED_PASID, physicalAts.withOrigin(Origin.SYNTHESIZED)), IOMMU);

		Verdict verdict = Verifier.verify(PIN, false, SOURCE, destination, List.of());

		assertFindings(verdict).containsExactly(tuple(FindingCode.ORIGIN_MISMATCH, Side.DESTINATION, Space.EXTENDED,
				0x200, "origin", "physical", "synthesized"));
	}

	@Test
	void reportsChainsLinkedInAnotherOrder() {
		Layout relinked = device((d) -> d.with(0x100, pasid(20, EXECUTE, !PRIVILEGED))
			.with(0x300, pageRequest(512, PASID_REQUIRED))
			.with(0x200, addressTranslation(0, PAGE_ALIGNED))).parse();

		Verdict verdict = verifyDestination(relinked);

		// the synthesized PASID follows the highest lower offset (0x300), as the VMM
		// links
		// it
		assertFindings(verdict).containsExactly(tuple(FindingCode.CHAIN_ORDER_MISMATCH, Side.DESTINATION,
				Space.EXTENDED, null, "next", "0x100 -> 0x200 -> 0x300 -> 0x400", "0x100 -> 0x300 -> 0x400 -> 0x200"));
	}

	@Test
	void reportsAReadOnlyFieldThatDiffers() {
		Layout smallerPri = device((d) -> d.with(0x100, pasid(20, EXECUTE, !PRIVILEGED))
			.with(0x200, addressTranslation(0, PAGE_ALIGNED))
			.with(0x300, pageRequest(256, PASID_REQUIRED))).parse();

		Verdict verdict = verifyDestination(smallerPri);

		assertFindings(verdict).containsExactly(tuple(FindingCode.FIELD_MISMATCH, Side.DESTINATION, Space.EXTENDED,
				0x300, "outstandingPageRequestCapacity", "512", "256"));
	}

	@Test
	void saysARegisterThatDiffersInHexWithItsBits() {
		// the destination's Device Capabilities (Express +0x04): MPS 512, ExtTag, RBE,
		// FLR
		Layout otherDevice = device(VerifierTest::defaultExtended).withDword(0x44, 0x10008022L).parse();

		Verdict verdict = verifyDestination(otherDevice);

		Finding finding = verdict.findings()
			.stream()
			.filter((f) -> "deviceCapabilities".equals(f.field()))
			.findFirst()
			.orElseThrow();
		assertThat(finding.code()).isEqualTo(FindingCode.FIELD_MISMATCH);
		// the machine-readable values stay numbers; the message is for people
		assertThat(finding.actual()).isEqualTo(String.valueOf(0x10008022L));
		assertThat(finding.message())
			.contains("deviceCapabilities = 0x10008022 (MaxPayload 512 bytes, PhantFunc 0, "
					+ "Latency L0s <64ns, L1 <1us, ExtTag+ AttnBtn- AttnInd- PwrInd- RBE+ FLReset+) on the destination")
			.contains("pinned as 0x00000000 (MaxPayload 128 bytes,")
			.doesNotContain("268468258");
	}

	@Test
	void reportsAHeaderIdentityFieldThatDiffers() {
		Layout otherRevision = device(VerifierTest::defaultExtended).revision(0x05).parse();

		Verdict verdict = verifyDestination(otherRevision);

		assertFindings(verdict).containsExactly(
				tuple(FindingCode.IDENTITY_MISMATCH, Side.DESTINATION, null, null, "revisionId", "0x04", "0x05"));
	}

	@Test
	void reportsASynthesizedBlockOverAPhysicalCapabilityOfTheDestination() {
		// the destination's firmware put an ARI capability at 0x404..0x40b
		Layout withAri = device((d) -> defaultExtended(d).with(0x404, extended(0x000E, 1))).parse();

		Verdict verdict = verifyDestination(withAri);

		assertFindings(verdict).containsExactlyInAnyOrder(
				tuple(FindingCode.SYNTHESIZED_OVERLAPS_PHYSICAL, Side.DESTINATION, Space.EXTENDED, 0x400, null,
						"free 0x400..0x407", "Alternative Routing-ID Interpretation (ARI) at 0x404..0x40b"),
				tuple(FindingCode.BLOCK_UNEXPECTED, Side.DESTINATION, Space.EXTENDED, 0x404, null, null,
						"Alternative Routing-ID Interpretation (ARI) v1 at 0x404, 8 bytes"));
	}

	@Test
	void reportsASynthesizedBlockOverAPhysicalCapabilityAtTheSameOffsetWithoutAFalseMove() {
		// the destination's firmware put an ARI capability exactly where the pin
		// synthesizes PASID: the PASID is at its pinned place, only the room is wrong
		Layout withAri = device((d) -> defaultExtended(d).with(0x400, extended(0x000E, 1))).parse();

		Verdict verdict = verifyDestination(withAri);

		assertFindings(verdict).containsExactlyInAnyOrder(
				tuple(FindingCode.SYNTHESIZED_OVERLAPS_PHYSICAL, Side.DESTINATION, Space.EXTENDED, 0x400, null,
						"free 0x400..0x407", "Alternative Routing-ID Interpretation (ARI) at 0x400..0x407"),
				tuple(FindingCode.BLOCK_UNEXPECTED, Side.DESTINATION, Space.EXTENDED, 0x400, null, null,
						"Alternative Routing-ID Interpretation (ARI) v1 at 0x400, 8 bytes"),
				// the VMM would link both blocks at 0x400 into the guest's chain
				tuple(FindingCode.CHAIN_ORDER_MISMATCH, Side.DESTINATION, Space.EXTENDED, null, "next",
						"0x100 -> 0x200 -> 0x300 -> 0x400", "0x100 -> 0x200 -> 0x300 -> 0x400 -> 0x400"));
		assertThat(verdict.findings()).noneMatch((f) -> f.code() == FindingCode.OFFSET_MISMATCH);
	}

	@Test
	void reportsASynthesizedBlockOverRegistersAQuirkDeclares() {
		Quirk quirk = new Quirk(VENDOR, DEVICE, null, false, List.of(new Quirk.Range(0x3F0, 0x404)),
				"vendor errata: debug registers at 0x3f0..0x403");

		Verdict verdict = Verifier.verify(PIN, false, SOURCE, physical(PHYSICAL), List.of(quirk));

		assertFindings(verdict).containsExactly(
				tuple(FindingCode.SYNTHESIZED_IN_HIDDEN_REGISTERS, Side.SOURCE, Space.EXTENDED, 0x400, null,
						"no device registers at 0x400..0x407", "quirk ranges [0x3f0..0x403]"),
				tuple(FindingCode.SYNTHESIZED_IN_HIDDEN_REGISTERS, Side.DESTINATION, Space.EXTENDED, 0x400, null,
						"no device registers at 0x400..0x407", "quirk ranges [0x3f0..0x403]"));
		assertThat(verdict.findings().get(0).message()).contains("vendor errata");
	}

	@Test
	void aQuirkOfAnotherRevisionOrDeviceDoesNotApply() {
		Quirk otherRevision = new Quirk(VENDOR, DEVICE, 0x05, true, List.of(), "revision 5 only");
		Quirk otherDevice = new Quirk(VENDOR, 0x0B26, null, true, List.of(), "another device");

		Verdict verdict = Verifier.verify(PIN, false, SOURCE, physical(PHYSICAL), List.of(otherRevision, otherDevice));

		assertThat(verdict.consistent()).isTrue();
		assertThat(verdict.findings()).isEmpty();
	}

	@Test
	void reportsADestinationIommuWithNarrowerPasids() {
		IommuSupport narrow = IommuSupport.fromIommufd(16, IOMMU_HW_CAP_PCI_PASID_EXEC, true, true);

		Verdict verdict = Verifier.verify(PIN, false, SOURCE, new SideView.Physical(PHYSICAL, null, null, narrow),
				List.of());

		assertFindings(verdict).containsExactly(tuple(FindingCode.IOMMU_LACKS_CAPABILITY, Side.DESTINATION,
				Space.EXTENDED, 0x400, "maxPasidWidth", "20", "16"));
	}

	@Test
	void reportsADestinationIommuWithoutExecuteOrPasid() {
		IommuSupport noExecute = IommuSupport.fromIommufd(20, IOMMU_HW_CAP_PCI_PASID_PRIV, true, true);
		IommuSupport noPasid = IommuSupport.fromIommufd(0, IOMMU_HW_CAP_PCI_PASID_EXEC, true, true);

		assertFindings(
				Verifier.verify(PIN, false, SOURCE, new SideView.Physical(PHYSICAL, null, null, noExecute), List.of()))
			.containsExactly(tuple(FindingCode.IOMMU_LACKS_CAPABILITY, Side.DESTINATION, Space.EXTENDED, 0x400,
					"executePermissionSupported", "true", "false"));
		assertFindings(
				Verifier.verify(PIN, false, SOURCE, new SideView.Physical(PHYSICAL, null, null, noPasid), List.of()))
			.containsExactly(
					tuple(FindingCode.IOMMU_LACKS_CAPABILITY, Side.DESTINATION, Space.EXTENDED, 0x400, "maxPasidWidth",
							"20", "no PASID"),
					tuple(FindingCode.IOMMU_LACKS_CAPABILITY, Side.DESTINATION, Space.EXTENDED, 0x400,
							"executePermissionSupported", "true", "false"));
	}

	@Test
	void reportsASynthesizedPriOnAnIommuWithoutPageRequests() {
		LayoutBlock physicalPri = ConfigSpaceBuilder.blockAt(PHYSICAL, 0x300);
		LayoutBlock synthesizedPri = new LayoutBlock(Space.EXTENDED, 0x410, 0x13, 1, 16, 0,
				"Page Request Interface (PRI)", Origin.SYNTHESIZED, physicalPri.fields());
		List<BlockRef> hidden = List.of(PHYSICAL_PASID, BlockRef.of(physicalPri));
		Layout pin = LayoutComposer.compose(PHYSICAL, hidden, List.of(SYNTHESIZED_PASID, synthesizedPri));
		IommuSupport noPageRequests = IommuSupport.fromIommufd(20,
				IOMMU_HW_CAP_PCI_PASID_EXEC | IOMMU_HW_CAP_PCI_PASID_PRIV, false, true);

		Verdict verdict = Verifier.verify(pin, false, SOURCE,
				new SideView.Physical(PHYSICAL, null, null, noPageRequests), List.of());

		assertFindings(verdict).containsExactly(tuple(FindingCode.IOMMU_LACKS_CAPABILITY, Side.DESTINATION,
				Space.EXTENDED, 0x410, "pageRequests", "true", "false"));
	}

	@Test
	void aDestinationWithoutAnIommuSummaryCannotBeConsistent() {
		Verdict verdict = Verifier.verify(PIN, false, SOURCE, new SideView.Physical(PHYSICAL, null, null, null),
				List.of());

		assertThat(verdict.outcome()).isEqualTo(Outcome.INCONSISTENT);
		assertFindings(verdict).containsExactly(
				tuple(FindingCode.IOMMU_UNKNOWN, Side.DESTINATION, null, null, null, "an IOMMU summary", "none"));
	}

	@Test
	void aSourceWithoutAnIommuSummaryIsNotAProblem() {
		// the source already runs the guest; only the destination must still back it
		Verdict verdict = Verifier.verify(PIN, false, new SideView.Physical(PHYSICAL, null, null, null),
				physical(PHYSICAL), List.of());

		assertThat(verdict.consistent()).isTrue();
		assertThat(verdict.findings()).isEmpty();
	}

	@Test
	void aPinWithoutSynthesizedBlocksNeedsNoIommuSummary() {
		Verdict verdict = Verifier.verify(PHYSICAL, false, new SideView.Physical(PHYSICAL, null, null, null),
				new SideView.Physical(PHYSICAL, null, null, null), List.of());

		assertThat(verdict.consistent()).isTrue();
		assertThat(verdict.findings()).isEmpty();
	}

	@Test
	void aConventionalDumpOfAnExpressDeviceNeverVerifies() {
		Layout conventionalOnly = device(VerifierTest::defaultExtended).size(256).parse();

		Verdict verdict = verifyDestination(conventionalOnly);

		assertThat(verdict.outcome()).isEqualTo(Outcome.INCONSISTENT);
		assertFindings(verdict)
			.containsExactly(tuple(FindingCode.STRUCTURE_INVALID, Side.DESTINATION, null, null, null, null, null));
		assertThat(verdict.findings().get(0).message()).contains("256 bytes");
	}

	@Test
	void aBrokenChainOnASideIsStructurallyInvalid() {
		// the PRI's next pointer leads back to ATS
		Layout looped = device(VerifierTest::defaultExtended).withWord(0x302, 0x2000).parse();

		Verdict verdict = verifyDestination(looped);

		assertFindings(verdict)
			.containsExactly(tuple(FindingCode.STRUCTURE_INVALID, Side.DESTINATION, null, null, null, null, null));
		assertThat(verdict.findings().get(0).message()).contains("loops back to 0x200");
	}

	@Test
	void aBrokenPinIsStructurallyInvalid() {
		LayoutBlock misaligned = synthesizedPasid(0x402, 20);
		Layout pin = new Layout(PIN.identity(), PIN.coverage(),
				PIN.blocks()
					.stream()
					.map((b) -> (b.offset() == 0x400) ? misaligned : (b.offset() == 0x300) ? b.withNext(0x402) : b)
					.toList(),
				List.of());

		Verdict verdict = Verifier.verify(pin, false, SOURCE, physical(PHYSICAL), List.of());

		assertThat(verdict.outcome()).isEqualTo(Outcome.INCONSISTENT);
		assertThat(verdict.findings()).filteredOn((f) -> f.code() == FindingCode.STRUCTURE_INVALID)
			.extracting(Finding::side, Finding::message)
			.containsExactly(
					tuple(Side.PIN, "the pin: synthesized Process Address Space ID (PASID) at extended 0x402 does not"
							+ " start on a dword boundary"));
	}

	@Test
	void aHiddenBlockTheSideDoesNotHaveIsStructurallyInvalid() {
		SideView destination = new SideView.Physical(PHYSICAL, List.of(new BlockRef(Space.EXTENDED, 0x180)), null,
				IOMMU);

		Verdict verdict = Verifier.verify(PIN, false, SOURCE, destination, List.of());

		assertFindings(verdict)
			.containsExactly(tuple(FindingCode.STRUCTURE_INVALID, Side.DESTINATION, null, null, null, null, null));
		assertThat(verdict.findings().get(0).message()).isEqualTo("no physical block to hide at extended 0x180");
	}

	@Test
	void reportsEveryDifferenceNotOnlyTheFirst() {
		Layout different = device((d) -> d.with(0x100, pasid(20, EXECUTE, !PRIVILEGED))
			.with(0x240, addressTranslation(0, PAGE_ALIGNED))
			.with(0x300, pageRequest(256, PASID_REQUIRED))).revision(0x05).subsystem(0x8086, 0x0001).parse();
		IommuSupport narrow = IommuSupport.fromIommufd(16, IOMMU_HW_CAP_PCI_PASID_EXEC, true, true);

		Verdict verdict = Verifier.verify(PIN, true, SOURCE, new SideView.Physical(different, null, null, narrow),
				List.of());

		assertThat(verdict.outcome()).isEqualTo(Outcome.INCONSISTENT);
		assertFindings(verdict).containsExactlyInAnyOrder(
				tuple(FindingCode.PIN_DEPRECATED, Side.PIN, null, null, null, null, null),
				tuple(FindingCode.OFFSET_MISMATCH, Side.DESTINATION, Space.EXTENDED, 0x200, null, "0x200", "0x240"),
				tuple(FindingCode.FIELD_MISMATCH, Side.DESTINATION, Space.EXTENDED, 0x300,
						"outstandingPageRequestCapacity", "512", "256"),
				tuple(FindingCode.IOMMU_LACKS_CAPABILITY, Side.DESTINATION, Space.EXTENDED, 0x400, "maxPasidWidth",
						"20", "16"),
				tuple(FindingCode.IDENTITY_MISMATCH, Side.DESTINATION, null, null, "revisionId", "0x04", "0x05"),
				tuple(FindingCode.IDENTITY_MISMATCH, Side.DESTINATION, null, null, "subsystemId", "0x0000", "0x0001"));
	}

	@Test
	void reportsDifferencesOnBothSides() {
		Layout otherRevision = device(VerifierTest::defaultExtended).revision(0x05).parse();

		Verdict verdict = Verifier.verify(PIN, false, physical(otherRevision), physical(otherRevision), List.of());

		assertFindings(verdict).containsExactly(
				tuple(FindingCode.IDENTITY_MISMATCH, Side.SOURCE, null, null, "revisionId", "0x04", "0x05"),
				tuple(FindingCode.IDENTITY_MISMATCH, Side.DESTINATION, null, null, "revisionId", "0x04", "0x05"));
	}

	@Test
	void aMovedCapabilityIsStillComparedFieldByField() {
		// moved and changed: both differences are reported
		Layout movedAndSmaller = device((d) -> d.with(0x100, pasid(20, EXECUTE, !PRIVILEGED))
			.with(0x200, addressTranslation(0, PAGE_ALIGNED))
			.with(0x340, pageRequest(256, PASID_REQUIRED))).parse();

		Verdict verdict = verifyDestination(movedAndSmaller);

		assertFindings(verdict).containsExactlyInAnyOrder(
				tuple(FindingCode.OFFSET_MISMATCH, Side.DESTINATION, Space.EXTENDED, 0x300, null, "0x300", "0x340"),
				tuple(FindingCode.FIELD_MISMATCH, Side.DESTINATION, Space.EXTENDED, 0x300,
						"outstandingPageRequestCapacity", "512", "256"));
	}

	@Test
	void aVirtualViewIgnoresOrigin() {
		// what the guest reads: a Null header at 0x100 over the hidden PASID, whose
		// capability register vfio leaves readable, and a PASID at 0x400, all of it plain
		// bytes, so every block parses as physical
		Layout guest = expressEndpoint(VENDOR, DEVICE).revision(0x04)
			.subsystem(0x8086, 0x0000)
			.with(0x80, powerManagement(0x0003))
			.with(0x90, msi(MSI_64_BIT))
			.with(0xB0, vendorSpecific(12))
			.with(0x100, nullCapability())
			.with(0x200, addressTranslation(0, PAGE_ALIGNED))
			.with(0x300, pageRequest(512, PASID_REQUIRED))
			.with(0x400, pasid(20, EXECUTE, !PRIVILEGED))
			.withWord(0x104, HIDDEN_PASID_CAPABILITY)
			.parse();
		assertThat(ConfigSpaceBuilder.blockAt(guest, 0x400).origin()).isEqualTo(Origin.PHYSICAL);

		Verdict verdict = Verifier.verify(PIN, false, new SideView.Virtual(guest, IOMMU),
				new SideView.Virtual(guest, IOMMU), List.of());

		assertThat(verdict.consistent()).isTrue();
		assertThat(verdict.findings()).isEmpty();
	}

	@Test
	void aVirtualViewStillComparesFields() {
		Layout guest = expressEndpoint(VENDOR, DEVICE).revision(0x04)
			.subsystem(0x8086, 0x0000)
			.with(0x80, powerManagement(0x0003))
			.with(0x90, msi(MSI_64_BIT))
			.with(0xB0, vendorSpecific(12))
			.with(0x100, nullCapability())
			.with(0x200, addressTranslation(0, PAGE_ALIGNED))
			.with(0x300, pageRequest(512, PASID_REQUIRED))
			.with(0x400, pasid(16, EXECUTE, !PRIVILEGED))
			.withWord(0x104, HIDDEN_PASID_CAPABILITY)
			.parse();

		Verdict verdict = Verifier.verify(PIN, false, SOURCE, new SideView.Virtual(guest, IOMMU), List.of());

		assertFindings(verdict).containsExactly(tuple(FindingCode.FIELD_MISMATCH, Side.DESTINATION, Space.EXTENDED,
				0x400, "maxPasidWidth", "20", "16"));
	}

	@Test
	void aSynthesizedBlockReusingTheHiddenPhysicalBlocksPlaceIsFine() {
		LayoutBlock inPlace = synthesizedPasid(0x100, 16);
		Layout pin = LayoutComposer.compose(PHYSICAL, List.of(PHYSICAL_PASID), List.of(inPlace));
		// even a device whose every gap holds registers has room in a hidden block
		Quirk everyGap = new Quirk(VENDOR, DEVICE, null, true, List.of(), "be2net-style: registers in every gap");

		Verdict verdict = Verifier.verify(pin, false, SOURCE, physical(PHYSICAL), List.of(everyGap));

		assertThat(verdict.consistent()).isTrue();
		assertThat(verdict.findings()).isEmpty();
	}

	@Test
	void aSynthesizedBlockInAGapOfAnAllGapsDeviceIsReported() {
		Quirk everyGap = new Quirk(VENDOR, DEVICE, null, true, List.of(), "be2net-style: registers in every gap");

		Verdict verdict = Verifier.verify(PIN, false, SOURCE, physical(PHYSICAL), List.of(everyGap));

		assertFindings(verdict).containsExactly(
				tuple(FindingCode.SYNTHESIZED_IN_HIDDEN_REGISTERS, Side.SOURCE, Space.EXTENDED, 0x400, null,
						"no device registers at 0x400..0x407", "every gap is used"),
				tuple(FindingCode.SYNTHESIZED_IN_HIDDEN_REGISTERS, Side.DESTINATION, Space.EXTENDED, 0x400, null,
						"no device registers at 0x400..0x407", "every gap is used"));
	}

	@Test
	void reportsADestinationWhoseHiddenBlockIsAnotherCapability() {
		// same identity, but the firmware has a Vendor-Specific capability where the pin
		// hides the device's PASID: the guest chain looks alike, yet there is no PASID
		// behind the synthesized one
		Layout noPasid = device((d) -> d.with(0x100, ConfigSpaceBuilder.vendorSpecificExtended(0x0001, 1, 8))
			.with(0x200, addressTranslation(0, PAGE_ALIGNED))
			.with(0x300, pageRequest(512, PASID_REQUIRED))).parse();

		Verdict verdict = verifyDestination(noPasid);

		assertThat(verdict.outcome()).isEqualTo(Outcome.INCONSISTENT);
		assertFindings(verdict).containsExactly(tuple(FindingCode.BLOCK_MISSING, Side.DESTINATION, Space.EXTENDED,
				0x100, null, "Process Address Space ID (PASID) v1 at 0x100, 8 bytes",
				"Vendor Specific Information v1 at 0x100, 8 bytes"));
	}

	@Test
	void reportsAHiddenBlockWhoseReadOnlyFieldsDiffer() {
		// the guest never reads it, but the synthesized PASID claims 20 bits on behalf of
		// a device that has 16
		Layout narrowPasid = device((d) -> d.with(0x100, pasid(16, EXECUTE, !PRIVILEGED))
			.with(0x200, addressTranslation(0, PAGE_ALIGNED))
			.with(0x300, pageRequest(512, PASID_REQUIRED))).parse();

		Verdict verdict = verifyDestination(narrowPasid);

		assertFindings(verdict).containsExactly(tuple(FindingCode.FIELD_MISMATCH, Side.DESTINATION, Space.EXTENDED,
				0x100, "maxPasidWidth", "20", "16"));
	}

	private static Verdict verifyDestination(Layout destination) {
		return Verifier.verify(PIN, false, SOURCE, physical(destination), List.of());
	}

	private static SideView physical(Layout layout) {
		return new SideView.Physical(layout, null, null, IOMMU);
	}

	/** Each finding as (code, side, space, offset, field, expected, actual). */
	private static ListAssert<Tuple> assertFindings(Verdict verdict) {
		return assertThat(verdict.findings()
			.stream()
			.map((f) -> tuple(f.code(), f.side(), f.space(), f.offset(), f.field(), f.expected(), f.actual()))
			.toList());
	}

	private static LayoutBlock synthesizedPasid(int offset, long width) {
		return new LayoutBlock(Space.EXTENDED, offset, 0x1B, 1, 8, 0, PASID_NAME, Origin.SYNTHESIZED,
				Map.of("maxPasidWidth", width, "executePermissionSupported", true, "privilegedModeSupported", false));
	}

	private static ConfigSpaceBuilder defaultExtended(ConfigSpaceBuilder device) {
		return device.with(0x100, pasid(20, EXECUTE, !PRIVILEGED))
			.with(0x200, addressTranslation(0, PAGE_ALIGNED))
			.with(0x300, pageRequest(512, PASID_REQUIRED));
	}

	private static ConfigSpaceBuilder device(UnaryOperator<ConfigSpaceBuilder> extendedChain) {
		return device(extendedChain, 12);
	}

	/** The device with its standard chain and the extended chain a test gives. */
	private static ConfigSpaceBuilder device(UnaryOperator<ConfigSpaceBuilder> extendedChain,
			int vendorSpecificLength) {
		ConfigSpaceBuilder device = expressEndpoint(VENDOR, DEVICE).revision(0x04)
			.subsystem(0x8086, 0x0000)
			.with(0x80, powerManagement(0x0003))
			.with(0x90, msi(MSI_64_BIT))
			.with(0xB0, vendorSpecific(vendorSpecificLength));
		return extendedChain.apply(device);
	}

}
