package io.cfgspace.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.cfgspace.Api;
import io.cfgspace.configspace.Corpus;
import io.cfgspace.layout.Json;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Fail closed: with the database stopped under running verifications, every answer is a
 * durable verdict or a 503, the audit holds exactly the verdicts that were answered, and
 * the service recovers without a restart when the database returns. This test owns its
 * own PostgreSQL, so that stopping it harms no other test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "cfgspace.local-database.enabled=false", "cfgspace.admin-password=admin-test-password",
				"spring.datasource.hikari.connection-timeout=1000" })
class DatabaseOutageIntegrationTest {

	private static final Path DATA = data();

	private static EmbeddedPostgres postgres;

	private static int port;

	@LocalServerPort
	int serverPort;

	@Autowired
	JdbcTemplate jdbc;

	private static Path data() {
		try {
			return Files.createTempDirectory("cfgspace-outage");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static synchronized void start() throws IOException {
		EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
			.setDataDirectory(DATA)
			.setCleanDataDirectory(false);
		if (port != 0) {
			builder.setPort(port);
		}
		postgres = builder.start();
		port = postgres.getPort();
	}

	private static synchronized void stop() throws IOException {
		postgres.close();
	}

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) throws IOException {
		start();
		registry.add("spring.datasource.url", () -> postgres.getJdbcUrl("postgres", "postgres"));
		registry.add("spring.datasource.username", () -> "postgres");
	}

	@AfterAll
	static void close() throws IOException {
		stop();
	}

	@Test
	void answersVerdictsOr503AndRecovers() throws Exception {
		Api operator = Api.anonymous(this.serverPort).withRole("operator");
		String key = "8086:6b1d";
		String dump = Corpus.hexAs("intel-skylake-gt2-igpu", 0x8086, 0x6b1d);
		operator.post("/api/v1/device-models", Json.canonical(Map.of("key", key, "displayName", "x"))).expect(201);
		operator.post("/api/v1/device-models/" + key + "/pins", Json.canonical(Map.of("dump", dump))).expect(201);
		String side = Json.canonical(Map.of("view", "physical", "dump", dump));
		String body = "{\"modelKey\":\"" + key + "\",\"pinVersion\":1,\"vmId\":\"outage-test\",\"source\":" + side
				+ ",\"destination\":" + side + "}";

		ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
		AtomicBoolean running = new AtomicBoolean(true);
		ExecutorService callers = Executors.newFixedThreadPool(4);
		for (int i = 0; i < 4; i++) {
			callers.submit(() -> {
				while (running.get()) {
					statuses.add(operator.send("POST", "/api/v1/verifications", "application/json", body).status());
				}
				return null;
			});
		}
		await().atMost(Duration.ofSeconds(60)).until(() -> count(statuses, 200) >= 8);
		stop();
		// whatever the callers meet, a request while the database is down is refused,
		// quickly
		long before = System.nanoTime();
		operator.send("POST", "/api/v1/verifications", "application/json", body).problem(503, "database-unavailable");
		assertThat(System.nanoTime() - before).isLessThan(TimeUnit.SECONDS.toNanos(5));
		// the callers meet the outage too, and then its end
		await().atMost(Duration.ofSeconds(60)).until(() -> count(statuses, 503) >= 4);
		long beforeRestart = count(statuses, 200);
		start();
		await().atMost(Duration.ofSeconds(60)).until(() -> count(statuses, 200) >= beforeRestart + 4);
		running.set(false);
		callers.shutdown();
		assertThat(callers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

		List<Integer> answered = List.copyOf(statuses);
		assertThat(answered).isNotEmpty().containsOnly(200, 503);
		long verdicts = answered.stream().filter((status) -> status == 200).count();
		Long stored = this.jdbc.queryForObject("select count(*) from verification where vm_id = 'outage-test'",
				Long.class);
		assertThat(stored).isEqualTo(verdicts);
		// recovered without a restart
		operator.send("POST", "/api/v1/verifications", "application/json", body).expect(200);
	}

	private static long count(Collection<Integer> statuses, int status) {
		return statuses.stream().filter((answered) -> answered == status).count();
	}

}
