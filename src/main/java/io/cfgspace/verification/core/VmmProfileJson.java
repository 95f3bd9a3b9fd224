package io.cfgspace.verification.core;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.cfgspace.layout.Space;

/**
 * A {@link VmmProfile} as JSON: the document the service stores, serves and takes, and
 * the CLI caches. Strict: an unknown member or a value of the wrong kind is refused with
 * its path, so that a typo never turns into a default.
 */
public final class VmmProfileJson {

	private static final Set<String> PROFILE = Set.of("name", "vmm", "match", "device", "synthesizes", "hides",
			"virtualizes", "vendorSpecificBodies", "source");

	private static final Set<String> MATCH = Set.of("versionFrom", "versionBelow", "machineFamilies", "machineFrom",
			"machineBelow");

	private static final Set<String> SYNTHESIS = Set.of("space", "id", "property", "defaultOffset", "alignment",
			"lowest", "note");

	private static final Set<String> CAPABILITIES = Set.of("space", "ids", "idsFrom", "note");

	private VmmProfileJson() {
	}

	/**
	 * Reads a profile; {@code name} stands in when the document has none.
	 * @throws IllegalArgumentException naming the member at fault
	 */
	public static VmmProfile read(Object json, String name) {
		Map<String, Object> document = object(json, "$", PROFILE);
		String given = text(document, "name", "$", false);
		String profileName = (given != null) ? given : name;
		if (profileName == null) {
			throw new IllegalArgumentException("$.name: required");
		}
		Object match = document.get("match");
		List<VmmProfile.Synthesis> synthesizes = new ArrayList<>();
		List<Object> blocks = list(document, "synthesizes", "$");
		for (int i = 0; i < blocks.size(); i++) {
			synthesizes.add(synthesis(blocks.get(i), "$.synthesizes[" + i + "]"));
		}
		String bodies = text(document, "vendorSpecificBodies", "$", true);
		return new VmmProfile(profileName, VmmProfile.Vmm.fromJson(text(document, "vmm", "$", true)),
				(match != null) ? match(match) : null, text(document, "device", "$", false), synthesizes,
				capabilities(document, "hides"), capabilities(document, "virtualizes"),
				VmmProfile.VendorSpecificBodies.fromJson(bodies), text(document, "source", "$", true));
	}

	/** The profile as a document, name included. */
	public static Map<String, Object> write(VmmProfile profile) {
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("name", profile.name());
		out.put("vmm", profile.vmm().json());
		VmmProfile.Match match = profile.match();
		if (match == null) {
			out.put("match", null);
		}
		else {
			Map<String, Object> rule = new LinkedHashMap<>();
			rule.put("versionFrom", match.versionFrom());
			rule.put("versionBelow", match.versionBelow());
			rule.put("machineFamilies", match.machineFamilies());
			rule.put("machineFrom", match.machineFrom());
			rule.put("machineBelow", match.machineBelow());
			out.put("match", rule);
		}
		out.put("device", profile.device());
		List<Object> synthesizes = new ArrayList<>();
		for (VmmProfile.Synthesis synthesis : profile.synthesizes()) {
			Map<String, Object> block = new LinkedHashMap<>();
			block.put("space", synthesis.space().json());
			block.put("id", (long) synthesis.id());
			block.put("property", synthesis.property());
			block.put("defaultOffset", (long) synthesis.defaultOffset());
			block.put("alignment", (long) synthesis.alignment());
			block.put("lowest", (long) synthesis.lowest());
			block.put("note", synthesis.note());
			synthesizes.add(block);
		}
		out.put("synthesizes", synthesizes);
		out.put("hides", write(profile.hides()));
		out.put("virtualizes", write(profile.virtualizes()));
		out.put("vendorSpecificBodies", profile.vendorSpecificBodies().json());
		out.put("source", profile.source());
		return out;
	}

	private static List<Object> write(List<VmmProfile.Capabilities> groups) {
		List<Object> out = new ArrayList<>();
		for (VmmProfile.Capabilities group : groups) {
			Map<String, Object> item = new LinkedHashMap<>();
			item.put("space", group.space().json());
			item.put("ids", group.ids().stream().map(Long::valueOf).toList());
			if (group.idsFrom() != null) {
				item.put("idsFrom", Long.valueOf(group.idsFrom()));
			}
			item.put("note", group.note());
			out.add(item);
		}
		return out;
	}

