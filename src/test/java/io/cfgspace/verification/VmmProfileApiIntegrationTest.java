package io.cfgspace.verification;

import static io.cfgspace.verification.Fixtures.asMap;
import static io.cfgspace.verification.Fixtures.findings;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cfgspace.Api;
import io.cfgspace.IntegrationTest;
import io.cfgspace.layout.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * VMM profiles over REST: seeded, changed by admins only, turned into a VMM's
 * configuration for a pin, and heeded by verifications that name each side's profile.
 */
@IntegrationTest
class VmmProfileApiIntegrationTest {

	private static final String PROFILES = "/api/v1/vmm-profiles";

	@LocalServerPort
	int port;

	Api admin;

	Api operator;

	String key;

	String dump;

	@BeforeEach
	void apis() {
		this.admin = Api.admin(this.port);
		this.operator = Api.anonymous(this.port).withRole("operator");
		int device = Fixtures.freshDeviceId();
		this.key = String.format("8086:%04x", device);
		this.dump = Fixtures.dumpAs(Fixtures.SKYLAKE, 0x8086, device);
		this.operator
			.post("/api/v1/device-models", Json.canonical(Map.of("key", this.key, "displayName", "Model " + this.key)))
			.expect(201);
	}

	@Test
	void listsTheSeededProfilesAndFindsTheOneThatDescribesAHost() {
		Api viewer = Api.anonymous(this.port).withRole("viewer");
		List<Map<String, Object>> seeded = viewer.get(PROFILES)
			.expect(200)
			.list("items")
			.stream()
			.map(Fixtures::asMap)
			.filter((p) -> "seed".equals(p.get("createdBy")))
			.toList();
		assertThat(seeded).extracting((p) -> p.get("name"))
			.containsExactlyInAnyOrder("cloud-hypervisor-pasid-0xff8", "qemu-11.0-q35-9.0", "qemu-11.0-q35-9.1",
					"qemu-11.0-virt-9.0", "qemu-11.0-virt-9.1", "qemu-9.0", "qemu-9.1-machine-9.0",
					"qemu-9.1-machine-9.1");
		assertThat(seeded).allSatisfy((p) -> assertThat((String) p.get("source")).isNotBlank());
		assertThat(viewer.get(PROFILES + "?vmm=qemu&version=QEMU%20emulator%20version%209.2.0&machineType=pc-q35-9.2")
			.expect(200)
			.list("items")).extracting((p) -> asMap(p).get("name")).containsExactly("qemu-9.1-machine-9.1");
		assertThat(viewer.get(PROFILES + "/qemu-9.1-machine-9.0").expect(200).map())
			.containsEntry("vendorSpecificBodies", "compared")
			.containsEntry("vmm", "qemu");
		viewer.get(PROFILES + "/qemu-7").problem(404, "vmm-profile-not-found");
		viewer.get(PROFILES + "?version=nine").problem(400, "invalid-request");
		viewer.get(PROFILES + "?vmm=xen").problem(400, "invalid-request");
	}

	@Test
	void anAdminCreatesChangesAndDeletesAProfile() {
		String name = "test-" + Fixtures.freshDeviceId();
		String path = PROFILES + "/" + name;
		Map<String, Object> body = profile(name, "skipped");
		this.operator.post(PROFILES, Json.canonical(body)).problem(403, "forbidden");
		Api.Response created = this.admin.post(PROFILES, Json.canonical(body)).expect(201);
		assertThat(created.location()).isEqualTo(path);
		assertThat(created.map()).containsEntry("name", name).containsEntry("createdBy", "admin");
		this.admin.post(PROFILES, Json.canonical(body)).problem(409, "vmm-profile-exists");
		Map<String, Object> changed = this.admin
			.send("PUT", path, "application/json", Json.canonical(profile(name, "compared")))
			.expect(200)
			.map();
		assertThat(changed).containsEntry("vendorSpecificBodies", "compared")
			.containsEntry("createdAt", created.map().get("createdAt"));
		assertThat(this.operator.get(path).expect(200).map()).isEqualTo(changed);
		this.admin.send("PUT", path, "application/json", Json.canonical(profile("other", "compared")))
			.problem(400, "invalid-request");
		this.operator.delete(path).problem(403, "forbidden");
		this.admin.delete(path).expect(204);
		this.admin.get(path).problem(404, "vmm-profile-not-found");
		this.admin.delete(path).problem(404, "vmm-profile-not-found");
	}

	@Test
	void refusesAProfileThatIsNotOne() {
		String name = "bad-" + Fixtures.freshDeviceId();
		Map<String, Object> unknownMember = new LinkedHashMap<>(profile(name, "skipped"));
		unknownMember.put("colour", "red");
		this.admin.post(PROFILES, Json.canonical(unknownMember)).problem(400, "invalid-vmm-profile");
		this.admin.post(PROFILES, Json.canonical(profile(name, "sometimes"))).problem(400, "invalid-vmm-profile");
		Map<String, Object> noSource = new LinkedHashMap<>(profile(name, "skipped"));
		noSource.remove("source");
		this.admin.post(PROFILES, Json.canonical(noSource)).problem(400, "invalid-vmm-profile");
		this.admin.post(PROFILES, Json.canonical(profile("Bad Name", "skipped"))).problem(400, "invalid-vmm-profile");
		this.admin.post(PROFILES, "[]").problem(400, "malformed-request");
		this.admin.get(PROFILES + "/" + name).problem(404, "vmm-profile-not-found");
	}

