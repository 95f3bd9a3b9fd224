package io.cfgspace.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import io.cfgspace.audit.AuditAction;
import io.cfgspace.audit.AuditTrail;
import io.cfgspace.system.ChangeFeed;
import io.cfgspace.system.NotFound;
import io.cfgspace.system.NotifiedCache;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

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

	/** Far more than the tokens in use; a bound all the same. */
	private static final int MAX_KEPT = 10_000;

	private final ChangeFeed changes;

	/**
	 * Every request authenticates, so the answer for each secret's hash is kept until a
	 * token is issued or revoked anywhere (see {@link ChangeFeed}).
	 */
	private final NotifiedCache<String, Optional<ApiToken>> byHash;

	private final AuditTrail audit;

	TokenService(ApiTokens tokens, Clock clock, ChangeFeed changes, AuditTrail audit) {
		this.tokens = tokens;
		this.audit = audit;
		this.clock = clock;
		this.changes = changes;
		this.byHash = changes.cache(MAX_KEPT);
	}

	/** A token just issued, with the secret the caller must keep. */
	public record Issued(ApiToken token, String secret) {

	}

	@Transactional
	public Issued issue(String name, TokenGrant grant, String actor) {
		byte[] bytes = new byte[32];
		this.random.nextBytes(bytes);
		String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		ApiToken token = this.tokens.save(new ApiToken(name, TokenHash.of(secret), grant, actor, this.clock.instant()));
		this.changes.changedHere();
		this.audit.record(AuditAction.TOKEN_ISSUED, subject(token), grant.audited());
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
		if (token.revokedAt() == null) {
			token.revoke(this.clock.instant());
			this.audit.record(AuditAction.TOKEN_REVOKED, subject(token), token.grant().audited());
		}
		this.changes.changedHere();
		return token;
	}

	/** Tokens were revoked outside this service: forget the ones remembered. */
	void revokedElsewhere() {
		this.changes.changedHere();
	}

	private static String subject(ApiToken token) {
		return "token " + token.id() + " (" + token.name() + ")";
	}

	/** The live token with this secret, if any. */
	public Optional<ApiToken> authenticate(String secret) {
		if (!secret.startsWith(PREFIX) || secret.length() > 100) {
			return Optional.empty();
		}
		return this.byHash.get(TokenHash.of(secret),
				(hash) -> this.tokens.findByTokenHash(hash).filter((found) -> found.revokedAt() == null));
	}

}
