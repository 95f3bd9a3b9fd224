package io.cfgspace.registry;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.cfgspace.audit.AuditAction;
import io.cfgspace.audit.AuditTrail;
import io.cfgspace.layout.Fingerprint;
import io.cfgspace.configspace.ConfigSpaceMap;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutDocument;
import io.cfgspace.layout.LayoutProblem;
import io.cfgspace.layout.LayoutValidator;
import io.cfgspace.security.Person;
import io.cfgspace.system.BadRequest;
import io.cfgspace.system.ChangeFeed;
import io.cfgspace.system.Conflict;
import io.cfgspace.system.NotFound;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Pins layouts to device models as versions 1, 2, 3, ... Pinning is idempotent (the same
 * content gives back its version) and serialized per model by a row lock, so concurrent
 * pins yield consecutive versions with no gap and no duplicate.
 */
@Service
public class PinService {

	private final DeviceModels models;

	private final Pins pins;

	private final LayoutContents contents;

	private final PinDeprecations deprecations;

	private final Clock clock;

	private final MeterRegistry meters;

	private final ChangeFeed changes;

	private final AuditTrail audit;

	private final FourEyes fourEyes;

	private final JdbcTemplate jdbc;

	PinService(DeviceModels models, Pins pins, LayoutContents contents, PinDeprecations deprecations, Clock clock,
			MeterRegistry meters, ChangeFeed changes, AuditTrail audit, FourEyes fourEyes, JdbcTemplate jdbc) {
		this.audit = audit;
		this.fourEyes = fourEyes;
		this.jdbc = jdbc;
		this.models = models;
		this.pins = pins;
		this.contents = contents;
		this.deprecations = deprecations;
		this.clock = clock;
		this.meters = meters;
		this.changes = changes;
	}

	/** A pin with its verified layout and, when deprecated, its deprecation. */
	public record StoredPin(DeviceModel model, Pin pin, Layout layout, PinDeprecation deprecation) {

		public boolean deprecated() {
			return this.deprecation != null;
		}

	}

	/** The outcome of a pin request: the version, and whether this request created it. */
	public record Pinned(StoredPin stored, boolean created) {

	}

	/**
	 * Pins a new version, or gives back the version that holds this content. With
	 * four-eyes on for the model the new version is proposed by {@code person} and is not
	 * in force until another person approves it.
	 */
	@Transactional
	public Pinned pin(ModelKey key, Layout layout, String actor, Person person) {
		DeviceModel model = this.models.lockByKey(key.toString()).orElseThrow(() -> DeviceModelService.notFound(key));
		List<Map<String, String>> problems = new ArrayList<>();
		for (LayoutProblem problem : LayoutValidator.problems(layout)) {
			problems.add(Map.of("code", problem.code().name(), "message", problem.message()));
		}
		if (layout.image() == null) {
			problems.add(Map.of("code", LayoutProblem.Code.NO_RECORDED_BYTES.name(), "message",
					"a " + Layout.FORMAT_1 + " document records no read-only bytes, so no verification could decide"
							+ " against it; pin a " + Layout.FORMAT + " document or a dump"));
		}
		else {
			for (LayoutProblem problem : ConfigSpaceMap.of(layout).problems()) {
				problems.add(Map.of("code", problem.code().name(), "message", problem.message()));
			}
		}
		if (!key.matches(layout.identity())) {
			problems.add(Map.of("code", "IDENTITY_MISMATCH", "message",
					String.format(
							"the layout is of device %04x:%04x (subsystem %s, revision %02x), which model %s does"
									+ " not cover",
							layout.identity().vendorId(), layout.identity().deviceId(), subsystem(layout),
							layout.identity().revisionId(), key)));
		}
		if (!problems.isEmpty()) {
			throw new BadRequest("invalid-layout", "Invalid layout",
					problems.size() + " problem(s) keep this layout from being pinned: "
							+ problems.stream().map((p) -> p.get("message")).collect(Collectors.joining("; ")),
					problems);
		}
		String fingerprint = layout.fingerprint();
		var existing = this.pins.findByDeviceModelIdAndFingerprint(model.id(), fingerprint);
		if (existing.isPresent()) {
			this.meters.counter("cfgspace.pins", "outcome", "existing").increment();
			return new Pinned(stored(model, existing.get()), false);
		}
		String canonical = LayoutDocument.write(layout);
		this.contents.insertIfAbsent(fingerprint, canonical, Fingerprint.sha256Hex(canonical));
		int version = this.pins.maxVersion(model.id()) + 1;
		String proposer = this.fourEyes.requiredFor(model.id()) ? person.id() : null;
		Pin pin = this.pins.save(new Pin(model.id(), version, fingerprint, actor, this.clock.instant(), proposer));
		this.meters.counter("cfgspace.pins", "outcome", "created").increment();
		// an idempotent re-pin returned above: only a new version is a change worth a
		// record
		this.audit.record(AuditAction.PIN_PROPOSED, subject(key, version),
				Map.of("state", pin.state().json(), "fingerprint", fingerprint));
		if (proposer != null) {
			// the approval page and its count follow proposals
			this.changes.changedHere();
		}
		return new Pinned(new StoredPin(model, pin, layout, null), true);
	}

