package io.cfgspace.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cfgspace.CfgspaceApplication;
import io.cfgspace.TestDatabase;
import io.cfgspace.configspace.Corpus;
import io.cfgspace.layout.Json;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Any body for {@code POST /api/v1/verifications}, through the real request mapping,
 * security, validation and database: the answer is a verdict (200) or a 4xx problem+json
 * with a code, never a 5xx. The service starts once for the class, on the tests'
 * PostgreSQL, with one model pinned from a real corpus dump; seeds are real requests
 * against that pin (physical and virtual sides, dumps and layouts, iommufd and VT-d).
 */
class VerificationRequestFuzzTest {

	/** The model every seed names; its pin is version 1, with a synthesized PASID. */
	static final String MODEL = "8086:f0f5";

	private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static Service service;

	/**
	 * Started on first use, once Jazzer's agent is in place: its SSRF detector flags any
	 * connection the fuzz target makes, and only its own policy can let the client and
	 * the connection pool talk to this machine.
	 */
	private static synchronized Service service() {
		BugDetectors.allowNetworkConnections((host, port) -> Service.isLoopback(host));
		if (service == null) {
			service = Service.start();
		}
		return service;
	}

	@AfterAll
	static synchronized void stop() {
		if (service != null) {
			service.context().close();
			service = null;
		}
	}

	@FuzzTest(maxDuration = "20s")
	void anyBodyIsAVerdictOrAProblem(byte[] body) {
		HttpResponse<String> response = service().post("/api/v1/verifications", body);

		int status = response.statusCode();
		assertThat(status == 200 || (status >= 400 && status < 500)).as("HTTP %d: %s", status, response.body())
			.isTrue();
		if (status != 200) {
			assertThat(response.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
			assertThat(Json.parse(response.body())).asInstanceOf(InstanceOfAssertFactories.MAP).containsKey("code");
		}
	}

	/** The running service, with an operator token and the seeds' model pinned. */
	record Service(ConfigurableApplicationContext context, int port, String token) {

		static Service start() {
			TestDatabase.Connection database = TestDatabase.connection();
			ConfigurableApplicationContext context = new SpringApplicationBuilder(CfgspaceApplication.class).run(
					"--server.port=0", "--cfgspace.local-database.enabled=false",
					"--cfgspace.admin-password=admin-test-password", "--spring.datasource.url=" + database.url(),
					"--spring.datasource.username=" + database.username(),
					"--spring.datasource.password=" + database.password(), "--logging.level.root=WARN");
			int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
			Service anonymous = new Service(context, port, null);
			HttpResponse<String> issued = anonymous.send("/api/v1/tokens",
					Json.canonical(Map.of("name", "fuzz " + System.nanoTime(), "role", "operator"))
						.getBytes(StandardCharsets.UTF_8),
					"Basic " + Base64.getEncoder().encodeToString("admin:admin-test-password".getBytes()));
			assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
			Service service = new Service(context, port, (String) ((Map<?, ?>) Json.parse(issued.body())).get("token"));
			service.pinSeedModel();
			return service;
		}

		static boolean isLoopback(String host) {
			return host.equals("localhost") || host.startsWith("127.") || host.equals("::1")
					|| host.equals("0:0:0:0:0:0:0:1");
		}

		private void pinSeedModel() {
			HttpResponse<String> model = post("/api/v1/device-models",
					Json.canonical(Map.of("key", MODEL, "displayName", "fuzzed model")));
			assertThat(model.statusCode()).as(model.body()).isIn(201, 409);
			String dump = Corpus.hexAs("intel-skylake-gt2-igpu", 0x8086, 0xf0f5);
			Map<String, Object> pasid = Map.of("space", "extended", "offset", 0xFF8L, "id", 0x1BL, "version", 1L,
					"length", 8L, "fields", Map.of("maxPasidWidth", 16L, "executePermissionSupported", false,
							"privilegedModeSupported", false));
			HttpResponse<String> pin = post("/api/v1/device-models/" + MODEL + "/pins",
					Json.canonical(Map.of("dump", dump, "synthesized", List.of(pasid))));
			assertThat(pin.statusCode()).as(pin.body()).isIn(200, 201);
		}

		HttpResponse<String> post(String path, String json) {
			return post(path, json.getBytes(StandardCharsets.UTF_8));
		}

		HttpResponse<String> post(String path, byte[] body) {
			return send(path, body, "Bearer " + this.token);
		}

		private HttpResponse<String> send(String path, byte[] body, String authorization) {
			HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
				.timeout(Duration.ofSeconds(30))
				.header("Content-Type", "application/json")
				.header("Authorization", authorization)
				.POST(HttpRequest.BodyPublishers.ofByteArray(body))
				.build();
			try {
				return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
			}
			catch (IOException ex) {
				throw new IllegalStateException("POST " + path + " failed", ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

	}

}
