package io.cfgspace;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.cfgspace.layout.Json;

/**
 * A small HTTP client for integration tests that checks every exchange against
 * {@code openapi.yaml}: a response the contract does not describe fails the test.
 */
public final class Api {

	private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	private final String authorization;

	private final Map<String, String> headers;

	private Api(String base, String authorization, Map<String, String> headers) {
		this.base = base;
		this.authorization = authorization;
		this.headers = headers;
	}

	public static Api anonymous(int port) {
		return new Api("http://127.0.0.1:" + port, null, Map.of());
	}

	public static Api admin(int port) {
		return anonymous(port).basic("admin", "admin-test-password");
	}

	/** A user made as an admin makes one, past the first password change. */
	public static void createUser(int port, String username, String role, String password) {
		String first = "first-password-from-the-admin";
		admin(port).post("/api/v1/users", Json.canonical(Map.of("username", username, "role", role, "password", first)))
			.expect(201);
		anonymous(port).basic(username, first)
			.post("/api/v1/users/me/password",
					Json.canonical(Map.of("currentPassword", first, "newPassword", password)))
			.expect(204);
	}

	public Api bearer(String token) {
		return new Api(this.base, "Bearer " + token, this.headers);
	}

	public Api basic(String user, String password) {
		return new Api(this.base,
				"Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)),
				this.headers);
	}

	/** The same client, sending this request header too. */
	public Api withHeader(String name, String value) {
		Map<String, String> more = new java.util.LinkedHashMap<>(this.headers);
		more.put(name, value);
		return new Api(this.base, this.authorization, Map.copyOf(more));
	}

	/** An API token of the role, issued by the admin. */
	public Api withRole(String role) {
		return withToken(Map.of("name", "test " + role + " " + System.nanoTime(), "role", role));
	}

	/** An API token of the role that may also report any host. */
	public Api withReportingRole(String role) {
		return withToken(
				Map.of("name", "test reporting " + role + " " + System.nanoTime(), "role", role, "mayReport", true));
	}

	/** The reporter token of one host, issued by the admin. */
	public Api withReporter(String host) {
		return withToken(Map.of("name", "test reporter " + host + " " + System.nanoTime(), "kind", "reporter",
				"hostName", host));
	}

	private Api withToken(Map<String, Object> request) {
		Response issued = admin(port()).post("/api/v1/tokens", Json.canonical(request));
		issued.expect(201);
		return bearer((String) issued.map().get("token"));
	}

	public Response get(String path) {
		return send("GET", path, null, null);
	}

	public Response post(String path, String json) {
		return send("POST", path, "application/json", json);
	}

	public Response patch(String path, String json) {
		return send("PATCH", path, "application/json", json);
	}

	public Response delete(String path) {
		return send("DELETE", path, null, null);
	}

	public Response send(String method, String path, String contentType, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(30))
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		if (this.authorization != null) {
			request.header("Authorization", this.authorization);
		}
		this.headers.forEach(request::header);
		try {
			HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
			Response result = new Response(response.statusCode(),
					response.headers().firstValue("Content-Type").orElse(null), response.body(),
					response.headers().firstValue("Location").orElse(null), response.headers());
			Contract.check(method, path, contentType, body, result);
			return result;
		}
		catch (IOException ex) {
			throw new IllegalStateException(method + " " + path + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private int port() {
		return URI.create(this.base).getPort();
	}

	/** One HTTP response. */
	public record Response(int status, String contentType, String body, String location,
			java.net.http.HttpHeaders headers) {

		public String header(String name) {
			return this.headers.firstValue(name).orElse(null);
		}

		public Response expect(int expected) {
			if (this.status != expected) {
				throw new AssertionError("expected HTTP " + expected + " but got " + this.status + ": " + this.body);
			}
			return this;
		}

		@SuppressWarnings("unchecked")
		public Map<String, Object> map() {
			return (Map<String, Object>) Json.parse(this.body);
		}

		@SuppressWarnings("unchecked")
		public List<Object> list(String member) {
			return (List<Object>) map().get(member);
		}

		/**
		 * Asserts an {@code application/problem+json} answer with this status and code.
		 */
		public Response problem(int expectedStatus, String code) {
			expect(expectedStatus);
			if (this.contentType == null || !this.contentType.startsWith("application/problem+json")) {
				throw new AssertionError("expected application/problem+json but got " + this.contentType);
			}
			Object actual = map().get("code");
			if (!code.equals(actual)) {
				throw new AssertionError("expected problem code " + code + " but got " + actual + ": " + this.body);
			}
			return this;
		}

	}

}