	@Transactional(readOnly = true)
	public List<StoredPinSummary> versions(ModelKey key) {
		DeviceModel model = this.models.findByKey(key.toString()).orElseThrow(() -> DeviceModelService.notFound(key));
		List<Pin> list = this.pins.findByDeviceModelIdOrderByVersion(model.id());
		Map<Long, PinDeprecation> deprecated = this.deprecations.findByPinIdIn(list.stream().map(Pin::id).toList())
			.stream()
			.collect(Collectors.toMap((d) -> d.pinId(), Function.identity()));
		return list.stream().map((pin) -> new StoredPinSummary(model, pin, deprecated.get(pin.id()))).toList();
	}

	/** A pin without its layout, for listings. */
	public record StoredPinSummary(DeviceModel model, Pin pin, PinDeprecation deprecation) {

	}

	/**
	 * A version with its layout, re-hashed before it is handed out.
	 * @throws LayoutIntegrityViolation when the stored layout was altered
	 */
	@Transactional(readOnly = true)
	public StoredPin read(ModelKey key, int version) {
		DeviceModel model = this.models.findByKey(key.toString()).orElseThrow(() -> DeviceModelService.notFound(key));
		Pin pin = this.pins.findByDeviceModelIdAndVersion(model.id(), version)
			.orElseThrow(() -> new NotFound("pin-not-found", "device model " + key + " has no version " + version));
		return stored(model, pin);
	}

	@Transactional
	public StoredPin deprecate(ModelKey key, int version, String reason, String actor) {
		StoredPin stored = read(key, version);
		if (stored.deprecated()) {
			return stored;
		}
		PinDeprecation deprecation = this.deprecations
			.save(new PinDeprecation(stored.pin().id(), (reason != null) ? reason : "", actor, this.clock.instant()));
		this.changes.changedHere();
		this.audit.record(AuditAction.PIN_DEPRECATED, subject(key, version), Map.of("reason", deprecation.reason()));
		return new StoredPin(stored.model(), stored.pin(), stored.layout(), deprecation);
	}

