package io.cfgspace.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.cfgspace.layout.Json;
import io.cfgspace.layout.LayoutFormatException;

/**
 * Talks to the cfgspace service within one deadline for all its requests. A hook waits on
 * this with no timeout of its own (libvirt applies none), so every request is cut off
 * when the deadline passes, connection included.
 *
 * <p>
 * Status codes map onto the CLI's exit codes: 4xx is unusable input, except a stored
 * layout that failed its integrity check (409 {@code layout-integrity-violation}), which
 * decides nothing. 408, 429, 5xx, a timeout or an unreachable server are
 * {@link ServiceUnreachable}: nothing was decided, and a caller with a cached pin may
 * decide itself.
 *
 * <p>
 * A verification sent with an idempotency key is sent at most twice: the first attempt
 * gets half of the time left, and a timeout or a dropped connection sends the same body
 * with the same key once more in the rest. The service answers the retry with the verdict
 * it recorded for the first, if it got that far, so a lost answer never records two
 * verdicts. Without a key a verification is sent once: a retry could record a second
 * verdict.
 */
final class VerificationClient {

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	static final String IDEMPOTENCY_REPLAYED = "Idempotency-Replayed";

	private static final String INTEGRITY_VIOLATION = "layout-integrity-violation";

	/** Below this a second attempt cannot even connect; better to report the first. */
	private static final Duration SHORTEST_RETRY = Duration.ofMillis(100);

	private final URI server;

	private final String token;

	private final long deadline;

	private final HttpClient http;

	private PrintWriter notes;

	private VerificationClient(URI server, String token, Duration timeout) {
		this.server = server;
		this.token = token;
		this.deadline = System.nanoTime() + timeout.toNanos();
		this.http = HttpClient.newBuilder()
			.connectTimeout(timeout)
			.followRedirects(HttpClient.Redirect.NEVER)
			.version(HttpClient.Version.HTTP_1_1)
			.build();
	}

