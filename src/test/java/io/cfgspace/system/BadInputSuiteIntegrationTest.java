package io.cfgspace.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.cfgspace.Api;
import io.cfgspace.IntegrationTest;
import io.cfgspace.OpenApiContract;
import io.cfgspace.configspace.Corpus;
import io.cfgspace.layout.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Unusable input over HTTP, for every POST, PUT and PATCH of {@code openapi.yaml}: each
 * answer is a 4xx {@code application/problem+json} with a {@code code}, never a 500, and
 * afterwards the service is healthy and still does its work. Bodies go out as raw bytes
 * (invalid UTF-8, NUL bytes, no length) where the contract-checking {@link Api} client
 * cannot send them.
 */
@IntegrationTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputSuiteIntegrationTest {

	/** The limits of {@code RequestSizeLimitFilter}: 4 MiB, a host drain 32 MiB. */
	private static final int MAX_BODY = 4 * 1024 * 1024;

	private static final int MAX_BATCH_BODY = 32 * 1024 * 1024;

	/** Operations whose body may be left out (a deprecation without a reason). */
	private static final Set<String> OPTIONAL_BODY = Set.of(
			"POST /api/v1/device-models/{key}/pins/{version}/deprecation",
			"POST /api/v1/device-models/{key}/pins/{version}/approval");

	private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");

	@LocalServerPort
	int port;

	String token;

	String model;

	String dump;

	@BeforeEach
	void pinnedModel() {
		Api admin = Api.admin(this.port);
		this.token = issuedAdminToken(admin);
		this.model = String.format("8086:%04x", 0xB000 + (int) (System.nanoTime() & 0xFFF));
		this.dump = Corpus.hexAs("intel-skylake-gt2-igpu", 0x8086, Integer.parseInt(this.model.substring(5), 16));
		Api operator = admin.bearer(this.token);
		operator.post("/api/v1/device-models", Json.canonical(Map.of("key", this.model, "displayName", "bad input")))
			.expect(201);
		operator.post("/api/v1/device-models/" + this.model + "/pins", Json.canonical(Map.of("dump", this.dump)))
			.expect(201);
	}

	private static String issuedAdminToken(Api admin) {
		Api.Response issued = admin.post("/api/v1/tokens",
				Json.canonical(Map.of("name", "bad input " + System.nanoTime(), "role", "admin")));
		return (String) issued.expect(201).map().get("token");
	}

	/** One kind of unusable body, sent to every operation that takes a body. */
	private record Malformation(String name, String contentType, Body body, int status, String code) {

		interface Body {

			BodyPublisher of(String operation);

		}

	}

	private static List<Malformation> malformations() {
		return List.of(
				new Malformation("truncated JSON", "application/json", bytes("{\"key\":\"8086:"), 400,
						"malformed-request"),
				new Malformation("empty body", "application/json", bytes(""), 400, "malformed-request"),
				new Malformation("wrong content type", "text/plain", bytes("00: 86 80 1e 19"), 415,
						"unsupported-media-type"),
				new Malformation("a number, not an object", "application/json", bytes("42"), 400, "malformed-request"),
				new Malformation("a string, not an object", "application/json", bytes("\"dump\""), 400,
						"malformed-request"),
				new Malformation("a huge array", "application/json",
						bytes("[" + String.join(",", Collections.nCopies(200_000, "0")) + "]"), 400,
						"malformed-request"),
				new Malformation("10,000 nested arrays", "application/json",
						bytes("[".repeat(10_000) + "]".repeat(10_000)), 400, "malformed-request"),
				new Malformation("10,000 nested objects", "application/json",
						bytes("{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000)), 400, "malformed-request"),
				new Malformation("NUL bytes", "application/json", raw(new byte[] { '{', 0, 0, '}' }), 400,
						"malformed-request"),
				new Malformation("invalid UTF-8", "application/json",
						raw(new byte[] { '{', '"', (byte) 0xC3, 0x28, (byte) 0xFF, '"', ':', '1', '}' }), 400,
						"malformed-request"),
				new Malformation("oversized body", "application/json", (operation) -> {
					int limit = operation.endsWith("/batch") ? MAX_BATCH_BODY : MAX_BODY;
					return BodyPublishers.ofByteArray(oversized(limit));
				}, 413, "payload-too-large"),
				new Malformation("oversized body without a length", "application/json", (operation) -> {
					int limit = operation.endsWith("/batch") ? MAX_BATCH_BODY : MAX_BODY;
					byte[] body = oversized(limit);
					return BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
				}, 413, "payload-too-large"));
	}

	private static Malformation.Body bytes(String text) {
		return raw(text.getBytes(StandardCharsets.UTF_8));
	}

	private static Malformation.Body raw(byte[] body) {
		return (operation) -> BodyPublishers.ofByteArray(body);
	}

	private static byte[] oversized(int limit) {
		byte[] body = new byte[limit + 1024];
		Arrays.fill(body, (byte) '0');
		byte[] head = "{\"dump\":\"".getBytes(StandardCharsets.US_ASCII);
		System.arraycopy(head, 0, body, 0, head.length);
		body[body.length - 2] = '"';
		body[body.length - 1] = '}';
		return body;
	}

	@TestFactory
	@Order(1)
	Stream<DynamicTest> everyBodyTakingOperationRefusesMalformedBodies() {
		List<String> operations = OpenApiContract.get()
			.operations()
			.stream()
			.filter((operation) -> operation.matches("(POST|PUT|PATCH) /api/.*"))
			.toList();
		assertThat(operations).hasSizeGreaterThanOrEqualTo(13);
		List<DynamicTest> tests = new ArrayList<>();
		for (String operation : operations) {
			for (Malformation malformation : malformations()) {
				if (malformation.name().equals("empty body") && OPTIONAL_BODY.contains(operation)) {
					continue;
				}
				tests.add(DynamicTest.dynamicTest(operation + ": " + malformation.name(), () -> {
					String[] parts = operation.split(" ", 2);
					HttpResponse<String> response = send(parts[0], concrete(parts[1]), malformation.contentType(),
							malformation.body().of(parts[1]));
					assertProblem(response, malformation.status(), malformation.code());
				}));
			}
		}
		return tests.stream();
	}

	/** Values that name existing resources, so that only the body can be at fault. */
	private String concrete(String template) {
		return OpenApiContract.path(template, (name) -> switch (name) {
			case "key" -> this.model;
			case "name" -> "bad-input-host";
			default -> "1";
		});
	}

	/** Bodies that are JSON of the right shape, with a value that cannot be used. */
	@TestFactory
	@Order(2)
	Stream<DynamicTest> unusableValuesAreRefusedByName() {
		String pins = "/api/v1/device-models/" + this.model + "/pins";
		String deepLayout = "[".repeat(10_000) + "]".repeat(10_000);
		String selfLoop = selfPointingCapability();
		String hugeHidden = "["
				+ String.join(",", Collections.nCopies(10_000, "{\"space\":\"extended\",\"offset\":256}")) + "]";
		List<Object[]> cases = List.of(
				// wrong JSON types
				new Object[] { "POST", "/api/v1/device-models", "{\"key\":42,\"displayName\":\"x\"}", 400,
						"malformed-request" },
				new Object[] { "POST", "/api/v1/verifications", verification("\"1\"", side(this.dump)), 400,
						"malformed-request" },
				new Object[] { "POST", "/api/v1/tokens", "{\"name\":true,\"role\":\"viewer\"}", 400,
						"malformed-request" },
				new Object[] { "POST", pins, "{\"dump\":[\"00\"]}", 400, "malformed-request" },
				// unknown enum values
				new Object[] { "POST", "/api/v1/tokens", "{\"name\":\"x\",\"role\":\"superuser\"}", 400,
						"invalid-request" },
				// token kinds: a reporter is bound to one valid host, and only a reporter
				// is
				new Object[] { "POST", "/api/v1/tokens", "{\"name\":\"x\",\"kind\":\"robot\",\"role\":\"viewer\"}", 400,
						"invalid-request" },
				new Object[] { "POST", "/api/v1/tokens", "{\"name\":\"x\",\"kind\":\"reporter\"}", 400,
						"invalid-request" },
				new Object[] { "POST", "/api/v1/tokens",
						"{\"name\":\"x\",\"kind\":\"reporter\",\"hostName\":\"hv/17\"}", 400, "invalid-host-name" },
				new Object[] { "POST", "/api/v1/tokens",
						"{\"name\":\"x\",\"kind\":\"reporter\",\"hostName\":\"hv-17\",\"role\":\"admin\"}", 400,
						"invalid-request" },
				new Object[] { "POST", "/api/v1/tokens",
						"{\"name\":\"x\",\"kind\":\"reporter\",\"hostName\":\"hv-17\",\"mayReport\":true}", 400,
						"invalid-request" },
				new Object[] { "POST", "/api/v1/tokens",
						"{\"name\":\"x\",\"role\":\"verifier\",\"hostName\":\"hv-17\"}", 400, "invalid-request" },
				new Object[] { "POST", "/api/v1/tokens", "{\"name\":\"x\",\"role\":\"viewer\",\"mayReport\":true}", 400,
						"invalid-request" },
				new Object[] { "POST", "/api/v1/tokens", "{\"name\":\"x\",\"kind\":\"reporter\",\"hostName\":17}", 400,
						"malformed-request" },
				new Object[] { "POST", "/api/v1/verifications",
						verification("1", "{\"view\":\"sideways\",\"dump\":\"" + this.dump + "\"}"), 400,
						"invalid-request" },
				new Object[] { "POST", pins,
						"{\"dump\":\"" + this.dump + "\",\"hidden\":[{\"space\":\"middle\",\"offset\":256}]}", 400,
						"invalid-request" },
				// non-hex dumps and NUL bytes
				new Object[] { "POST", "/api/v1/parse", "{\"dump\":\"" + "zz".repeat(256) + "\"}", 400,
						"malformed-dump" },
				new Object[] { "POST", pins, "{\"dump\":\"" + "g0".repeat(4096) + "\"}", 400, "malformed-dump" },
				new Object[] { "POST", "/api/v1/verifications", verification("1", side("00: 86 80\\u0000\\u0001")), 400,
						"malformed-dump" },
				new Object[] { "POST", "/api/v1/parse", "{\"dump\":\"00: 86 80\\u0000 1e 19\"}", 400,
						"malformed-dump" },
				// a capability that points at itself cannot be pinned
				new Object[] { "POST", pins, "{\"dump\":\"" + selfLoop + "\"}", 400, "invalid-layout" },
				// huge arrays and deep nesting inside a well-formed body
				new Object[] { "POST", pins, "{\"dump\":\"" + this.dump + "\",\"hidden\":" + hugeHidden + "}", 400,
						"invalid-request" },
				new Object[] { "POST", "/api/v1/verifications/batch",
						"{\"items\":[" + String.join(",", Collections.nCopies(1001, "{}")) + "]}", 400,
						"invalid-request" },
				new Object[] { "POST", "/api/v1/verifications",
						verification("1", "{\"view\":\"virtual\",\"layout\":" + deepLayout + "}"), 400,
						"malformed-request" },
				new Object[] { "POST", pins, "{\"layout\":" + deepLayout + "}", 400, "malformed-request" },
				// VMM profiles: a value of the wrong kind is named by its path
				new Object[] { "POST", "/api/v1/vmm-profiles",
						"{\"name\":\"bad-input\",\"vmm\":\"qemu\",\"vendorSpecificBodies\":\"sometimes\",\"source\":\"x\"}",
						400, "invalid-vmm-profile" },
				new Object[] { "POST", "/api/v1/vmm-profiles",
						"{\"name\":\"bad-input\",\"vmm\":\"qemu\",\"vendorSpecificBodies\":\"compared\",\"source\":\"x\","
								+ "\"synthesizes\":[{\"space\":\"extended\",\"id\":27,\"defaultOffset\":99999,"
								+ "\"alignment\":4,\"lowest\":256}]}",
						400, "invalid-vmm-profile" },
				new Object[] { "PUT", "/api/v1/vmm-profiles/qemu-9.0",
						"{\"name\":\"qemu-9.1\",\"vmm\":\"qemu\",\"vendorSpecificBodies\":\"compared\",\"source\":\"x\"}",
						400, "invalid-request" },
				new Object[] { "PUT", "/api/v1/hosts/bad-input-host/report",
						"{\"devices\":[],\"vmmProfile\":\"Not A Name\"}", 400, "invalid-request" },
				// a synthesized block past the end of config space, a hidden block where
				// no
				// capability starts: no VMM can do that, so no verdict is decided
				new Object[] { "POST", "/api/v1/verifications", verification("1", side(this.dump,
						",\"synthesized\":[{\"space\":\"extended\",\"offset\":4095,\"id\":27,\"version\":1,\"length\":8}]")),
						400, "invalid-request" },
				new Object[] { "POST", "/api/v1/verifications",
						verification("1", side(this.dump, ",\"hidden\":[{\"space\":\"extended\",\"offset\":4000}]")),
						400, "invalid-request" });
		return cases.stream()
			.map((c) -> DynamicTest
				.dynamicTest(c[0] + " " + c[1] + " → " + c[4] + ": " + abbreviated((String) c[2]), () -> assertProblem(
						send((String) c[0], (String) c[1], "application/json", BodyPublishers.ofString((String) c[2])),
						(int) c[3], (String) c[4])));
	}

	/**
	 * A pointer loop is a structural finding, not unusable input: parsing reports it and
	 * a verification with it is decided, never consistent.
	 */
	@Test
	@Order(3)
	void aPointerLoopIsReportedAndNeverConsistent() {
		String selfLoop = selfPointingCapability();
		HttpResponse<String> parsed = send("POST", "/api/v1/parse", "application/json",
				BodyPublishers.ofString(Json.canonical(Map.of("dump", selfLoop))));
		assertThat(parsed.statusCode()).as(parsed.body()).isEqualTo(200);
		assertThat(parsed.body()).contains("POINTER_LOOP");

		HttpResponse<String> verdict = send("POST", "/api/v1/verifications", "application/json",
				BodyPublishers.ofString(verification("1", side(selfLoop))));
		assertThat(verdict.statusCode()).as(verdict.body()).isEqualTo(200);
		assertThat(((Map<?, ?>) Json.parse(verdict.body())).get("verdict")).isEqualTo("INCONSISTENT");
	}

	@Test
	@Order(10)
	void staysHealthyAndStillWorks() {
		HttpResponse<String> health = send("GET", "/actuator/health", null, BodyPublishers.noBody());
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(((Map<?, ?>) Json.parse(health.body())).get("status")).isEqualTo("UP");
		Api operator = Api.anonymous(this.port).bearer(this.token);
		operator.post("/api/v1/parse", Json.canonical(Map.of("dump", this.dump))).expect(200);
		Map<String, Object> verdict = operator.post("/api/v1/verifications", verification("1", side(this.dump)))
			.expect(200)
			.map();
		assertThat(verdict.get("verdict")).isIn("CONSISTENT", "INCONSISTENT");
	}

	/**
	 * Requests the web container refuses before any servlet sees them, and paths and
	 * methods the API does not have: problem+json with a code too, and 404/405 the same
	 * with credentials and without (the routes are public; only they are told).
	 */
	@TestFactory
	@Order(5)
	Stream<DynamicTest> containerLevelRefusalsAreProblems() {
		String pin = "/api/v1/device-models/" + this.model + "/pins/1";
		String bigHeader = "X-Big: " + "a".repeat(20_000) + "\r\n";
		List<Object[]> cases = new ArrayList<>();
		for (boolean credentials : List.of(true, false)) {
			String who = credentials ? "admin" : "no credentials";
			// Tomcat's own refusals of the request target and the request line
			cases.add(new Object[] { who, "GET /api/v1/device-models/%zz HTTP/1.1", "", credentials, 400,
					"malformed-request", null });
			cases.add(new Object[] { who, "GET /api/v1/device-models/%C3%28 HTTP/1.1", "", credentials, 400,
					"malformed-request", null });
			cases.add(new Object[] { who, "GET /api/v1/device-models/8086%2F0b25 HTTP/1.1", "", credentials, 400,
					"malformed-request", null });
			cases.add(new Object[] { who, "GET /api/v1/device-models/%00 HTTP/1.1", "", credentials, 400,
					"malformed-request", null });
			cases.add(new Object[] { who, "GET /api/v1/device-models/{x} HTTP/1.1", "", credentials, 400,
					"malformed-request", null });
			cases.add(new Object[] { who, "GARBAGE", "", credentials, 400, "malformed-request", null });
			cases.add(new Object[] { who, "GET /api/v1/device-models HTTP/1.1", bigHeader, credentials, 400,
					"malformed-request", null });
			// Spring Security's firewall
			cases.add(new Object[] { who, "GET /api/v1/device-models;x=1 HTTP/1.1", "", credentials, 400,
					"malformed-request", null });
			// dot segments, plain and percent-encoded, which must never reach another
			// route
			for (String path : List.of("/api/v1/device-models/../users", "/api/v1/device-models/%2e%2e/users",
					"/api/v1/device-models/%2E%2E/users", "/api/v1/device-models/.%2e/users",
					"/api/v1/device-models/./x", "/api/v1/device-models/%2e/x", "/api/v1/device-models/..",
					"/api/v1/device-models/%2e%2e", "/api/v1/users/%2E.")) {
				cases.add(new Object[] { who, "GET " + path + " HTTP/1.1", "", credentials, 400, "malformed-request",
						null });
			}
			// paths the API does not have
			cases.add(new Object[] { who, "GET /api/v1/firmware HTTP/1.1", "", credentials, 404, "not-found", null });
			cases.add(new Object[] { who, "GET /api HTTP/1.1", "", credentials, 404, "not-found", null });
			cases.add(
					new Object[] { who, "GET " + pin + "/firmware HTTP/1.1", "", credentials, 404, "not-found", null });
			// methods no role may use: 405 with Allow, not a 403 about the role
			for (String method : List.of("PUT", "PATCH", "DELETE", "POST")) {
				cases.add(new Object[] { who, method + " " + pin + " HTTP/1.1", "Content-Length: 0\r\n", credentials,
						405, "method-not-allowed", "GET, HEAD, OPTIONS" });
			}
			cases.add(new Object[] { who, "DELETE /api/v1/device-models HTTP/1.1", "", credentials, 405,
					"method-not-allowed", "GET, HEAD, POST, OPTIONS" });
			cases.add(new Object[] { who, "POST /openapi.yaml HTTP/1.1", "Content-Length: 0\r\n", credentials, 405,
					"method-not-allowed", "GET, HEAD, OPTIONS" });
			cases.add(new Object[] { who, "TRACE /api/v1/device-models HTTP/1.1", "", credentials, 405,
					"method-not-allowed", null });
		}
		// decided after authentication: a window that ends before it starts
		cases.add(new Object[] { "admin",
				"GET /api/v1/verifications?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z HTTP/1.1", "", true, 400,
				"invalid-request", null });
		cases.add(new Object[] { "admin", "GET /api/v1/device-models HTTP/1.1", "Accept: application/xml\r\n", true,
				406, "not-acceptable", null });
		return cases.stream()
			.map((c) -> DynamicTest.dynamicTest(
					c[1] + (((String) c[2]).isEmpty() ? "" : " +header") + " (" + c[0] + ") → " + c[4] + " " + c[5],
					() -> {
						RawResponse response = raw((String) c[1], (String) c[2], (boolean) c[3]);
						assertThat(response.status()).as(response.text()).isEqualTo((int) c[4]);
						assertThat(response.header("Content-Type")).as(response.text())
							.startsWith("application/problem+json");
						assertThat(((Map<?, ?>) Json.parse(response.body())).get("code")).as(response.text())
							.isEqualTo(c[5]);
						if (c[6] != null) {
							assertThat(response.header("Allow")).as(response.text()).isEqualTo(c[6]);
						}
					}));
	}

	/**
	 * Every method openapi.yaml does not declare for a path is a 405 whose Allow names
	 * exactly the declared ones (and HEAD and OPTIONS), before credentials.
	 */
	@TestFactory
	@Order(6)
	Stream<DynamicTest> everyUndeclaredMethodIsAMethodNotAllowed() {
		Map<String, Set<String>> declared = new java.util.TreeMap<>();
		for (String operation : OpenApiContract.get().operations()) {
			String[] parts = operation.split(" ", 2);
			declared.computeIfAbsent(parts[1], (path) -> new java.util.TreeSet<>()).add(parts[0]);
		}
		List<DynamicTest> tests = new ArrayList<>();
		for (String template : declared.keySet()) {
			if (!template.startsWith("/api/")) {
				continue;
			}
			String path = concrete(template);
			// a concrete path may match several templates (/device-models/lookup and
			// /device-models/{key})
			Set<String> allowed = new java.util.TreeSet<>();
			declared.forEach((other, methods) -> {
				if (path.matches(PATH_PARAMETER.matcher(other).replaceAll("[^/]+"))) {
					allowed.addAll(methods);
				}
			});
			for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE")) {
				if (allowed.contains(method)) {
					continue;
				}
				tests.add(DynamicTest.dynamicTest(method + " " + template, () -> {
					RawResponse response = raw(method + " " + path + " HTTP/1.1", "Content-Length: 0\r\n", false);
					assertThat(response.status()).as(response.text()).isEqualTo(405);
					assertThat(response.header("Content-Type")).startsWith("application/problem+json");
					Set<String> allow = new java.util.TreeSet<>(Arrays.asList(response.header("Allow").split(", ")));
					Set<String> expected = new java.util.TreeSet<>(allowed);
					expected.add("OPTIONS");
					if (allowed.contains("GET")) {
						expected.add("HEAD");
					}
					assertThat(allow).as(response.text()).isEqualTo(expected);
				}));
			}
		}
		assertThat(tests).hasSizeGreaterThan(40);
		return tests.stream();
	}

	private record RawResponse(int status, Map<String, String> headers, String body, String text) {

		String header(String name) {
			return this.headers.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), "");
		}

	}

	/**
	 * One request written byte for byte: Java's HTTP client refuses to send a malformed
	 * percent-escape or a broken request line at all.
	 */
	private RawResponse raw(String requestLine, String headers, boolean credentials) throws IOException {
		try (java.net.Socket socket = new java.net.Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(30_000);
			String request = requestLine + "\r\nHost: 127.0.0.1:" + this.port + "\r\nConnection: close\r\n"
					+ (credentials ? "Authorization: Bearer " + this.token + "\r\n" : "") + headers + "\r\n";
			socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
			socket.getOutputStream().flush();
			String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			int end = text.indexOf("\r\n\r\n");
			assertThat(end).as("a response to %s: %s", requestLine, text).isPositive();
			String[] lines = text.substring(0, end).split("\r\n");
			Map<String, String> fields = new java.util.HashMap<>();
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				fields.put(lines[i].substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT),
						lines[i].substring(colon + 1).strip());
			}
			String body = text.substring(end + 4);
			if ("chunked".equalsIgnoreCase(fields.get("transfer-encoding"))) {
				body = unchunked(body);
			}
			return new RawResponse(Integer.parseInt(lines[0].split(" ")[1]), fields, body, text);
		}
	}

	private static String unchunked(String chunked) {
		StringBuilder body = new StringBuilder();
		int at = 0;
		while (true) {
			int eol = chunked.indexOf("\r\n", at);
			int size = Integer.parseInt(chunked.substring(at, eol).strip(), 16);
			if (size == 0) {
				return body.toString();
			}
			body.append(chunked, eol + 2, eol + 2 + size);
			at = eol + 2 + size + 2;
		}
	}

	/** The model's own device with its first capability's next pointer at itself. */
	private String selfPointingCapability() {
		byte[] config = HexFormat.of().parseHex(this.dump);
		int head = config[0x34] & 0xFC;
		config[head + 1] = (byte) head;
		return HexFormat.of().formatHex(config);
	}

	private String verification(String pinVersion, String side) {
		return "{\"modelKey\":\"" + this.model + "\",\"pinVersion\":" + pinVersion + ",\"vmId\":\"bad-input\","
				+ "\"source\":" + side + ",\"destination\":" + side + "}";
	}

	private static String side(String dump) {
		return side(dump, "");
	}

	private static String side(String dump, String more) {
		return "{\"view\":\"physical\",\"dump\":\"" + dump + "\"" + more + "}";
	}

	private static String abbreviated(String body) {
		return (body.length() <= 60) ? body : body.substring(0, 57) + "...";
	}

	private HttpResponse<String> send(String method, String path, String contentType, BodyPublisher body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(60))
			.header("Authorization", authorization(path))
			.method(method, body);
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		try {
			return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(method + " " + path + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The admin token, but a password for the password change: a token is refused there
	 * before its body is read.
	 */
	private String authorization(String path) {
		if (path.equals("/api/v1/users/me/password")) {
			return "Basic "
					+ Base64.getEncoder().encodeToString("admin:admin-test-password".getBytes(StandardCharsets.UTF_8));
		}
		return "Bearer " + this.token;
	}

	private static void assertProblem(HttpResponse<String> response, int status, String code) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).as(response.body())
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(((Map<?, ?>) Json.parse(response.body())).get("code")).as(response.body()).isEqualTo(code);
	}

}
