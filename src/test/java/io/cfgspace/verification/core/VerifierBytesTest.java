package io.cfgspace.verification.core;

import static io.cfgspace.configspace.ConfigSpaceBuilder.expressEndpoint;
import static io.cfgspace.configspace.ConfigSpaceBuilder.extended;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;

import io.cfgspace.configspace.ConfigSpace;
import io.cfgspace.configspace.ConfigSpaceBuilder;
import io.cfgspace.configspace.ConfigSpaceMap;
import io.cfgspace.configspace.ConfigSpaceParser;
import io.cfgspace.configspace.Corpus;
import io.cfgspace.configspace.DeviceDump;
import io.cfgspace.configspace.ResourceSizes;
import io.cfgspace.configspace.read.Dumps;
import io.cfgspace.layout.Bar.Resource;
import io.cfgspace.layout.BlockRef;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutComposer;
import io.cfgspace.layout.LayoutDocument;
import io.cfgspace.layout.PerUnit;
import io.cfgspace.layout.Space;
import io.cfgspace.layout.StateDeclaration;
import io.cfgspace.verification.core.Finding.Severity;
import io.cfgspace.verification.core.Finding.Side;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What the verifier compares beyond the structure and the decoded fields: every other
 * read-only bit of config space, the BAR sizes, and the per-unit values, each difference
 * named by its register.
 */
class VerifierBytesTest {

	/**
	 * The Intel DSA: TPH Requester at 0x160, a DVSEC at 0x200, BAR0 and BAR2 64-bit
	 * prefetchable.
	 */
	private static final byte[] DSA = Dumps.read(Corpus.bytes("intel-dsa-spr-rciep"))
		.get(0)
		.configSpace()
		.toByteArray();

	private static final Layout DSA_PIN = parse(DSA);

	@Nested
	class ReadOnlyBytes {

		@Test
		void namesAnUndecodedCapabilityRegisterWithItsMask() {
			// TPH Requester Capability bit 1: Interrupt Vector Mode Supported
			Verdict verdict = verifyDestination(DSA_PIN, flip(DSA, 0x164, 1));

			assertThat(verdict.consistent()).isFalse();
			assertThat(verdict.findings())
				.extracting(Finding::code, Finding::side, Finding::capability, Finding::field, Finding::register,
						Finding::mask)
				.containsExactly(tuple(FindingCode.FIELD_MISMATCH, Side.DESTINATION, "Transaction Processing Hints",
						"TPH Requester Capability", 0x164, "0x00000002"));
			assertThat(verdict.findings().get(0).message()).isEqualTo("the Transaction Processing Hints capability at"
					+ " 0x160 differs on the destination in TPH Requester Capability (0x164) bits 0x00000002: "
					+ hex32(flip(DSA, 0x164, 1), 0x164) + ", pinned as " + hex32(DSA, 0x164));
		}

		@Test
		void comparesTheInterruptPinAndTheBarTypes() {
			byte[] other = flip(flip(DSA, 0x3D, 0), 0x10, 3);

			Verdict verdict = verifyDestination(DSA_PIN, other);

			assertThat(verdict.findings()).extracting(Finding::space, Finding::field, Finding::register, Finding::mask)
				.containsExactly(tuple(null, "Base Address Register 0", 0x10, "0x00000008"),
						tuple(null, "Interrupt Pin", 0x3D, "0x01"));
		}

		@Test
		void comparesTheBodyOfAVendorDefinedCapability() {
			// the DVSEC at 0x200: Header 2 is decoded, the registers after it are the
			// vendor's
			Verdict verdict = verifyDestination(DSA_PIN, flip(DSA, 0x20C, 4));

			assertThat(verdict.findings()).extracting(Finding::capability, Finding::field, Finding::register)
				.containsExactly(tuple("Designated Vendor-Specific", "bytes +0xc", 0x20C));
		}

		@Test
		void comparesTheGapsBetweenCapabilities() {
			Verdict verdict = verifyDestination(DSA_PIN, flip(DSA, 0x300, 0));

			assertThat(verdict.findings())
				.extracting(Finding::space, Finding::capability, Finding::field, Finding::register)
				.containsExactly(tuple(Space.EXTENDED, null, "gap", 0x300));
		}

		@Test
		void aQuirkRangeOfTheDeviceIsNotCompared() {
			Quirk registers = new Quirk(0x8086, 0x0B25, null, false, List.of(new Quirk.Range(0x300, 0x310)),
					"device registers");

			Verdict verdict = Verifier.verify(DSA_PIN, false, physical(DSA), physical(flip(DSA, 0x300, 0)),
					List.of(registers));

			assertThat(verdict.findings()).isEmpty();
		}

