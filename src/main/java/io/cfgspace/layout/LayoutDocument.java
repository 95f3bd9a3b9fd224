package io.cfgspace.layout;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes the public {@code cfgspace-layout/2} JSON document, and reads the
 * first format, {@code cfgspace-layout/1}, which recorded no bytes (pins made before
 * every read-only byte was compared).
 *
 * <p>
 * Writing always gives the canonical form (sorted keys, no whitespace, integers as JSON
 * integers) with the {@link Fingerprint}. Reading is strict: unknown members, wrong
 * types, out-of-range numbers and a fingerprint that does not match the content are
 * refused with the JSON path at fault, so a document that reads is one this product wrote
 * or could have.
 */
public final class LayoutDocument {

	private static final Set<String> DOCUMENT_MEMBERS = Set.of("format", "identity", "coverage", "blocks", "findings",
			"fingerprint", "image", "bars", "state");

	private static final Set<String> FORMAT_1_MEMBERS = Set.of("format", "identity", "coverage", "blocks", "findings",
			"fingerprint");

	private static final Set<String> IDENTITY_MEMBERS = Set.of("vendorId", "deviceId", "revisionId", "classCode",
			"headerType", "multifunction", "subsystemVendorId", "subsystemId", "capabilitiesPointer");

	private static final Set<String> COVERAGE_MEMBERS = Set.of("bytes", "standard", "extended");

	private static final Set<String> BLOCK_MEMBERS = Set.of("space", "offset", "id", "version", "length", "next",
			"name", "origin", "fields", "perUnit");

	private static final Set<String> IMAGE_MEMBERS = Set.of("bytes", "stateTables");

	private static final Set<String> BAR_MEMBERS = Set.of("resource", "type", "prefetchable", "size");

	private static final Set<String> STATE_MEMBERS = Set.of("offset", "width", "mask", "reason");

	private static final Set<String> FINDING_MEMBERS = Set.of("code", "space", "offset", "message");

	/**
	 * A length rule may run past the end of its space, which the parser reports as
	 * BLOCK_PAST_END and keeps: a TPH steering table alone can claim 12 + 2048 * 2 + 2
	 * bytes. The document must read back what the parser wrote.
	 */
	private static final int MAX_LENGTH = 0xFFFF;

	private LayoutDocument() {
	}

	/** The canonical JSON document, fingerprint included. */
	public static String write(Layout layout) {
		return CanonicalWriter.document(layout, layout.fingerprint());
	}

	/** The document as plain JSON values (maps, lists, strings, longs, booleans). */
	public static Map<String, Object> toJson(Layout layout) {
		Map<String, Object> document = content(layout);
		document.put("findings", layout.findings().stream().map(LayoutDocument::finding).toList());
		document.put("fingerprint", layout.fingerprint());
		return document;
	}

	/**
	 * The canonical text the fingerprint hashes: format, identity, coverage and blocks,
	 * without block names and findings.
	 */
	public static String canonicalContent(Layout layout) {
		return CanonicalWriter.fingerprintContent(layout);
	}

	private static Map<String, Object> content(Layout layout) {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("format", layout.format());
		document.put("identity", identity(layout.identity()));
		Coverage coverage = layout.coverage();
		document.put("coverage", Map.of("bytes", (long) coverage.bytes(), "standard", coverage.standard().json(),
				"extended", coverage.extended().json()));
		document.put("blocks", layout.blocks().stream().map(LayoutDocument::block).toList());
		if (layout.image() != null) {
			document.put("image",
					Map.of("bytes", layout.image().hex(), "stateTables", (long) layout.image().stateTables()));
			document.put("bars", layout.bars().stream().map(LayoutDocument::bar).toList());
			document.put("state", layout.state().stream().map(LayoutDocument::declaration).toList());
		}
		return document;
	}

