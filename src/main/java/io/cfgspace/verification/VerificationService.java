package io.cfgspace.verification;

import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.cfgspace.registry.ModelKey;
import io.cfgspace.registry.PinLookup.PinnedLayout;
import io.cfgspace.registry.PinLookup;
import io.cfgspace.system.Conflict;
import io.cfgspace.verification.core.ComparedPin;
import io.cfgspace.verification.core.Finding;
import io.cfgspace.verification.core.FindingCode;
import io.cfgspace.verification.core.Quirk;
import io.cfgspace.verification.core.SideView;
import io.cfgspace.verification.core.Verdict;
import io.cfgspace.verification.core.Verifier;
import io.cfgspace.verification.core.VmmProfileCheck;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Verifies migrations against pins and stores every verdict before it is answered: the
 * transaction that writes the audit row commits before the response is sent, so an
 * answered verdict is never lost. Concurrent requests share that transaction (see
 * {@link VerdictWriter}).
 */
@Service
public class VerificationService {

	private static final TypeReference<List<Finding>> FINDINGS = new TypeReference<>() {
	};

	private final PinLookup pins;

	private final QuirkService quirks;

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final Clock clock;

	private final MeterRegistry meters;

	private final VerdictWriter writer;

	private final ComparedPins compared;

	private final VmmProfileService profiles;

	private final AuditPartitions partitions;

	private final Timer singleTime;

	private final Timer batchTime;

	private final Map<Verdict.Outcome, Counter> verdicts = new EnumMap<>(Verdict.Outcome.class);

	private final Map<FindingCode, Counter> findings = new EnumMap<>(FindingCode.class);

	VerificationService(PinLookup pins, QuirkService quirks, JdbcTemplate jdbc, JsonMapper json, Clock clock,
			MeterRegistry meters, VerdictWriter writer, ComparedPins compared, VmmProfileService profiles,
			AuditPartitions partitions) {
		this.partitions = partitions;
		this.compared = compared;
		this.profiles = profiles;
		this.pins = pins;
		this.quirks = quirks;
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
		this.meters = meters;
		this.writer = writer;
		// registered once: looking meters up by name and tags on every verdict costs more
		// than the verdict
		this.singleTime = time("single");
		this.batchTime = time("batch");
		for (Verdict.Outcome outcome : Verdict.Outcome.values()) {
			this.verdicts.put(outcome, meters.counter("cfgspace.verifications", "verdict", outcome.name()));
		}
		for (FindingCode code : FindingCode.values()) {
			this.findings.put(code, meters.counter("cfgspace.verification.findings", "code", code.name()));
		}
	}

	/** One device to verify: the pin it must match, both sides, and where it runs. */
	public record Request(ModelKey model, int pinVersion, String vmId, String deviceAddress, String sourceHost,
			String destinationHost, SideView source, SideView destination, String sourceProfile,
			String destinationProfile) {

		public Request(ModelKey model, int pinVersion, String vmId, String deviceAddress, String sourceHost,
				String destinationHost, SideView source, SideView destination) {
			this(model, pinVersion, vmId, deviceAddress, sourceHost, destinationHost, source, destination, null, null);
		}

	}

	/**
	 * Verdicts as answered: {@code replayed} when an earlier request with the key stored
	 * them.
	 */
	public record Verified(List<VerificationRecord> records, boolean replayed) {

	}

	/**
	 * The caller's key for a retried request, and the SHA-256 of the request: a key used
	 * again for different content is refused.
	 */
	public record IdempotencyKey(String key, String requestSha256) {

	}

	private Timer time(String kind) {
		return Timer.builder("cfgspace.verification")
			.description("Time to decide and store the verdicts of one request")
			.tag("kind", kind)
			.register(this.meters);
	}

