package io.cfgspace.verification.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.cfgspace.configspace.ConfigSpace;
import io.cfgspace.configspace.ConfigSpaceBuilder;
import io.cfgspace.configspace.ConfigSpaceParser;
import io.cfgspace.configspace.Corpus;
import io.cfgspace.configspace.read.Dumps;
import io.cfgspace.layout.BlockRef;
import io.cfgspace.layout.Json;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutBlock;
import io.cfgspace.layout.LayoutComposer;
import io.cfgspace.layout.Origin;
import io.cfgspace.layout.Space;
import org.junit.jupiter.api.Test;

/**
 * What each seeded VMM profile is told for a pin, and when it must refuse: the Intel DSA
 * (PASID at 0x230) and the Skylake iGPU (a vendor-specific capability at 0x40, PASID at
 * 0x100) of the corpus.
 */
class VmmBuildTest {

	private static final int PASID = 0x1B;

	private static final List<String> QEMU_WITHOUT_SYNTHESIS = List.of("qemu-9.0", "qemu-9.1-machine-9.0",
			"qemu-9.1-machine-9.1", "qemu-11.0-q35-9.0", "qemu-11.0-q35-9.1");

	private static final List<String> QEMU_WITH_PASID = List.of("qemu-11.0-virt-9.0", "qemu-11.0-virt-9.1");

	private static final String CLOUD_HYPERVISOR = "cloud-hypervisor-pasid-0xff8";

	@Test
	void everySeededProfileIsReadAndWrittenBackAlike() {
		Map<String, VmmProfile> seeded = SeededVmmProfiles.all();
		assertThat(seeded.keySet()).containsExactlyInAnyOrderElementsOf(
				concat(QEMU_WITHOUT_SYNTHESIS, QEMU_WITH_PASID, List.of(CLOUD_HYPERVISOR)));
		for (VmmProfile profile : seeded.values()) {
			String written = Json.canonical(VmmProfileJson.write(profile));
			assertThat(VmmProfileJson.read(Json.parse(written), null)).isEqualTo(profile);
			assertThat(profile.source()).as(profile.name()).isNotBlank();
			assertThat(profile.hidden(Space.EXTENDED, PASID)).as("vfio hides the physical PASID").isNotNull();
		}
	}

	@Test
	void qemuWithTheVpasidSeriesPlacesThePinnedPasidThroughItsProperty() {
		Layout pin = dsaWithPasidSynthesizedAt(0x230);
		for (String name : QEMU_WITH_PASID) {
			VmmBuild build = VmmBuild.of(pin, SeededVmmProfiles.named(name));
			assertThat(build.refusals()).as(name).isEmpty();
			assertThat(build.properties()).extracting(VmmBuild.Property::name, VmmBuild.Property::value)
				.containsExactly(org.assertj.core.groups.Tuple.tuple("x-vpasid-cap-offset", 0x230));
			assertThat(build.libvirtOverride("ua-dsa0")).isEqualTo("""
					<qemu:override xmlns:qemu="http://libvirt.org/schemas/domain/qemu/1.0">
					  <qemu:device alias="ua-dsa0">
					    <qemu:frontend>
					      <qemu:property name="x-vpasid-cap-offset" type="unsigned" value="560"/>
					    </qemu:frontend>
					  </qemu:device>
					</qemu:override>
					""");
			assertThat(build.commandLine("0000:6a:01.0", "ua-dsa0"))
				.isEqualTo("-device vfio-pci,host=0000:6a:01.0,id=ua-dsa0,x-vpasid-cap-offset=560");
			assertThat(build.notes()).anySatisfy((note) -> assertThat(note).contains("arm-smmuv3,accel=on"));
		}
	}

	@Test
	void theDefaultOffsetIsStillSetExplicitlyWhereAPropertyExists() {
		VmmBuild build = VmmBuild.of(dsaWithPasidSynthesizedAt(0xFF8), SeededVmmProfiles.named("qemu-11.0-virt-9.1"));
		assertThat(build.properties()).extracting(VmmBuild.Property::value).containsExactly(4088);
	}

