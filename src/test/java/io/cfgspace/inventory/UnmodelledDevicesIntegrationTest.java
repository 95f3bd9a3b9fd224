package io.cfgspace.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.cfgspace.Api;
import io.cfgspace.IntegrationTest;
import io.cfgspace.layout.Identity;
import io.cfgspace.layout.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A reported device that no device model claims is kept as unmodelled, with the reason,
 * counted on its host, claimed by the model created for it in the same commit, and never
 * offered for a VM.
 */
@IntegrationTest
class UnmodelledDevicesIntegrationTest {

	@LocalServerPort
	int port;

	Api operator;

	Api verifier;

	Api viewer;

	String prefix;

	int device;

	String key;

	byte[] config;

	@BeforeEach
	void setUp() {
		this.operator = Api.admin(this.port).withRole("operator");
		this.verifier = Api.admin(this.port).withReportingRole("verifier");
		this.viewer = Api.admin(this.port).withRole("viewer");
		ThreadLocalRandom random = ThreadLocalRandom.current();
		this.prefix = "u" + Integer.toHexString(random.nextInt(0x100000, 0xFFFFFF)) + "-";
		this.device = random.nextInt(0x1000, 0xFFFF);
		this.key = String.format("8086:%04x", this.device);
		this.config = Devices.config(Devices.SKYLAKE, this.device);
	}

	@Test
	void aDeviceOfNoModelIsCountedWithItsReasonUntilItsModelIsCreated() {
		report("a", null).expect(201);
		Map<String, Object> host = host("a");
		assertThat(host.get("unmodelledDevices")).isEqualTo(1L);
		Map<String, Object> device = devices(host).get(0);
		Identity identity = Devices.layout(this.config).identity();
		assertThat(device.get("modelKey")).isNull();
		assertThat(device.get("unmodelledReason"))
			.isEqualTo(String.format("no device model for %s subsystem %04x:%04x revision %02x", this.key,
					identity.subsystemVendorId(), identity.subsystemId(), identity.revisionId()));
		assertThat(device).containsEntry("subsystemVendorId", String.format("%04x", identity.subsystemVendorId()))
			.containsEntry("revisionId", String.format("%02x", identity.revisionId()))
			.containsEntry("classCode", String.format("%06x", identity.classCode()));
		assertThat(listed("a").get("unmodelledDevices")).isEqualTo(1L);

		this.operator.post("/api/v1/device-models", Json.canonical(Map.of("key", this.key, "displayName", "GPU")))
			.expect(201);
		host = host("a");
		assertThat(host.get("unmodelledDevices")).isEqualTo(0L);
		assertThat(devices(host).get(0)).containsEntry("modelKey", this.key).containsEntry("unmodelledReason", null);
		assertThat(listed("a").get("unmodelledDevices")).isEqualTo(0L);
		assertThat(
				this.viewer.get("/api/v1/hosts?model=" + this.key + "&prefix=" + this.prefix).expect(200).list("items"))
			.hasSize(1);
	}

	@Test
	void aTieBetweenVariantsIsUnmodelledAndAMoreSpecificModelClaimsTheDevice() {
		model(this.key + "@pf");
		model(this.key + "@vf");
		report("t", null).expect(201);
		assertThat(devices(host("t")).get(0).get("unmodelledReason")).isEqualTo("matches 2 device models equally well: "
				+ this.key + "@pf, " + this.key + "@vf; report the device's variant to choose one");

		Identity identity = Devices.layout(this.config).identity();
		String specific = String.format("%s:%04x:%04x", this.key, identity.subsystemVendorId(), identity.subsystemId());
		model(specific);
		Map<String, Object> host = host("t");
		assertThat(host.get("unmodelledDevices")).isEqualTo(0L);
		assertThat(devices(host).get(0).get("modelKey")).isEqualTo(specific);
	}

