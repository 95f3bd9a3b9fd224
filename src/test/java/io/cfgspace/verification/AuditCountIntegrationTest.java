package io.cfgspace.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.cfgspace.Api;
import io.cfgspace.IntegrationTest;
import io.cfgspace.verification.Fixtures.PinnedDevice;
import io.cfgspace.verification.Fixtures.Request;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every answered verdict is in the audit, and nothing else is: under 32 callers at once,
 * the rows stored equal the 200 answers, whatever else (a refused request, a busy
 * database) happens.
 */
@IntegrationTest
class AuditCountIntegrationTest {

	private static final int CALLERS = 32;

	private static final int REQUESTS_PER_CALLER = 4;

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void storesOneRowPerAnsweredVerdict() throws Exception {
		PinnedDevice device = PinnedDevice.create(Api.anonymous(this.port).withRole("operator"));
		Api verifier = Api.anonymous(this.port).withRole("verifier");
		// this run's rows, told apart from every other test's by their VM IDs
		String run = "audit-" + UUID.randomUUID();

		List<Api.Response> responses = all(verifier, device, run);

		assertThat(responses).hasSize(CALLERS * REQUESTS_PER_CALLER);
		assertThat(responses).extracting(Api.Response::status).isSubsetOf(200, 404, 503);
		long answered = responses.stream().filter((r) -> r.status() == 200).count();
		assertThat(answered).as("200 answers").isGreaterThan(0);
		assertThat(responses).filteredOn((r) -> r.status() == 404).hasSize(CALLERS);
		assertThat(rows(run)).as("rows stored for this run").isEqualTo(answered);
	}

	/**
	 * Each caller sends its requests one after another; the last one names a version the
	 * model does not have, which must leave no row.
	 */
	private static List<Api.Response> all(Api verifier, PinnedDevice device, String run) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<List<Api.Response>>> futures = new ArrayList<>();
			for (int caller = 0; caller < CALLERS; caller++) {
				String vm = run + "-" + caller;
				futures.add(pool.submit(() -> {
					start.await();
					List<Api.Response> mine = new ArrayList<>();
					for (int i = 0; i < REQUESTS_PER_CALLER; i++) {
						Request request = device.request().with("vmId", vm);
						if (i == REQUESTS_PER_CALLER - 1) {
							request = request.version(99);
						}
						mine.add(verifier.post("/api/v1/verifications", request.json()));
					}
					return mine;
				}));
			}
			start.countDown();
			List<Api.Response> responses = new ArrayList<>();
			for (Future<List<Api.Response>> future : futures) {
				responses.addAll(future.get());
			}
			return responses;
		}
		finally {
			pool.shutdownNow();
		}
	}

	private long rows(String run) {
		return this.jdbc.queryForObject("select count(*) from verification where vm_id like ?", Long.class, run + "-%");
	}

}
