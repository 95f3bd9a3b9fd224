package io.cfgspace.verification;

import static io.cfgspace.verification.Fixtures.asMap;
import static io.cfgspace.verification.Fixtures.findings;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cfgspace.Api;
import io.cfgspace.IntegrationTest;
import io.cfgspace.layout.Json;
import io.cfgspace.verification.Fixtures.PinnedDevice;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The quirk registry over REST: seeded with be2net, changed by admins only, and heeded by
 * every verification.
 */
@IntegrationTest
class QuirkApiIntegrationTest {

	private static final String QUIRKS = "/api/v1/quirks";

	@LocalServerPort
	int port;

	Api admin;

	Api operator;

	int device;

	@BeforeEach
	void apis() {
		this.admin = Api.admin(this.port);
		this.operator = Api.anonymous(this.port).withRole("operator");
		this.device = Fixtures.freshDeviceId();
	}

	@Test
	void listsTheSeededQuirks() {
		Api viewer = Api.anonymous(this.port).withRole("viewer");
		List<Map<String, Object>> seeded = viewer.get(QUIRKS)
			.expect(200)
			.list("items")
			.stream()
			.map(Fixtures::asMap)
			.filter((quirk) -> "seed".equals(quirk.get("createdBy")))
			.toList();
		List<Map<String, Object>> be2net = seeded.stream()
			.filter((quirk) -> quirk.get("reason").toString().contains("be2net"))
			.toList();
		assertThat(be2net)
			.extracting((quirk) -> String.format("%04x:%04x", quirk.get("vendorId"), quirk.get("deviceId")))
			.containsExactlyInAnyOrder("19a2:0211", "19a2:0221", "19a2:0700", "19a2:0710", "10df:e220", "10df:e228",
					"19a2:0720", "19a2:0728");
		assertThat(be2net).allSatisfy((quirk) -> assertThat(quirk).containsEntry("allGaps", true)
			.containsEntry("ranges", List.of())
			.containsEntry("revisionId", null));
		Map<String, Object> oneConnect = be2net.stream()
			.filter((quirk) -> quirk.get("vendorId").equals(0x19A2L) && quirk.get("deviceId").equals(0x0700L))
			.findFirst()
			.orElseThrow();
		assertThat(viewer.get(QUIRKS + "/" + oneConnect.get("id")).expect(200).map()).isEqualTo(oneConnect);
		// the DesignWare port logic two real RTL8168 units differ in
		// (UnitDifferencesTest)
		assertThat(seeded).filteredOn((quirk) -> quirk.get("vendorId").equals(0x10ECL))
			.singleElement()
			.satisfies((quirk) -> assertThat(quirk).containsEntry("deviceId", 0x8168L)
				.containsEntry("allGaps", false)
				.containsEntry("ranges", List.of(Map.of("start", 0x700L, "end", 0x900L))));
		assertThat(seeded).hasSize(9);
	}

	@Test
	void anAdminCreatesChangesAndDeletesAQuirk() {
		Api.Response created = this.admin.post(QUIRKS, quirk(List.of(range(0xF00, 0xF80)), null)).expect(201);
		Map<String, Object> quirk = created.map();
		assertThat(created.location()).isEqualTo(QUIRKS + "/" + quirk.get("id"));
		assertThat(quirk).containsEntry("vendorId", 0x8086L)
			.containsEntry("deviceId", (long) this.device)
			.containsEntry("revisionId", null)
			.containsEntry("allGaps", false)
			.containsEntry("ranges", List.of(Map.of("start", 0xF00L, "end", 0xF80L)))
			.containsEntry("reason", "registers at 0xf00 (vendor errata 12)")
			.containsEntry("createdBy", "admin");
		String path = QUIRKS + "/" + quirk.get("id");
		assertThat(this.operator.get(path).expect(200).map()).isEqualTo(quirk);

		Map<String, Object> changed = this.admin
			.send("PUT", path, "application/json", quirk(List.of(range(0x400, 0x408), range(0xF00, 0x1000)), 3L))
			.expect(200)
			.map();
		assertThat(changed).containsEntry("id", quirk.get("id"))
			.containsEntry("revisionId", 3L)
			.containsEntry("ranges",
					List.of(Map.of("start", 0x400L, "end", 0x408L), Map.of("start", 0xF00L, "end", 0x1000L)))
			.containsEntry("createdAt", quirk.get("createdAt"))
			.containsEntry("createdBy", "admin");
		assertThat(this.admin.get(path).expect(200).map()).isEqualTo(changed);
		assertThat(this.admin.get(QUIRKS).expect(200).list("items")).contains(changed);

		this.admin.delete(path).expect(204);
		this.admin.get(path).problem(404, "quirk-not-found");
		this.admin.delete(path).problem(404, "quirk-not-found");
		this.admin.send("PUT", path, "application/json", quirk(List.of(range(0xF00, 0xF80)), null))
			.problem(404, "quirk-not-found");
		this.admin.get(QUIRKS + "/first").problem(400, "invalid-request");
	}

	@Test
	void onlyAnAdminChangesQuirks() {
		String body = quirk(List.of(range(0xF00, 0xF80)), null);
		this.operator.post(QUIRKS, body).problem(403, "forbidden");
		Api.anonymous(this.port).withRole("verifier").post(QUIRKS, body).problem(403, "forbidden");
		Api.anonymous(this.port).get(QUIRKS).problem(401, "unauthenticated");
		String path = QUIRKS + "/" + this.admin.post(QUIRKS, body).expect(201).map().get("id");
		try {
			this.operator.send("PUT", path, "application/json", quirk(List.of(range(0, 0x1000)), null))
				.problem(403, "forbidden");
			this.operator.delete(path).problem(403, "forbidden");
			assertThat(this.operator.get(path).expect(200).map()).containsEntry("ranges",
					List.of(Map.of("start", 0xF00L, "end", 0xF80L)));
		}
		finally {
			this.admin.delete(path).expect(204);
		}
	}