	@Test
	void qemuWithoutTheSeriesRefusesAPinWithASynthesizedPasid() {
		for (String name : QEMU_WITHOUT_SYNTHESIS) {
			VmmBuild build = VmmBuild.of(dsaWithPasidSynthesizedAt(0x230), SeededVmmProfiles.named(name));
			assertThat(build.buildable()).as(name).isFalse();
			assertThat(build.refusals())
				.containsExactly(name + " cannot synthesize the Process Address Space ID (PASID) at 0x230 the pin has");
			assertThat(build.libvirtOverride("ua-dsa0")).isNull();
		}
	}

	@Test
	void cloudHypervisorBuildsAPasidAt0xff8AndNowhereElse() {
		VmmProfile profile = SeededVmmProfiles.named(CLOUD_HYPERVISOR);
		VmmBuild atDefault = VmmBuild.of(dsaWithPasidSynthesizedAt(0xFF8), profile);
		assertThat(atDefault.refusals()).isEmpty();
		assertThat(atDefault.properties()).isEmpty();
		assertThat(atDefault.libvirtOverride("ua-dsa0")).isNull();
		assertThat(atDefault.commandLine("0000:6a:01.0", null))
			.isEqualTo("--device path=/sys/bus/pci/devices/0000:6a:01.0/");
		assertThat(VmmBuild.of(dsaWithPasidSynthesizedAt(0x230), profile).refusals()).containsExactly(CLOUD_HYPERVISOR
				+ " places a synthesized Process Address Space ID (PASID) only at 0xff8, but the pin has it at 0x230");
	}

	@Test
	void everyProfileRefusesToShowAPasidTheKernelHides() {
		Layout physical = layout("intel-dsa-spr-rciep");
		for (VmmProfile profile : SeededVmmProfiles.all().values()) {
			assertThat(VmmBuild.of(physical, profile).refusals()).as(profile.name())
				.singleElement()
				.satisfies((refusal) -> assertThat(refusal)
					.startsWith("the pin shows the physical Process Address Space ID (PASID) at 0x230, but "
							+ profile.name() + " hides it: the kernel's vfio-pci hides them"));
		}
	}

	/**
	 * vfio's length table ends at DVSEC (0x23): every later extended capability, Shadow
	 * Functions (0x2d) and IDs no spec has yet included, reads as length 0 and is hidden.
	 */
	@Test
	void everyProfileHidesTheExtendedCapabilitiesAfterDvsecAsTheKernelDoes() {
		for (VmmProfile profile : SeededVmmProfiles.all().values()) {
			assertThat(profile.hidden(Space.EXTENDED, 0x23)).as(profile.name() + ": DVSEC").isNull();
			for (int id : new int[] { 0x24, 0x2D, 0x32, 0x7F, 0xFFFF }) {
				assertThat(profile.hidden(Space.EXTENDED, id)).as(profile.name() + ": 0x%x", id).isNotNull();
			}
		}
	}

	@Test
	void aPinThatOnlyHidesThePasidNeedsNoProperty() {
		Layout pin = LayoutComposer.compose(layout("intel-dsa-spr-rciep"), List.of(new BlockRef(Space.EXTENDED, 0x230)),
				List.of());
		for (VmmProfile profile : SeededVmmProfiles.all().values()) {
			VmmBuild build = VmmBuild.of(pin, profile);
			assertThat(build.refusals()).as(profile.name()).isEmpty();
			assertThat(build.properties()).isEmpty();
		}
		assertThat(VmmBuild.of(pin, SeededVmmProfiles.named("qemu-11.0-virt-9.1")).notes())
			.anySatisfy((note) -> assertThat(note).contains("may synthesize a capability 0x1b at 0xff8 by itself"));
	}

	@Test
	void noProfileCanHideWhatTheKernelShows() {
		// PRI at 0x240 is visible and read-only through vfio; no VMM setting hides it
		Layout pin = LayoutComposer.compose(layout("intel-dsa-spr-rciep"),
				List.of(new BlockRef(Space.EXTENDED, 0x230), new BlockRef(Space.EXTENDED, 0x240)), List.of());
		for (VmmProfile profile : SeededVmmProfiles.all().values()) {
			assertThat(VmmBuild.of(pin, profile).refusals()).as(profile.name())
				.containsExactly("the pin hides the physical Page Request Interface (PRI) at 0x240, but "
						+ profile.name() + " shows it to the guest, and no setting hides it");
		}
	}

