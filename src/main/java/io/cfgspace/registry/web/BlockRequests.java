package io.cfgspace.registry.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cfgspace.configspace.capability.CapabilityCatalog;
import io.cfgspace.layout.BlockRef;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutBlock;
import io.cfgspace.layout.Origin;
import io.cfgspace.layout.PerUnit;
import io.cfgspace.layout.Space;
import io.cfgspace.layout.StateDeclaration;
import io.cfgspace.system.BadRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
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
	 * Bits a pin declares state, as a finding names a register: its config-space offset,
	 * its width, the bits, and why.
	 */
	public record StateRequest(@NotNull @Min(0) @Max(0xFFF) Integer offset, @NotNull Integer width,
			@NotNull @Min(1) Long mask, @NotNull @Size(min = 1, max = StateDeclaration.MAX_REASON) String reason) {

		StateDeclaration toDeclaration(String where) {
			try {
				return new StateDeclaration(this.offset, this.width, this.mask, this.reason);
			}
			catch (IllegalArgumentException ex) {
				throw invalid(where + ": " + ex.getMessage());
			}
		}

	}

	/** What the VMM does with the per-unit registers of one block. */
	public record PerUnitRequest(@NotNull String space, @NotNull @Min(0) @Max(0xFFF) Integer offset,
			@NotNull String treatment) {

	}

	/** The state declared; none when the list is absent. */
	public static List<StateDeclaration> declarations(List<StateRequest> requests) {
		List<StateDeclaration> declarations = new ArrayList<>();
		if (requests != null) {
			for (int i = 0; i < requests.size(); i++) {
				declarations.add(requests.get(i).toDeclaration("state[" + i + "]"));
			}
		}
		return declarations;
	}

	/** The per-unit treatments asked for, by block; none when the list is absent. */
	public static Map<BlockRef, PerUnit> treatments(List<PerUnitRequest> requests) {
		Map<BlockRef, PerUnit> treatments = new LinkedHashMap<>();
		if (requests != null) {
			for (int i = 0; i < requests.size(); i++) {
				PerUnitRequest request = requests.get(i);
				String where = "perUnit[" + i + "]";
				BlockRef ref = new BlockRef(parseSpace(request.space(), where), request.offset());
				PerUnit treatment;
				try {
					treatment = PerUnit.fromJson(request.treatment());
				}
				catch (IllegalArgumentException ex) {
					throw invalid(where + ": " + ex.getMessage());
				}
				if (treatments.put(ref, treatment) != null) {
					throw invalid(where + ": the block at " + ref + " is named twice");
				}
			}
		}
		return treatments;
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
