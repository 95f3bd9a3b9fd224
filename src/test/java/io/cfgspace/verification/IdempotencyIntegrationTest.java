package io.cfgspace.verification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.cfgspace.Api;
import io.cfgspace.IntegrationTest;
import io.cfgspace.layout.Json;
import io.cfgspace.verification.Fixtures.PinnedDevice;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A verification retried with its Idempotency-Key (a hook whose first answer was lost)
 * gets the verdict stored the first time, never a second audit row.
 */
@IntegrationTest
class IdempotencyIntegrationTest {

	private static final String VERIFICATIONS = "/api/v1/verifications";

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	Api verifier;

	PinnedDevice device;

	String vm;

	@BeforeEach
	void pinned() {
		this.verifier = Api.anonymous(this.port).withRole("verifier");
		this.device = PinnedDevice.create(Api.anonymous(this.port).withRole("operator"));
		this.vm = "vm-" + UUID.randomUUID();
	}

	@Test
	void aRetryWithTheSameKeyGetsTheStoredVerdict() {
		Api keyed = this.verifier.withHeader("Idempotency-Key", "migration:" + this.vm + ":1");
		String request = this.device.request().with("vmId", this.vm).json();

		Api.Response first = keyed.post(VERIFICATIONS, request).expect(200);
		// the same request written differently is the same request
		String reordered = Json.canonical(Map.of("destination", this.device.request().toMap().get("destination"),
				"source", this.device.request().toMap().get("source"), "pinVersion", 1L, "modelKey", this.device.key(),
				"vmId", this.vm));
		Api.Response retry = keyed.post(VERIFICATIONS, reordered).expect(200);

		assertThat(first.header("Idempotency-Replayed")).isNull();
		assertThat(retry.header("Idempotency-Replayed")).isEqualTo("true");
		assertThat(retry.map()).isEqualTo(first.map());
		assertThat(rows()).isEqualTo(1);
	}

	@Test
	void theSameKeyForAnotherRequestIsRefused() {
		Api keyed = this.verifier.withHeader("Idempotency-Key", "attempt-" + this.vm);
		keyed.post(VERIFICATIONS, this.device.request().with("vmId", this.vm).json()).expect(200);

		keyed.post(VERIFICATIONS, this.device.request().with("vmId", this.vm).with("destinationHost", "host-9").json())
			.problem(409, "idempotency-key-reused");

		assertThat(rows()).isEqualTo(1);
	}

	@Test
	void keysArePerCaller() {
		String key = "attempt-" + this.vm;
		String request = this.device.request().with("vmId", this.vm).json();
		long first = (Long) this.verifier.withHeader("Idempotency-Key", key)
			.post(VERIFICATIONS, request)
			.map()
			.get("id");

		Api other = Api.anonymous(this.port).withRole("verifier").withHeader("Idempotency-Key", key);
		Api.Response theirs = other.post(VERIFICATIONS, request).expect(200);

		assertThat(theirs.header("Idempotency-Replayed")).isNull();
		assertThat(theirs.map().get("id")).isNotEqualTo(first);
		assertThat(rows()).isEqualTo(2);
	}

	@Test
	void aMalformedKeyIsRefusedAndNothingIsStored() {
		for (String key : List.of("", "has space", "x".repeat(201), "ünïcode")) {
			this.verifier.withHeader("Idempotency-Key", key)
				.post(VERIFICATIONS, this.device.request().with("vmId", this.vm).json())
				.problem(400, "invalid-idempotency-key");
		}
		assertThat(rows()).isZero();
	}

	@Test
	void aRetriedBatchGetsItsStoredVerdicts() {
		Map<String, Object> item = this.device.request().with("vmId", this.vm).toMap();
		String batch = Json.canonical(Map.of("items", List.of(item, item, item)));
		Api keyed = this.verifier.withHeader("Idempotency-Key", "drain-" + this.vm);

		Map<String, Object> first = keyed.post(VERIFICATIONS + "/batch", batch).expect(200).map();
		Api.Response retry = keyed.post(VERIFICATIONS + "/batch", batch).expect(200);

		assertThat(retry.header("Idempotency-Replayed")).isEqualTo("true");
		assertThat(retry.map()).isEqualTo(first);
		assertThat(rows()).isEqualTo(3);
	}

	/** Retries racing each other: exactly one stores, every one answers its verdict. */
	@Test
	void concurrentRetriesStoreOneVerdict() throws Exception {
		Api keyed = this.verifier.withHeader("Idempotency-Key", "race-" + this.vm);
		String request = this.device.request().with("vmId", this.vm).json();
		ExecutorService pool = Executors.newFixedThreadPool(16);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Api.Response>> answers = new ArrayList<>();
			for (int i = 0; i < 16; i++) {
				answers.add(pool.submit(() -> {
					start.await();
					return keyed.post(VERIFICATIONS, request);
				}));
			}
			start.countDown();
			List<Object> ids = new ArrayList<>();
			for (Future<Api.Response> answer : answers) {
				ids.add(answer.get().expect(200).map().get("id"));
			}
			assertThat(ids).containsOnly(ids.get(0));
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(rows()).isEqualTo(1);
	}

	private long rows() {
		return this.jdbc.queryForObject("select count(*) from verification where vm_id = ?", Long.class, this.vm);
	}

}