	@Test
	void aPropertyTakesOnlyAlignedOffsetsWithinExtendedSpace() {
		VmmProfile profile = SeededVmmProfiles.named("qemu-11.0-virt-9.1");
		Layout physical = layout("intel-dsa-spr-rciep");
		LayoutBlock pasid = ConfigSpaceBuilder.blockAt(physical, 0x230);
		Layout misaligned = new Layout(physical.identity(), physical.coverage(), List.of(new LayoutBlock(Space.EXTENDED,
				0x3F2, PASID, 1, 8, 0, pasid.name(), Origin.SYNTHESIZED, pasid.fields())), List.of());
		assertThat(VmmBuild.of(misaligned, profile).refusals()).containsExactly("qemu-11.0-virt-9.1's"
				+ " x-vpasid-cap-offset takes offsets from 0x100 that are multiples of 4 and leave the block within"
				+ " 0x1000, but the pin has the Process Address Space ID (PASID) at 0x3f2");
	}

	@Test
	void sayWhatEachQemuDoesWithAVendorSpecificBody() {
		Layout skylake = LayoutComposer.compose(layout("intel-skylake-gt2-igpu"),
				List.of(new BlockRef(Space.EXTENDED, 0x100)), List.of());
		assertThat(VmmBuild.of(skylake, SeededVmmProfiles.named("qemu-9.1-machine-9.0")).notes())
			.contains("the vendor-specific capability at 0x040: qemu-9.1-machine-9.0 compares its body byte by byte on"
					+ " migration (vfio-pci skip-vsc-check off)");
		assertThat(VmmBuild.of(skylake, SeededVmmProfiles.named("qemu-9.1-machine-9.1")).notes()).contains(
				"the vendor-specific capability at 0x040: qemu-9.1-machine-9.1 leaves its body out of its migration"
						+ " check (vfio-pci skip-vsc-check on); cfgspace still compares it");
	}

	@Test
	void aProfileDescribesTheVmmVersionsAndMachineTypesOfItsRule() {
		Map<String, VmmProfile> seeded = SeededVmmProfiles.all();
		assertThat(describing(seeded, "8.2.2", "pc-q35-8.2")).containsExactly("qemu-9.0");
		assertThat(describing(seeded, "9.2.0", "pc-q35-9.0")).containsExactly("qemu-9.1-machine-9.0");
		assertThat(describing(seeded, "10.1.0", "pc-q35-10.1")).containsExactly("qemu-9.1-machine-9.1");
		assertThat(describing(seeded, "11.0.0", "pc-q35-11.0")).containsExactly("qemu-11.0-q35-9.1");
		assertThat(describing(seeded, "11.0.0", "virt-9.0")).containsExactly("qemu-11.0-virt-9.0");
		assertThat(describing(seeded, "11.0.0", "virt-10.2")).containsExactly("qemu-11.0-virt-9.1");
		assertThat(describing(seeded, "11.0.0", "q35")).as("an unversioned alias").isEmpty();
		assertThat(VmmProfile.versionIn("QEMU emulator version 9.2.0 (Debian 1:9.2.0+ds-1)")).isEqualTo("9.2.0");
		assertThat(VmmProfile.versionIn("cloud-hypervisor v48.0.0")).isEqualTo("48.0.0");
	}

	private static List<String> describing(Map<String, VmmProfile> profiles, String version, String machine) {
		return profiles.values()
			.stream()
			.filter((p) -> p.describes(VmmProfile.Vmm.QEMU, version, machine))
			.map(VmmProfile::name)
			.toList();
	}

	/** The DSA with its physical PASID hidden and the VMM's own at {@code offset}. */
	static Layout dsaWithPasidSynthesizedAt(int offset) {
		Layout physical = layout("intel-dsa-spr-rciep");
		LayoutBlock pasid = ConfigSpaceBuilder.blockAt(physical, 0x230);
		return LayoutComposer.compose(physical, List.of(new BlockRef(Space.EXTENDED, 0x230)),
				List.of(new LayoutBlock(Space.EXTENDED, offset, PASID, pasid.version(), pasid.length(), 0, pasid.name(),
						Origin.SYNTHESIZED, pasid.fields())));
	}

	static Layout layout(String name) {
		return ConfigSpaceParser
			.parse(ConfigSpace.of(Dumps.read(Corpus.bytes(name)).get(0).configSpace().toByteArray()));
	}

	@SafeVarargs
	private static List<String> concat(List<String>... lists) {
		return java.util.Arrays.stream(lists).flatMap(List::stream).toList();
	}

}