		@Test
		void stateBitsAreNotCompared() {
			// Device Control (0x48) and Device Status (0x4a) of the PCI Express
			// capability
			Verdict verdict = verifyDestination(DSA_PIN, flip(flip(DSA, 0x48, 4), 0x4A, 1));

			assertThat(verdict.findings()).isEmpty();
		}

		@Test
		void theLinkRegistersOfAnIntegratedEndpointAreReservedAndCompared() {
			// the DSA is a root-complex integrated endpoint: it has no link
			Verdict verdict = verifyDestination(DSA_PIN, flip(DSA, 0x52, 1));

			assertThat(verdict.findings()).extracting(Finding::field, Finding::register)
				.containsExactly(tuple("Link Status (reserved)", 0x52));
		}

		@Test
		void aDecodedFieldIsReportedOnceByName() {
			// ATS at 0x220: Invalidate Queue Depth in bits 4:0 of +4
			Verdict verdict = verifyDestination(DSA_PIN, flip(DSA, 0x224, 0));

			assertThat(verdict.findings()).extracting(Finding::field, Finding::register)
				.containsExactly(tuple("invalidateQueueDepth", null));
		}

	}

	@Nested
	class Declarations {

		private static final StateDeclaration COUNTER = new StateDeclaration(0x20C, 4, 0x0000_FFFFL,
				"a counter the device keeps in its DVSEC");

		@Test
		void declaredBitsAreClearedInThePinAndNotCompared() {
			Layout pin = declare(DSA_PIN, List.of(COUNTER), Map.of());

			assertThat(pin.image().value(0x20C, 2)).isZero();
			assertThat(verifyDestination(pin, flip(DSA, 0x20C, 4)).findings()).isEmpty();
			// the other half of the register is still compared
			assertThat(verifyDestination(pin, flip(DSA, 0x20E, 4)).findings()).extracting(Finding::register)
				.containsExactly(0x20C);
		}

		@Test
		void aDeclarationChangesTheFingerprint() {
			Layout pin = declare(DSA_PIN, List.of(COUNTER), Map.of());

			assertThat(pin.fingerprint()).isNotEqualTo(DSA_PIN.fingerprint());
			assertThat(LayoutDocument.read(LayoutDocument.write(pin))).isEqualTo(pin);
		}

		@Test
		void aDeclarationOverADecodedFieldComparesTheBlockByBytes() {
			// bits 7:0 of the ATS capability register are state on this device, say
			StateDeclaration ats = new StateDeclaration(0x224, 2, 0x0001, "firmware rewrites the queue depth");
			Layout pin = declare(DSA_PIN, List.of(ats), Map.of());

			assertThat(verifyDestination(pin, flip(DSA, 0x224, 0)).findings()).isEmpty();
			assertThat(verifyDestination(pin, flip(DSA, 0x224, 5)).findings()).extracting(Finding::field)
				.containsExactly("ATS Capability");
		}

		@Test
		void refusesDeclarationsOverStructureIdentityAndSynthesizedBlocks() {
			Layout pin = declare(DSA_PIN, List.of(new StateDeclaration(0x220, 4, 0xFFF0_0000L, "next pointer"),
					new StateDeclaration(0x00, 2, 0x1, "vendor"), new StateDeclaration(0x3E8, 4, 0x1, "synthesized")),
					Map.of());
			Layout composed = LayoutComposer.compose(pin, List.of(), List.of(synthesized(0x3E8)));

			assertThat(ConfigSpaceMap.of(composed).problems()).extracting((problem) -> problem.message())
				.containsExactly("the state declared at 0x0 covers the header's identity, which names the device model",
						"the state declared at 0x220 covers a capability header or the capabilities pointer: the"
								+ " chains are compared as chains, not as state",
						"the state declared at 0x3e8 lies in a synthesized block, whose bytes the VMM builds");
			assertThat(Verifier.verify(composed, false, physical(DSA), physical(DSA), List.of()).findings())
				.extracting(Finding::code)
				.contains(FindingCode.STRUCTURE_INVALID);
		}

	}

	@Nested
	class PerUnitValues {

		private static final ConfigSpaceBuilder UNIT_A = withSerial(0x1122_3344_5566_7788L);

		private static final ConfigSpaceBuilder UNIT_B = withSerial(0x1122_3344_5566_7799L);

