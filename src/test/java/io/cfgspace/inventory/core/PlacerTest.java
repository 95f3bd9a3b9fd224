package io.cfgspace.inventory.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.cfgspace.inventory.Devices;
import io.cfgspace.inventory.core.Placement.ReasonCode;
import io.cfgspace.layout.Layout;
import io.cfgspace.verification.core.FindingCode;
import io.cfgspace.verification.core.IommuSupport;
import io.cfgspace.verification.core.Quirk;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlacerTest {

	private static final int GPU = 0x7001;

	private static final int DSA = 0x7002;

	private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	private static final IommuSupport PASID_20 = IommuSupport.fromIommufd(20, 0, false, false);

	private static final byte[] GPU_CONFIG = Devices.config(Devices.SKYLAKE, GPU);

	private static final PinnedDevice GPU_PIN = new PinnedDevice("gpu", "8086:7001", 1,
			Devices.pinWithPasid(GPU_CONFIG, 16), false, List.of());

	private static final PinnedDevice DSA_PIN = new PinnedDevice("dsa", "8086:7002", 1,
			Devices.layout(Devices.config(Devices.DSA, DSA)), false, List.of());

	private static HostDevice device(String address, byte[] config) {
		Layout layout = Devices.layout(config);
		return new HostDevice(address, layout, layout.fingerprint(), "vfio-pci", null);
	}

	private static HostDevice gpu(String address) {
		return device(address, Devices.config(Devices.SKYLAKE, GPU));
	}

	private static HostDevice movedGpu(String address) {
		return device(address, Devices.skylakeWithMovedPri(GPU));
	}

	private static HostDevice dsa(String address) {
		return device(address, Devices.config(Devices.DSA, DSA));
	}

	private static Host host(String name, IommuSupport iommu, HostDevice... devices) {
		return new Host(name, List.of(devices), iommu, NOW.minusSeconds(60));
	}

	private static Placement place(List<PinnedDevice> vm, Host... hosts) {
		return new Placer(List.of(hosts), NOW.minusSeconds(900)).place(vm);
	}

	@Test
	void assignsEachVmDeviceItsOwnHostDevice() {
		Placement placement = place(List.of(GPU_PIN, GPU_PIN, DSA_PIN),
				host("h1", PASID_20, gpu("0000:01:00.0"), gpu("0000:02:00.0"), dsa("0000:03:00.0")));
		assertThat(placement.rejections()).isEmpty();
		assertThat(placement.fits()).singleElement()
			.satisfies((fit) -> assertThat(fit.assignments()).extracting(Placement.Assignment::hostAddress)
				.containsExactly("0000:01:00.0", "0000:02:00.0", "0000:03:00.0"));
	}

	@Test
	void rejectsAMovedCapabilityWithItsFinding() {
		Placement placement = place(List.of(GPU_PIN), host("h1", PASID_20, movedGpu("0000:01:00.0")));
		assertThat(placement.fits()).isEmpty();
		Placement.Reason reason = placement.rejections().get(0).reasons().get(0);
		assertThat(reason.code()).isEqualTo(ReasonCode.NO_DEVICE_PRESENTS_PIN);
		assertThat(reason.candidates()).singleElement()
			.satisfies((candidate) -> assertThat(candidate.findings()).extracting((f) -> f.code())
				.contains(FindingCode.OFFSET_MISMATCH));
	}

	@Test
	void tooFewFittingDevicesAreNamedAsSuch() {
		Placement placement = place(List.of(GPU_PIN, GPU_PIN),
				host("h1", PASID_20, gpu("0000:01:00.0"), movedGpu("0000:02:00.0")));
		assertThat(placement.fits()).isEmpty();
		Placement.Reason reason = placement.rejections().get(0).reasons().get(0);
		assertThat(reason.code()).isEqualTo(ReasonCode.TOO_FEW_DEVICES);
		assertThat(reason.device()).isEqualTo(1);
		assertThat(reason.candidates()).extracting(Placement.Candidate::address)
			.containsExactly("0000:01:00.0", "0000:02:00.0");
	}

	@Test
	void aWeakerIommuCannotBackTheSynthesizedPasid() {
		Placement placement = place(List.of(GPU_PIN),
				host("h1", IommuSupport.fromIommufd(8, 0, false, false), gpu("0000:01:00.0")),
				host("h2", null, gpu("0000:01:00.0")));
		assertThat(placement.rejections())
			.extracting((r) -> r.reasons().get(0).candidates().get(0).findings().get(0).code())
			.containsExactly(FindingCode.IOMMU_LACKS_CAPABILITY, FindingCode.IOMMU_UNKNOWN);
	}

	@Test
	void aQuirkedDeviceHasNoRoomForTheSynthesizedBlock() {
		PinnedDevice quirked = new PinnedDevice(null, "8086:7001", 1, GPU_PIN.pin(), false,
				List.of(new Quirk(0x8086, GPU, null, true, List.of(), "registers in the gaps")));
		Placement placement = place(List.of(quirked), host("h1", PASID_20, gpu("0000:01:00.0")));
		assertThat(placement.rejections().get(0).reasons().get(0).candidates().get(0).findings())
			.extracting((f) -> f.code())
			.containsExactly(FindingCode.SYNTHESIZED_IN_HIDDEN_REGISTERS);
	}

	@Test
	void aHostWithoutTheDeviceSaysSo() {
		Placement placement = place(List.of(GPU_PIN, DSA_PIN), host("h1", PASID_20, gpu("0000:01:00.0")));
		assertThat(placement.rejections().get(0).reasons()).singleElement()
			.satisfies((reason) -> assertThat(reason.code()).isEqualTo(ReasonCode.NO_SUCH_DEVICE))
			.satisfies((reason) -> assertThat(reason.device()).isEqualTo(1));
	}

	@Test
	void staleHostsAreListedApartAndNotJudged() {
		Host old = new Host("old", List.of(gpu("0000:01:00.0")), PASID_20, NOW.minusSeconds(3600));
		Placement placement = place(List.of(GPU_PIN), old, host("new", PASID_20, gpu("0000:01:00.0")));
		assertThat(placement.fits()).extracting(Placement.Fit::host).containsExactly("new");
		assertThat(placement.stale()).extracting(Placement.StaleHost::host).containsExactly("old");
	}

	@Test
	void excludedHostsAreLeftOut() {
		Placement placement = new Placer(
				List.of(host("a", PASID_20, gpu("0000:01:00.0")), host("b", PASID_20, gpu("0000:01:00.0"))),
				NOW.minusSeconds(900))
			.place(List.of(GPU_PIN), Set.of("a"));
		assertThat(placement.fits()).extracting(Placement.Fit::host).containsExactly("b");
	}

	@Test
	void verifiesEachPinFingerprintAndIommuOnce() {
		List<Host> hosts = new ArrayList<>();
		for (int i = 0; i < 500; i++) {
			hosts.add(host(String.format("h%03d", i), PASID_20, gpu("0000:01:00.0"), gpu("0000:02:00.0"),
					(i % 2 == 0) ? movedGpu("0000:03:00.0") : dsa("0000:03:00.0")));
		}
		Placer placer = new Placer(hosts, NOW.minusSeconds(900));
		Placement placement = placer.place(List.of(GPU_PIN, GPU_PIN, DSA_PIN));
		assertThat(placement.fits()).hasSize(250);
		assertThat(placement.rejections()).hasSize(250);
		// GPU pin x {gpu, moved gpu}, DSA pin x {dsa}
		assertThat(placer.verifications()).isEqualTo(3);
	}

}
