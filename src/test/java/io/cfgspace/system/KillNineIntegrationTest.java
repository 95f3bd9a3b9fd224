package io.cfgspace.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.cfgspace.Api;
import io.cfgspace.configspace.Corpus;
import io.cfgspace.layout.Json;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every pin and every verdict that was answered 2xx survives a {@code kill -9} of the
 * service in the middle of writes, intact, and nothing is left half-written. The service
 * runs as its own JVM on a PostgreSQL this test owns; it is killed with SIGKILL
 * ({@link Process#destroyForcibly()}) while several callers pin and verify, then started
 * again on the same database.
 */
class KillNineIntegrationTest {

	/** The password {@link Api#admin} uses; the service reads it from the environment. */
	private static final String ADMIN_PASSWORD = "admin-test-password";

	private static final String SKYLAKE = "intel-skylake-gt2-igpu";

	private static EmbeddedPostgres postgres;

	private static Path log;

	private static int port;

	private static Process service;

	@BeforeAll
	static void database() throws IOException {
		postgres = EmbeddedPostgres.builder().start();
		log = Files.createTempFile("cfgspace-kill-nine", ".log");
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
	}

	@AfterAll
	static void stop() throws IOException {
		if (service != null) {
			service.destroyForcibly();
		}
		postgres.close();
	}

	@Test
	void answeredPinsAndVerdictsSurviveAKillDuringWrites() throws Exception {
		start();
		Api operator = Api.admin(port).withRole("operator");
		String verifiedKey = "8086:7f00";
		String verifiedDump = Corpus.hexAs(SKYLAKE, 0x8086, 0x7f00);
		operator.post("/api/v1/device-models", Json.canonical(Map.of("key", verifiedKey, "displayName", "verified")))
			.expect(201);
		operator.post("/api/v1/device-models/" + verifiedKey + "/pins", Json.canonical(Map.of("dump", verifiedDump)))
			.expect(201);

		ConcurrentLinkedQueue<Map<String, Object>> answeredPins = new ConcurrentLinkedQueue<>();
		ConcurrentLinkedQueue<Long> answeredVerdicts = new ConcurrentLinkedQueue<>();
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicInteger devices = new AtomicInteger(0x7f01);
		ExecutorService callers = Executors.newFixedThreadPool(4);
		for (int i = 0; i < 2; i++) {
			callers.submit(() -> pinWhileRunning(operator, devices, running, answeredPins));
			String vm = "kill-nine-" + i;
			String body = verification(verifiedKey, verifiedDump, vm);
			callers.submit(() -> verifyWhileRunning(operator, body, running, answeredVerdicts));
		}
		await().atMost(Duration.ofSeconds(60)).until(() -> answeredPins.size() >= 6 && answeredVerdicts.size() >= 20);
		service.destroyForcibly();
		assertThat(service.waitFor(10, TimeUnit.SECONDS)).isTrue();
		running.set(false);
		callers.shutdown();
		assertThat(callers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		assertThat(answeredPins).as("pins answered before the kill").isNotEmpty();
		assertThat(answeredVerdicts).as("verdicts answered before the kill").isNotEmpty();

		start();
		// the operator's token was answered 201 too: it still authenticates
		for (Map<String, Object> pin : answeredPins) {
			Map<String, Object> read = operator
				.get("/api/v1/device-models/" + pin.get("key") + "/pins/" + pin.get("version"))
				.expect(200)
				.map();
			assertThat(read.get("fingerprint")).isEqualTo(pin.get("fingerprint"));
			assertThat(operator.get("/api/v1/layouts/" + pin.get("fingerprint")).status()).isEqualTo(200);
		}
		try (Connection db = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"));
				Statement sql = db.createStatement()) {
			Set<Long> stored = new HashSet<>(longs(sql, "select id from verification where vm_id like 'kill-nine-%'"));
			assertThat(stored).containsAll(answeredVerdicts);
			// at most the requests in flight at the kill were stored but never answered
			assertThat(stored.size() - answeredVerdicts.size()).isBetween(0, 2);
			System.out.printf("kill -9 after %d answered pins and %d answered verdicts; %d verdicts stored%n",
					answeredPins.size(), answeredVerdicts.size(), stored.size());
			assertThat(longs(sql, "select count(*) from verification where jsonb_typeof(findings) <> 'array'"))
				.as("verdicts without findings")
				.containsExactly(0L);
			assertThat(longs(sql,
					"select count(*) from layout_content"
							+ " where encode(sha256(convert_to(canonical, 'UTF8')), 'hex') <> canonical_sha256"))
				.as("layout contents whose text does not hash to its recorded sum")
				.containsExactly(0L);
			assertThat(
					longs(sql, "select count(*) from pin p left join layout_content c on c.fingerprint = p.fingerprint"
							+ " where c.fingerprint is null"))
				.as("pins without content")
				.containsExactly(0L);
			assertThat(longs(sql,
					"select count(*) from (select device_model_id from pin group by device_model_id"
							+ " having max(version) <> count(*)) gaps"))
				.as("models with a gap in their pin versions")
				.containsExactly(0L);
		}
		operator.post("/api/v1/verifications", verification(verifiedKey, verifiedDump, "after-restart")).expect(200);
	}

	private static void pinWhileRunning(Api operator, AtomicInteger devices, AtomicBoolean running,
			ConcurrentLinkedQueue<Map<String, Object>> answered) {
		while (running.get()) {
			int device = devices.getAndIncrement();
			String key = String.format("8086:%04x", device);
			String dump = Corpus.hexAs(SKYLAKE, 0x8086, device);
			try {
				operator.post("/api/v1/device-models", Json.canonical(Map.of("key", key, "displayName", "killed")))
					.expect(201);
				answered.add(pinned(key,
						operator.post("/api/v1/device-models/" + key + "/pins", Json.canonical(Map.of("dump", dump)))));
				// a second version: the same device with the VMM's PASID in the last
				// dword
				// pair
				answered.add(pinned(key, operator.post("/api/v1/device-models/" + key + "/pins",
						Json.canonical(Map.of("dump", dump, "synthesized", List.of(Map.of("space", "extended", "offset",
								0xFF8L, "id", 0x1BL, "version", 1L, "length", 8L, "fields", Map.of("maxPasidWidth", 16L,
										"executePermissionSupported", false, "privilegedModeSupported", false))))))));
			}
			catch (IllegalStateException killed) {
				// the service went away mid-request: that answer never came
				return;
			}
		}
	}

	private static Map<String, Object> pinned(String key, Api.Response response) {
		Map<String, Object> pin = response.expect(201).map();
		return Map.of("key", key, "version", pin.get("version"), "fingerprint", pin.get("fingerprint"));
	}

	private static void verifyWhileRunning(Api operator, String body, AtomicBoolean running,
			ConcurrentLinkedQueue<Long> answered) {
		while (running.get()) {
			try {
				Map<String, Object> verdict = operator.post("/api/v1/verifications", body).expect(200).map();
				answered.add(((Number) verdict.get("id")).longValue());
			}
			catch (IllegalStateException killed) {
				return;
			}
		}
	}

	private static String verification(String key, String dump, String vm) {
		String side = Json.canonical(Map.of("view", "physical", "dump", dump));
		return "{\"modelKey\":\"" + key + "\",\"pinVersion\":1,\"vmId\":\"" + vm + "\",\"source\":" + side
				+ ",\"destination\":" + side + "}";
	}

	private static List<Long> longs(Statement sql, String query) throws SQLException {
		List<Long> values = new ArrayList<>();
		try (ResultSet rows = sql.executeQuery(query)) {
			while (rows.next()) {
				values.add(rows.getLong(1));
			}
		}
		return values;
	}

	/** The service as its own JVM, on the test's classpath and database. */
	private static void start() throws Exception {
		ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-XX:TieredStopAtLevel=1", "-Xmx512m", "-cp", System.getProperty("java.class.path"),
				"io.cfgspace.CfgspaceApplication", "--server.port=" + port, "--cfgspace.local-database.enabled=false",
				"--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
				"--spring.datasource.username=postgres")
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		builder.environment().put("CFGSPACE_ADMIN_PASSWORD", ADMIN_PASSWORD);
		service = builder.start();
		Api anonymous = Api.anonymous(port);
		// about 10 s on an idle machine; far more when other builds share its two cores
		try {
			await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
				if (!service.isAlive()) {
					throw new AssertionError("the service exited with " + service.exitValue() + ":\n" + tail());
				}
				try {
					return anonymous.get("/actuator/health").status() == 200;
				}
				catch (IllegalStateException notYet) {
					// not listening yet
					return false;
				}
			});
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("the service did not become healthy in 120 s:\n" + tail());
		}
	}

	private static String tail() throws IOException {
		List<String> lines = Files.readAllLines(log);
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
	}

}
