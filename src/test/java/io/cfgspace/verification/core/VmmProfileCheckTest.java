package io.cfgspace.verification.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.cfgspace.layout.BlockRef;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutComposer;
import io.cfgspace.layout.Space;
import org.junit.jupiter.api.Test;

/**
 * A verification that names each side's VMM profile: the same device on both sides, so
 * that only the profiles can differ.
 */
class VmmProfileCheckTest {

	/** The Skylake iGPU, a vendor-specific capability at 0x40, its PASID hidden. */
	private static final Layout SKYLAKE = LayoutComposer.compose(VmmBuildTest.layout("intel-skylake-gt2-igpu"),
			List.of(new BlockRef(Space.EXTENDED, 0x100)), List.of());

	@Test
	void profilesThatTreatVendorSpecificBodiesDifferentlyAreAMismatch() {
		Verdict verdict = verify(SKYLAKE, "qemu-9.1-machine-9.1", "qemu-9.1-machine-9.0");
		assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.INCONSISTENT);
		assertThat(verdict.findings()).singleElement().satisfies((finding) -> {
			assertThat(finding.code()).isEqualTo(FindingCode.VMM_PROFILE_MISMATCH);
			assertThat(finding.offset()).isEqualTo(0x40);
			assertThat(finding.message()).isEqualTo("the source's VMM profile qemu-9.1-machine-9.1 has the body of the"
					+ " vendor-specific capability at 0x040 skipped on migration, the destination's"
					+ " qemu-9.1-machine-9.0 compared: the two VMMs do not agree what of the pinned block is migration"
					+ " state");
		});
		assertThat(verify(SKYLAKE, "qemu-9.1-machine-9.1", "qemu-11.0-q35-9.1").consistent()).isTrue();
	}

	@Test
	void withoutAVendorSpecificCapabilityTheirCheckDoesNotMatter() {
		Layout dsa = LayoutComposer.compose(VmmBuildTest.layout("intel-dsa-spr-rciep"),
				List.of(new BlockRef(Space.EXTENDED, 0x230)), List.of());
		assertThat(verify(dsa, "qemu-9.1-machine-9.1", "qemu-9.1-machine-9.0").consistent()).isTrue();
	}

	@Test
	void aDestinationProfileThatCannotBuildThePinIsAMismatch() {
		Verdict verdict = verify(VmmBuildTest.dsaWithPasidSynthesizedAt(0x230), "qemu-11.0-virt-9.1",
				"qemu-9.1-machine-9.1");
		assertThat(verdict.findings()).extracting(Finding::code, Finding::side)
			.containsExactly(
					org.assertj.core.groups.Tuple.tuple(FindingCode.VMM_PROFILE_MISMATCH, Finding.Side.DESTINATION));
		assertThat(verdict.findings().get(0).message()).isEqualTo("the destination's VMM profile cannot build the"
				+ " pinned layout: qemu-9.1-machine-9.1 cannot synthesize the Process Address Space ID (PASID) at"
				+ " 0x230 the pin has");
	}

	private static Verdict verify(Layout pin, String source, String destination) {
		IommuSupport iommu = IommuSupport.fromVtd(0x00D2_008C_1066_0462L,
				(1L << 40) | (19L << 35) | (1L << 31) | (1L << 30) | (1L << 29) | (1L << 2) | 0xCB);
		return Verifier.verify(ComparedPin.of(pin), false, new SideView.Virtual(pin, null),
				new SideView.Physical(
						VmmBuildTest.layout(pin == SKYLAKE ? "intel-skylake-gt2-igpu" : "intel-dsa-spr-rciep"), null,
						null, iommu),
				List.of(),
				new VmmProfileCheck.Profiles(SeededVmmProfiles.named(source), SeededVmmProfiles.named(destination)));
	}

}
