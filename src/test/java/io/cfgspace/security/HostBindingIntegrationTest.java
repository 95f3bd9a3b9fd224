package io.cfgspace.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import io.cfgspace.Api;
import io.cfgspace.IntegrationTest;
import io.cfgspace.OpenApiContract;
import io.cfgspace.inventory.Devices;
import io.cfgspace.layout.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A reporter token speaks for its one host: it reports that host and verifies migrations
 * from or to it, reads what its hook checks against, and every other operation of
 * {@code openapi.yaml} refuses it. Role tokens report only when an admin allowed it;
 * people report by their role.
 */
@IntegrationTest
class HostBindingIntegrationTest {

	@LocalServerPort
	int port;

	String host;

	String otherHost;

	String model;

	String dump;

	Api reporter;

	@BeforeEach
	void pinnedModelAndAReporter() {
		String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
		this.host = "hv-" + suffix;
		this.otherHost = "hv-" + suffix + "-other";
		int device = ThreadLocalRandom.current().nextInt(0x1000, 0xFFFF);
		this.model = String.format("8086:%04x", device);
		this.dump = Devices.hex(Devices.config(Devices.SKYLAKE, device));
		Api operator = Api.admin(this.port).withRole("operator");
		operator.post("/api/v1/device-models", Json.canonical(Map.of("key", this.model, "displayName", "bound")))
			.expect(201);
		operator.post("/api/v1/device-models/" + this.model + "/pins", Json.canonical(Map.of("dump", this.dump)))
			.expect(201);
		this.reporter = Api.admin(this.port).withReporter(this.host);
	}

	private Api.Response report(Api api, String host) {
		Map<String, Object> body = Map.of("vmmVersion", "qemu 9.2.0", "devices",
				List.of(Map.of("address", "0000:3b:00.0", "dump", this.dump, "driver", "vfio-pci")));
		return api.send("PUT", "/api/v1/hosts/" + host + "/report", "application/json", Json.canonical(body));
	}

	private Map<String, Object> verification(String sourceHost, String destinationHost) {
		Map<String, Object> side = Map.of("view", "physical", "dump", this.dump);
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("modelKey", this.model);
		request.put("pinVersion", 1);
		request.put("vmId", "vm-" + this.host);
		if (sourceHost != null) {
			request.put("sourceHost", sourceHost);
		}
		if (destinationHost != null) {
			request.put("destinationHost", destinationHost);
		}
		request.put("source", side);
		request.put("destination", side);
		return request;
	}

	private Api.Response verify(Api api, String sourceHost, String destinationHost) {
		return api.post("/api/v1/verifications", Json.canonical(verification(sourceHost, destinationHost)));
	}

	private long verdictsOfThisTest() {
		return Api.admin(this.port)
			.get("/api/v1/verifications?vm=vm-" + this.host + "&limit=200")
			.expect(200)
			.list("items")
			.size();
	}

	@Test
	void aReporterReportsItsOwnHostAndNoOther() {
		report(this.reporter, this.host).expect(201);
		report(this.reporter, this.host).expect(200);

		report(this.reporter, this.otherHost).problem(403, "host-mismatch");
		Api.admin(this.port).get("/api/v1/hosts/" + this.otherHost).problem(404, "host-not-found");
	}

	@Test
	void aReporterVerifiesOnlyMigrationsFromOrToItsHost() {
		verify(this.reporter, this.otherHost, this.host).expect(200);
		verify(this.reporter, this.host, this.otherHost).expect(200);

		verify(this.reporter, this.otherHost, "hv-third").problem(403, "host-mismatch");
		verify(this.reporter, null, null).problem(403, "host-mismatch");
		// one item of a batch that touches neither side refuses the whole batch
		String batch = Json.canonical(Map.of("items",
				List.of(verification(this.otherHost, this.host), verification(this.otherHost, "hv-third"))));
		this.reporter.post("/api/v1/verifications/batch", batch).problem(403, "host-mismatch");
		assertThat(verdictsOfThisTest()).as("only the two allowed verifications were decided").isEqualTo(2);
		String allowed = Json.canonical(
				Map.of("items", List.of(verification(this.otherHost, this.host), verification(this.host, null))));
		this.reporter.post("/api/v1/verifications/batch", allowed).expect(200);
	}

	/** The libvirt hook fetches the pin it verifies against, and the start gate more. */
	@Test
	void aReporterReadsWhatItsHostsHookChecksAgainst() {
		this.reporter.get("/api/v1/device-models/" + this.model + "/pins").expect(200);
		this.reporter.get("/api/v1/device-models/" + this.model + "/pins/1").expect(200);
		this.reporter.post("/api/v1/device-models/lookup", Json.canonical(Map.of("dump", this.dump))).expect(200);
		this.reporter.get("/api/v1/vmm-profiles").expect(200);
		this.reporter.get("/api/v1/vmm-profiles/qemu-9.0").expect(200);
	}

