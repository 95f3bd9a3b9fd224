package io.cfgspace.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
 * layout that failed its integrity check (409 {@code layout-integrity-violation}), 408
 * and 429, which like 5xx, a timeout or an unreachable server decide nothing.
 */
final class VerificationClient {

	private static final String INTEGRITY_VIOLATION = "layout-integrity-violation";

	private final URI server;

	private final String token;

	private final long deadline;

	private final HttpClient http;

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

	/** {@code GET /api/v1/device-models/{key}/pins/{version}}. */
	Map<String, Object> pin(String modelKey, int version) throws CommandFailure {
		return send(request("/api/v1/device-models/" + pathSegment(modelKey) + "/pins/" + version).GET().build());
	}

	/** {@code POST /api/v1/device-models/{key}/impact}. */
	Map<String, Object> impact(String modelKey, String dump) throws CommandFailure {
		return send(request("/api/v1/device-models/" + pathSegment(modelKey) + "/impact")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(Json.canonical(Map.of("dump", dump)), StandardCharsets.UTF_8))
			.build());
	}

	/** {@code POST /api/v1/verifications}. */
	Map<String, Object> verify(Map<String, Object> body) throws CommandFailure {
		return send(request("/api/v1/verifications").header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(Json.canonical(body), StandardCharsets.UTF_8))
			.build());
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(this.server + path))
			.timeout(remaining())
			.header("Accept", "application/json, application/problem+json")
			.header("Authorization", "Bearer " + this.token);
	}

	private Map<String, Object> send(HttpRequest request) throws CommandFailure {
		String where = request.method() + " " + request.uri();
		CompletableFuture<HttpResponse<String>> future = this.http.sendAsync(request,
				HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		HttpResponse<String> response;
		try {
			response = future.get(remaining().toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			future.cancel(true);
			throw timedOut(where);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw CommandFailure.undecided(where + ": interrupted");
		}
		catch (ExecutionException ex) {
			throw unreachable(where, ex.getCause());
		}
		return answer(where, response);
	}

	private Map<String, Object> answer(String where, HttpResponse<String> response) throws CommandFailure {
		int status = response.statusCode();
		Map<String, Object> body = body(response.body());
		if (status == 200) {
			if (body == null) {
				throw CommandFailure.undecided(where + ": the answer is not a JSON object");
			}
			return body;
		}
		String code = (body != null && body.get("code") instanceof String text) ? text : null;
		String detail = (body != null && body.get("detail") instanceof String text) ? text : null;
		String problem = where + ": HTTP " + status + ((code != null) ? " " + code : "")
				+ ((detail != null) ? ": " + detail : "");
		if (status >= 400 && status < 500 && status != 408 && status != 429 && !INTEGRITY_VIOLATION.equals(code)) {
			throw CommandFailure.unusable(problem);
		}
		throw CommandFailure.undecided(problem + "; nothing was decided");
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
		// HttpRequest refuses a zero timeout; a spent deadline then times out at once
		return Duration.ofNanos(Math.max(1_000_000, this.deadline - System.nanoTime()));
	}

	private static CommandFailure timedOut(String where) {
		return CommandFailure.undecided(where + ": no answer within the deadline (--timeout); nothing was decided");
	}

	private static CommandFailure unreachable(String where, Throwable cause) {
		if (cause instanceof HttpTimeoutException) {
			return timedOut(where);
		}
		String why = (cause instanceof ConnectException) ? "cannot connect"
				: (cause instanceof IOException && cause.getMessage() != null) ? cause.getMessage()
						: String.valueOf(cause);
		return CommandFailure.undecided(where + ": " + why + "; nothing was decided");
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
