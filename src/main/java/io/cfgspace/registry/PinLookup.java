package io.cfgspace.registry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.cfgspace.layout.Layout;
import io.cfgspace.system.ChangeFeed;
import io.cfgspace.system.NotFound;
import io.cfgspace.system.NotifiedCache;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A pin as a verification needs it, in one query: its fingerprint, its layout and whether
 * it is deprecated. Verifications are the hot path, so what was read is kept: a pin never
 * changes, and a deprecation announces itself on the {@link ChangeFeed}. The stored text
 * is re-hashed on every read from the database as everywhere else; a kept pin is one that
 * was re-hashed when read, and it is read again after {@code cfgspace.cache.max-age}. The
 * layout parsed from a text with a given digest is kept too, since the same text always
 * parses to the same layout.
 */
@Component
public class PinLookup {

	/** Far more than the layouts any cloud pins; a bound all the same. */
	private static final int MAX_CACHED = 10_000;

	private final JdbcTemplate jdbc;

	private final MeterRegistry meters;

	private final Map<String, CheckedLayout> layouts = new ConcurrentHashMap<>();

	private final NotifiedCache<String, PinnedLayout> pins;

	PinLookup(JdbcTemplate jdbc, MeterRegistry meters, ChangeFeed changes) {
		this.jdbc = jdbc;
		this.meters = meters;
		this.pins = changes.cache(MAX_CACHED);
	}

	/**
	 * What a verification needs of a pin; {@code approved} is false while it is a
	 * proposal waiting for its second person.
	 */
	public record PinnedLayout(String fingerprint, Layout layout, boolean deprecated, boolean approved) {

	}

	/**
	 * @throws NotFound when the model or the version does not exist
	 * @throws LayoutIntegrityViolation when the stored layout was altered
	 */
	public PinnedLayout find(ModelKey key, int version) {
		return this.pins.get(key + "/" + version, (k) -> read(key, version));
	}

	private PinnedLayout read(ModelKey key, int version) {
		List<Map<String, Object>> rows = this.jdbc.queryForList("""
				select p.fingerprint, c.canonical, c.canonical_sha256, p.state <> 'proposed' as approved,
				    exists (select 1 from pin_deprecation d where d.pin_id = p.id) as deprecated
				from device_model m
				join pin p on p.device_model_id = m.id
				join layout_content c on c.fingerprint = p.fingerprint
				where m.model_key = ? and p.version = ?""", key.toString(), version);
		if (rows.isEmpty()) {
			Integer models = this.jdbc.queryForObject("select count(*) from device_model where model_key = ?",
					Integer.class, key.toString());
			if (models == 0) {
				throw DeviceModelService.notFound(key);
			}
			throw new NotFound("pin-not-found", "device model " + key + " has no version " + version);
		}
		Map<String, Object> row = rows.get(0);
		String fingerprint = (String) row.get("fingerprint");
		return new PinnedLayout(fingerprint,
				layout(new LayoutContent(fingerprint, (String) row.get("canonical"),
						(String) row.get("canonical_sha256"))),
				(Boolean) row.get("deprecated"), (Boolean) row.get("approved"));
	}

	private Layout layout(LayoutContent content) {
		Layout layout;
		try {
			CheckedLayout cached = this.layouts.get(content.fingerprint());
			if (cached != null && content.hashesTo(cached.digest())) {
				return cached.layout();
			}
			layout = content.verifiedLayout();
		}
		catch (LayoutIntegrityViolation ex) {
			this.meters.counter("cfgspace.integrity.refusals").increment();
			throw ex;
		}
		if (this.layouts.size() >= MAX_CACHED) {
			this.layouts.clear();
		}
		this.layouts.put(content.fingerprint(), new CheckedLayout(content.digest(), layout));
		return layout;
	}

	private record CheckedLayout(String digest, Layout layout) {

	}

}
