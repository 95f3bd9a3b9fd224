package io.cfgspace.verification;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.cfgspace.audit.AuditAction;
import io.cfgspace.audit.AuditTrail;
import io.cfgspace.layout.Json;
import io.cfgspace.registry.ModelKey;
import io.cfgspace.registry.PinLookup;
import io.cfgspace.system.ApiProblem;
import io.cfgspace.system.BadRequest;
import io.cfgspace.system.ChangeFeed;
import io.cfgspace.system.Conflict;
import io.cfgspace.system.NotFound;
import io.cfgspace.system.NotifiedCache;
import io.cfgspace.verification.core.VmmBuild;
import io.cfgspace.verification.core.VmmProfile;
import io.cfgspace.verification.core.VmmProfileJson;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The VMM profiles: read by every verification that names one, by placements and by the
 * hook; changed by admins. Every write goes through {@link #create}, {@link #change} or
 * {@link #delete}, so that whatever must follow a change (an audit trail) hooks in here.
 */
@Service
public class VmmProfileService {

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final ChangeFeed changes;

	private final NotifiedCache<String, Optional<VmmProfile>> byName;

	private final PinLookup pins;

	private final AuditTrail audit;

	VmmProfileService(JdbcTemplate jdbc, Clock clock, ChangeFeed changes, PinLookup pins, AuditTrail audit) {
		this.audit = audit;
		this.pins = pins;
		this.jdbc = jdbc;
		this.clock = clock;
		this.changes = changes;
		this.byName = changes.cache(1_000);
	}

	@Transactional(readOnly = true)
	public List<VmmProfileRecord> list() {
		return this.jdbc.query("select * from vmm_profile order by name", mapper());
	}

	/**
	 * The profiles whose match rule describes this VMM build and machine type (any
	 * {@code null} argument leaves its test out).
	 */
	@Transactional(readOnly = true)
	public List<VmmProfileRecord> describing(VmmProfile.Vmm vmm, String version, String machineType) {
		return list().stream()
			.filter((r) -> vmm == null || r.profile().vmm() == vmm)
			.filter((r) -> version == null || r.profile().describes(r.profile().vmm(), version, machineType))
			.toList();
	}

	@Transactional(readOnly = true)
	public VmmProfileRecord get(String name) {
		List<VmmProfileRecord> found = this.jdbc.query("select * from vmm_profile where name = ?", mapper(), name);
		if (found.isEmpty()) {
			throw notFound(name);
		}
		return found.get(0);
	}

	/**
	 * The profile of that name, kept until any profile changes (see {@link ChangeFeed});
	 * {@code null} for no name.
	 */
	public VmmProfile named(String name) {
		if (name == null) {
			return null;
		}
		return this.byName
			.get(name,
					(key) -> this.jdbc.query("select * from vmm_profile where name = ?", mapper(), key)
						.stream()
						.findFirst()
						.map(VmmProfileRecord::profile))
			.orElseThrow(() -> notFound(name));
	}

	/**
	 * What the VMM of that profile must be told to build the pin exactly.
	 * @throws CannotBuild (422) with every reason when it cannot
	 */
	public Configured configure(ModelKey model, int version, String profileName) {
		PinLookup.PinnedLayout pin = this.pins.find(model, version);
		if (!pin.approved()) {
			// a VM started on a proposal would run a layout no second person accepted
			throw new Conflict("pin-not-approved", "Pin not approved", "version " + version + " of " + model
					+ " is a four-eyes proposal nobody approved yet; a VMM is configured only for a version in force");
		}
		VmmBuild build = VmmBuild.of(pin.layout(), named(profileName));
		if (!build.buildable()) {
			throw new CannotBuild(profileName, model + " v" + version, build.refusals());
		}
		return new Configured(pin, build);
	}

	/** A pin and what its VMM must be told. */
	public record Configured(PinLookup.PinnedLayout pin, VmmBuild build) {

	}

	/** The profile cannot build the pin: 422, with every reason. */
	public static final class CannotBuild extends ApiProblem {

		private final List<String> reasons;

		CannotBuild(String profile, String pin, List<String> reasons) {
			super(HttpStatus.UNPROCESSABLE_CONTENT, "vmm-cannot-build", "The VMM cannot build the pin",
					"VMM profile " + profile + " cannot build pin " + pin + ": " + reasons.get(0)
							+ ((reasons.size() > 1) ? " (and " + (reasons.size() - 1) + " more)" : ""));
			this.reasons = List.copyOf(reasons);
		}

		public List<String> reasons() {
			return this.reasons;
		}

		@Override
		public Map<String, Object> properties() {
			return Map.of("reasons", this.reasons);
		}

	}

	@Transactional
	public VmmProfileRecord create(VmmProfile profile, String actor) {
		Instant now = this.clock.instant();
		try {
			this.jdbc.update("""
					insert into vmm_profile (name, vmm, document, created_at, created_by, changed_at, changed_by)
					values (?, ?, ?::jsonb, ?, ?, ?, ?)""", profile.name(), profile.vmm().json(), document(profile),
					Timestamp.from(now), actor, Timestamp.from(now), actor);
		}
		catch (DuplicateKeyException ex) {
			throw new Conflict("vmm-profile-exists", "VMM profile exists",
					"a VMM profile named '" + profile.name() + "' exists; change it with PUT");
		}
		this.changes.changedHere();
		this.audit.record(AuditAction.PROFILE_CREATED, subject(profile.name()), Map.of("vmm", profile.vmm().json()));
		return get(profile.name());
	}

	@Transactional
	public VmmProfileRecord change(String name, VmmProfile profile, String actor) {
		if (!name.equals(profile.name())) {
			throw new BadRequest("invalid-request", "Invalid request",
					"the profile's name '" + profile.name() + "' is not '" + name + "'; a profile is not renamed");
		}
		int changed = this.jdbc.update(
				"update vmm_profile set vmm = ?, document = ?::jsonb, changed_at = ?, changed_by = ? where name = ?",
				profile.vmm().json(), document(profile), Timestamp.from(this.clock.instant()), actor, name);
		if (changed == 0) {
			throw notFound(name);
		}
		this.changes.changedHere();
		this.audit.record(AuditAction.PROFILE_CHANGED, subject(name), Map.of("vmm", profile.vmm().json()));
		return get(name);
	}

	@Transactional
	public void delete(String name) {
		if (this.jdbc.update("delete from vmm_profile where name = ?", name) == 0) {
			throw notFound(name);
		}
		this.changes.changedHere();
		this.audit.record(AuditAction.PROFILE_DELETED, subject(name), Map.of());
	}

	/** "profile qemu-9.1-machine-9.1", as the profile's URL names it. */
	private static String subject(String name) {
		return "profile " + name;
	}

	private static String document(VmmProfile profile) {
		return Json.canonical(VmmProfileJson.write(profile));
	}

	private static RowMapper<VmmProfileRecord> mapper() {
		return (rs, row) -> new VmmProfileRecord(
				VmmProfileJson.read(Json.parse(rs.getString("document")), rs.getString("name")),
				rs.getTimestamp("created_at").toInstant(), rs.getString("created_by"),
				rs.getTimestamp("changed_at").toInstant(), rs.getString("changed_by"));
	}

	static NotFound notFound(String name) {
		return new NotFound("vmm-profile-not-found", "no VMM profile named '" + name + "'");
	}

}
