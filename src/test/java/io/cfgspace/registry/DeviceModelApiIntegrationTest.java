package io.cfgspace.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.cfgspace.Api;
import io.cfgspace.IntegrationTest;
import io.cfgspace.layout.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

@IntegrationTest
class DeviceModelApiIntegrationTest {

	@LocalServerPort
	int port;

	Api operator;

	@BeforeEach
	void tokens() {
		this.operator = Api.anonymous(this.port).withRole("operator");
	}

	@Test
	void createsReadsAndDescribesAModel() {
		String key = String.format("8086:%04x:8086:0000:r01@pf", Fixtures.freshDeviceId());
		Map<String, Object> created = this.operator
			.post("/api/v1/device-models",
					Json.canonical(Map.of("key", key, "displayName", "DSA PF", "notes", "firmware 1.2")))
			.expect(201)
			.map();
		assertThat(created).containsEntry("key", key)
			.containsEntry("vendorId", 0x8086L)
			.containsEntry("subsystemVendorId", 0x8086L)
			.containsEntry("revisionId", 1L)
			.containsEntry("variant", "pf")
			.containsEntry("displayName", "DSA PF")
			.containsEntry("notes", "firmware 1.2")
			.containsEntry("createdBy", "token:" + created.get("createdBy").toString().substring(6));
		assertThat(this.operator.get("/api/v1/device-models/" + key).expect(200).map()).containsEntry("key", key);

		Map<String, Object> described = this.operator
			.patch("/api/v1/device-models/" + key, Json.canonical(Map.of("notes", "firmware 1.3")))
			.expect(200)
			.map();
		assertThat(described).containsEntry("displayName", "DSA PF").containsEntry("notes", "firmware 1.3");
	}

	@Test
	void refusesADuplicateAndABadKey() {
		String key = String.format("8086:%04x", Fixtures.freshDeviceId());
		Fixtures.createModel(this.operator, key);
		this.operator.post("/api/v1/device-models", Json.canonical(Map.of("key", key, "displayName", "again")))
			.problem(409, "model-exists");
		this.operator.post("/api/v1/device-models", Json.canonical(Map.of("key", "8086-0b25", "displayName", "x")))
			.problem(400, "invalid-model-key");
		this.operator.post("/api/v1/device-models", Json.canonical(Map.of("key", "8086:0b25@PF!", "displayName", "x")))
			.problem(400, "invalid-model-key");
		this.operator.get("/api/v1/device-models/8086:0000:zz").problem(400, "invalid-model-key");
		this.operator.get(String.format("/api/v1/device-models/8086:%04x@nothere", Fixtures.freshDeviceId()))
			.problem(404, "model-not-found");
	}

	@Test
	void pagesThroughModelsWithACursor() {
		int device = Fixtures.freshDeviceId();
		List<String> keys = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			keys.add(Fixtures.createModel(this.operator, String.format("1af4:%04x@v%d", device, i)));
		}
		List<Object> seen = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			String query = String.format("/api/v1/device-models?vendor=1af4&device=%04x&limit=2", device)
					+ ((cursor != null) ? "&cursor=" + cursor : "");
			Map<String, Object> page = this.operator.get(query).expect(200).map();
			((List<?>) page.get("items")).forEach((item) -> seen.add(((Map<?, ?>) item).get("key")));
			cursor = (String) page.get("nextCursor");
			pages++;
		}
		while (cursor != null);
		assertThat(seen).containsExactlyElementsOf(keys);
		assertThat(pages).isEqualTo(3);
		this.operator.get("/api/v1/device-models?cursor=bm90LWEtY3Vyc29y").problem(400, "invalid-cursor");
		this.operator.get("/api/v1/device-models?limit=0").problem(400, "invalid-request");
		this.operator.get("/api/v1/device-models?vendor=xyz").problem(400, "invalid-request");
	}

	@Test
	void findsTheMostSpecificModelForADump() {
		int device = Fixtures.freshDeviceId();
		String dump = Fixtures.dumpAs(Fixtures.SKYLAKE, 0x8086, device);
		String lookup = "/api/v1/device-models/lookup";
		this.operator.post(lookup, Json.canonical(Map.of("dump", dump))).problem(404, "no-matching-model");

		String general = Fixtures.createModel(this.operator, String.format("8086:%04x", device));
		assertThat(model(this.operator.post(lookup, Json.canonical(Map.of("dump", dump))))).isEqualTo(general);

		// the Skylake dump has subsystem 8086:2212 and revision 07
		String specific = Fixtures.createModel(this.operator, String.format("8086:%04x:8086:2212", device));
		Fixtures.createModel(this.operator, String.format("8086:%04x:8086:0000", device));
		assertThat(model(this.operator.post(lookup, Json.canonical(Map.of("dump", dump))))).isEqualTo(specific);

		String pf = Fixtures.createModel(this.operator, String.format("8086:%04x:8086:2212:r07@pf", device));
		String vf = Fixtures.createModel(this.operator, String.format("8086:%04x:8086:2212:r07@vf", device));
		Map<String, Object> ambiguous = this.operator.post(lookup, Json.canonical(Map.of("dump", dump)))
			.problem(409, "ambiguous-model")
			.map();
		assertThat(ambiguous.get("candidates")).isEqualTo(List.of(pf, vf));
		assertThat(model(this.operator.post(lookup, Json.canonical(Map.of("dump", dump, "variant", "vf")))))
			.isEqualTo(vf);
	}

	private static Object model(Api.Response response) {
		return ((Map<?, ?>) response.expect(200).map().get("model")).get("key");
	}

}
