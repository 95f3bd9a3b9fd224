package io.cfgspace.registry;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.cfgspace.audit.AuditAction;
import io.cfgspace.audit.AuditTrail;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Whether a new pin version needs a second person: the global default, which a model's
 * own setting overrides when it has one. Off by default, so pinning works as it always
 * did.
 */
@Service
public class FourEyes {

	private final JdbcTemplate jdbc;

	private final DeviceModels models;

	private final Clock clock;

	private final AuditTrail audit;

	FourEyes(JdbcTemplate jdbc, DeviceModels models, Clock clock, AuditTrail audit) {
		this.jdbc = jdbc;
		this.models = models;
		this.clock = clock;
		this.audit = audit;
	}

	/** The global default and who set it last (nobody yet: both null). */
	public record Global(boolean required, Instant changedAt, String changedBy) {

	}

	/**
	 * A model's own setting (null: it follows the global default) and what is in force.
	 */
	public record ForModel(ModelKey model, Boolean required, boolean effective) {

	}

	@Transactional(readOnly = true)
	public Global global() {
		return this.jdbc.queryForObject("select required, changed_at, changed_by from four_eyes_setting",
				(rs, n) -> new Global(rs.getBoolean("required"),
						(rs.getTimestamp("changed_at") != null) ? rs.getTimestamp("changed_at").toInstant() : null,
						rs.getString("changed_by")));
	}

	@Transactional
	public Global changeGlobal(boolean required, String actor) {
		boolean before = this.jdbc.queryForObject("select required from four_eyes_setting for update", Boolean.class);
		this.jdbc.update("update four_eyes_setting set required = ?, changed_at = ?, changed_by = ?", required,
				java.sql.Timestamp.from(this.clock.instant()), actor);
		this.audit.record(AuditAction.SETTINGS_CHANGED, "four-eyes",
				Map.of("before", String.valueOf(before), "after", String.valueOf(required)));
		return global();
	}

	@Transactional(readOnly = true)
	public ForModel forModel(ModelKey key) {
		DeviceModel model = this.models.findByKey(key.toString()).orElseThrow(() -> DeviceModelService.notFound(key));
		return read(key, model.id());
	}

	@Transactional
	public ForModel changeForModel(ModelKey key, Boolean required) {
		DeviceModel model = this.models.lockByKey(key.toString()).orElseThrow(() -> DeviceModelService.notFound(key));
		ForModel before = read(key, model.id());
		this.jdbc.update("update device_model set four_eyes = ? where id = ?", required, model.id());
		this.audit.record(AuditAction.SETTINGS_CHANGED, "four-eyes of model " + key,
				Map.of("before", String.valueOf(before.required()), "after", String.valueOf(required)));
		return read(key, model.id());
	}

	/** Whether a version pinned now to this model needs a second person. */
	boolean requiredFor(Long modelId) {
		return this.jdbc.queryForObject("""
				select coalesce(m.four_eyes, s.required) from device_model m cross join four_eyes_setting s
				where m.id = ?""", Boolean.class, modelId);
	}

	private ForModel read(ModelKey key, Long modelId) {
		List<Map<String, Object>> rows = this.jdbc.queryForList("""
				select m.four_eyes, coalesce(m.four_eyes, s.required) as effective
				from device_model m cross join four_eyes_setting s where m.id = ?""", modelId);
		return new ForModel(key, (Boolean) rows.get(0).get("four_eyes"), (Boolean) rows.get(0).get("effective"));
	}

}