	@TestFactory
	Stream<DynamicTest> everyOtherOperationIsForbiddenToAReporter() {
		OpenApiContract contract = OpenApiContract.get();
		List<String> allowed = new ArrayList<>();
		List<DynamicTest> tests = new ArrayList<>();
		for (String operation : contract.operations()) {
			var declaration = contract.operation(operation);
			boolean open = declaration.path("security").isArray() && declaration.path("security").isEmpty();
			if (declaration.path("x-reporter").asBoolean(false)) {
				allowed.add(operation);
				continue;
			}
			if (open) {
				continue;
			}
			tests.add(DynamicTest.dynamicTest(operation, () -> {
				String[] parts = operation.split(" ", 2);
				boolean body = parts[0].matches("POST|PUT|PATCH");
				this.reporter.send(parts[0], concrete(parts[1]), body ? "application/json" : null, body ? "{}" : null)
					.problem(403, "forbidden");
			}));
		}
		assertThat(allowed).containsExactlyInAnyOrder("PUT /api/v1/hosts/{name}/report", "POST /api/v1/verifications",
				"POST /api/v1/verifications/batch", "GET /api/v1/device-models/{key}/pins",
				"GET /api/v1/device-models/{key}/pins/{version}", "POST /api/v1/device-models/lookup",
				"GET /api/v1/vmm-profiles", "GET /api/v1/vmm-profiles/{name}");
		assertThat(tests).hasSizeGreaterThan(40);
		return tests.stream();
	}

	/** Values naming things that exist, so that only the caller can be at fault. */
	private String concrete(String template) {
		return OpenApiContract.path(template, (name) -> switch (name) {
			case "key" -> this.model;
			case "name" -> template.contains("vmm-profiles") ? "qemu-9.0" : this.host;
			case "username" -> "admin";
			case "fingerprint" -> "sha256:" + "0".repeat(64);
			default -> "1";
		});
	}

	@Test
	void aRoleTokenReportsOnlyWhenAnAdminAllowedIt() {
		Api verifier = Api.admin(this.port).withRole("verifier");
		report(verifier, this.host).problem(403, "report-not-allowed");
		report(Api.admin(this.port).withRole("operator"), this.host).problem(403, "report-not-allowed");
		verify(verifier, null, null).expect(200);

		report(Api.admin(this.port).withReportingRole("verifier"), this.host).expect(201);
		report(Api.admin(this.port).withReportingRole("verifier"), this.otherHost).expect(201);
	}

	@Test
	void peopleReportByTheirRole() {
		String user = "reporting-" + this.host;
		Api.createUser(this.port, user, "verifier", "a-long-enough-password");
		report(Api.anonymous(this.port).basic(user, "a-long-enough-password"), this.host).expect(201);
		String viewer = "viewing-" + this.host;
		Api.createUser(this.port, viewer, "viewer", "a-long-enough-password");
		report(Api.anonymous(this.port).basic(viewer, "a-long-enough-password"), this.host).problem(403, "forbidden");
	}

	@Test
	void aTokenShowsItsKindHostAndWhetherItMayReport() {
		Map<String, Object> issued = Api.admin(this.port)
			.post("/api/v1/tokens",
					Json.canonical(Map.of("name", "hook on " + this.host, "kind", "reporter", "hostName", this.host)))
			.expect(201)
			.map();
		assertThat(issued).containsEntry("kind", "reporter")
			.containsEntry("hostName", this.host)
			.containsEntry("role", null)
			.containsEntry("mayReport", false);
		Map<String, Object> orchestrator = Api.admin(this.port)
			.post("/api/v1/tokens",
					Json.canonical(Map.of("name", "orchestrator " + this.host, "role", "verifier", "mayReport", true)))
			.expect(201)
			.map();
		assertThat(orchestrator).containsEntry("kind", "role")
			.containsEntry("role", "verifier")
			.containsEntry("hostName", null)
			.containsEntry("mayReport", true);
		List<Object> listed = Api.admin(this.port).get("/api/v1/tokens").expect(200).list("items");
		assertThat(listed).anySatisfy((item) -> {
			@SuppressWarnings("unchecked")
			Map<String, Object> token = (Map<String, Object>) item;
			assertThat(token).containsEntry("id", issued.get("id"))
				.containsEntry("kind", "reporter")
				.containsEntry("hostName", this.host);
		});
	}

}
