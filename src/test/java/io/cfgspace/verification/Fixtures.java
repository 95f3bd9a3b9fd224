package io.cfgspace.verification;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.cfgspace.Api;
import io.cfgspace.configspace.Corpus;
import io.cfgspace.layout.Json;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Test data for verifications: a corpus device under a fresh identity, pinned with a
 * synthesized PASID, and the sides and requests that verify against it.
 */
final class Fixtures {

	/** An Intel Skylake iGPU: PASID at 0x100, ATS at 0x200, PRI at 0x300 (4096 bytes). */
	static final String SKYLAKE = "intel-skylake-gt2-igpu";

	/** The last dword pair of extended space, free on the Skylake iGPU. */
	static final long PINNED_PASID_OFFSET = 0xFF8;

	static final long PINNED_PASID_WIDTH = 16;

	private Fixtures() {
	}

	/**
	 * A fresh device ID, so that a test's models, pins and quirks meet no other test's.
	 */
	static int freshDeviceId() {
		return ThreadLocalRandom.current().nextInt(0x1000, 0xFFFF);
	}

	/** The stored verdict again, as if decided at another time; returns its id. */
	static long storedAgainAt(JdbcTemplate jdbc, long id, Instant createdAt) {
		List<String> columns = jdbc.queryForList("""
				select column_name from information_schema.columns
				where table_name = 'verification' and table_schema = current_schema()
				and column_name not in ('id', 'created_at') order by ordinal_position""", String.class);
		String list = String.join(", ", columns);
		return jdbc.queryForObject("insert into verification (" + list + ", created_at) select " + list
				+ ", ? from verification where id = ? returning id", Long.class, Timestamp.from(createdAt), id);
	}

	/** The corpus dump as hex, with vendor and device ID replaced. */
	static String dumpAs(String corpusName, int vendorId, int deviceId) {
		return Corpus.hexAs(corpusName, vendorId, deviceId);
	}

	/** The first 256 bytes of a hex dump: what {@code lspci -xxx} shows without root. */
	static String standardSpaceOnly(String hexDump) {
		return hexDump.substring(0, 512);
	}

	/** A synthesized PASID capability, as a pin or a side names it. */
	static Map<String, Object> pasidAt(long offset, long width) {
		return Map.of("space", "extended", "offset", offset, "id", 0x1BL, "version", 1L, "length", 8L, "fields",
				Map.of("maxPasidWidth", width, "executePermissionSupported", false, "privilegedModeSupported", false));
	}

	/** One device of a model, pinned as version 1 with a synthesized PASID at 0xff8. */
	record PinnedDevice(String key, int deviceId, String dump, Map<String, Object> pin) {

		static PinnedDevice create(Api operator) {
			int device;
			String key;
			Api.Response created;
			do {
				// tests share one database: a random ID another test took is drawn again
				device = freshDeviceId();
				key = String.format("8086:%04x", device);
				created = operator.post("/api/v1/device-models",
						Json.canonical(Map.of("key", key, "displayName", "Model " + key)));
			}
			while (created.status() == 409);
			created.expect(201);
			String dump = dumpAs(SKYLAKE, 0x8086, device);
			Map<String, Object> pin = operator
				.post("/api/v1/device-models/" + key + "/pins", Json.canonical(
						Map.of("dump", dump, "synthesized", List.of(pasidAt(PINNED_PASID_OFFSET, PINNED_PASID_WIDTH)))))
				.expect(201)
				.map();
			return new PinnedDevice(key, device, dump, pin);
		}

		/** The pin's layout document, as {@code GET .../pins/1} answers it. */
		@SuppressWarnings("unchecked")
		Map<String, Object> layout() {
			return (Map<String, Object>) this.pin.get("layout");
		}

		/**
		 * Both sides show this device's physical dump; the destination's IOMMU has 20
		 * PASID bits.
		 */
		Request request() {
			return new Request(this.key, 1, physical(this.dump), withIommu(physical(this.dump), iommufd(20)));
		}

	}

	/** A side from the host's physical dump; the VMM does what the pin says. */
	static Map<String, Object> physical(String dump) {
		Map<String, Object> side = new LinkedHashMap<>();
		side.put("view", "physical");
		side.put("dump", dump);
		return side;
	}

	static Map<String, Object> withIommu(Map<String, Object> side, Map<String, Object> iommu) {
		Map<String, Object> changed = new LinkedHashMap<>(side);
		changed.put("iommu", iommu);
		return changed;
	}

	static Map<String, Object> with(Map<String, Object> side, String member, Object value) {
		Map<String, Object> changed = new LinkedHashMap<>(side);
		changed.put(member, value);
		return changed;
	}

	/** iommufd GET_HW_INFO with this many PASID bits and no exec/priv capability. */
	static Map<String, Object> iommufd(long maxPasidLog2) {
		return Map.of("iommufd", Map.of("maxPasidLog2", maxPasidLog2, "capabilities", 0L));
	}

	/**
	 * VT-d registers whose ECAP has PASID (bit 40) and PASID Size Supported (bits 39:35)
	 * for the width.
	 */
	static Map<String, Object> vtd(int pasidWidth) {
		long ecap = (1L << 40) | ((long) (pasidWidth - 1) << 35);
		return Map.of("vtd", Map.of("capability", "0x0", "extendedCapability", "0x" + Long.toHexString(ecap)));
	}

	/** A verification request under construction. */
	record Request(String modelKey, int pinVersion, Map<String, Object> source, Map<String, Object> destination,
			Map<String, Object> extra) {

		Request(String modelKey, int pinVersion, Map<String, Object> source, Map<String, Object> destination) {
			this(modelKey, pinVersion, source, destination, Map.of());
		}

		Request source(Map<String, Object> side) {
			return new Request(this.modelKey, this.pinVersion, side, this.destination, this.extra);
		}

		Request destination(Map<String, Object> side) {
			return new Request(this.modelKey, this.pinVersion, this.source, side, this.extra);
		}

		Request version(int version) {
			return new Request(this.modelKey, version, this.source, this.destination, this.extra);
		}

		Request model(String key) {
			return new Request(key, this.pinVersion, this.source, this.destination, this.extra);
		}

		/** Adds vmId, deviceAddress, sourceHost or destinationHost. */
		Request with(String member, String value) {
			Map<String, Object> more = new LinkedHashMap<>(this.extra);
			more.put(member, value);
			return new Request(this.modelKey, this.pinVersion, this.source, this.destination, more);
		}

		Map<String, Object> toMap() {
			Map<String, Object> body = new LinkedHashMap<>(this.extra);
			body.put("modelKey", this.modelKey);
			body.put("pinVersion", (long) this.pinVersion);
			body.put("source", this.source);
			body.put("destination", this.destination);
			return body;
		}

		String json() {
			return Json.canonical(toMap());
		}

	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> asMap(Object json) {
		return (Map<String, Object>) json;
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> findings(Map<String, Object> verification) {
		return (List<Map<String, Object>>) verification.get("findings");
	}

}
