package io.cfgspace.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cfgspace.layout.Json;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutDocument;

/**
 * Stands in for the cfgspace service: answers {@code POST /api/v1/verifications} as told
 * (or never), serves one pin, and records every request.
 *
 * <p>
 * It keeps the service's {@code Idempotency-Key} promise: a verification sent again with
 * the same key and body gets the stored answer (marked {@code Idempotency-Replayed:
 * true}) and records nothing; the same key with another body is a 409
 * {@code idempotency-key-reused}. It can lose the answer to the first verification it
 * records, after recording it, as a network would.
 */
final class StandInService implements AutoCloseable {

	record Request(String method, String path, String authorization, String idempotencyKey, String body) {

		@SuppressWarnings("unchecked")
		Map<String, Object> json() {
			return (Map<String, Object>) Json.parse(this.body);
		}

	}

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final CountDownLatch closing = new CountDownLatch(1);

	private volatile int status = 200;

	private volatile String answer = consistent(1);

	private volatile boolean silent;

	private volatile String pin;

	/** How the answer to the first recorded verification is lost, if it is. */
	enum Loss {

		NONE, NEVER_ANSWERED, CONNECTION_DROPPED

	}

	private volatile Loss firstAnswerLoss = Loss.NONE;

	private record Stored(String body, int status, String answer) {

	}

	private final Map<String, Stored> byIdempotencyKey = new ConcurrentHashMap<>();

	private final AtomicInteger recorded = new AtomicInteger();

	private StandInService() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", this::handle);
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	static StandInService start() throws IOException {
		return new StandInService();
	}

	static String consistent(long id) {
		return "{\"id\":" + id + ",\"verdict\":\"CONSISTENT\",\"modelKey\":\"8086:0b25\",\"pinVersion\":3,"
				+ "\"findings\":[]}";
	}

	static String inconsistent(long id) {
		return "{\"id\":" + id + ",\"verdict\":\"INCONSISTENT\",\"modelKey\":\"8086:0b25\",\"pinVersion\":3,"
				+ "\"findings\":[{\"code\":\"PIN_DEPRECATED\",\"severity\":\"WARNING\",\"side\":\"PIN\",\"space\":null,"
				+ "\"offset\":null,\"capability\":null,\"field\":null,\"expected\":null,\"actual\":null,"
				+ "\"message\":\"the pinned version is deprecated\"},"
				+ "{\"code\":\"OFFSET_MISMATCH\",\"severity\":\"ERROR\",\"side\":\"DESTINATION\",\"space\":\"extended\","
				+ "\"offset\":560,\"capability\":\"Process Address Space ID (PASID)\",\"field\":null,"
				+ "\"expected\":\"0x230\",\"actual\":\"0x240\",\"message\":\"the PASID capability is at 0x240 on the "
				+ "destination, but pinned at 0x230\"}]}";
	}

	/**
	 * An inconsistent verdict whose only error says the destination lacks the BAR sizes
	 * the pin records.
	 */
	static String cannotCompare(long id) {
		return "{\"id\":" + id + ",\"verdict\":\"INCONSISTENT\",\"modelKey\":\"8086:0b25\",\"pinVersion\":3,"
				+ "\"findings\":[{\"code\":\"CANNOT_COMPARE\",\"severity\":\"ERROR\",\"side\":\"DESTINATION\","
				+ "\"space\":null,\"offset\":null,\"capability\":null,\"field\":\"size\",\"expected\":\"bar0, bar2\","
				+ "\"actual\":null,\"message\":\"the pin records the size of bar0, bar2, but the destination does not "
				+ "show it\"}]}";
	}

	static String problem(int status, String code, String detail) {
		return "{\"type\":\"https://cfgspace.io/problems/" + code + "\",\"title\":\"Problem\",\"status\":" + status
				+ ",\"code\":\"" + code + "\",\"detail\":\"" + detail + "\"}";
	}

	/** Answer verifications with this status and body. */
	StandInService answer(int status, String body) {
		this.status = status;
		this.answer = body;
		return this;
	}

	/** Accept verifications and never answer. */
	StandInService silent() {
		this.silent = true;
		return this;
	}

	/**
	 * Record the first verification, then lose its answer: never send it, or drop the
	 * connection.
	 */
	StandInService losesTheFirstAnswer(Loss how) {
		this.firstAnswerLoss = how;
		return this;
	}

	/** How many verifications were recorded (answered 200 for the first time). */
	int recorded() {
		return this.recorded.get();
	}

	/** Serve this layout as pin 3 of model 8086:0b25. */
	StandInService pin(Layout layout) {
		this.pin = "{\"modelKey\":\"8086:0b25\",\"version\":3,\"fingerprint\":\"" + layout.fingerprint()
				+ "\",\"deprecated\":false,\"layout\":" + LayoutDocument.write(layout) + "}";
		return this;
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	List<Request> requests() {
		return this.requests;
	}

	Request lastVerification() {
		return this.requests.stream()
			.filter((r) -> r.method().equals("POST"))
			.reduce((first, second) -> second)
			.orElseThrow(() -> new AssertionError("no verification was requested: " + this.requests));
	}

	private void handle(HttpExchange exchange) throws IOException {
		String body;
		try (InputStream in = exchange.getRequestBody()) {
			body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		String path = exchange.getRequestURI().getPath();
		String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
		this.requests.add(new Request(exchange.getRequestMethod(), path,
				exchange.getRequestHeaders().getFirst("Authorization"), key, body));
		if (this.silent) {
			awaitClosing();
			exchange.close();
			return;
		}
		if (exchange.getRequestMethod().equals("GET") && path.equals("/api/v1/device-models/8086:0b25/pins/3")
				&& this.pin != null) {
			respond(exchange, 200, this.pin);
		}
		else if (exchange.getRequestMethod().equals("POST") && path.equals("/api/v1/verifications")) {
			verification(exchange, key, body);
		}
		else {
			respond(exchange, 404, problem(404, "not-found", "no such resource"));
		}
	}

	/** Holds a request unanswered until the stand-in closes (or 30 s pass). */
	private void awaitClosing() {
		try {
			this.closing.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void verification(HttpExchange exchange, String key, String body) throws IOException {
		if (key != null) {
			Stored stored = this.byIdempotencyKey.get(key);
			if (stored != null && !stored.body().equals(body)) {
				respond(exchange, 409, problem(409, "idempotency-key-reused",
						"this Idempotency-Key was sent before with another request body"));
				return;
			}
			if (stored != null) {
				exchange.getResponseHeaders().set("Idempotency-Replayed", "true");
				respond(exchange, stored.status(), stored.answer());
				return;
			}
		}
		int answered = this.status;
		String text = this.answer;
		if (answered == 200) {
			this.recorded.incrementAndGet();
			if (key != null) {
				this.byIdempotencyKey.put(key, new Stored(body, answered, text));
			}
		}
		Loss loss = this.firstAnswerLoss;
		if (answered == 200 && loss != Loss.NONE) {
			this.firstAnswerLoss = Loss.NONE;
			if (loss == Loss.NEVER_ANSWERED) {
				awaitClosing();
			}
			// closing an exchange before its headers were sent drops the connection
			exchange.close();
			return;
		}
		respond(exchange, answered, text);
	}

	private static void respond(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders()
			.set("Content-Type", (status >= 400) ? "application/problem+json" : "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	@Override
	public void close() {
		this.closing.countDown();
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
