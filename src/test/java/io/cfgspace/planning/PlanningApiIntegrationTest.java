package io.cfgspace.planning;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.cfgspace.Api;
import io.cfgspace.IntegrationTest;
import io.cfgspace.configspace.Corpus;
import io.cfgspace.configspace.read.Dumps;
import io.cfgspace.layout.Json;
import io.cfgspace.planning.core.Plan;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plan, pin the plan in one more call, verify against it, and check a firmware
 * candidate's impact.
 */
@IntegrationTest
class PlanningApiIntegrationTest {

	@LocalServerPort
	int port;

	Api operator;

	int device;

	String key;

	@BeforeEach
	void model() {
		this.operator = Api.anonymous(this.port).withRole("operator");
		this.device = ThreadLocalRandom.current().nextInt(0x1000, 0xFFFF);
		this.key = String.format("8086:%04x", this.device);
		this.operator.post("/api/v1/device-models", Json.canonical(Map.of("key", this.key, "displayName", "DSA")))
			.expect(201);
	}

	/**
	 * The Intel DSA dump (ATS 0x220, PASID 0x230, PRI 0x240), under this test's device
	 * ID.
	 */
	private String dump(int aerOffsetShift) {
		byte[] bytes = Dumps.read(Corpus.bytes("intel-dsa-spr-rciep")).get(0).configSpace().toByteArray();
		bytes[2] = (byte) this.device;
		bytes[3] = (byte) (this.device >> 8);
		if (aerOffsetShift != 0) {
			// firmware candidate: Latency Tolerance Reporting moves from 0x150 to 0x1a0
			System.arraycopy(bytes, 0x150, bytes, 0x1a0, 8);
			java.util.Arrays.fill(bytes, 0x150, 0x158, (byte) 0);
			bytes[0x102] = (byte) ((bytes[0x102] & 0x0F) | 0x00);
			bytes[0x103] = 0x1a;
		}
		return HexFormat.of().formatHex(bytes);
	}

	private static Map<String, Object> synthesize(long id, Map<String, Object> fields) {
		return Map.of("id", id, "fields", fields);
	}

	private String planBody() {
		return Json.canonical(Map.of("variants", List.of(dump(0)), "hide",
				List.of(Map.of("space", "extended", "id",
						0x1BL), Map.of("space", "extended", "id", 0x13L), Map.of("space", "extended", "id", 0x0FL)),
				"synthesize", List.of(
						synthesize(0x1B,
								Map.of("maxPasidWidth", 20L, "executePermissionSupported", false,
										"privilegedModeSupported", true)),
						synthesize(0x13, Map.of("outstandingPageRequestCapacity", 512L)),
						synthesize(0x0F, Map.of("invalidateQueueDepth", 32L, "pageAlignedRequest", false)))));
	}

	@Test
	void plansPinsAndVerifiesAPlan() {
		Map<String, Object> plan = this.operator.post("/api/v1/plans", planBody()).expect(200).map();
		assertThat(plan.get("explanation").toString()).contains("takes the place of the hidden physical");
		assertThat(this.operator.post("/api/v1/plans", planBody()).expect(200).map().get("fingerprint"))
			.isEqualTo(plan.get("fingerprint"));

		Map<String, Object> pin = this.operator
			.post("/api/v1/device-models/" + this.key + "/pins", Json.canonical(Map.of("layout", plan.get("layout"))))
			.expect(201)
			.map();
		assertThat(pin.get("fingerprint")).isEqualTo(plan.get("fingerprint"));

		String side = Json.canonical(Map.of("view", "physical", "dump", dump(0), "iommu",
				Map.of("vtd", Map.of("capability", "0x0", "extendedCapability", "0x198e0000004"))));
		String verification = "{\"modelKey\":\"" + this.key + "\",\"pinVersion\":1,\"source\":" + side
				+ ",\"destination\":" + side + "}";
		assertThat(this.operator.post("/api/v1/verifications", verification).expect(200).map()).containsEntry("verdict",
				"CONSISTENT");
	}

	@Test
	void tellsWhichPinsAFirmwareCandidateBreaks() {
		Map<String, Object> plan = this.operator.post("/api/v1/plans", planBody()).expect(200).map();
		this.operator
			.post("/api/v1/device-models/" + this.key + "/pins", Json.canonical(Map.of("layout", plan.get("layout"))))
			.expect(201);

		Map<String, Object> same = this.operator
			.post("/api/v1/device-models/" + this.key + "/impact", Json.canonical(Map.of("dump", dump(0))))
			.expect(200)
			.map();
		Map<?, ?> unchanged = (Map<?, ?>) ((List<?>) same.get("versions")).get(0);
		assertThat(unchanged.get("presentable")).isEqualTo(true);
		assertThat(unchanged.get("version")).isEqualTo(1L);

		Map<String, Object> moved = this.operator
			.post("/api/v1/device-models/" + this.key + "/impact", Json.canonical(Map.of("dump", dump(1))))
			.expect(200)
			.map();
		Map<?, ?> version = (Map<?, ?>) ((List<?>) moved.get("versions")).get(0);
		assertThat(version.get("presentable")).isEqualTo(false);
		assertThat(version.get("findings").toString()).contains("OFFSET_MISMATCH");
	}

	@Test
	void refusesAPlanTheHostIommuCannotBack() {
		@SuppressWarnings("unchecked")
		Map<String, Object> body = new java.util.HashMap<>((Map<String, Object>) Json.parse(planBody()));
		body.put("iommu", Map.of("iommufd",
				Map.of("maxPasidLog2", 16L, "capabilities", 6L, "pageRequests", true, "deviceTlb", true)));
		String detail = (String) this.operator.post("/api/v1/plans", Json.canonical(body))
			.problem(400, "iommu-lacks-capability")
			.map()
			.get("detail");
		assertThat(detail).isEqualTo("the IOMMU offers 16 PASID bits, the PASID block claims 20");
		body.put("iommu", Map.of("iommufd",
				Map.of("maxPasidLog2", 20L, "capabilities", 6L, "pageRequests", true, "deviceTlb", true)));
		this.operator.post("/api/v1/plans", Json.canonical(body)).expect(200);
	}

	@Test
	void refusesWhenNothingFits() {
		byte[] bytes = Dumps.read(Corpus.bytes("intel-dsa-spr-rciep")).get(0).configSpace().toByteArray();
		String dump = HexFormat.of().formatHex(bytes);
		String body = Json
			.canonical(Map.of("variants", List.of(dump), "synthesize", List.of(Map.of("id", 0x23L, "length", 1024L))));
		Map<String, Object> twoKiB = Map.of("id", 0x23L, "length", 1024L);
		String tooMuch = Json
			.canonical(Map.of("variants", List.of(dump), "synthesize", List.of(twoKiB, twoKiB, twoKiB, twoKiB)));
		this.operator.post("/api/v1/plans", body).expect(200);
		String detail = (String) this.operator.post("/api/v1/plans", tooMuch)
			.problem(422, "no-room")
			.map()
			.get("detail");
		assertThat(detail).contains("no room for");
		Api.anonymous(this.port).withRole("viewer").post("/api/v1/plans", body).problem(403, "forbidden");
	}

}
