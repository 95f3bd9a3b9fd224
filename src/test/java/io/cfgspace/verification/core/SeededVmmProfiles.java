package io.cfgspace.verification.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cfgspace.layout.Json;

/**
 * The VMM profiles the V10 migration seeds, read from its SQL as PostgreSQL would build
 * them (a QEMU row is the shared document merged with its own), so that the unit tests
 * prove the rows the service starts with.
 */
final class SeededVmmProfiles {

	private static final Path MIGRATION = Path.of("db/migration/V10__vmm_profiles.sql");

	private static final Pattern ROW = Pattern
		.compile("\\('([a-z0-9.+_-]+)',(?: 'cloud-hypervisor',)? \\$\\$(.*?)\\$\\$", Pattern.DOTALL);

	private static final Pattern SHARED = Pattern.compile("\\(values \\(\\$\\$(.*?)\\$\\$\\)\\) as shared",
			Pattern.DOTALL);

	private SeededVmmProfiles() {
	}

	/** By name, in the migration's order. */
	@SuppressWarnings("unchecked")
	static Map<String, VmmProfile> all() {
		String sql;
		try {
			sql = Files.readString(MIGRATION);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Matcher shared = SHARED.matcher(sql);
		if (!shared.find()) {
			throw new IllegalStateException("no shared QEMU document in " + MIGRATION);
		}
		Map<String, Object> base = (Map<String, Object>) Json.parse(shared.group(1));
		Map<String, VmmProfile> profiles = new LinkedHashMap<>();
		Matcher row = ROW.matcher(sql);
		while (row.find()) {
			Map<String, Object> document = (Map<String, Object>) Json.parse(row.group(2));
			Map<String, Object> merged = new LinkedHashMap<>(document.containsKey("vmm") ? Map.of() : base);
			merged.putAll(document);
			profiles.put(row.group(1), VmmProfileJson.read(merged, row.group(1)));
		}
		return profiles;
	}

	static VmmProfile named(String name) {
		VmmProfile profile = all().get(name);
		if (profile == null) {
			throw new IllegalArgumentException("no seeded profile " + name);
		}
		return profile;
	}

}