	@Test
	void refusesRangesThatAreNotRanges() {
		int before = this.admin.get(QUIRKS).expect(200).list("items").size();
		this.admin.post(QUIRKS, quirk(List.of(range(0xF80, 0xF00)), null)).problem(400, "invalid-request");
		this.admin.post(QUIRKS, quirk(List.of(range(0xF00, 0xF00)), null)).problem(400, "invalid-request");
		this.admin.post(QUIRKS, quirk(List.of(range(0xF00, 0x1001)), null)).problem(400, "invalid-request");
		this.admin.post(QUIRKS, quirk(List.of(range(-4, 0x10)), null)).problem(400, "invalid-request");
		this.admin.post(QUIRKS, quirk(List.of(), null)).problem(400, "invalid-request");
		this.admin.post(QUIRKS, quirk(Collections.singletonList(null), null)).problem(400, "invalid-request");
		this.admin
			.post(QUIRKS, Json.canonical(
					Map.of("vendorId", 0x8086L, "deviceId", (long) this.device, "reason", "no ranges, no allGaps")))
			.problem(400, "invalid-request");
		this.admin
			.post(QUIRKS,
					Json.canonical(Map.of("vendorId", 0x8086L, "deviceId", (long) this.device, "allGaps", true,
							"reason", " ")))
			.problem(400, "invalid-request");
		this.admin
			.post(QUIRKS,
					Json.canonical(Map.of("vendorId", 0x10000L, "deviceId", (long) this.device, "allGaps", true,
							"reason", "vendor out of range")))
			.problem(400, "invalid-request");
		this.admin
			.post(QUIRKS,
					Json.canonical(Map.of("vendorId", 0x8086L, "deviceId", (long) this.device, "allGaps", true,
							"reason", "colour", "colour", "red")))
			.problem(400, "malformed-request");
		this.admin
			.post(QUIRKS,
					Json.canonical(Map.of("vendorId", 0x8086L, "deviceId", (long) this.device, "ranges",
							List.of(Map.of("start", "0xf00", "end", 0x1000L)), "reason", "hex as text")))
			.problem(400, "malformed-request");
		assertThat(this.admin.get(QUIRKS).expect(200).list("items")).hasSize(before);
	}

	@Test
	void aSynthesizedBlockOverAQuirkRangeIsRefusedByEveryVerification() {
		PinnedDevice pinned = PinnedDevice.create(this.operator);
		Api verifier = Api.anonymous(this.port).withRole("verifier");
		String request = pinned.request().json();
		assertThat(verifier.post("/api/v1/verifications", request).expect(200).map()).containsEntry("verdict",
				"CONSISTENT");
		long revision = (Long) asMap(pinned.layout().get("identity")).get("revisionId");

		// a quirk of another revision does not apply to this device
		String otherRevision = quirkPath(this.admin.post(QUIRKS,
				quirkOf(pinned.deviceId(), List.of(range(0xF00, 0x1000)), (revision + 1) & 0xFF)));
		String quirk = null;
		try {
			assertThat(verifier.post("/api/v1/verifications", request).expect(200).map()).containsEntry("verdict",
					"CONSISTENT");

			quirk = quirkPath(this.admin.post(QUIRKS, quirkOf(pinned.deviceId(), List.of(range(0xF00, 0x1000)), null)));
			Map<String, Object> verdict = verifier.post("/api/v1/verifications", request).expect(200).map();
			assertThat(verdict).containsEntry("verdict", "INCONSISTENT");
			assertThat(findings(verdict)).extracting((finding) -> finding.get("code") + "/" + finding.get("side"))
				.containsExactlyInAnyOrder("SYNTHESIZED_IN_HIDDEN_REGISTERS/SOURCE",
						"SYNTHESIZED_IN_HIDDEN_REGISTERS/DESTINATION");
			assertThat(findings(verdict))
				.allSatisfy((finding) -> assertThat(finding).containsEntry("offset", Fixtures.PINNED_PASID_OFFSET)
					.containsEntry("space", "extended"));

			// a range that misses the block leaves room for it
			this.admin
				.send("PUT", quirk, "application/json", quirkOf(pinned.deviceId(), List.of(range(0xF00, 0xFF8)), null))
				.expect(200);
			assertThat(verifier.post("/api/v1/verifications", request).expect(200).map()).containsEntry("verdict",
					"CONSISTENT");
		}
		finally {
			this.admin.delete(otherRevision).expect(204);
			if (quirk != null) {
				this.admin.delete(quirk).expect(204);
			}
		}
	}

	private String quirk(List<Map<String, Object>> ranges, Long revisionId) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("vendorId", 0x8086L);
		body.put("deviceId", (long) this.device);
		if (revisionId != null) {
			body.put("revisionId", revisionId);
		}
		body.put("ranges", ranges);
		body.put("reason", "  registers at 0xf00 (vendor errata 12)\n");
		return Json.canonical(body);
	}

	private static String quirkOf(int deviceId, List<Map<String, Object>> ranges, Long revisionId) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("vendorId", 0x8086L);
		body.put("deviceId", (long) deviceId);
		if (revisionId != null) {
			body.put("revisionId", revisionId);
		}
		body.put("ranges", ranges);
		body.put("reason", "test quirk");
		return Json.canonical(body);
	}

	private static String quirkPath(Api.Response created) {
		return QUIRKS + "/" + created.expect(201).map().get("id");
	}

	private static Map<String, Object> range(long start, long end) {
		return Map.of("start", start, "end", end);
	}

}
