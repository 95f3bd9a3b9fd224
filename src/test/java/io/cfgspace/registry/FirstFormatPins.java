package io.cfgspace.registry;

import io.cfgspace.layout.Fingerprint;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutDocument;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Pins as a service before {@code cfgspace-layout/2} stored them: the service now refuses
 * to pin such a layout, but a database upgraded from then still holds them.
 */
public final class FirstFormatPins {

	private FirstFormatPins() {
	}

	/**
	 * Stores a {@code cfgspace-layout/1} layout as the next version of a model.
	 * @return the version
	 */
	public static int store(JdbcTemplate jdbc, String key, Layout layout) {
		if (layout.image() != null) {
			throw new IllegalArgumentException("a " + Layout.FORMAT_1 + " layout records no image");
		}
		String canonical = LayoutDocument.write(layout);
		jdbc.update(
				"insert into layout_content (fingerprint, canonical, canonical_sha256, document)"
						+ " values (?, ?, ?, ?::jsonb) on conflict do nothing",
				layout.fingerprint(), canonical, Fingerprint.sha256Hex(canonical), canonical);
		Long model = jdbc.queryForObject("select id from device_model where model_key = ?", Long.class, key);
		int version = jdbc.queryForObject("select coalesce(max(version), 0) + 1 from pin where device_model_id = ?",
				Integer.class, model);
		jdbc.update("insert into pin (device_model_id, version, fingerprint, pinned_at, pinned_by)"
				+ " values (?, ?, ?, now(), 'before-upgrade')", model, version, layout.fingerprint());
		return version;
	}

}
