package io.cfgspace.verification;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.cfgspace.registry.ModelKey;
import io.cfgspace.registry.PinService;
import io.cfgspace.registry.PinService.StoredPin;
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
 * answered verdict is never lost.
 */
@Service
public class VerificationService {

	private static final TypeReference<List<Finding>> FINDINGS = new TypeReference<>() {
	};

	private final PinService pins;

	private final QuirkService quirks;

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final Clock clock;

	private final MeterRegistry meters;

	VerificationService(PinService pins, QuirkService quirks, JdbcTemplate jdbc, JsonMapper json, Clock clock,
			MeterRegistry meters) {
		this.pins = pins;
		this.quirks = quirks;
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
		this.meters = meters;
	}

	/** One device to verify: the pin it must match, both sides, and where it runs. */
	public record Request(ModelKey model, int pinVersion, String vmId, String deviceAddress, String sourceHost,
			String destinationHost, SideView source, SideView destination) {

	}

	@Transactional
	public VerificationRecord verify(Request request, String caller) {
		return verifyAll(List.of(request), caller).get(0);
	}

	/** Verifies every request and stores all verdicts in one transaction. */
	@Transactional
	public List<VerificationRecord> verifyAll(List<Request> requests, String caller) {
		Timer.Sample sample = Timer.start(this.meters);
		List<VerificationRecord> records = decideAndStore(requests, caller);
		sample.stop(Timer.builder("cfgspace.verification")
			.description("Time to decide and store the verdicts of one request")
			.tag("kind", (requests.size() > 1) ? "batch" : "single")
			.register(this.meters));
		for (VerificationRecord record : records) {
			this.meters.counter("cfgspace.verifications", "verdict", record.verdict().name()).increment();
			for (Finding finding : record.findings()) {
				this.meters.counter("cfgspace.verification.findings", "code", finding.code().name()).increment();
			}
		}
		return records;
	}

	private List<VerificationRecord> decideAndStore(List<Request> requests, String caller) {
		Map<String, StoredPin> pinCache = new HashMap<>();
		Map<String, List<Quirk>> quirkCache = new HashMap<>();
		// timestamptz keeps microseconds: the answer must say what the audit row says
		Instant now = this.clock.instant();
		List<Long> ids = this.jdbc.queryForList(
				"select nextval(pg_get_serial_sequence('verification', 'id')) from generate_series(1, ?)", Long.class,
				requests.size());
		UUID batch = (requests.size() > 1) ? UUID.randomUUID() : null;
		List<VerificationRecord> records = new ArrayList<>(requests.size());
		List<Object[]> rows = new ArrayList<>(requests.size());
		for (int i = 0; i < requests.size(); i++) {
			Request request = requests.get(i);
			StoredPin pin = pinCache.computeIfAbsent(request.model() + "/" + request.pinVersion(),
					(k) -> this.pins.read(request.model(), request.pinVersion()));
			var identity = pin.layout().identity();
			List<Quirk> deviceQuirks = quirkCache.computeIfAbsent(identity.vendorId() + ":" + identity.deviceId(),
					(k) -> this.quirks.forDevice(identity.vendorId(), identity.deviceId()));
			Verdict verdict = Verifier.verify(pin.layout(), pin.deprecated(), request.source(), request.destination(),
					deviceQuirks);
			VerificationRecord record = new VerificationRecord(ids.get(i), now, caller, request.model().toString(),
					request.pinVersion(), pin.pin().fingerprint(), request.vmId(), request.deviceAddress(),
					request.sourceHost(), request.destinationHost(), verdict.outcome(), verdict.findings());
			records.add(record);
			rows.add(new Object[] { record.id(), Timestamp.from(now), caller, record.modelKey(), record.pinVersion(),
					record.fingerprint(), record.vmId(), record.deviceAddress(), record.sourceHost(),
					record.destinationHost(), record.verdict().name(), this.json.writeValueAsString(verdict.findings()),
					batch });
		}
		this.jdbc.batchUpdate("""
				insert into verification (id, created_at, caller, model_key, pin_version, fingerprint, vm_id,
				    device_address, source_host, destination_host, verdict, findings, batch_id)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?)""", rows);
		return records;
	}

	@Transactional(readOnly = true)
	public VerificationRecord get(long id) {
		List<VerificationRecord> found = this.jdbc.query("select * from verification where id = ?", mapper(), id);
		if (found.isEmpty()) {
			throw new io.cfgspace.system.NotFound("verification-not-found", "no verification with id " + id);
		}
		return found.get(0);
	}

	/** Filters for the verification history; {@code null} means any. */
	public record Filter(String modelKey, Verdict.Outcome verdict, String host, String vmId, Instant from, Instant to) {

	}

	/** Newest first, {@code limit} at a time, before the given id (the cursor). */
	@Transactional(readOnly = true)
	public List<VerificationRecord> list(Filter filter, Long before, int limit) {
		StringBuilder sql = new StringBuilder("select * from verification where true");
		List<Object> args = new ArrayList<>();
		if (before != null) {
			sql.append(" and id < ?");
			args.add(before);
		}
		if (filter.modelKey() != null) {
			sql.append(" and model_key = ?");
			args.add(filter.modelKey());
		}
		if (filter.verdict() != null) {
			sql.append(" and verdict = ?");
			args.add(filter.verdict().name());
		}
		if (filter.host() != null) {
			sql.append(" and (source_host = ? or destination_host = ?)");
			args.add(filter.host());
			args.add(filter.host());
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
		sql.append(" order by id desc limit ?");
		args.add(limit);
		return this.jdbc.query(sql.toString(), mapper(), args.toArray());
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
