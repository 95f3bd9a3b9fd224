package io.cfgspace.security;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cfgspace.layout.Json;

/**
 * A small OpenID provider over real HTTP for the tests: a discovery document, its RSA key
 * as a JWKS, and an authorization code flow whose authorize endpoint approves at once
 * whoever {@link #nextLogin} names. It signs what the tests ask it to, including tokens
 * that are wrong on purpose.
 */
final class TestIssuer implements AutoCloseable {

	static final String CLIENT_ID = "cfgspace-ui";

	static final String CLIENT_SECRET = "ui-secret";

	private final HttpServer server;

	private final RSAKey key;

	private final RSAKey stranger;

	private final String issuer;

	private final Map<String, Map<String, Object>> codes = new ConcurrentHashMap<>();

	private final AtomicReference<Map<String, Object>> nextLogin = new AtomicReference<>(Map.of());

	TestIssuer() {
		this(0);
	}

	/**
	 * An issuer on this port (0: any free one), so a test can bring one back where it
	 * was.
	 */
	TestIssuer(int port) {
		try {
			this.key = new RSAKeyGenerator(2048).keyID("test-key").generate();
			this.stranger = new RSAKeyGenerator(2048).keyID("test-key").generate();
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
		}
		catch (IOException | JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		this.issuer = "http://127.0.0.1:" + this.server.getAddress().getPort() + "/realms/cloud";
		this.server.createContext("/realms/cloud/.well-known/openid-configuration",
				(exchange) -> answer(exchange, 200, Json.canonical(Map.of("issuer", this.issuer, "jwks_uri",
						this.issuer + "/certs", "authorization_endpoint", this.issuer + "/auth", "token_endpoint",
						this.issuer + "/token", "response_types_supported", List.of("code"), "subject_types_supported",
						List.of("public"), "id_token_signing_alg_values_supported", List.of("RS256")))));
		this.server.createContext("/realms/cloud/certs",
				(exchange) -> answer(exchange, 200, new JWKSet(this.key.toPublicJWK()).toString()));
		this.server.createContext("/realms/cloud/auth", this::authorize);
		this.server.createContext("/realms/cloud/token", this::token);
		this.server.start();
	}

	String issuer() {
		return this.issuer;
	}

	/** The claims (besides iss, aud, exp, nonce) of whoever signs in next. */
	void nextLogin(Map<String, Object> claims) {
		this.nextLogin.set(claims);
	}

	/**
	 * A JWT from this issuer for cfgspace, valid for five minutes, with these claims on
	 * top.
	 */
	String token(Map<String, Object> claims) {
		Map<String, Object> all = new LinkedHashMap<>();
		all.put("iss", this.issuer);
		all.put("aud", List.of("cfgspace"));
		all.put("sub", UUID.randomUUID().toString());
		all.put("iat", Instant.now().getEpochSecond());
		all.put("exp", Instant.now().plus(Duration.ofMinutes(5)).getEpochSecond());
		all.putAll(claims);
		return sign(this.key, all);
	}

	/** A token that looks right but is signed with a key the issuer never published. */
	String tokenOfAStranger(Map<String, Object> claims) {
		Map<String, Object> all = new LinkedHashMap<>(Map.of("iss", this.issuer, "aud", List.of("cfgspace"), "sub",
				"mallory", "exp", Instant.now().plus(Duration.ofMinutes(5)).getEpochSecond()));
		all.putAll(claims);
		return sign(this.stranger, all);
	}

	private static String sign(RSAKey key, Map<String, Object> claims) {
		try {
			JWTClaimsSet.Builder set = new JWTClaimsSet.Builder();
			claims.forEach((name, value) -> set.claim(name,
					(value instanceof Long seconds && List.of("iat", "exp", "nbf").contains(name))
							? Date.from(Instant.ofEpochSecond(seconds)) : value));
			SignedJWT jwt = new SignedJWT(
					new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
					set.build());
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Approves at once: redirects back with a code, as a provider does after its login
	 * form.
	 */
	private void authorize(HttpExchange exchange) throws IOException {
		Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
		if (!CLIENT_ID.equals(query.get("client_id")) || !"code".equals(query.get("response_type"))) {
			answer(exchange, 400, "{\"error\":\"invalid_request\"}");
			return;
		}
		String code = UUID.randomUUID().toString();
		Map<String, Object> claims = new LinkedHashMap<>(this.nextLogin.get());
		if (query.containsKey("nonce")) {
			claims.put("nonce", query.get("nonce"));
		}
		claims.put("redirect_uri", query.get("redirect_uri"));
		this.codes.put(code, claims);
		String location = query.get("redirect_uri") + "?code=" + code + "&state="
				+ java.net.URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Location", location);
		exchange.sendResponseHeaders(302, -1);
		exchange.close();
	}

	private void token(HttpExchange exchange) throws IOException {
		String expected = "Basic " + Base64.getEncoder()
			.encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
		Map<String, String> body;
		try (InputStream in = exchange.getRequestBody()) {
			body = form(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
		Map<String, Object> claims = this.codes.remove(String.valueOf(body.get("code")));
		if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization")) || claims == null
				|| !claims.remove("redirect_uri").equals(body.get("redirect_uri"))) {
			answer(exchange, 400, "{\"error\":\"invalid_grant\"}");
			return;
		}
		Map<String, Object> idToken = new LinkedHashMap<>(claims);
		idToken.put("aud", List.of(CLIENT_ID));
		idToken.put("azp", CLIENT_ID);
		answer(exchange, 200, Json.canonical(Map.of("access_token", token(Map.of()), "token_type", "Bearer",
				"expires_in", 300, "scope", "openid profile", "id_token", token(idToken))));
	}

	private static Map<String, String> form(String encoded) {
		Map<String, String> values = new LinkedHashMap<>();
		if (encoded == null) {
			return values;
		}
		for (String pair : encoded.split("&")) {
			int equals = pair.indexOf('=');
			if (equals > 0) {
				values.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
						URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
			}
		}
		return values;
	}

	private static void answer(HttpExchange exchange, int status, String json) throws IOException {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

	int port() {
		return this.server.getAddress().getPort();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