	private static Map<String, Object> bar(Bar bar) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("resource", bar.resource().json());
		json.put("type", bar.type().json());
		json.put("prefetchable", bar.prefetchable());
		if (bar.size() != null) {
			json.put("size", bar.size());
		}
		return json;
	}

	private static Map<String, Object> declaration(StateDeclaration declaration) {
		return Map.of("offset", (long) declaration.offset(), "width", (long) declaration.width(), "mask",
				declaration.mask(), "reason", declaration.reason());
	}

	private static Map<String, Object> identity(Identity identity) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("vendorId", (long) identity.vendorId());
		json.put("deviceId", (long) identity.deviceId());
		json.put("revisionId", (long) identity.revisionId());
		json.put("classCode", (long) identity.classCode());
		json.put("headerType", (long) identity.headerType());
		json.put("multifunction", identity.multifunction());
		if (identity.subsystemVendorId() != null) {
			json.put("subsystemVendorId", (long) identity.subsystemVendorId());
		}
		if (identity.subsystemId() != null) {
			json.put("subsystemId", (long) identity.subsystemId());
		}
		json.put("capabilitiesPointer", (long) identity.capabilitiesPointer());
		return json;
	}

	private static Map<String, Object> block(LayoutBlock block) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("space", block.space().json());
		json.put("offset", (long) block.offset());
		json.put("id", (long) block.id());
		if (block.version() != null) {
			json.put("version", (long) block.version());
		}
		json.put("length", (long) block.length());
		json.put("next", (long) block.next());
		json.put("name", block.name());
		json.put("origin", block.origin().json());
		json.put("fields", block.fields());
		if (block.perUnit() != null) {
			json.put("perUnit", block.perUnit().json());
		}
		return json;
	}

	private static Map<String, Object> finding(StructuralFinding finding) {
		return Map.of("code", finding.code().name(), "space", finding.space().json(), "offset", (long) finding.offset(),
				"message", finding.message());
	}

	/**
	 * Reads a document.
	 * @throws LayoutFormatException naming the member at fault
	 */
	public static Layout read(String text) {
		return fromJson(Json.parse(text));
	}

	/** Reads a document already parsed into plain JSON values. */
	public static Layout fromJson(Object json) {
		Map<String, Object> document = object(json, "$", DOCUMENT_MEMBERS);
		String format = string(document, "$", "format");
		boolean first = Layout.FORMAT_1.equals(format);
		if (!first && !Layout.FORMAT.equals(format)) {
			throw new LayoutFormatException("$.format: expected \"" + Layout.FORMAT + "\", got \"" + format + "\"");
		}
		if (first) {
			object(json, "$", FORMAT_1_MEMBERS);
		}
		Identity identity = readIdentity(required(document, "$", "identity"));
		Coverage coverage = readCoverage(required(document, "$", "coverage"));
		List<LayoutBlock> blocks = new ArrayList<>();
		List<Object> blockList = list(document, "$", "blocks");
		for (int i = 0; i < blockList.size(); i++) {
			blocks.add(readBlock(blockList.get(i), "$.blocks[" + i + "]", first));
		}
		List<StructuralFinding> findings = new ArrayList<>();
		if (document.containsKey("findings")) {
			List<Object> findingList = list(document, "$", "findings");
			for (int i = 0; i < findingList.size(); i++) {
				findings.add(readFinding(findingList.get(i), "$.findings[" + i + "]"));
			}
		}
		Layout layout = first ? new Layout(identity, coverage, blocks, findings)
				: new Layout(identity, coverage, blocks, findings,
						readImage(required(document, "$", "image"), coverage), readBars(document), readState(document));
		if (document.containsKey("fingerprint")) {
			String claimed = string(document, "$", "fingerprint");
			if (!claimed.equals(layout.fingerprint())) {
				throw new LayoutFormatException("$.fingerprint: " + claimed
						+ " does not match the document's content, which hashes to " + layout.fingerprint());
			}
		}
		return layout;
	}

	private static Identity readIdentity(Object json) {
		String path = "$.identity";
		Map<String, Object> identity = object(json, path, IDENTITY_MEMBERS);
		Integer subsystemVendorId = identity.containsKey("subsystemVendorId")
				? integer(identity, path, "subsystemVendorId", 0xFFFF) : null;
		Integer subsystemId = identity.containsKey("subsystemId") ? integer(identity, path, "subsystemId", 0xFFFF)
				: null;
		return new Identity(integer(identity, path, "vendorId", 0xFFFF), integer(identity, path, "deviceId", 0xFFFF),
				integer(identity, path, "revisionId", 0xFF), integer(identity, path, "classCode", 0xFFFFFF),
				integer(identity, path, "headerType", 0x7F), bool(identity, path, "multifunction"), subsystemVendorId,
				subsystemId, integer(identity, path, "capabilitiesPointer", 0xFF));
	}

	private static Coverage readCoverage(Object json) {
		String path = "$.coverage";
		Map<String, Object> coverage = object(json, path, COVERAGE_MEMBERS);
		return new Coverage(integer(coverage, path, "bytes", 4096),
				parse(path + ".standard", () -> Coverage.Extent.fromJson(string(coverage, path, "standard"))),
				parse(path + ".extended", () -> Coverage.Extent.fromJson(string(coverage, path, "extended"))));
	}

	private static LayoutBlock readBlock(Object json, String path, boolean first) {
		if (first && json instanceof Map<?, ?> map && map.containsKey("compare")) {
			throw new LayoutFormatException(path + ".compare: " + Layout.FORMAT_1 + " compare masks are no longer read:"
					+ " every read-only byte is compared now; pin a new version from a dump");
		}
		Map<String, Object> block = object(json, path, BLOCK_MEMBERS);
		if (first && block.containsKey("perUnit")) {
			throw new LayoutFormatException(path + ".perUnit: " + Layout.FORMAT_1 + " has no per-unit treatments");
		}
		Space space = parse(path + ".space", () -> Space.fromJson(string(block, path, "space")));
		Integer version = null;
		if (space == Space.EXTENDED) {
			version = integer(block, path, "version", 0xF);
		}
		else if (block.containsKey("version")) {
			throw new LayoutFormatException(path + ".version: standard capabilities have no version");
		}
		int maxId = (space == Space.EXTENDED) ? 0xFFFF : 0xFF;
		Map<String, Object> fields = new LinkedHashMap<>();
		if (block.containsKey("fields")) {
			object(block.get("fields"), path + ".fields", null).forEach((name, value) -> {
				if (value instanceof Long || value instanceof Boolean) {
					fields.put(name, value);
				}
				else {
					throw new LayoutFormatException(
							path + ".fields." + name + ": expected an integer or a boolean, got " + describe(value));
				}
			});
		}
		Origin origin = parse(path + ".origin", () -> Origin.fromJson(string(block, path, "origin")));
		int length = integer(block, path, "length", MAX_LENGTH);
		PerUnit perUnit = block.containsKey("perUnit")
				? parse(path + ".perUnit", () -> PerUnit.fromJson(string(block, path, "perUnit"))) : null;
		int offset = integer(block, path, "offset", 0xFFF);
		int id = integer(block, path, "id", maxId);
		int next = integer(block, path, "next", 0xFFF);
		String name = string(block, path, "name");
		Integer blockVersion = version;
		return parse(path,
				() -> new LayoutBlock(space, offset, id, blockVersion, length, next, name, origin, fields, perUnit));
	}

	private static Image readImage(Object json, Coverage coverage) {
		String path = "$.image";
		Map<String, Object> image = object(json, path, IMAGE_MEMBERS);
		int tables = integer(image, path, "stateTables", 0xFFFF);
		Image read = parse(path + ".bytes", () -> Image.fromHex(string(image, path, "bytes"), tables));
		if (read.size() != coverage.bytes()) {
			throw new LayoutFormatException(path + ".bytes: " + read.size() + " bytes, but the coverage says "
					+ coverage.bytes() + " were captured");
		}
		return read;
	}

	private static List<Bar> readBars(Map<String, Object> document) {
		List<Bar> bars = new ArrayList<>();
		List<Object> list = list(document, "$", "bars");
		for (int i = 0; i < list.size(); i++) {
			String path = "$.bars[" + i + "]";
			Map<String, Object> bar = object(list.get(i), path, BAR_MEMBERS);
			Long size = bar.containsKey("size") ? number(bar, path, "size") : null;
			bars.add(parse(path, () -> new Bar(Bar.Resource.fromJson(string(bar, path, "resource")),
					Bar.Type.fromJson(string(bar, path, "type")), bool(bar, path, "prefetchable"), size)));
		}
		return bars;
	}

	private static List<StateDeclaration> readState(Map<String, Object> document) {
		List<StateDeclaration> state = new ArrayList<>();
		List<Object> list = list(document, "$", "state");
		for (int i = 0; i < list.size(); i++) {
			String path = "$.state[" + i + "]";
			Map<String, Object> declaration = object(list.get(i), path, STATE_MEMBERS);
			state.add(parse(path,
					() -> new StateDeclaration(integer(declaration, path, "offset", 0xFFF),
							integer(declaration, path, "width", 4), number(declaration, path, "mask"),
							string(declaration, path, "reason"))));
		}
		return state;
	}

	private static StructuralFinding readFinding(Object json, String path) {
		Map<String, Object> finding = object(json, path, FINDING_MEMBERS);
		StructuralFinding.Code code = parse(path + ".code",
				() -> StructuralFinding.Code.valueOf(string(finding, path, "code")));
		Space space = parse(path + ".space", () -> Space.fromJson(string(finding, path, "space")));
		return new StructuralFinding(code, space, integer(finding, path, "offset", 0xFFF),
				string(finding, path, "message"));
	}

	private interface Reading<T> {

		T read();

	}

	private static <T> T parse(String path, Reading<T> reading) {
		try {
			return reading.read();
		}
		catch (IllegalArgumentException ex) {
			throw new LayoutFormatException(path + ": " + ex.getMessage());
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> object(Object json, String path, Set<String> allowed) {
		if (!(json instanceof Map)) {
			throw new LayoutFormatException(path + ": expected an object, got " + describe(json));
		}
		Map<String, Object> map = (Map<String, Object>) json;
		if (allowed != null) {
			for (String key : map.keySet()) {
				if (!allowed.contains(key)) {
					throw new LayoutFormatException(path + "." + key + ": unknown member");
				}
			}
		}
		return map;
	}

	private static Object required(Map<String, Object> map, String path, String key) {
		if (!map.containsKey(key)) {
			throw new LayoutFormatException(path + "." + key + ": required member is missing");
		}
		return map.get(key);
	}

	private static String string(Map<String, Object> map, String path, String key) {
		Object value = required(map, path, key);
		if (!(value instanceof String string)) {
			throw new LayoutFormatException(path + "." + key + ": expected a string, got " + describe(value));
		}
		return string;
	}

	private static boolean bool(Map<String, Object> map, String path, String key) {
		Object value = required(map, path, key);
		if (!(value instanceof Boolean bool)) {
			throw new LayoutFormatException(path + "." + key + ": expected a boolean, got " + describe(value));
		}
		return bool;
	}

	/** A non-negative integer of up to 63 bits. */
	private static long number(Map<String, Object> map, String path, String key) {
		Object value = required(map, path, key);
		if (!(value instanceof Long number) || number < 0) {
			throw new LayoutFormatException(
					path + "." + key + ": expected a non-negative integer, got " + describe(value));
		}
		return number;
	}

	private static int integer(Map<String, Object> map, String path, String key, int max) {
		Object value = required(map, path, key);
		if (!(value instanceof Long number)) {
			throw new LayoutFormatException(path + "." + key + ": expected an integer, got " + describe(value));
		}
		if (number < 0 || number > max) {
			throw new LayoutFormatException(path + "." + key + ": " + number + " is out of range 0.." + max);
		}
		return number.intValue();
	}

	@SuppressWarnings("unchecked")
	private static List<Object> list(Map<String, Object> map, String path, String key) {
		Object value = required(map, path, key);
		if (!(value instanceof List)) {
			throw new LayoutFormatException(path + "." + key + ": expected an array, got " + describe(value));
		}
		return (List<Object>) value;
	}

	private static String describe(Object value) {
		if (value == null) {
			return "null";
		}
		if (value instanceof BigDecimal) {
			return "a non-integer number";
		}
		if (value instanceof Long) {
			return "an integer";
		}
		if (value instanceof Map) {
			return "an object";
		}
		if (value instanceof List) {
			return "an array";
		}
		return "a " + value.getClass().getSimpleName().toLowerCase();
	}

}