	@Test
	void answersWhatTheVmmMustBeToldToBuildAPinOrWhyItCannot() {
		// the Skylake iGPU's PASID hidden at 0x100 and the VMM's own in its place
		this.operator.post(pins(),
				Json.canonical(Map.of("dump", this.dump, "hidden", List.of(Map.of("space", "extended", "offset", 256L)),
						"synthesized", List.of(Fixtures.pasidAt(0x100, 16)))))
			.expect(201);
		Map<String, Object> config = this.operator
			.get(pins() + "/1/vmm-config?profile=qemu-11.0-virt-9.1&alias=ua-gpu0&address=0000:00:02.0")
			.expect(200)
			.map();
		assertThat(config).containsEntry("modelKey", this.key)
			.containsEntry("pinVersion", 1L)
			.containsEntry("profile", "qemu-11.0-virt-9.1")
			.containsEntry("device", "vfio-pci")
			.containsEntry("commandLine", "-device vfio-pci,host=0000:00:02.0,id=ua-gpu0,x-vpasid-cap-offset=256");
		assertThat((List<?>) config.get("properties")).singleElement()
			.satisfies((p) -> assertThat(asMap(p)).containsEntry("name", "x-vpasid-cap-offset")
				.containsEntry("type", "unsigned")
				.containsEntry("value", 256L));
		assertThat(asMap(config.get("libvirt"))).containsEntry("alias", "ua-gpu0");
		assertThat((String) asMap(config.get("libvirt")).get("override"))
			.contains("<qemu:property name=\"x-vpasid-cap-offset\" type=\"unsigned\" value=\"256\"/>");

		Map<String, Object> refused = this.operator.get(pins() + "/1/vmm-config?profile=qemu-9.1-machine-9.1")
			.problem(422, "vmm-cannot-build")
			.map();
		assertThat(refused.get("reasons")).isEqualTo(List
			.of("qemu-9.1-machine-9.1 cannot synthesize the Process Address Space ID (PASID) at 0x100 the pin has"));
		this.operator.get(pins() + "/1/vmm-config?profile=qemu-7").problem(404, "vmm-profile-not-found");
		this.operator.get(pins() + "/2/vmm-config?profile=qemu-9.0").problem(404, "pin-not-found");
		this.operator.get(pins() + "/1/vmm-config").problem(400, "malformed-request");
		this.operator.get(pins() + "/1/vmm-config?profile=qemu-9.0&alias=%3Cx%3E").problem(400, "invalid-request");
		this.operator.get(pins() + "/1/vmm-config?profile=qemu-9.0&address=6a:01").problem(400, "invalid-request");
	}

	@Test
	void aMigrationBetweenProfilesThatTreatVendorSpecificBodiesDifferentlyIsRefused() {
		// the Skylake iGPU has a vendor-specific capability at 0x40
		this.operator
			.post(pins(),
					Json.canonical(
							Map.of("dump", this.dump, "hidden", List.of(Map.of("space", "extended", "offset", 256L)))))
			.expect(201);
		Api verifier = Api.anonymous(this.port).withRole("verifier");
		Fixtures.Request request = new Fixtures.Request(this.key, 1, Fixtures.physical(this.dump),
				Fixtures.physical(this.dump));
		assertThat(verifier
			.post("/api/v1/verifications",
					request.with("sourceProfile", "qemu-9.1-machine-9.1")
						.with("destinationProfile", "qemu-11.0-q35-9.1")
						.json())
			.expect(200)
			.map()).containsEntry("verdict", "CONSISTENT");
		Map<String, Object> verdict = verifier
			.post("/api/v1/verifications",
					request.with("sourceProfile", "qemu-9.1-machine-9.1")
						.with("destinationProfile", "qemu-9.1-machine-9.0")
						.json())
			.expect(200)
			.map();
		assertThat(verdict).containsEntry("verdict", "INCONSISTENT");
		assertThat(findings(verdict)).singleElement()
			.satisfies((finding) -> assertThat(finding).containsEntry("code", "VMM_PROFILE_MISMATCH")
				.containsEntry("side", "DESTINATION")
				.containsEntry("offset", 0x40L)
				.containsEntry("expected", "qemu-9.1-machine-9.1: skipped")
				.containsEntry("actual", "qemu-9.1-machine-9.0: compared"));
		verifier.post("/api/v1/verifications", request.with("destinationProfile", "qemu-7").json())
			.problem(404, "vmm-profile-not-found");
	}

	private String pins() {
		return "/api/v1/device-models/" + this.key + "/pins";
	}

	private static Map<String, Object> profile(String name, String vendorSpecificBodies) {
		Map<String, Object> profile = new LinkedHashMap<>();
		profile.put("name", name);
		profile.put("vmm", "qemu");
		profile.put("match", Map.of("versionFrom", "99.0"));
		profile.put("device", "vfio-pci");
		profile.put("synthesizes", List.of(Map.of("space", "extended", "id", 27L, "property", "x-vpasid-cap-offset",
				"defaultOffset", 4088L, "alignment", 4L, "lowest", 256L)));
		profile.put("hides", List.of(Map.of("space", "extended", "ids", List.of(27L), "note", "vfio hides PASID")));
		profile.put("virtualizes", List.of());
		profile.put("vendorSpecificBodies", vendorSpecificBodies);
		profile.put("source", "a test profile");
		return profile;
	}

}
