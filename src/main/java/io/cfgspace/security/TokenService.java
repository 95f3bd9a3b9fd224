package io.cfgspace.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import io.cfgspace.layout.Fingerprint;
import io.cfgspace.system.NotFound;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issues, lists, revokes and checks API bearer tokens. A token's secret is shown once, at
 * creation; the service keeps only its SHA-256, which is enough for 256 random bits.
 */
@Service
public class TokenService {

	static final String PREFIX = "cfs_";

	private final SecureRandom random = new SecureRandom();

	private final ApiTokens tokens;

	private final Clock clock;

	TokenService(ApiTokens tokens, Clock clock) {
		this.tokens = tokens;
		this.clock = clock;
	}

	/** A token just issued, with the secret the caller must keep. */
	public record Issued(ApiToken token, String secret) {

	}

	@Transactional
	public Issued issue(String name, Role role, String actor) {
		byte[] bytes = new byte[32];
		this.random.nextBytes(bytes);
		String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		ApiToken token = this.tokens.save(new ApiToken(name, hash(secret), role, actor, this.clock.instant()));
		return new Issued(token, secret);
	}

	@Transactional(readOnly = true)
	public List<ApiToken> list() {
		return this.tokens.findAllByOrderById();
	}

	@Transactional
	public ApiToken revoke(long id) {
		ApiToken token = this.tokens.findById(id)
			.orElseThrow(() -> new NotFound("token-not-found", "no API token with id " + id));
		token.revoke(this.clock.instant());
		return token;
	}

	/** The live token with this secret, if any. */
	@Transactional(readOnly = true)
	public Optional<ApiToken> authenticate(String secret) {
		if (!secret.startsWith(PREFIX) || secret.length() > 100) {
			return Optional.empty();
		}
		return this.tokens.findByTokenHash(hash(secret)).filter((token) -> token.revokedAt() == null);
	}

	private static String hash(String secret) {
		return Fingerprint.sha256Hex(secret);
	}

}
