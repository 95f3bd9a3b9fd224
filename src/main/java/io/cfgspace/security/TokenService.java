package io.cfgspace.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.cfgspace.layout.Fingerprint;
import io.cfgspace.system.NotFound;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Issues, lists, revokes and checks API bearer tokens. A token's secret is shown once, at
 * creation; the service keeps only its SHA-256, which is enough for 256 random bits.
 * <p>
 * A token accepted is remembered for {@link #REMEMBERED}, so that a busy caller does not
 * cost a database read per request: a revocation takes effect at once on the node that
 * made it and within that time on the others.
 */
@Service
public class TokenService {

	static final String PREFIX = "cfs_";

	private final SecureRandom random = new SecureRandom();

	private final ApiTokens tokens;

	private final Clock clock;

	static final Duration REMEMBERED = Duration.ofSeconds(5);

	/** Far more than the tokens in use; a bound all the same. */
	private static final int MAX_REMEMBERED = 10_000;

	private final Map<String, Accepted> accepted = new ConcurrentHashMap<>();

	private record Accepted(ApiToken token, long until) {

	}

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
		// after the commit: a request in between would otherwise remember the token again
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				TokenService.this.accepted.values().removeIf((accepted) -> accepted.token().id().equals(id));
			}
		});
		return token;
	}

	/** The live token with this secret, if any. */
	public Optional<ApiToken> authenticate(String secret) {
		if (!secret.startsWith(PREFIX) || secret.length() > 100) {
			return Optional.empty();
		}
		String hash = hash(secret);
		long now = System.nanoTime();
		Accepted remembered = this.accepted.get(hash);
		if (remembered != null && now - remembered.until() < 0) {
			return Optional.of(remembered.token());
		}
		Optional<ApiToken> token = this.tokens.findByTokenHash(hash).filter((found) -> found.revokedAt() == null);
		if (token.isEmpty()) {
			this.accepted.remove(hash);
			return token;
		}
		if (this.accepted.size() >= MAX_REMEMBERED) {
			this.accepted.clear();
		}
		this.accepted.put(hash, new Accepted(token.get(), now + REMEMBERED.toNanos()));
		return token;
	}

	private static String hash(String secret) {
		return Fingerprint.sha256Hex(secret);
	}

}
