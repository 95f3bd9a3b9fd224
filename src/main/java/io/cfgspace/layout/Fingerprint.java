package io.cfgspace.layout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names a layout by the SHA-256 of its canonical content. What is hashed is what a guest
 * can observe: format, identity, coverage and blocks. Block names and structural findings
 * are left out on purpose: they are derived text (a newer lspci names more capabilities),
 * and renaming must never make a pinned layout look different.
 */
public final class Fingerprint {

	private static final String PREFIX = "sha256:";

	private Fingerprint() {
	}

	public static String of(Layout layout) {
		return PREFIX + sha256Hex(LayoutDocument.canonicalContent(layout));
	}

	/** Whether the text has the form of a fingerprint. */
	public static boolean isWellFormed(String text) {
		return text.length() == PREFIX.length() + 64 && text.startsWith(PREFIX)
				&& text.substring(PREFIX.length())
					.chars()
					.allMatch((c) -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
	}

	/** SHA-256 of the text's UTF-8 bytes, as lower-case hex. */
	public static String sha256Hex(String text) {
		MessageDigest digest = SHA256.get();
		return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
	}

	// looking a digest up costs more than hashing a layout; digest() resets it for the
	// next use
	private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform provides SHA-256", ex);
		}
	});

}
