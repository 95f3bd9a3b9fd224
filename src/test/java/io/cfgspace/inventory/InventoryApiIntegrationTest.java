package io.cfgspace.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.cfgspace.Api;
import io.cfgspace.IntegrationTest;
import io.cfgspace.layout.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** Hosts report, are listed, read and forgotten; the same report again is cheap. */
@IntegrationTest
class InventoryApiIntegrationTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	Api verifier;

	Api viewer;

	String prefix;

	int gpu;

	String gpuKey;

	@BeforeEach
	void setUp() {
		this.verifier = Api.admin(this.port).withReportingRole("verifier");
		this.viewer = Api.admin(this.port).withRole("viewer");
		this.prefix = "i" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF)) + "-";
		this.gpu = ThreadLocalRandom.current().nextInt(0x1000, 0xFFFF);
		this.gpuKey = String.format("8086:%04x", this.gpu);
		Api.admin(this.port)
			.post("/api/v1/device-models", Json.canonical(Map.of("key", this.gpuKey, "displayName", "GPU")))
			.expect(201);
	}

	private Map<String, Object> body(String vmm, byte[]... configs) {
		List<Map<String, Object>> devices = new ArrayList<>();
		for (int i = 0; i < configs.length; i++) {
			devices.add(Map.of("address", String.format("0000:%02x:00.0", i + 1), "dump", Devices.hex(configs[i]),
					"driver", "vfio-pci"));
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("vmmVersion", vmm);
		body.put("iommu", Map.of("vtd", Map.of("capability", "0xd2008c40660462", "extendedCapability", "0xf050da")));
		body.put("devices", devices);
		return body;
	}

	private Api.Response report(Api api, String name, Map<String, Object> body) {
		return api.send("PUT", "/api/v1/hosts/" + name + "/report", "application/json", Json.canonical(body));
	}

	@Test
	void reportsAreStoredAndTheSameReportOnlyMovesLastSeen() throws Exception {
		String name = this.prefix + "a";
		byte[] config = Devices.config(Devices.SKYLAKE, this.gpu);
		Map<String, Object> created = report(this.verifier, name, body("qemu 9.2.0", config)).expect(201).map();
		assertThat(created.get("outcome")).isEqualTo("CREATED");
		Map<?, ?> host = (Map<?, ?>) created.get("host");
		assertThat(host.get("stale")).isEqualTo(false);
		assertThat(host.get("vmmVersion")).isEqualTo("qemu 9.2.0");
		Map<?, ?> device = (Map<?, ?>) ((List<?>) host.get("devices")).get(0);
		assertThat(device.get("modelKey")).isEqualTo(this.gpuKey);
		assertThat(device.get("fingerprint")).isEqualTo(Devices.layout(config).fingerprint());
		assertThat(device.get("driver")).isEqualTo("vfio-pci");
		assertThat(device.get("dump")).isEqualTo(true);

		// the clock moves on, so the second report is seen later
		Instant firstSeen = Instant.parse((String) host.get("lastSeen"));
		await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(firstSeen));
		Map<String, Object> again = report(this.verifier, name, body("qemu 9.2.0", config)).expect(200).map();
		assertThat(again.get("outcome")).isEqualTo("UNCHANGED");
		Map<?, ?> seen = (Map<?, ?>) again.get("host");
		assertThat(seen.get("reportedAt")).isEqualTo(host.get("reportedAt"));
		assertThat(Instant.parse((String) seen.get("lastSeen"))).isAfter(Instant.parse((String) host.get("lastSeen")));

		Map<String, Object> changed = report(this.verifier, name,
				body("qemu 9.2.1", config, Devices.config(Devices.SKYLAKE, this.gpu)))
			.expect(200)
			.map();
		assertThat(changed.get("outcome")).isEqualTo("UPDATED");
		assertThat((List<?>) ((Map<?, ?>) changed.get("host")).get("devices")).hasSize(2);
	}

	@Test
	void listsHostsByFilterAndCursor() {
		for (String name : List.of("b1", "b2", "b3")) {
			report(this.verifier, this.prefix + name, body("qemu", Devices.config(Devices.SKYLAKE, this.gpu)))
				.expect(201);
		}
		report(this.verifier, this.prefix + "c1", body("qemu", Devices.config(Devices.DSA, 0x0b25))).expect(201);
		this.jdbc.update("update host set last_seen = ? where name = ?",
				Timestamp.from(Instant.now().minusSeconds(3600)), this.prefix + "b3");

		List<String> pages = new ArrayList<>();
		String cursor = null;
		do {
			String query = "/api/v1/hosts?limit=2&prefix=" + this.prefix
					+ ((cursor != null) ? "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8) : "");
			Map<String, Object> page = this.viewer.get(query).expect(200).map();
			pages.add(names(page).toString());
			cursor = (String) page.get("nextCursor");
		}
		while (cursor != null);
		assertThat(pages).containsExactly("[b1, b2]", "[b3, c1]");

		assertThat(names(this.viewer.get("/api/v1/hosts?stale=true&prefix=" + this.prefix).expect(200).map()))
			.containsExactly("b3");
		assertThat(names(this.viewer.get("/api/v1/hosts?stale=false&prefix=" + this.prefix).expect(200).map()))
			.containsExactly("b1", "b2", "c1");
		assertThat(names(this.viewer.get("/api/v1/hosts?model=" + this.gpuKey.toUpperCase() + "&prefix=" + this.prefix)
			.expect(200)
			.map())).containsExactly("b1", "b2", "b3");
		assertThat(this.viewer.get("/api/v1/hosts/" + this.prefix + "b3").expect(200).map().get("stale"))
			.isEqualTo(true);
		this.viewer.get("/api/v1/hosts?cursor=nonsense").problem(400, "invalid-cursor");
		this.viewer.get("/api/v1/hosts?limit=0").problem(400, "invalid-request");
	}

	private List<String> names(Map<String, Object> page) {
		return ((List<?>) page.get("items")).stream()
			.map((h) -> ((String) ((Map<?, ?>) h).get("name")).substring(this.prefix.length()))
			.toList();
	}

	@Test
	void aFingerprintStandsForADumpSentBefore() {
		byte[] config = Devices.config(Devices.SKYLAKE, this.gpu);
		String fingerprint = Devices.layout(config).fingerprint();
		Map<String, Object> byFingerprint = Map.of("devices",
				List.of(Map.of("address", "0000:01:00.0", "fingerprint", fingerprint)));
		report(this.verifier, this.prefix + "f", byFingerprint).problem(400, "unknown-fingerprint");
		report(this.verifier, this.prefix + "g", body("qemu", config)).expect(201);
		Map<String, Object> host = report(this.verifier, this.prefix + "f", byFingerprint).expect(201).map();
		Map<?, ?> device = (Map<?, ?>) ((List<?>) ((Map<?, ?>) host.get("host")).get("devices")).get(0);
		assertThat(device.get("modelKey")).isEqualTo(this.gpuKey);
		assertThat(device.get("dump")).isEqualTo(false);
	}

	@Test
	void forgettingNeedsAnOperator() {
		String name = this.prefix + "gone";
		report(this.verifier, name, body("qemu", Devices.config(Devices.SKYLAKE, this.gpu))).expect(201);
		this.verifier.delete("/api/v1/hosts/" + name).problem(403, "forbidden");
		report(this.viewer, name, body("qemu")).problem(403, "forbidden");
		Api.admin(this.port).withRole("operator").delete("/api/v1/hosts/" + name).expect(204);
		this.viewer.get("/api/v1/hosts/" + name).problem(404, "host-not-found");
		Api.admin(this.port).delete("/api/v1/hosts/" + name).problem(404, "host-not-found");
	}

	@Test
	void refusesUnusableReports() {
		String name = this.prefix + "bad";
		byte[] config = Devices.config(Devices.SKYLAKE, this.gpu);
		report(this.verifier, "-not-a-name", body("qemu", config)).problem(400, "invalid-host-name");
		report(this.verifier, name,
				Map.of("devices", List.of(Map.of("address", "0000:01:00.0", "dump", "not a dump at all"))))
			.problem(400, "malformed-dump");
		report(this.verifier, name, Map.of("devices", List.of(Map.of("address", "0000:01:00.0")))).problem(400,
				"invalid-request");
		report(this.verifier, name,
				Map.of("devices", List.of(Map.of("address", "01:00.0", "dump", Devices.hex(config)))))
			.problem(400, "invalid-request");
		Map<String, Object> twice = Map.of("devices",
				List.of(Map.of("address", "0000:01:00.0", "dump", Devices.hex(config)),
						Map.of("address", "0000:01:00.0", "dump", Devices.hex(config))));
		report(this.verifier, name, twice).problem(400, "invalid-request");
		report(this.verifier, name, Map.of("devices", List.of(), "extra", 1L)).problem(400, "malformed-request");
		this.viewer.get("/api/v1/hosts/" + name).problem(404, "host-not-found");
	}

}
