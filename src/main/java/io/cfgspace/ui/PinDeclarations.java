package io.cfgspace.ui;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.cfgspace.configspace.ConfigSpaceMap;
import io.cfgspace.layout.BlockRef;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.PerUnit;
import io.cfgspace.layout.Space;
import io.cfgspace.layout.StateDeclaration;

/**
 * What an operator declares about a device on the pin form, as typed: rows of state
 * (offset, width, mask, reason) and a per-unit treatment for each block with per-unit
 * registers. Read into what {@code LayoutComposer.declare} takes, with every problem
 * found named by its row, so that the form comes back with all of them at once.
 */
final class PinDeclarations {

	/** The choices of the per-unit select, {@code none} first: nothing said. */
	static final List<String> TREATMENTS = List.of("none", PerUnit.HIDDEN.json(), PerUnit.SYNTHESIZED.json(),
			PerUnit.EXEMPT.json());

	private static final Pattern HEX = Pattern.compile("(0[xX])?[0-9a-fA-F]{1,16}");

	private PinDeclarations() {
	}

	/** One row of state as typed, so that a bad row comes back as it was. */
	public static class StateRow {

		public String offset = "";

		public String width = "4";

		public String mask = "";

		public String reason = "";

		// setters: Spring binds state[i].offset and the like through them
		public void setOffset(String offset) {
			this.offset = (offset != null) ? offset.strip() : "";
		}

		public void setWidth(String width) {
			this.width = (width != null) ? width.strip() : "";
		}

		public void setMask(String mask) {
			this.mask = (mask != null) ? mask.strip() : "";
		}

		public void setReason(String reason) {
			this.reason = (reason != null) ? reason.strip() : "";
		}

		public String getOffset() {
			return this.offset;
		}

		public String getWidth() {
			return this.width;
		}

		public String getMask() {
			return this.mask;
		}

		public String getReason() {
			return this.reason;
		}

		/** A row left empty: the form always offers a few. */
		boolean blank() {
			return this.offset.isEmpty() && this.mask.isEmpty() && this.reason.isEmpty();
		}

	}

	/**
	 * A block whose per-unit registers need a treatment, as the form offers it.
	 *
	 * @param block the block as the select's values name it: {@code extended 0x140}
	 * @param name the capability's name
	 * @param registers its per-unit registers: {@code Serial Number 0x144}
	 * @param selected the treatment chosen, {@code none} when nothing is said
	 */
	record PerUnitChoice(String block, String name, String registers, String selected) {

		/** The value of one option of the select: {@code extended 0x140=exempt}. */
		public String value(String treatment) {
			return this.block + "=" + treatment;
		}

	}

	/**
	 * The rows that say something, each a declaration, or a problem naming the row
	 * ({@code state row 2}) and what is wrong with it.
	 */
	static List<StateDeclaration> state(List<StateRow> rows, List<String> problems) {
		List<StateDeclaration> declarations = new ArrayList<>();
		int number = 0;
		for (StateRow row : rows) {
			if (row.blank()) {
				continue;
			}
			number++;
			String where = "State row " + number + ((row.offset.isEmpty()) ? "" : " (offset " + row.offset + ")");
			List<String> wrong = new ArrayList<>();
			Long offset = hex(row.offset);
			Long mask = hex(row.mask);
			if (offset == null) {
				wrong.add("the offset '" + row.offset + "' is not hex (write 0x3e)");
			}
			else if (offset > 0xFFF) {
				wrong.add("the offset " + row.offset + " lies outside config space (0x000 to 0xfff)");
			}
			if (!List.of("1", "2", "4").contains(row.width)) {
				wrong.add("the width is 1, 2 or 4 bytes, not '" + row.width + "'");
			}
			if (mask == null) {
				wrong.add("the mask '" + row.mask + "' is not hex (write 0xff00)");
			}
			if (row.reason.isEmpty()) {
				wrong.add("give a reason: why these bits change at run time on this device");
			}
			if (wrong.isEmpty()) {
				try {
					declarations
						.add(new StateDeclaration(offset.intValue(), Integer.parseInt(row.width), mask, row.reason));
				}
				catch (IllegalArgumentException ex) {
					wrong.add(ex.getMessage());
				}
			}
			if (!wrong.isEmpty()) {
				problems.add(where + ": " + String.join("; ", wrong) + ".");
			}
		}
		return declarations;
	}

	/**
	 * The treatments chosen ({@code none} says nothing), by block, or a problem for a
	 * value the form did not offer.
	 */
	static Map<BlockRef, PerUnit> treatments(List<String> values, List<String> problems) {
		Map<BlockRef, PerUnit> treatments = new LinkedHashMap<>();
		for (String value : values) {
			int equals = value.lastIndexOf('=');
			String[] place = (equals > 0) ? value.substring(0, equals).split(" 0x", 2) : new String[0];
			try {
				if (place.length != 2) {
					throw new IllegalArgumentException("expected 'space 0xOFFSET=treatment'");
				}
				BlockRef block = new BlockRef(Space.fromJson(place[0]), Integer.parseInt(place[1], 16));
				String treatment = value.substring(equals + 1);
				if (!"none".equals(treatment) && treatments.put(block, PerUnit.fromJson(treatment)) != null) {
					throw new IllegalArgumentException("the block at " + block + " is named twice");
				}
			}
			catch (IllegalArgumentException ex) {
				problems.add("Per-unit treatment '" + value + "': " + ex.getMessage() + ".");
			}
		}
		return treatments;
	}

	/**
	 * Every block of the variants with per-unit registers, once, with the treatment the
	 * form chose for it.
	 */
	static List<PerUnitChoice> choices(List<Layout> variants, List<String> chosen) {
		Map<String, String> selected = new LinkedHashMap<>();
		for (String value : chosen) {
			int equals = value.lastIndexOf('=');
			if (equals > 0) {
				selected.put(value.substring(0, equals), value.substring(equals + 1));
			}
		}
		Map<BlockRef, List<PerUnitRegister>> blocks = new LinkedHashMap<>();
		for (Layout variant : variants) {
			if (variant.image() == null) {
				continue;
			}
			for (PerUnitRegister register : PerUnitRegister.of(ConfigSpaceMap.of(variant))) {
				List<PerUnitRegister> registers = blocks.computeIfAbsent(register.blockRef(),
						(ref) -> new ArrayList<>());
				if (registers.stream().noneMatch((known) -> known.register() == register.register())) {
					registers.add(register);
				}
			}
		}
		List<PerUnitChoice> choices = new ArrayList<>();
		blocks.forEach((ref, registers) -> {
			String names = String.join(", ",
					registers.stream()
						.map((register) -> register.name() + String.format(" 0x%03x", register.register()))
						.toList());
			choices.add(new PerUnitChoice(ref.toString(), registers.get(0).block().name(), names,
					selected.getOrDefault(ref.toString(), "none")));
		});
		return choices;
	}

	/** Hex as operators write it, with or without 0x; {@code null} when it is not. */
	static Long hex(String text) {
		if (text == null || !HEX.matcher(text).matches()) {
			return null;
		}
		String digits = (text.length() > 1 && (text.charAt(1) == 'x' || text.charAt(1) == 'X')) ? text.substring(2)
				: text;
		return Long.parseUnsignedLong(digits, 16);
	}

}