	/**
	 * Approves a proposed version, once, by a person other than its proposer; from then
	 * on it is in force. The trigger on {@code pin} holds the same rules for any other
	 * path.
	 */
	@Transactional
	public StoredPin approve(ModelKey key, int version, Person person, String note) {
		DeviceModel model = this.models.lockByKey(key.toString()).orElseThrow(() -> DeviceModelService.notFound(key));
		List<Map<String, Object>> rows = this.jdbc.queryForList(
				"select id, state, proposed_by, approved_by from pin where device_model_id = ? and version = ?",
				model.id(), version);
		if (rows.isEmpty()) {
			throw new NotFound("pin-not-found", "device model " + key + " has no version " + version);
		}
		Map<String, Object> row = rows.get(0);
		PinState state = PinState.of((String) row.get("state"));
		if (state == PinState.APPROVED) {
			throw new Conflict("pin-already-approved", "Pin already approved", "version " + version + " of " + key
					+ " was approved by " + row.get("approved_by") + "; a version is approved once");
		}
		if (state != PinState.PROPOSED) {
			throw new Conflict("pin-not-proposed", "Pin not proposed", "version " + version + " of " + key + " is "
					+ state.json() + ": it was pinned with four-eyes off and is in force without approval");
		}
		if (person.id().equals(row.get("proposed_by"))) {
			throw new SelfApproval(key, version, person);
		}
		this.jdbc.update("update pin set state = 'approved', approved_by = ?, approved_at = ? where id = ?",
				person.id(), java.sql.Timestamp.from(this.clock.instant()), row.get("id"));
		// verifications keep what they read of a pin: the approval must reach them
		this.changes.changedHere();
		Map<String, String> detail = new LinkedHashMap<>();
		detail.put("proposedBy", (String) row.get("proposed_by"));
		detail.put("approvedBy", person.id());
		if (note != null) {
			detail.put("note", note);
		}
		this.audit.record(AuditAction.PIN_APPROVED, subject(key, version), detail);
		return read(key, version);
	}

	/** Every version waiting for approval, oldest first, of every model. */
	@Transactional(readOnly = true)
	public List<StoredPin> proposals() {
		List<StoredPin> list = new ArrayList<>();
		for (Pin pin : this.pins.findByStateOrderById(PinState.PROPOSED.json())) {
			list.add(stored(this.models.findById(pin.deviceModelId()).orElseThrow(), pin));
		}
		return list;
	}

	/**
	 * The version in force: the newest one pinned with four-eyes off or approved, the one
	 * a proposal is compared with; null before the model's first.
	 */
	@Transactional(readOnly = true)
	public StoredPin inForce(ModelKey key) {
		DeviceModel model = this.models.findByKey(key.toString()).orElseThrow(() -> DeviceModelService.notFound(key));
		return this.pins.findByDeviceModelIdOrderByVersion(model.id())
			.stream()
			.filter((p) -> p.state().inForce())
			.reduce((a, b) -> b)
			.map((p) -> stored(model, p))
			.orElse(null);
	}

	/** "pin 8086:0b25 v3", as the pin's URL names it. */
	private static String subject(ModelKey key, int version) {
		return "pin " + key + " v" + version;
	}

	/** A stored layout by fingerprint, and every pin that uses it. */
	public record FingerprintMatch(Layout layout, List<StoredPinSummary> pins) {

	}

	@Transactional(readOnly = true)
	public FingerprintMatch byFingerprint(String fingerprint) {
		LayoutContent content = this.contents.findByFingerprint(fingerprint)
			.orElseThrow(() -> new NotFound("layout-not-found", "no pinned layout has fingerprint " + fingerprint));
		Layout layout = verified(content);
		List<StoredPinSummary> summaries = new ArrayList<>();
		for (Pin pin : this.pins.findByFingerprintOrderById(fingerprint)) {
			DeviceModel model = this.models.findById(pin.deviceModelId()).orElseThrow();
			summaries.add(new StoredPinSummary(model, pin, this.deprecations.findByPinId(pin.id()).orElse(null)));
		}
		return new FingerprintMatch(layout, summaries);
	}

	private StoredPin stored(DeviceModel model, Pin pin) {
		LayoutContent content = this.contents.findByFingerprint(pin.fingerprint())
			.orElseThrow(() -> new LayoutIntegrityViolation(pin.fingerprint(), "its content is missing"));
		return new StoredPin(model, pin, verified(content), this.deprecations.findByPinId(pin.id()).orElse(null));
	}

	private Layout verified(LayoutContent content) {
		try {
			return content.verifiedLayout();
		}
		catch (LayoutIntegrityViolation ex) {
			this.meters.counter("cfgspace.integrity.refusals").increment();
			throw ex;
		}
	}

	private static String subsystem(Layout layout) {
		return (layout.identity().subsystemVendorId() != null)
				? String.format("%04x:%04x", layout.identity().subsystemVendorId(), layout.identity().subsystemId())
				: "none";
	}

}
