package io.cfgspace.registry;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.cfgspace.audit.AuditAction;
import io.cfgspace.audit.AuditTrail;
import io.cfgspace.layout.Identity;
import io.cfgspace.system.BadRequest;
import io.cfgspace.system.Conflict;
import io.cfgspace.system.NotFound;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates, describes, lists and finds device models. */
@Service
public class DeviceModelService {

	static final int MAX_PAGE_SIZE = 200;

	private final DeviceModels models;

	private final Clock clock;

	private final AuditTrail audit;

	private final ApplicationEventPublisher events;

	DeviceModelService(DeviceModels models, Clock clock, AuditTrail audit, ApplicationEventPublisher events) {
		this.events = events;
		this.audit = audit;
		this.models = models;
		this.clock = clock;
	}

	@Transactional
	public DeviceModel create(ModelKey key, String displayName, String notes, String actor) {
		if (this.models.findByKey(key.toString()).isPresent()) {
			throw modelExists(key);
		}
		DeviceModel model;
		try {
			model = this.models
				.save(new DeviceModel(key, displayName, (notes != null) ? notes : "", actor, this.clock.instant()));
			this.audit.record(AuditAction.MODEL_CREATED, subject(key), Map.of("displayName", displayName));
		}
		catch (DataIntegrityViolationException ex) {
			// a concurrent create of the same key won the race
			throw modelExists(key);
		}
		// listeners run now, in this transaction: what they change commits with the model
		this.events.publishEvent(new DeviceModelCreated(model.key()));
		return model;
	}

	@Transactional
	public DeviceModel describe(ModelKey key, String displayName, String notes) {
		DeviceModel model = get(key);
		Map<String, String> detail = new LinkedHashMap<>();
		if (displayName != null && !displayName.equals(model.displayName())) {
			detail.put("displayNameBefore", model.displayName());
			detail.put("displayName", displayName);
		}
		if (notes != null && !Objects.equals(notes, model.notes())) {
			detail.put("notes", "changed");
		}
		model.describe(displayName, notes, this.clock.instant());
		// describing a model as it is already described changes nothing worth a record
		if (!detail.isEmpty()) {
			this.audit.record(AuditAction.MODEL_CHANGED, subject(key), detail);
		}
		return model;
	}

	@Transactional(readOnly = true)
	public DeviceModel get(ModelKey key) {
		return this.models.findByKey(key.toString()).orElseThrow(() -> notFound(key));
	}

	@Transactional(readOnly = true)
	public Page<DeviceModel> page(Integer vendorId, Integer deviceId, String text, String cursor, int size) {
		if (size < 1 || size > MAX_PAGE_SIZE) {
			throw new BadRequest("invalid-request", "Invalid request", "limit must be 1.." + MAX_PAGE_SIZE);
		}
		List<DeviceModel> items = this.models.page(Cursor.decode(cursor), vendorId, deviceId, likeLiteral(text),
				Limit.of(size + 1));
		String next = null;
		if (items.size() > size) {
			items = items.subList(0, size);
			next = Cursor.encode(items.get(size - 1).id());
		}
		return new Page<>(items, next);
	}

	/**
	 * The model a device with this identity belongs to: the most specific matching key
	 * wins.
	 * @throws NotFound when no model matches
	 * @throws Conflict naming the candidates when several match equally well
	 */
	@Transactional(readOnly = true)
	public DeviceModel lookup(Identity identity, String variant) {
		List<DeviceModel> models = this.models.findByVendorIdAndDeviceId(identity.vendorId(), identity.deviceId());
		ModelMatch match = ModelMatch.of(ModelMatch.Device.of(identity, variant),
				models.stream().map(DeviceModel::key).toList());
		if (match instanceof ModelMatch.Ambiguous tie) {
			List<String> keys = tie.keys().stream().map(ModelKey::toString).toList();
			throw new Conflict(
					"ambiguous-model", "Ambiguous device model", "the device matches " + keys.size()
							+ " models equally well: " + String.join(", ", keys) + "; name the variant to choose one",
					Map.of("candidates", keys));
		}
		if (match.key() == null) {
			throw new NotFound("no-matching-model", String.format("no device model matches vendor %04x device %04x%s",
					identity.vendorId(), identity.deviceId(), (variant != null) ? " with variant " + variant : ""));
		}
		ModelKey found = match.key();
		return models.stream().filter((m) -> m.key().equals(found)).findFirst().orElseThrow();
	}

	/**
	 * Which model a reported device belongs to, if any; unlike {@link #lookup} an
	 * unmodelled device is an answer, not a failure that would doom the caller's
	 * transaction.
	 */
	@Transactional(readOnly = true)
	public ModelMatch match(ModelMatch.Device device) {
		return ModelMatch.of(device,
				this.models.findByVendorIdAndDeviceId(device.vendorId(), device.deviceId())
					.stream()
					.map(DeviceModel::key)
					.toList());
	}

	/** The search text with LIKE's wildcards taken literally, or null for no search. */
	private static String likeLiteral(String text) {
		if (text == null || text.isBlank()) {
			return null;
		}
		return text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

	/** "model 8086:0b25", as the model's URL names it. */
	private static String subject(ModelKey key) {
		return "model " + key;
	}

	static NotFound notFound(ModelKey key) {
		return new NotFound("model-not-found", "no device model '" + key + "'");
	}

	private static Conflict modelExists(ModelKey key) {
		return new Conflict("model-exists", "Device model exists", "a device model '" + key + "' exists already");
	}

	/**
	 * A page of results and the cursor of the next one ({@code null} on the last page).
	 */
	public record Page<T>(List<T> items, String nextCursor) {

	}

	/**
	 * Opaque cursors: the last id seen, so that pages stay stable while rows are added.
	 */
	static final class Cursor {

		private Cursor() {
		}

		static String encode(long id) {
			return Base64.getUrlEncoder().withoutPadding().encodeToString(("m" + id).getBytes(StandardCharsets.UTF_8));
		}

		static long decode(String cursor) {
			if (cursor == null || cursor.isEmpty()) {
				return 0;
			}
			try {
				String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
				if (text.startsWith("m")) {
					return Long.parseLong(text.substring(1));
				}
			}
			catch (IllegalArgumentException ex) {
				// falls through to the error below
			}
			throw BadRequest.invalidCursor();
		}

	}

}
