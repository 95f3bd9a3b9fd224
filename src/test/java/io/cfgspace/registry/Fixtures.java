package io.cfgspace.registry;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.cfgspace.Api;
import io.cfgspace.configspace.Corpus;
import io.cfgspace.layout.Json;

/** Test data for the registry: corpus dumps, under identities no other test uses. */
final class Fixtures {

	/** An Intel Skylake iGPU: PASID at 0x100, ATS at 0x200, PRI at 0x300 (4096 bytes). */
	static final String SKYLAKE = "intel-skylake-gt2-igpu";

	private Fixtures() {
	}

	/** A fresh device ID, so that a test's models and lookups meet no other test's. */
	static int freshDeviceId() {
		return ThreadLocalRandom.current().nextInt(0x1000, 0xFFFF);
	}

	/** The corpus dump as hex, with vendor and device ID replaced. */
	static String dumpAs(String corpusName, int vendorId, int deviceId) {
		return Corpus.hexAs(corpusName, vendorId, deviceId);
	}

	static String createModel(Api api, String key) {
		api.post("/api/v1/device-models", Json.canonical(Map.of("key", key, "displayName", "Model " + key)))
			.expect(201);
		return key;
	}

	static String pinBody(String dump) {
		return Json.canonical(Map.of("dump", dump));
	}

	/**
	 * A dump plus a synthesized PASID of the given width at 0xff8, the last dword pair of
	 * extended space.
	 */
	static String pinWithPasid(String dump, int width) {
		return Json.canonical(Map.of("dump", dump, "synthesized",
				java.util.List.of(Map.of("space", "extended", "offset", 0xFF8L, "id", 0x1BL, "version", 1L, "length",
						8L, "fields", Map.of("maxPasidWidth", (long) width, "executePermissionSupported", false,
								"privilegedModeSupported", false)))));
	}

}