	@Test
	void placementAndDrainNeverOfferAnUnmodelledDevice() {
		this.config = Devices.config(Devices.DSA, this.device);
		model(this.key + "@pf");
		this.operator
			.post("/api/v1/device-models/" + this.key + "@pf/pins",
					Json.canonical(Map.of("dump", Devices.hex(this.config))))
			.expect(201);
		// the same bytes, but the host says it is a VF, and no model of VFs exists
		report("vf", "vf").expect(201);
		report("pf", "pf").expect(201);
		Identity identity = Devices.layout(this.config).identity();
		assertThat(devices(host("vf")).get(0)).containsEntry("modelKey", null)
			.containsEntry("variant", "vf")
			.containsEntry("unmodelledReason",
					String.format("no device model for %s subsystem %04x:%04x revision %02x with variant vf", this.key,
							identity.subsystemVendorId(), identity.subsystemId(), identity.revisionId()));
		assertThat(devices(host("pf")).get(0)).containsEntry("modelKey", this.key + "@pf")
			.containsEntry("unmodelledReason", null);

		List<String> hosts = List.of(this.prefix + "vf", this.prefix + "pf");
		Map<String, Object> vmDevice = Map.of("modelKey", this.key + "@pf", "pinVersion", 1L, "label", "gpu");
		Map<String, Object> placement = this.viewer
			.post("/api/v1/placements", Json.canonical(Map.of("devices", List.of(vmDevice), "hosts", hosts)))
			.expect(200)
			.map();
		assertThat(hostNames(placement.get("candidates"))).containsExactly(this.prefix + "pf");
		Map<?, ?> rejected = (Map<?, ?>) ((List<?>) placement.get("rejected")).get(0);
		assertThat(rejected.get("host")).isEqualTo(this.prefix + "vf");
		Map<?, ?> reason = (Map<?, ?>) ((List<?>) rejected.get("reasons")).get(0);
		assertThat(reason.get("code")).isEqualTo("NO_SUCH_DEVICE");
		assertThat((String) reason.get("message")).contains("unmodelled: 0000:01:00.0 (no device model for");

		Map<String, Object> drain = this.viewer
			.post("/api/v1/hosts/" + this.prefix + "pf/drain-check", Json.canonical(
					Map.of("vms", List.of(Map.of("vmId", "vm-1", "devices", List.of(vmDevice))), "hosts", hosts)))
			.expect(200)
			.map();
		assertThat(drain.get("drainable")).isEqualTo(false);
		Map<?, ?> vm = (Map<?, ?>) ((List<?>) drain.get("vms")).get(0);
		assertThat(vm.get("destination")).isNull();
		assertThat(((Map<?, ?>) vm.get("unplaced")).get("code")).isEqualTo("NO_HOST_FITS");
	}

	private void model(String key) {
		this.operator.post("/api/v1/device-models", Json.canonical(Map.of("key", key, "displayName", "Model " + key)))
			.expect(201);
	}

	private Api.Response report(String name, String variant) {
		Map<String, Object> device = new LinkedHashMap<>();
		device.put("address", "0000:01:00.0");
		device.put("dump", Devices.hex(this.config));
		device.put("driver", "vfio-pci");
		if (variant != null) {
			device.put("variant", variant);
		}
		Map<String, Object> body = Map.of("iommu", Map.of("iommufd", Map.of("maxPasidLog2", 20L, "capabilities", 0L)),
				"devices", List.of(device));
		return this.verifier.send("PUT", "/api/v1/hosts/" + this.prefix + name + "/report", "application/json",
				Json.canonical(body));
	}

	private Map<String, Object> host(String name) {
		return this.viewer.get("/api/v1/hosts/" + this.prefix + name).expect(200).map();
	}

	private Map<?, ?> listed(String name) {
		return (Map<?, ?>) this.viewer.get("/api/v1/hosts?prefix=" + this.prefix + name)
			.expect(200)
			.list("items")
			.get(0);
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> devices(Map<String, Object> host) {
		return (List<Map<String, Object>>) host.get("devices");
	}

	private static List<Object> hostNames(Object fits) {
		return ((List<?>) fits).stream().map((f) -> (Object) ((Map<?, ?>) f).get("host")).toList();
	}

}