	static VerificationClient of(String server, String token, Duration timeout) throws CommandFailure {
		URI uri;
		try {
			uri = new URI(server.endsWith("/") ? server.substring(0, server.length() - 1) : server);
		}
		catch (URISyntaxException ex) {
			throw CommandFailure.unusable("--server: not a URL: " + ex.getMessage());
		}
		if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
			throw CommandFailure.unusable("--server: expected an http or https URL, got '" + server + "'");
		}
		if (token == null || token.isBlank()) {
			throw CommandFailure.unusable("no API token: give --token or set CFGSPACE_TOKEN");
		}
		return new VerificationClient(uri, token.strip(), timeout);
	}

	/** Where to say that a request is retried or an answer was replayed. */
	VerificationClient notesTo(PrintWriter notes) {
		this.notes = notes;
		return this;
	}

	String server() {
		return this.server.toString();
	}

	/** {@code GET /api/v1/device-models/{key}/pins/{version}}. */
	Map<String, Object> pin(String modelKey, int version) throws CommandFailure, ServiceUnreachable {
		return send(request("/api/v1/device-models/" + pathSegment(modelKey) + "/pins/" + version).GET(), remaining());
	}

	/** {@code GET /api/v1/device-models/{key}/pins}: every version, deprecated or not. */
	Map<String, Object> pins(String modelKey) throws CommandFailure, ServiceUnreachable {
		return send(request("/api/v1/device-models/" + pathSegment(modelKey) + "/pins").GET(), remaining());
	}

	/** {@code POST /api/v1/device-models/lookup}: the model of a device's dump. */
	Map<String, Object> lookup(String hexDump) throws CommandFailure, ServiceUnreachable {
		return send(request("/api/v1/device-models/lookup").header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(Json.canonical(Map.of("dump", hexDump)), StandardCharsets.UTF_8)),
				remaining());
	}

	/** {@code GET /api/v1/vmm-profiles/{name}}. */
	Map<String, Object> vmmProfile(String name) throws CommandFailure, ServiceUnreachable {
		return send(request("/api/v1/vmm-profiles/" + pathSegment(name)).GET(), remaining());
	}

	/**
	 * {@code GET /api/v1/vmm-profiles?vmm=..&version=..&machineType=..}: the profiles
	 * that describe a build.
	 */
	Map<String, Object> vmmProfiles(String vmm, String version, String machineType)
			throws CommandFailure, ServiceUnreachable {
		String query = "?vmm=" + query(vmm) + "&version=" + query(version)
				+ ((machineType != null) ? "&machineType=" + query(machineType) : "");
		return send(request("/api/v1/vmm-profiles" + query).GET(), remaining());
	}

	/** {@code GET /api/v1/device-models/{key}/pins/{version}/vmm-config?profile=..}. */
	Map<String, Object> vmmConfig(String modelKey, int version, String profile, String alias, String address)
			throws CommandFailure, ServiceUnreachable {
		String query = "?profile=" + query(profile) + ((alias != null) ? "&alias=" + query(alias) : "")
				+ ((address != null) ? "&address=" + query(address) : "");
		return send(
				request("/api/v1/device-models/" + pathSegment(modelKey) + "/pins/" + version + "/vmm-config" + query)
					.GET(),
				remaining());
	}

	private static String query(String value) {
		return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/** {@code POST /api/v1/device-models/{key}/impact}. */
	Map<String, Object> impact(String modelKey, Map<String, Object> dump) throws CommandFailure {
		try {
			return send(
					request("/api/v1/device-models/" + pathSegment(modelKey) + "/impact")
						.header("Content-Type", "application/json")
						.POST(HttpRequest.BodyPublishers.ofString(Json.canonical(dump), StandardCharsets.UTF_8)),
					remaining());
		}
		catch (ServiceUnreachable ex) {
			throw ex.failure();
		}
	}

	/** {@code PUT /api/v1/hosts/{name}/report}: what this host offers for passthrough. */
	Map<String, Object> report(String host, Map<String, Object> body) throws CommandFailure {
		try {
			return send(
					request("/api/v1/hosts/" + pathSegment(host) + "/report").header("Content-Type", "application/json")
						.PUT(HttpRequest.BodyPublishers.ofString(Json.canonical(body), StandardCharsets.UTF_8)),
					remaining());
		}
		catch (ServiceUnreachable ex) {
			throw ex.failure();
		}
	}

	/** {@code GET /api/v1/verifications/partitions}: the audit's months (admin). */
	Map<String, Object> auditPartitions() throws CommandFailure {
		try {
			return send(request("/api/v1/verifications/partitions").GET(), remaining());
		}
		catch (ServiceUnreachable ex) {
			throw ex.failure();
		}
	}

	/**
	 * {@code POST /api/v1/verifications/partitions/detach}: detaches the audit's months
	 * before {@code before} (YYYY-MM), never drops them (admin).
	 */
	Map<String, Object> detachAuditPartitions(String before) throws CommandFailure {
		try {
			return send(request("/api/v1/verifications/partitions/detach").header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(Json.canonical(Map.of("before", before)),
						StandardCharsets.UTF_8)),
					remaining());
		}
		catch (ServiceUnreachable ex) {
			throw ex.failure();
		}
	}

	/**
	 * {@code POST /api/v1/verifications}, with the {@code Idempotency-Key} header when a
	 * key is given (and then retried once, see above).
	 */
	Map<String, Object> verify(Map<String, Object> body, String idempotencyKey)
			throws CommandFailure, ServiceUnreachable {
		HttpRequest.Builder request = request("/api/v1/verifications").header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(Json.canonical(body), StandardCharsets.UTF_8));
		if (idempotencyKey == null) {
			return send(request, remaining());
		}
		request.header(IDEMPOTENCY_KEY, idempotencyKey);
		try {
			return send(request, remaining().dividedBy(2));
		}
		catch (ServiceUnreachable ex) {
			if (!ex.retryable() || remaining().compareTo(SHORTEST_RETRY) < 0) {
				throw ex;
			}
			note(ex.getMessage() + "; retrying once with the same " + IDEMPOTENCY_KEY);
			return send(request, remaining());
		}
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(this.server + path))
			.header("Accept", "application/json, application/problem+json")
			.header("Authorization", "Bearer " + this.token);
	}

	private Map<String, Object> send(HttpRequest.Builder builder, Duration budget)
			throws CommandFailure, ServiceUnreachable {
		// HttpRequest refuses a zero timeout; a spent budget then times out at once
		Duration attempt = (budget.toMillis() < 1) ? Duration.ofMillis(1) : budget;
		HttpRequest request = builder.timeout(attempt).build();
		String where = request.method() + " " + request.uri();
		CompletableFuture<HttpResponse<String>> future = this.http.sendAsync(request,
				HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		HttpResponse<String> response;
		try {
			// the connect timeout is the whole deadline; the attempt's budget bounds it
			// too
			response = future.get(attempt.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			future.cancel(true);
			throw timedOut(where, attempt);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw CommandFailure.undecided(where + ": interrupted");
		}
		catch (ExecutionException ex) {
			throw unreachable(where, attempt, ex.getCause());
		}
		if (response.headers().firstValue(IDEMPOTENCY_REPLAYED).filter("true"::equalsIgnoreCase).isPresent()) {
			note(where + ": the service answered with the verdict it had recorded for this " + IDEMPOTENCY_KEY);
		}
		return answer(where, response);
	}

	private Map<String, Object> answer(String where, HttpResponse<String> response)
			throws CommandFailure, ServiceUnreachable {
		int status = response.statusCode();
		Map<String, Object> body = body(response.body());
		if (status == 200 || status == 201) {
			if (body == null) {
				throw CommandFailure.undecided(where + ": the answer is not a JSON object");
			}
			return body;
		}
		String code = (body != null && body.get("code") instanceof String text) ? text : null;
		String detail = (body != null && body.get("detail") instanceof String text) ? text : null;
		String problem = where + ": HTTP " + status + ((code != null) ? " " + code : "")
				+ ((detail != null) ? ": " + detail : "");
		if (INTEGRITY_VIOLATION.equals(code)) {
			// the service's own copy was altered: no cached copy may overrule that
			throw CommandFailure.undecided(problem + "; nothing was decided");
		}
		if (status >= 400 && status < 500 && status != 408 && status != 429) {
			throw CommandFailure.unusable(problem);
		}
		// the request was answered, so sending it again at once would only add load
		throw new ServiceUnreachable(problem + "; nothing was decided", false);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> body(String text) {
		try {
			return (Json.parse(text) instanceof Map<?, ?> map) ? (Map<String, Object>) map : null;
		}
		catch (LayoutFormatException ex) {
			return null;
		}
	}

	private Duration remaining() {
		return Duration.ofNanos(Math.max(0, this.deadline - System.nanoTime()));
	}

	private void note(String message) {
		if (this.notes != null) {
			this.notes.println("cfgspace: note: " + message);
			this.notes.flush();
		}
	}

	private static ServiceUnreachable timedOut(String where, Duration attempt) {
		return new ServiceUnreachable(where + ": no answer within " + seconds(attempt)
				+ " s (the deadline is --timeout); nothing was decided", true);
	}

	private static ServiceUnreachable unreachable(String where, Duration attempt, Throwable cause) {
		if (cause instanceof HttpTimeoutException) {
			return timedOut(where, attempt);
		}
		if (cause instanceof ConnectException) {
			// nothing reached the service, and a refused connection is refused again
			return new ServiceUnreachable(where + ": cannot connect; nothing was decided", false);
		}
		String why = (cause instanceof IOException && cause.getMessage() != null) ? cause.getMessage()
				: String.valueOf(cause);
		return new ServiceUnreachable(where + ": " + why + "; nothing was decided", cause instanceof IOException);
	}

	private static String seconds(Duration duration) {
		return String.format(Locale.ROOT, "%.1f", duration.toMillis() / 1000.0);
	}

	/** A model key may hold {@code @} and {@code :}, both allowed in a path segment. */
	private static String pathSegment(String text) {
		StringBuilder out = new StringBuilder();
		for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
			char c = (char) (b & 0xFF);
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
					|| ":@._-~".indexOf(c) >= 0) {
				out.append(c);
			}
			else {
				out.append(String.format("%%%02X", b & 0xFF));
			}
		}
		return out.toString();
	}

}