	/**
	 * Verifies every request and stores all verdicts in one transaction before returning.
	 * Not transactional itself: the verdicts wait for a group commit, and a connection
	 * held while waiting would starve the writer.
	 */
	public Verified verifyAll(List<Request> requests, String caller, IdempotencyKey key) {
		if (key != null) {
			Verified earlier = replay(caller, key);
			if (earlier != null) {
				return earlier;
			}
		}
		Timer.Sample sample = Timer.start(this.meters);
		List<VerificationRecord> drafts = decide(requests, caller);
		VerdictWriter.Written written = this.writer.write(drafts,
				(key != null) ? new VerdictWriter.IdempotencyClaim(caller, key.key(), key.requestSha256()) : null);
		if (!(written instanceof VerdictWriter.Written.Stored stored)) {
			// a concurrent retry stored its verdicts first
			return replay(caller, key);
		}
		sample.stop((requests.size() > 1) ? this.batchTime : this.singleTime);
		for (VerificationRecord record : stored.records()) {
			this.verdicts.get(record.verdict()).increment();
			for (Finding finding : record.findings()) {
				this.findings.get(finding.code()).increment();
			}
		}
		return new Verified(stored.records(), false);
	}

	private List<VerificationRecord> decide(List<Request> requests, String caller) {
		PinReads reads = new PinReads(this.pins, this.quirks, this.compared);
		List<PinnedLayout> pins = new ArrayList<>(requests.size());
		List<ComparedPin> compared = new ArrayList<>(requests.size());
		List<List<Quirk>> quirks = new ArrayList<>(requests.size());
		List<VmmProfileCheck.Profiles> profiles = new ArrayList<>(requests.size());
		for (Request request : requests) {
			PinnedLayout pin = reads.pin(request.model(), request.pinVersion());
			pins.add(pin);
			compared.add(reads.compared(pin));
			quirks.add(reads.quirks(pin));
			profiles.add(new VmmProfileCheck.Profiles(this.profiles.named(request.sourceProfile()),
					this.profiles.named(request.destinationProfile())));
		}
		// timestamptz keeps microseconds: the answer must say what the audit row says
		Instant now = this.clock.instant();
		// a host drain's devices are verified on every core
		return IntStream.range(0, requests.size()).parallel().mapToObj((i) -> {
			Request request = requests.get(i);
			PinnedLayout pin = pins.get(i);
			Verdict verdict = Verifier.verify(compared.get(i), pin.deprecated(), request.source(),
					request.destination(), quirks.get(i), profiles.get(i));
			if (!pin.approved()) {
				verdict = Verifier.notApproved(verdict);
			}
			return new VerificationRecord(0, now, caller, request.model().toString(), request.pinVersion(),
					pin.fingerprint(), request.vmId(), request.deviceAddress(), request.sourceHost(),
					request.destinationHost(), verdict.outcome(), verdict.findings());
		}).toList();
	}

	/** The verdicts stored under the key, or {@code null} when it is new. */
	private Verified replay(String caller, IdempotencyKey key) {
		List<Map<String, Object>> earlier = this.jdbc.queryForList("""
				select request_sha256, verification_ids, created_at from verification_idempotency
				where caller = ? and idempotency_key = ?""", caller, key.key());
		if (earlier.isEmpty()) {
			return null;
		}
		if (!key.requestSha256().equals(earlier.get(0).get("request_sha256"))) {
			throw new Conflict("idempotency-key-reused", "Idempotency key reused", "the Idempotency-Key '" + key.key()
					+ "' was used before for a different request; use a new key for a new request");
		}
		Array array = (Array) earlier.get(0).get("verification_ids");
		Long[] ids = readIds(array);
		// the key is stored with its verdicts' time (one request, one time): that names
		// their month's partition, where the id alone probes every month
		List<VerificationRecord> records = this.jdbc.query(
				"select * from verification where id = any(?) and created_at = ? order by id", mapper(), array,
				earlier.get(0).get("created_at"));
		if (records.size() < ids.length) {
			// the first answer's month was detached since: say so rather than decide
			// again
			YearMonth month = this.partitions.detachedMonthOf(ids[0]);
			throw new VerificationDetached("the verdicts stored for Idempotency-Key '" + key.key() + "' are", month);
		}
		return new Verified(records, true);
	}

	private static Long[] readIds(Array array) {
		try {
			return (Long[]) array.getArray();
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cannot read verification ids", ex);
		}
	}

	@Transactional(readOnly = true)
	public VerificationRecord get(long id) {
		List<VerificationRecord> found = this.jdbc.query("select * from verification where id = ?", mapper(), id);
		if (found.isEmpty()) {
			YearMonth detached = this.partitions.detachedMonthOf(id);
			if (detached != null) {
				throw new VerificationDetached("verification " + id + " was stored", detached);
			}
			throw new io.cfgspace.system.NotFound("verification-not-found", "no verification with id " + id);
		}
		return found.get(0);
	}