		@Test
		void anotherSerialNumberWithoutATreatmentIsInconsistentAndNamesTheChoices() {
			Layout pin = UNIT_A.parse();

			Verdict verdict = Verifier.verify(pin, false, physical(UNIT_A.bytes()), physical(UNIT_B.bytes()),
					List.of());

			assertThat(verdict.consistent()).isFalse();
			assertThat(verdict.findings()).singleElement().satisfies((finding) -> {
				assertThat(finding.code()).isEqualTo(FindingCode.PER_UNIT_VALUE_UNDECLARED);
				assertThat(finding.field()).isEqualTo("Serial Number");
				assertThat(finding.register()).isEqualTo(0x104);
				assertThat(finding.expected()).isEqualTo("0x1122334455667788");
				assertThat(finding.actual()).isEqualTo("0x1122334455667799");
				assertThat(finding.message()).contains("hidden", "synthesized", "exempt");
			});
		}

		@Test
		void anExemptionPassesWithAWarningNamingTheRegister() {
			Layout pin = treat(UNIT_A.parse(), PerUnit.EXEMPT);

			Verdict verdict = Verifier.verify(pin, false, physical(UNIT_A.bytes()), physical(UNIT_B.bytes()),
					List.of());

			assertThat(verdict.consistent()).isTrue();
			assertThat(verdict.findings())
				.extracting(Finding::code, Finding::severity, Finding::field, Finding::expected, Finding::actual)
				.containsExactly(tuple(FindingCode.PER_UNIT_VALUE, Severity.WARNING, "Serial Number",
						"0x1122334455667788", "0x1122334455667799"));
			// the pin records no unit's serial: it is one pin for every unit
			assertThat(pin.image().value(0x104, 8)).isZero();
			assertThat(pin.fingerprint()).isEqualTo(treat(UNIT_B.parse(), PerUnit.EXEMPT).fingerprint());
		}

		@Test
		void aSerialTheVmmSynthesizesIsNeitherComparedNorWarnedAbout() {
			Layout pin = treat(UNIT_A.parse(), PerUnit.SYNTHESIZED);

			Verdict verdict = Verifier.verify(pin, false, physical(UNIT_A.bytes()), physical(UNIT_B.bytes()),
					List.of());

			assertThat(verdict.findings()).isEmpty();
		}

		@Test
		void aHiddenSerialNumberCapabilityNeedsTheBlockHidden() {
			Layout physical = UNIT_A.parse();
			Layout hidden = LayoutComposer.compose(physical, List.of(new BlockRef(Space.EXTENDED, 0x100)), List.of());
			Layout pin = ConfigSpaceMap.recorded(LayoutComposer.declare(hidden, List.of(),
					Map.of(new BlockRef(Space.EXTENDED, 0x100), PerUnit.HIDDEN)));

			Verdict verdict = Verifier.verify(pin, false, physical(UNIT_A.bytes()), physical(UNIT_B.bytes()),
					List.of());

			assertThat(verdict.findings()).isEmpty();
		}

		@Test
		void aTreatmentForABlockWithoutPerUnitRegistersIsRefused() {
			Layout pin = LayoutComposer.declare(DSA_PIN, List.of(),
					Map.of(new BlockRef(Space.EXTENDED, 0x220), PerUnit.EXEMPT));

			assertThat(ConfigSpaceMap.of(pin).problems()).extracting((problem) -> problem.message())
				.containsExactly("the Address Translation Service (ATS) capability at extended 0x220 has no per-unit"
						+ " register to give a treatment");
		}

		private static ConfigSpaceBuilder withSerial(long serial) {
			return expressEndpoint(0x8086, 0x4321)
				.with(0x100, extended(0x0003, 1).u32(0x04, serial).u32(0x08, serial >>> 32))
				.size(4096);
		}

		private static Layout treat(Layout layout, PerUnit treatment) {
			return ConfigSpaceMap.recorded(
					LayoutComposer.declare(layout, List.of(), Map.of(new BlockRef(Space.EXTENDED, 0x100), treatment)));
		}

	}

	@Nested
	class BarSizes {

		private static final ResourceSizes DSA_SIZES = ResourceSizes.of(Map.of(Resource.BAR0, 0x10000L, Resource.BAR2,
				0x20000L, Resource.BAR4, 0L, Resource.BAR5, 0L, Resource.ROM, 0L));

		@Test
		void aSizeThePinRecordsMustBeShown() {
			Layout pin = parse(DSA, DSA_SIZES);

			Verdict verdict = Verifier.verify(pin, false, physical(DSA, DSA_SIZES), physical(DSA), List.of());

			assertThat(verdict.consistent()).isFalse();
			assertThat(verdict.findings()).extracting(Finding::code, Finding::side, Finding::expected)
				.containsExactly(tuple(FindingCode.CANNOT_COMPARE, Side.DESTINATION, "bar0, bar2, bar4, bar5, rom"));
		}