	private static VmmProfile.Match match(Object json) {
		Map<String, Object> match = object(json, "$.match", MATCH);
		List<String> families = new ArrayList<>();
		List<Object> given = list(match, "machineFamilies", "$.match");
		for (int i = 0; i < given.size(); i++) {
			if (!(given.get(i) instanceof String family) || !family.matches("[a-z0-9][a-z0-9_-]{0,39}")) {
				throw new IllegalArgumentException(
						"$.match.machineFamilies[" + i + "]: a machine family such as pc-q35");
			}
			families.add(family);
		}
		try {
			return new VmmProfile.Match(text(match, "versionFrom", "$.match", false),
					text(match, "versionBelow", "$.match", false), families,
					text(match, "machineFrom", "$.match", false), text(match, "machineBelow", "$.match", false));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("$.match: " + ex.getMessage());
		}
	}

	private static VmmProfile.Synthesis synthesis(Object json, String path) {
		Map<String, Object> block = object(json, path, SYNTHESIS);
		Space space = space(block, path);
		String property = text(block, "property", path, false);
		if (property != null && !property.matches("[A-Za-z][A-Za-z0-9_.-]{0,63}")) {
			throw new IllegalArgumentException(path + ".property: not a device property name");
		}
		try {
			return new VmmProfile.Synthesis(space, integer(block, "id", path, 0, 0xFFFF), property,
					integer(block, "defaultOffset", path, 0, 0xFFF), integer(block, "alignment", path, 1, 0x1000),
					integer(block, "lowest", path, 0, 0xFFF), text(block, "note", path, false));
		}
		catch (IllegalArgumentException ex) {
			throw (ex.getMessage().startsWith(path)) ? ex : new IllegalArgumentException(path + ": " + ex.getMessage());
		}
	}

	private static List<VmmProfile.Capabilities> capabilities(Map<String, Object> document, String member) {
		List<VmmProfile.Capabilities> groups = new ArrayList<>();
		List<Object> given = list(document, member, "$");
		for (int i = 0; i < given.size(); i++) {
			String path = "$." + member + "[" + i + "]";
			Map<String, Object> group = object(given.get(i), path, CAPABILITIES);
			Space space = space(group, path);
			List<Integer> ids = new ArrayList<>();
			List<Object> numbers = list(group, "ids", path);
			for (int j = 0; j < numbers.size(); j++) {
				ids.add(number(numbers.get(j), path + ".ids[" + j + "]", 0, (space == Space.STANDARD) ? 0xFF : 0xFFFF));
			}
			Integer from = group.containsKey("idsFrom")
					? number(group.get("idsFrom"), path + ".idsFrom", 0, (space == Space.STANDARD) ? 0xFF : 0xFFFF)
					: null;
			groups.add(new VmmProfile.Capabilities(space, ids, from, text(group, "note", path, true)));
		}
		return groups;
	}

	private static Space space(Map<String, Object> object, String path) {
		try {
			return Space.fromJson(text(object, "space", path, true));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(path + ".space: standard or extended");
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> object(Object json, String path, Set<String> members) {
		if (!(json instanceof Map<?, ?> map)) {
			throw new IllegalArgumentException(path + ": an object is expected");
		}
		for (Object key : map.keySet()) {
			if (!members.contains(key)) {
				throw new IllegalArgumentException(path + ": unknown member '" + key + "'");
			}
		}
		return (Map<String, Object>) map;
	}

	@SuppressWarnings("unchecked")
	private static List<Object> list(Map<String, Object> object, String member, String path) {
		Object value = object.get(member);
		if (value == null) {
			return List.of();
		}
		if (!(value instanceof List<?> list) || list.size() > 256) {
			throw new IllegalArgumentException(path + "." + member + ": a list of at most 256 items is expected");
		}
		return (List<Object>) list;
	}

	private static String text(Map<String, Object> object, String member, String path, boolean required) {
		Object value = object.get(member);
		if (value == null) {
			if (required) {
				throw new IllegalArgumentException(path + "." + member + ": required");
			}
			return null;
		}
		if (!(value instanceof String text) || text.isBlank() || text.length() > 4000) {
			throw new IllegalArgumentException(path + "." + member + ": a text of 1 to 4000 characters is expected");
		}
		return text.strip();
	}

	private static int integer(Map<String, Object> object, String member, String path, int min, int max) {
		return number(object.get(member), path + "." + member, min, max);
	}

	private static int number(Object value, String path, int min, int max) {
		long number;
		if (value instanceof Long || value instanceof Integer || value instanceof Short) {
			number = ((Number) value).longValue();
		}
		else if (value instanceof BigDecimal decimal && decimal.stripTrailingZeros().scale() <= 0) {
			number = decimal.longValue();
		}
		else {
			throw new IllegalArgumentException(path + ": an integer is expected");
		}
		if (number < min || number > max) {
			throw new IllegalArgumentException(path + ": must be " + min + " to " + max);
		}
		return (int) number;
	}

}
