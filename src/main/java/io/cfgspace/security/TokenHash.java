package io.cfgspace.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What the database keeps of a token: the SHA-256 of its secret, as lower-case hex. A
 * token's secret carries 256 random bits, so a fast unsalted hash is enough to make a
 * stolen table useless; a password hash would only slow every request down.
 */
final class TokenHash {

	private TokenHash() {
	}

	static String of(String secret) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform provides SHA-256", ex);
		}
	}

}
