package io.cfgspace.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.cfgspace.Api;
import io.cfgspace.IntegrationTest;
import io.cfgspace.layout.Json;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A dozen hosts built from corpus dumps report their devices; the placement query and a
 * drain check must name exactly the hosts that can present each pin, and why the others
 * cannot. Models: a Skylake iGPU pinned with a synthesized PASID at 0xff8 (needs an IOMMU
 * with 16 PASID bits), an Intel DSA pinned as shipped, and a second Skylake model whose
 * device keeps registers in its gaps (a quirk).
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlacementApiIntegrationTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	Api operator;

	Api verifier;

	Api viewer;

	String prefix;

	int gpu;

	int dsa;

	int quirked;

	String gpuKey;

	String dsaKey;

	String quirkedKey;

	List<String> hosts;

	/** Once for all tests: they only query. */
	@BeforeAll
	void fleet() {
		this.operator = Api.admin(this.port).withRole("operator");
		this.verifier = Api.admin(this.port).withReportingRole("verifier");
		this.viewer = Api.admin(this.port).withRole("viewer");
		ThreadLocalRandom random = ThreadLocalRandom.current();
		this.prefix = "p" + Integer.toHexString(random.nextInt(0x100000, 0xFFFFFF)) + "-";
		this.gpu = random.nextInt(0x1000, 0x5000);
		this.dsa = random.nextInt(0x5000, 0xA000);
		this.quirked = random.nextInt(0xA000, 0xFFFF);
		this.gpuKey = model(this.gpu, Devices.config(Devices.SKYLAKE, this.gpu), true);
		this.dsaKey = model(this.dsa, Devices.config(Devices.DSA, this.dsa), false);
		this.quirkedKey = model(this.quirked, Devices.config(Devices.SKYLAKE, this.quirked), true);
		Api.admin(this.port)
			.post("/api/v1/quirks",
					Json.canonical(Map.of("vendorId", 0x8086L, "deviceId", (long) this.quirked, "allGaps", true,
							"reason", "test device with registers in its gaps")))
			.expect(201);

		Map<String, Object> pasid20 = Map.of("iommufd", Map.of("maxPasidLog2", 20L, "capabilities", 0L));
		Map<String, Object> pasid8 = Map.of("iommufd", Map.of("maxPasidLog2", 8L, "capabilities", 0L));
		byte[] gpuOk = Devices.config(Devices.SKYLAKE, this.gpu);
		byte[] gpuMoved = Devices.skylakeWithMovedPri(this.gpu);
		byte[] dsaOk = Devices.config(Devices.DSA, this.dsa);
		byte[] dsaMoved = Devices.dsaWithMovedLtr(this.dsa);
		byte[] quirkedGpu = Devices.config(Devices.SKYLAKE, this.quirked);
		this.hosts = new ArrayList<>();
		report("h01", pasid20, gpuOk, gpuOk, dsaOk);
		report("h02", pasid20, gpuOk, dsaOk);
		report("h03", pasid20, gpuMoved, dsaOk);
		report("h04", pasid20, gpuOk, dsaMoved);
		report("h05", pasid8, gpuOk, dsaOk);
		report("h06", null, gpuOk, dsaOk);
		report("h07", pasid20, quirkedGpu, dsaOk);
		report("h08", pasid20, gpuOk, dsaOk);
		report("h09", pasid20, dsaOk);
		report("h10", pasid20, gpuMoved, gpuOk, dsaOk);
		report("h11", pasid20, gpuOk, gpuOk, gpuMoved, dsaOk);
		// h12 names its devices by the fingerprints other hosts sent the dumps of
		Map<String, Object> h01 = this.viewer.get("/api/v1/hosts/" + this.prefix + "h01").expect(200).map();
		List<Map<String, Object>> devices = new ArrayList<>();
		for (Object device : (List<?>) h01.get("devices")) {
			Map<?, ?> known = (Map<?, ?>) device;
			if (!known.get("address").equals("0000:02:00.0")) {
				devices.add(Map.of("address", known.get("address"), "fingerprint", known.get("fingerprint")));
			}
		}
		put("h12", Map.of("iommu", pasid20, "devices", devices)).expect(201);
		this.hosts.add(this.prefix + "h12");
		// h08 has not reported for an hour
		this.jdbc.update("update host set last_seen = ? where name = ?",
				Timestamp.from(Instant.now().minusSeconds(3600)), this.prefix + "h08");
	}

	private String model(int device, byte[] config, boolean synthesizedPasid) {
		String key = String.format("8086:%04x", device);
		this.operator.post("/api/v1/device-models", Json.canonical(Map.of("key", key, "displayName", "Model " + key)))
			.expect(201);
		Map<String, Object> pin = new LinkedHashMap<>();
		pin.put("dump", Devices.hex(config));
		if (synthesizedPasid) {
			pin.put("synthesized", List.of(Devices.pasidRequest(16)));
		}
		this.operator.post("/api/v1/device-models/" + key + "/pins", Json.canonical(pin)).expect(201);
		return key;
	}

	/** A host whose devices sit at 0000:01:00.0, 0000:02:00.0, ... in this order. */
	private void report(String name, Map<String, Object> iommu, byte[]... configs) {
		List<Map<String, Object>> devices = new ArrayList<>();
		for (int i = 0; i < configs.length; i++) {
			devices.add(Map.of("address", String.format("0000:%02x:00.0", i + 1), "dump", Devices.hex(configs[i]),
					"driver", "vfio-pci"));
		}
		Map<String, Object> body = new LinkedHashMap<>();
		if (iommu != null) {
			body.put("iommu", iommu);
		}
		body.put("vmmVersion", "qemu 9.2.0");
		body.put("devices", devices);
		put(name, body).expect(201);
		this.hosts.add(this.prefix + name);
	}

	private Api.Response put(String name, Map<String, Object> body) {
		return this.verifier.send("PUT", "/api/v1/hosts/" + this.prefix + name + "/report", "application/json",
				Json.canonical(body));
	}

	private Map<String, Object> device(String key, String label) {
		return Map.of("modelKey", key, "pinVersion", 1L, "label", label);
	}

	private Map<String, Object> place(List<Map<String, Object>> devices) {
		return this.viewer.post("/api/v1/placements", Json.canonical(Map.of("devices", devices, "hosts", this.hosts)))
			.expect(200)
			.map();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> list(Map<String, Object> map, String member) {
		return (List<Map<String, Object>>) map.get(member);
	}

	private List<String> names(List<Map<String, Object>> hosts) {
		return hosts.stream().map((h) -> ((String) h.get("host")).substring(this.prefix.length())).toList();
	}

	/**
	 * Per rejected host: each reason's code and the first finding's code of each host
	 * device.
	 */
	private Map<String, List<String>> reasons(Map<String, Object> placement) {
		Map<String, List<String>> reasons = new LinkedHashMap<>();
		for (Map<String, Object> rejected : list(placement, "rejected")) {
			List<String> codes = new ArrayList<>();
			for (Map<String, Object> reason : list(rejected, "reasons")) {
				StringBuilder code = new StringBuilder(reason.get("label") + " " + reason.get("code"));
				for (Map<String, Object> hostDevice : list(reason, "hostDevices")) {
					List<Map<String, Object>> findings = list(hostDevice, "findings");
					code.append(" ")
						.append(hostDevice.get("address"))
						.append(findings.isEmpty() ? " fits" : " " + findings.get(0).get("code"));
				}
				codes.add(code.toString());
			}
			reasons.put(((String) rejected.get("host")).substring(this.prefix.length()), codes);
		}
		return reasons;
	}

	@Test
	void aHostWhoseVmmProfileCannotBuildThePinIsRejectedWithTheReason() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("iommu", Map.of("iommufd", Map.of("maxPasidLog2", 20L, "capabilities", 0L)));
		body.put("vmmVersion", "QEMU emulator version 9.2.0");
		body.put("machineType", "pc-q35-9.2");
		body.put("devices", List.of(Map.of("address", "0000:01:00.0", "dump",
				Devices.hex(Devices.config(Devices.SKYLAKE, this.gpu)), "driver", "vfio-pci")));
		Map<String, Object> reported = put("v13", body).expect(201).map();
		assertThat(list(Map.of("h", List.of(reported.get("host"))), "h").get(0))
			.containsEntry("vmmProfile", "qemu-9.1-machine-9.1")
			.containsEntry("machineType", "pc-q35-9.2");
		body.put("vmmProfile", "qemu-7");
		put("v13", body).problem(404, "vmm-profile-not-found");

		Map<String, Object> placement = this.viewer
			.post("/api/v1/placements", Json.canonical(Map.of("devices", List.of(device(this.gpuKey, "gpu")), "hosts",
					List.of(this.prefix + "v13", this.prefix + "h02"))))
			.expect(200)
			.map();
		assertThat(names(list(placement, "candidates"))).containsExactly("h02");
		assertThat(list(placement, "rejected")).singleElement().satisfies((rejected) -> {
			assertThat(rejected).containsEntry("host", this.prefix + "v13");
			assertThat(list(rejected, "reasons")).singleElement()
				.satisfies((reason) -> assertThat(reason).containsEntry("code", "VMM_PROFILE_CANNOT_BUILD")
					.containsEntry("message", "pin " + this.gpuKey + " v1: the pin shows the physical Process Address"
							+ " Space ID (PASID) at 0x100, but qemu-9.1-machine-9.1 hides it: the kernel's vfio-pci"
							+ " hides them (vfio_pci_config.c: pci_ext_cap_length 0 for these and for every"
							+ " ID after DVSEC 0x23, and every ID above PCI_EXT_CAP_ID_MAX)"));
		});
	}

	@Test
	void findsExactlyTheHostsThatPresentEveryPin() {
		Map<String, Object> placement = place(List.of(device(this.gpuKey, "gpu"), device(this.dsaKey, "dsa")));
		assertThat(names(list(placement, "candidates"))).containsExactly("h01", "h02", "h10", "h11", "h12");
		assertThat(names(list(placement, "stale"))).containsExactly("h08");
		assertThat(list(placement, "unknownHosts")).isEmpty();
		Map<String, List<String>> reasons = reasons(placement);
		assertThat(reasons).containsOnlyKeys("h03", "h04", "h05", "h06", "h07", "h09");
		assertThat(reasons.get("h03")).containsExactly("gpu NO_DEVICE_PRESENTS_PIN 0000:01:00.0 OFFSET_MISMATCH");
		assertThat(reasons.get("h04")).containsExactly("dsa NO_DEVICE_PRESENTS_PIN 0000:02:00.0 OFFSET_MISMATCH");
		assertThat(reasons.get("h05"))
			.containsExactly("gpu NO_DEVICE_PRESENTS_PIN 0000:01:00.0 IOMMU_LACKS_CAPABILITY");
		assertThat(reasons.get("h06")).containsExactly("gpu NO_DEVICE_PRESENTS_PIN 0000:01:00.0 IOMMU_UNKNOWN");
		assertThat(reasons.get("h07")).containsExactly("gpu NO_SUCH_DEVICE");
		assertThat(reasons.get("h09")).containsExactly("gpu NO_SUCH_DEVICE");

		// h10's moved GPU at 01:00.0 does not fit: the VM gets the one at 02:00.0
		Map<String, Object> h10 = list(placement, "candidates").get(2);
		assertThat(list(h10, "assignments")).extracting((a) -> a.get("label") + "=" + a.get("hostAddress"))
			.containsExactly("gpu=0000:02:00.0", "dsa=0000:03:00.0");
	}

	@Test
	void twoIdenticalDevicesNeedTwoFittingOnes() {
		Map<String, Object> placement = place(List.of(device(this.gpuKey, "gpu-a"), device(this.gpuKey, "gpu-b")));
		assertThat(names(list(placement, "candidates"))).containsExactly("h01", "h11");
		Map<String, Object> h11 = list(placement, "candidates").get(1);
		assertThat(list(h11, "assignments")).extracting((a) -> a.get("hostAddress"))
			.containsExactly("0000:01:00.0", "0000:02:00.0");
		assertThat(reasons(placement).get("h10"))
			.containsExactly("gpu-b TOO_FEW_DEVICES 0000:02:00.0 fits 0000:01:00.0 OFFSET_MISMATCH");
	}

	@Test
	void aQuirkedDeviceHasNoRoomForTheSynthesizedPasid() {
		Map<String, Object> placement = place(List.of(device(this.quirkedKey, "quirked")));
		assertThat(list(placement, "candidates")).isEmpty();
		assertThat(reasons(placement).get("h07"))
			.containsExactly("quirked NO_DEVICE_PRESENTS_PIN 0000:01:00.0 SYNTHESIZED_IN_HIDDEN_REGISTERS");
	}

	/**
	 * A second model of the DSA, its first version proposed with four-eyes on: the hook
	 * would refuse every migration against it, so no host is a candidate, a drain places
	 * its VM nowhere and no VMM is configured for it, until another person approves it.
	 * It names the DSA's revision, so the hosts' DSAs are its devices from now on (a
	 * variant would tie with the first model, and a device that ties is unmodelled).
	 */
	@Test
	void aProposalIsNotInForceForPlacementDrainsOrTheVmm() {
		String key = this.dsaKey + String.format(":r%02x", Devices.config(Devices.DSA, this.dsa)[8] & 0xff);
		this.operator.post("/api/v1/device-models", Json.canonical(Map.of("key", key, "displayName", "DSA, four-eyes")))
			.expect(201);
		Api.admin(this.port)
			.send("PUT", "/api/v1/device-models/" + key + "/four-eyes", "application/json",
					Json.canonical(Map.of("required", true)))
			.expect(200);
		this.operator
			.post("/api/v1/device-models/" + key + "/pins",
					Json.canonical(Map.of("dump", Devices.hex(Devices.config(Devices.DSA, this.dsa)))))
			.expect(201);
		List<String> asShipped = names(list(place(List.of(device(this.dsaKey, "dsa"))), "candidates"));
		assertThat(asShipped).isNotEmpty();

		Map<String, Object> proposed = place(List.of(device(key, "dsa")));
		assertThat(list(proposed, "candidates")).isEmpty();
		Map<String, List<String>> reasons = reasons(proposed);
		assertThat(asShipped)
			.allSatisfy((host) -> assertThat(reasons.get(host)).as(host).containsExactly("dsa PIN_NOT_APPROVED"));
		Map<String, Object> drain = this.viewer
			.post("/api/v1/hosts/" + this.prefix + "h01/drain-check",
					Json.canonical(Map.of("vms",
							List.of(Map.of("vmId", "vm-proposed", "devices", List.of(device(key, "dsa")))), "hosts",
							this.hosts)))
			.expect(200)
			.map();
		assertThat(drain.get("drainable")).isEqualTo(false);
		assertThat(list(drain, "vms").get(0)).containsEntry("placeable", false);
		String vmmConfig = "/api/v1/device-models/" + key + "/pins/1/vmm-config?profile=qemu-11.0-virt-9.1";
		this.viewer.get(vmmConfig).problem(409, "pin-not-approved");

		String approver = "placement-approver-" + System.nanoTime();
		Api.createUser(this.port, approver, "operator", "approver-password");
		Api.anonymous(this.port)
			.basic(approver, "approver-password")
			.post("/api/v1/device-models/" + key + "/pins/1/approval", null)
			.expect(200);
		assertThat(names(list(place(List.of(device(key, "dsa"))), "candidates"))).isEqualTo(asShipped);
		// in force now, it is judged on its layout: vfio hides the DSA's physical PASID
		this.viewer.get(vmmConfig).problem(422, "vmm-cannot-build");
	}

	@Test
	void drainsAHostWithMixedVms() {
		List<Map<String, Object>> vms = List.of(
				Map.of("vmId", "vm-gpu-dsa", "devices",
						List.of(device(this.gpuKey, "gpu"), device(this.dsaKey, "dsa"))),
				Map.of("vmId", "vm-two-gpus", "devices",
						List.of(device(this.gpuKey, "gpu-a"), device(this.gpuKey, "gpu-b"))),
				Map.of("vmId", "vm-quirked", "devices", List.of(device(this.quirkedKey, "quirked"))));
		Map<String, Object> drain = this.viewer
			.post("/api/v1/hosts/" + this.prefix + "h01/drain-check",
					Json.canonical(Map.of("vms", vms, "hosts", this.hosts)))
			.expect(200)
			.map();
		assertThat(drain.get("drainable")).isEqualTo(false);
		List<Map<String, Object>> answers = list(drain, "vms");
		assertThat(answers).extracting((vm) -> vm.get("vmId") + " " + vm.get("placeable"))
			.containsExactly("vm-gpu-dsa true", "vm-two-gpus true", "vm-quirked false");
		assertThat(names(list(answers.get(0), "candidates"))).containsExactly("h02", "h10", "h11", "h12");
		assertThat(names(list(answers.get(1), "candidates"))).containsExactly("h11");
		assertThat(names(list(answers.get(2), "rejected"))).doesNotContain("h01").contains("h07");
		assertThat(drain.get("placed")).isEqualTo(2L);
		assertThat(drain.get("proven")).isEqualTo(true);
		assertThat(destination(answers.get(1))).isEqualTo("h11");
		assertThat(destination(answers.get(0))).isIn("h02", "h10", "h12");
		assertThat(answers.get(2).get("destination")).isNull();
		assertThat(answers.get(2).get("unplaced")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("code", "NO_HOST_FITS");

		// the same assignment without where each VM could go alone
		Map<String, Object> assignment = this.viewer
			.post("/api/v1/hosts/" + this.prefix + "h01/drain-check",
					Json.canonical(Map.of("vms", vms, "hosts", this.hosts, "detail", "assignment")))
			.expect(200)
			.map();
		List<Map<String, Object>> assigned = list(assignment, "vms");
		assertThat(assigned)
			.extracting((vm) -> vm.get("vmId") + " " + vm.get("placeable") + " " + vm.get("destination"))
			.containsExactlyElementsOf(answers.stream()
				.map((vm) -> vm.get("vmId") + " " + vm.get("placeable") + " " + vm.get("destination"))
				.toList());
		assertThat(assigned).allSatisfy((vm) -> {
			assertThat(list(vm, "candidates")).isEmpty();
			assertThat(list(vm, "rejected")).isEmpty();
		});
		this.viewer
			.post("/api/v1/hosts/" + this.prefix + "h01/drain-check",
					Json.canonical(Map.of("vms", vms, "detail", "some")))
			.problem(400, "invalid-request");
	}

	/**
	 * h11 has two GPUs that present the pin: the VM with two GPUs can go only there, the
	 * GPU+DSA VM to h11 or h12. One at a time in request order, the first takes an h11
	 * GPU and the second has nowhere to go; placed together both go.
	 */
	@Test
	void drainPlacesTogetherWhatOneAtATimeWouldNot() {
		List<Map<String, Object>> vms = List.of(
				Map.of("vmId", "vm-gpu-dsa", "devices",
						List.of(device(this.gpuKey, "gpu"), device(this.dsaKey, "dsa"))),
				Map.of("vmId", "vm-two-gpus", "devices",
						List.of(device(this.gpuKey, "gpu-a"), device(this.gpuKey, "gpu-b"))));
		Map<String, Object> drain = this.viewer
			.post("/api/v1/hosts/" + this.prefix + "h01/drain-check",
					Json.canonical(Map.of("vms", vms, "hosts", List.of(this.prefix + "h11", this.prefix + "h12"))))
			.expect(200)
			.map();
		List<Map<String, Object>> answers = list(drain, "vms");
		// alone, the first VM's first candidate is h11, which the second VM needs
		assertThat(names(list(answers.get(0), "candidates"))).containsExactly("h11", "h12");
		assertThat(drain.get("drainable")).isEqualTo(true);
		assertThat(drain.get("proven")).isEqualTo(true);
		assertThat(destination(answers.get(0))).isEqualTo("h12");
		assertThat(destination(answers.get(1))).isEqualTo("h11");
		Map<String, Object> onH11 = answers.get(1);
		assertThat(list(map(onH11, "destination"), "assignments")).extracting((a) -> a.get("hostAddress"))
			.doesNotHaveDuplicates()
			.hasSize(2);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Map<String, Object> parent, String key) {
		return (Map<String, Object>) parent.get(key);
	}

	private String destination(Map<String, Object> vm) {
		Map<String, Object> destination = map(vm, "destination");
		return (destination == null) ? null : ((String) destination.get("host")).substring(this.prefix.length());
	}

	@Test
	void unknownCandidatesAreNamedAndBadInputIsA4xx() {
		Map<String, Object> placement = this.viewer
			.post("/api/v1/placements", Json.canonical(Map.of("devices", List.of(device(this.dsaKey, "dsa")), "hosts",
					List.of(this.prefix + "h09", this.prefix + "nowhere"))))
			.expect(200)
			.map();
		assertThat(names(list(placement, "candidates"))).containsExactly("h09");
		assertThat(list(placement, "unknownHosts")).isEqualTo(List.of(this.prefix + "nowhere"));

		this.viewer.post("/api/v1/placements", Json.canonical(Map.of("devices", List.of())))
			.problem(400, "invalid-request");
		this.viewer
			.post("/api/v1/placements",
					Json.canonical(Map.of("devices", List.of(Map.of("modelKey", this.dsaKey, "pinVersion", 9L)))))
			.problem(404, "pin-not-found");
		this.viewer
			.post("/api/v1/placements",
					Json.canonical(Map.of("devices", List.of(Map.of("modelKey", "not a key", "pinVersion", 1L)))))
			.problem(400, "invalid-model-key");
		this.viewer
			.post("/api/v1/hosts/" + this.prefix + "nowhere/drain-check",
					Json.canonical(Map.of("vms",
							List.of(Map.of("vmId", "vm", "devices", List.of(device(this.dsaKey, "dsa")))))))
			.problem(404, "host-not-found");
		Api.anonymous(this.port)
			.post("/api/v1/placements", Json.canonical(Map.of("devices", List.of(device(this.dsaKey, "dsa")))))
			.problem(401, "unauthenticated");
	}

}
