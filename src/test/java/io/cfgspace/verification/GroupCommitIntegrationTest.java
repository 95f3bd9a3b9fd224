package io.cfgspace.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import io.cfgspace.Api;
import io.cfgspace.IntegrationTest;
import io.cfgspace.verification.Fixtures.PinnedDevice;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Verdicts that arrive while a commit is under way share the next one, and none of them
 * is answered before it is stored.
 */
@IntegrationTest
class GroupCommitIntegrationTest {

	private static final int CALLERS = 12;

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DataSource dataSource;

	@Autowired
	MeterRegistry meters;

	@Test
	void verdictsWaitingForACommitShareTheNextOne() throws Exception {
		PinnedDevice device = PinnedDevice.create(Api.anonymous(this.port).withRole("operator"));
		Api verifier = Api.anonymous(this.port).withRole("verifier");
		String vm = "group-" + UUID.randomUUID();
		long commitsBefore = commits();
		ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
		List<Future<Api.Response>> answers = new ArrayList<>();
		try (Connection blocker = this.dataSource.getConnection()) {
			// holds every insert into the audit until the callers have all queued up
			blocker.setAutoCommit(false);
			try (Statement statement = blocker.createStatement()) {
				statement.execute("lock table verification in share mode");
			}
			for (int i = 0; i < CALLERS; i++) {
				answers.add(pool
					.submit(() -> verifier.post("/api/v1/verifications", device.request().with("vmId", vm).json())));
			}
			// every caller reached the writer, and the writer waits on the lock
			await().atMost(Duration.ofSeconds(60))
				.until(() -> this.meters.get("cfgspace.verification.commit.pending").gauge().value() == CALLERS
						&& writerWaitsForTheLock());
			assertThat(answers).as("nothing is answered before it is stored").noneMatch(Future::isDone);
			assertThat(rows(vm)).isZero();
			blocker.rollback();
		}
		List<Object> ids = new ArrayList<>();
		for (Future<Api.Response> answer : answers) {
			ids.add(answer.get().expect(200).map().get("id"));
		}
		pool.shutdownNow();

		assertThat(ids).doesNotHaveDuplicates();
		assertThat(rows(vm)).isEqualTo(CALLERS);
		// the first verdicts took the blocked commit; all that queued behind it shared
		// the next
		assertThat(commits() - commitsBefore).isBetween(1L, 2L);
	}

	private boolean writerWaitsForTheLock() {
		return this.jdbc.queryForObject("select count(*) from pg_stat_activity where application_name ="
				+ " 'cfgspace-verdict-writer' and wait_event_type = 'Lock'", Long.class) > 0;
	}

	private long commits() {
		return this.meters.get("cfgspace.verification.commit.group").summary().count();
	}

	private long rows(String vm) {
		return this.jdbc.queryForObject("select count(*) from verification where vm_id = ?", Long.class, vm);
	}

}