	/**
	 * Filters for the verification history; {@code null} means any. A window that ends
	 * before it starts is a mistake in the query, not an empty answer.
	 */
	public record Filter(String modelKey, Verdict.Outcome verdict, String host, String vmId, Instant from, Instant to) {

		public Filter {
			if (from != null && to != null && from.isAfter(to)) {
				throw new io.cfgspace.system.BadRequest("invalid-request", "Invalid request",
						"from (" + from + ") is later than to (" + to + ")");
			}
		}

	}

	/**
	 * Newest first by the time of the verdict, then by id, {@code limit} at a time, after
	 * the verdict the cursor names (its id). Time leads because a month's partition and
	 * each filter's index are in time order: ids follow time only roughly when several
	 * nodes write, so a page in id order inside a time range scanned the whole month.
	 * Months detached for archiving are not read: a cursor that names a verdict of a
	 * detached month gets an empty page, as every verdict after it is older.
	 */
	@Transactional(readOnly = true)
	public List<VerificationRecord> list(Filter filter, Long cursor, int limit) {
		Timestamp cursorAt = null;
		if (cursor != null) {
			List<Timestamp> at = this.jdbc.queryForList("select created_at from verification where id = ?",
					Timestamp.class, cursor);
			if (at.isEmpty()) {
				if (this.partitions.detachedMonthOf(cursor) != null) {
					return List.of();
				}
				throw io.cfgspace.system.BadRequest.invalidCursor();
			}
			cursorAt = at.get(0);
		}
		List<Object> args = new ArrayList<>();
		String newestFirst = " order by created_at desc, id desc limit ?";
		if (filter.host() == null) {
			String sql = "select * from verification where true" + conditions(filter, cursorAt, cursor, args)
					+ newestFirst;
			args.add(limit);
			return this.jdbc.query(sql, mapper(), args.toArray());
		}
		// a host is either side: two scans in time order (one index each) merged, where
		// an OR would read and sort every verdict the host ever had
		String rest = conditions(filter, cursorAt, cursor, args);
		List<Object> all = new ArrayList<>();
		all.add(filter.host());
		all.addAll(args);
		all.add(limit);
		all.add(filter.host());
		all.add(filter.host());
		all.addAll(args);
		all.add(limit);
		all.add(limit);
		String sql = "select * from ((select * from verification where source_host = ?" + rest + newestFirst
				+ ") union all (select * from verification where destination_host = ?"
				+ " and source_host is distinct from ?" + rest + newestFirst + ")) as host_verdicts" + newestFirst;
		return this.jdbc.query(sql, mapper(), all.toArray());
	}

	/** The filter's conditions, and those of the verdicts after the cursor's. */
	private static String conditions(Filter filter, Timestamp cursorAt, Long cursor, List<Object> args) {
		StringBuilder sql = new StringBuilder();
		if (cursor != null) {
			sql.append(" and (created_at, id) < (?, ?)");
			args.add(cursorAt);
			args.add(cursor);
		}
		if (filter.modelKey() != null) {
			sql.append(" and model_key = ?");
			args.add(filter.modelKey());
		}
		if (filter.verdict() != null) {
			sql.append(" and verdict = ?");
			args.add(filter.verdict().name());
		}
		if (filter.vmId() != null) {
			sql.append(" and vm_id = ?");
			args.add(filter.vmId());
		}
		if (filter.from() != null) {
			sql.append(" and created_at >= ?");
			args.add(Timestamp.from(filter.from()));
		}
		if (filter.to() != null) {
			sql.append(" and created_at < ?");
			args.add(Timestamp.from(filter.to()));
		}
		return sql.toString();
	}

	private RowMapper<VerificationRecord> mapper() {
		return (rs, row) -> new VerificationRecord(rs.getLong("id"), rs.getTimestamp("created_at").toInstant(),
				rs.getString("caller"), rs.getString("model_key"), rs.getInt("pin_version"),
				rs.getString("fingerprint"), rs.getString("vm_id"), rs.getString("device_address"),
				rs.getString("source_host"), rs.getString("destination_host"),
				Verdict.Outcome.valueOf(rs.getString("verdict")),
				this.json.readValue(rs.getString("findings"), FINDINGS));
	}

}