		@Test
		void anotherSizeIsAMismatch() {
			Layout pin = parse(DSA, DSA_SIZES);
			ResourceSizes bigger = ResourceSizes.of(Map.of(Resource.BAR0, 0x20000L, Resource.BAR2, 0x20000L,
					Resource.BAR4, 0L, Resource.BAR5, 0L, Resource.ROM, 0L));

			Verdict verdict = Verifier.verify(pin, false, physical(DSA, DSA_SIZES), physical(DSA, bigger), List.of());

			assertThat(verdict.findings())
				.extracting(Finding::code, Finding::field, Finding::register, Finding::message)
				.containsExactly(tuple(FindingCode.FIELD_MISMATCH, "bar0 size", 0x10,
						"the destination's bar0 decodes 128K, pinned as 64K"));
		}

		@Test
		void withoutSizesInThePinTheSidesMustAgree() {
			ResourceSizes bigger = ResourceSizes.of(Map.of(Resource.BAR0, 0x20000L));

			Verdict verdict = Verifier.verify(DSA_PIN, false, physical(DSA, DSA_SIZES), physical(DSA, bigger),
					List.of());

			assertThat(verdict.findings()).extracting(Finding::code, Finding::field, Finding::message)
				.containsExactly(tuple(FindingCode.FIELD_MISMATCH, "bar0 size",
						"the destination's bar0 decodes 128K, the source's 64K"));
		}

	}

	@Nested
	class CannotCompare {

		@Test
		void aFirstFormatPinRecordsNoBytes() {
			Layout legacy = new Layout(DSA_PIN.identity(), DSA_PIN.coverage(), DSA_PIN.blocks(), DSA_PIN.findings());

			Verdict verdict = verifyDestination(legacy, DSA);

			assertThat(verdict.findings()).extracting(Finding::code, Finding::side)
				.containsExactly(tuple(FindingCode.CANNOT_COMPARE, Side.PIN));
		}

		@Test
		void aSideLayoutUnderOtherStateTablesIsNotCompared() {
			Layout other = DSA_PIN
				.withImage(io.cfgspace.layout.Image.of(DSA_PIN.image().bytes(), ConfigSpaceMap.STATE_TABLES + 1));

			Verdict verdict = Verifier.verify(DSA_PIN, false, physical(DSA),
					new SideView.Physical(other, null, null, null), List.of());

			assertThat(verdict.findings()).extracting(Finding::code, Finding::side)
				.containsExactly(tuple(FindingCode.CANNOT_COMPARE, Side.DESTINATION));
		}

		@Test
		void aSideLayoutRecordsWhatItsDumpShows() {
			byte[] other = flip(DSA, 0x164, 1);

			Verdict verdict = Verifier.verify(DSA_PIN, false, physical(DSA),
					new SideView.Physical(parse(other), null, null, null), List.of());

			assertThat(verdict.findings()).extracting(Finding::register).containsExactly(0x164);
		}

	}

	private static Verdict verifyDestination(Layout pin, byte[] destination) {
		return Verifier.verify(pin, false, physical(DSA), physical(destination), List.of());
	}

	private static SideView physical(byte[] bytes) {
		return physical(bytes, ResourceSizes.UNKNOWN);
	}

	private static SideView physical(byte[] bytes, ResourceSizes sizes) {
		return new SideView.Physical(parse(bytes, sizes), null, null, null, bytes);
	}

	private static Layout parse(byte[] bytes) {
		return parse(bytes, ResourceSizes.UNKNOWN);
	}

	private static Layout parse(byte[] bytes, ResourceSizes sizes) {
		return ConfigSpaceParser.parse(new DeviceDump(null, ConfigSpace.of(bytes), sizes));
	}

	private static Layout declare(Layout pin, List<StateDeclaration> state, Map<BlockRef, PerUnit> perUnit) {
		return ConfigSpaceMap.recorded(LayoutComposer.declare(pin, state, perUnit));
	}

	private static io.cfgspace.layout.LayoutBlock synthesized(int offset) {
		return new io.cfgspace.layout.LayoutBlock(Space.EXTENDED, offset, 0x1B, 1, 8, 0,
				"Process Address Space ID (PASID)", io.cfgspace.layout.Origin.SYNTHESIZED,
				Map.of("maxPasidWidth", 20L));
	}

	private static byte[] flip(byte[] bytes, int offset, int bit) {
		byte[] flipped = bytes.clone();
		flipped[offset] ^= (byte) (1 << bit);
		return flipped;
	}

	/** The dword at {@code offset}, as a finding writes a register of read-only bits. */
	private static String hex32(byte[] bytes, int offset) {
		long value = (bytes[offset] & 0xFF) | ((bytes[offset + 1] & 0xFFL) << 8) | ((bytes[offset + 2] & 0xFFL) << 16)
				| ((bytes[offset + 3] & 0xFFL) << 24);
		return String.format("0x%08x", value);
	}

}
