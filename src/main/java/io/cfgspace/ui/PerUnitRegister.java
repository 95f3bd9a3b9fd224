package io.cfgspace.ui;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cfgspace.configspace.ConfigSpaceMap;
import io.cfgspace.layout.BlockRef;
import io.cfgspace.layout.LayoutBlock;
import io.cfgspace.layout.PerUnit;

/**
 * A register whose read-only value differs on every unit of a model (the Device Serial
 * Number's), found by the capability catalog, with what the layout says the VMM does with
 * it.
 *
 * @param register the config-space offset of the register
 * @param width its bytes
 * @param name the spec's name for it
 * @param block the capability that holds it
 * @param treatment the block's per-unit treatment, or {@code null} when the layout says
 * none
 */
record PerUnitRegister(int register, int width, String name, LayoutBlock block, PerUnit treatment) {

	/** Every per-unit register of a layout's bytes, in offset order. */
	static List<PerUnitRegister> of(ConfigSpaceMap bytes) {
		Map<ConfigSpaceMap.Place, PerUnitRegister> registers = new LinkedHashMap<>();
		for (int at = 0; at < bytes.size(); at++) {
			ConfigSpaceMap.Place place = bytes.place(at);
			// the catalog names per-unit registers in capabilities only; a byte without a
			// block is not one
			if (bytes.perUnit(at) != 0 && place.block() != null) {
				registers.computeIfAbsent(place,
						(p) -> new PerUnitRegister(p.register(), p.width(), p.name(), p.block(), p.block().perUnit()));
			}
		}
		return new ArrayList<>(registers.values());
	}

	BlockRef blockRef() {
		return BlockRef.of(this.block);
	}

	int end() {
		return this.register + this.width;
	}

	/** How the tables and tooltips name the treatment: {@code exempt}, {@code none}. */
	String treatmentLabel() {
		return (this.treatment != null) ? this.treatment.json() : "no treatment";
	}

	/** What the treatment means for a migration, in one sentence. */
	String consequence() {
		if (this.treatment == null) {
			return "the pin does not say what the VMM does with it: a verification against another unit fails"
					+ " (PER_UNIT_VALUE_UNDECLARED)";
		}
		return switch (this.treatment) {
			case HIDDEN -> "the VMM hides the capability: the guest reads none of it";
			case SYNTHESIZED -> "the VMM presents a value of its own, stable for the VM across migrations";
			case EXEMPT -> "passed through: the guest may read another value after a migration, and every"
					+ " verification warns (PER_UNIT_VALUE)";
		};
	}

}
