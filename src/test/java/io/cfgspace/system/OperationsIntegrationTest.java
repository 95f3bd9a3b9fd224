package io.cfgspace.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.cfgspace.Api;
import io.cfgspace.IntegrationTest;
import io.cfgspace.configspace.Corpus;
import io.cfgspace.layout.Json;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

/** What operators watch: readiness with the database, and the service's own metrics. */
@IntegrationTest
class OperationsIntegrationTest {

	@LocalServerPort
	int port;

	@Test
	void readinessIncludesTheDatabase() {
		String body = Api.anonymous(this.port).get("/actuator/health/readiness").expect(200).body();
		assertThat(body).contains("\"status\":\"UP\"");
		assertThat(Api.admin(this.port).get("/actuator/health/readiness").expect(200).body()).contains("\"db\"");
	}

	@Test
	void countsPinsAndVerdicts() {
		Api operator = Api.anonymous(this.port).withRole("operator");
		int device = ThreadLocalRandom.current().nextInt(0x1000, 0xFFFF);
		String key = String.format("8086:%04x", device);
		operator.post("/api/v1/device-models", Json.canonical(Map.of("key", key, "displayName", "x"))).expect(201);
		String dump = Corpus.hexAs("intel-skylake-gt2-igpu", 0x8086, device);
		operator.post("/api/v1/device-models/" + key + "/pins", Json.canonical(Map.of("dump", dump))).expect(201);
		operator.post("/api/v1/device-models/" + key + "/pins", Json.canonical(Map.of("dump", dump))).expect(200);
		String side = Json.canonical(Map.of("view", "physical", "dump", dump));
		operator
			.post("/api/v1/verifications",
					"{\"modelKey\":\"" + key + "\",\"pinVersion\":1,\"source\":" + side + ",\"destination\":" + side
							+ "}")
			.expect(200);

		String metrics = Api.anonymous(this.port).withRole("viewer").get("/actuator/prometheus").expect(200).body();
		assertThat(metrics).containsPattern("cfgspace_pins_total\\{[^}]*outcome=\"created\"[^}]*\\} [1-9]")
			.containsPattern("cfgspace_pins_total\\{[^}]*outcome=\"existing\"[^}]*\\} [1-9]")
			.containsPattern("cfgspace_verifications_total\\{[^}]*verdict=\"CONSISTENT\"[^}]*\\} [1-9]")
			.contains("cfgspace_verification_seconds_bucket");
		Api.anonymous(this.port).get("/actuator/prometheus").problem(401, "unauthenticated");
	}

}
