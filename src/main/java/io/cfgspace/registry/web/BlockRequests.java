package io.cfgspace.registry.web;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cfgspace.configspace.capability.CapabilityCatalog;
import io.cfgspace.layout.BlockRef;
import io.cfgspace.layout.ByteMask;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutBlock;
import io.cfgspace.layout.Origin;
import io.cfgspace.layout.Space;
import io.cfgspace.system.BadRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The blocks a VMM hides and synthesizes, as requests name them. */
public final class BlockRequests {

	private BlockRequests() {
	}

	public record BlockRefRequest(@NotNull String space, @NotNull @Min(0) @Max(0xFFF) Integer offset) {

		public BlockRef toRef() {
			return new BlockRef(parseSpace(this.space, "hidden"), this.offset);
		}

	}

	public record SynthesizedBlockRequest(@NotNull String space, @NotNull @Min(0) @Max(0xFFF) Integer offset,
			@NotNull @Min(0) @Max(0xFFFF) Integer id, @Min(0) @Max(15) Integer version,
			@NotNull @Min(1) @Max(0x1000) Integer length, @Size(max = 200) String name,
			@Size(max = 64) Map<String, Object> fields) {

		public LayoutBlock toBlock() {
			Space space = parseSpace(this.space, "synthesized");
			if (space == Space.EXTENDED && this.version == null) {
				throw invalid("synthesized: an extended block needs a version");
			}
			if (space == Space.STANDARD && this.version != null) {
				throw invalid("synthesized: a standard block has no version");
			}
			if (space == Space.STANDARD && this.id > 0xFF) {
				throw invalid("synthesized: a standard capability ID is 0..255");
			}
			String kindName = (space == Space.STANDARD) ? CapabilityCatalog.standard(this.id).name()
					: CapabilityCatalog.extended(this.id).name();
			return new LayoutBlock(space, this.offset, this.id, this.version, this.length, 0,
					(this.name != null) ? this.name : kindName, Origin.SYNTHESIZED,
					fieldValues(this.fields, "synthesized"));
		}

	}

	/**
	 * A physical block of the dump whose bytes under the mask the pin records, for a
	 * capability the core cannot decode.
	 */
	public record ComparedBytesRequest(@NotNull String space, @NotNull @Min(0) @Max(0xFFF) Integer offset,
			@NotNull @Size(max = 2 * 0x1000) @Pattern(regexp = "([0-9a-f]{2})+",
					message = "must be lower-case hex, two digits a byte") String mask) {

	}

	/**
	 * The physical layout with the bytes each request names recorded from the dump's
	 * config space; none when the list is absent.
	 */
	public static Layout withCompared(Layout physical, byte[] config, List<ComparedBytesRequest> requests) {
		if (requests == null || requests.isEmpty()) {
			return physical;
		}
		List<LayoutBlock> blocks = new ArrayList<>(physical.blocks());
		for (int i = 0; i < requests.size(); i++) {
			ComparedBytesRequest request = requests.get(i);
			String where = "compare[" + i + "]";
			BlockRef ref = new BlockRef(parseSpace(request.space(), where), request.offset());
			int index = -1;
			for (int j = 0; j < blocks.size(); j++) {
				if (BlockRef.of(blocks.get(j)).equals(ref) && blocks.get(j).origin() == Origin.PHYSICAL) {
					index = j;
				}
			}
			if (index < 0) {
				throw invalid(where + ": the dump has no physical block at " + ref);
			}
			LayoutBlock block = blocks.get(index);
			if (block.compare() != null) {
				throw invalid(where + ": the block at " + ref + " is named twice");
			}
			byte[] mask = HexFormat.of().parseHex(request.mask());
			if (mask.length > block.length()) {
				throw invalid(where + ": the mask has " + mask.length + " bytes, but the " + block.name() + " at " + ref
						+ " is " + block.length() + " bytes long");
			}
			try {
				blocks.set(index, block.withCompare(ByteMask.over(config, block.offset(), mask)));
			}
			catch (IllegalArgumentException ex) {
				throw invalid(where + ": " + ex.getMessage());
			}
		}
		return new Layout(physical.identity(), physical.coverage(), blocks, physical.findings());
	}

	/**
	 * Capability fields as JSON gives them, as layouts hold them: integers as
	 * {@link Long}, booleans as they are; anything else is refused naming {@code where}.
	 */
	public static Map<String, Object> fieldValues(Map<String, Object> fields, String where) {
		Map<String, Object> values = new LinkedHashMap<>();
		if (fields == null) {
			return values;
		}
		fields.forEach((name, value) -> {
			if (value instanceof Boolean || value instanceof Long) {
				values.put(name, value);
			}
			else if (value instanceof Integer number) {
				values.put(name, number.longValue());
			}
			else {
				throw invalid(where + ": field '" + name + "' must be an integer or a boolean");
			}
		});
		return values;
	}

	/** The hidden blocks asked for; none when the list is absent. */
	public static List<BlockRef> refs(List<BlockRefRequest> requests) {
		List<BlockRef> refs = new ArrayList<>();
		if (requests != null) {
			requests.forEach((request) -> refs.add(request.toRef()));
		}
		return refs;
	}

	/** The synthesized blocks asked for; none when the list is absent. */
	public static List<LayoutBlock> blocks(List<SynthesizedBlockRequest> requests) {
		List<LayoutBlock> blocks = new ArrayList<>();
		if (requests != null) {
			requests.forEach((request) -> blocks.add(request.toBlock()));
		}
		return blocks;
	}

	private static Space parseSpace(String value, String where) {
		try {
			return Space.fromJson(value);
		}
		catch (IllegalArgumentException ex) {
			throw invalid(where + ": " + ex.getMessage());
		}
	}

	private static BadRequest invalid(String detail) {
		return new BadRequest("invalid-request", "Invalid request", detail);
	}

}
