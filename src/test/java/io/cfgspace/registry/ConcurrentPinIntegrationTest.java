package io.cfgspace.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import io.cfgspace.Api;
import io.cfgspace.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * 32 callers at once: one version for one content, consecutive versions for different
 * contents.
 */
@IntegrationTest
class ConcurrentPinIntegrationTest {

	private static final int CALLERS = 32;

	@LocalServerPort
	int port;

	@Test
	void theSameContentYieldsOneVersion() throws Exception {
		Api operator = Api.anonymous(this.port).withRole("operator");
		int device = Fixtures.freshDeviceId();
		String key = Fixtures.createModel(operator, String.format("8086:%04x", device));
		String body = Fixtures.pinBody(Fixtures.dumpAs(Fixtures.SKYLAKE, 0x8086, device));

		List<Api.Response> responses = all(IntStream.range(0, CALLERS)
			.mapToObj((i) -> (Callable<Api.Response>) () -> operator.post(pins(key), body))
			.toList());

		assertThat(responses).extracting(Api.Response::status).containsOnly(200, 201);
		assertThat(responses).filteredOn((r) -> r.status() == 201).hasSize(1);
		assertThat(responses).extracting((r) -> r.map().get("version")).containsOnly(1L);
		assertThat(operator.get(pins(key)).expect(200).list("items")).hasSize(1);
	}

	@Test
	void differentContentsYieldConsecutiveVersions() throws Exception {
		Api operator = Api.anonymous(this.port).withRole("operator");
		int device = Fixtures.freshDeviceId();
		String key = Fixtures.createModel(operator, String.format("8086:%04x", device));
		String dump = Fixtures.dumpAs(Fixtures.SKYLAKE, 0x8086, device);

		List<Api.Response> responses = all(IntStream.range(0, CALLERS)
			.mapToObj((i) -> (Callable<Api.Response>) () -> operator.post(pins(key), Fixtures.pinWithPasid(dump, i)))
			.toList());

		assertThat(responses).extracting(Api.Response::status).containsOnly(201);
		assertThat(responses).extracting((r) -> r.map().get("version"))
			.containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, CALLERS).mapToObj(Long::valueOf).toList());
		assertThat(operator.get(pins(key)).expect(200).list("items")).hasSize(CALLERS);
	}

	private static String pins(String key) {
		return "/api/v1/device-models/" + key + "/pins";
	}

	private static <T> List<T> all(List<Callable<T>> calls) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(calls.size());
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<T>> futures = new ArrayList<>();
			for (Callable<T> call : calls) {
				futures.add(pool.submit(() -> {
					start.await();
					return call.call();
				}));
			}
			start.countDown();
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get());
			}
			return results;
		}
		finally {
			pool.shutdownNow();
		}
	}

}
