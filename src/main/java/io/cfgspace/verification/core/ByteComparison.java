package io.cfgspace.verification.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cfgspace.configspace.ConfigSpaceMap.Place;
import io.cfgspace.configspace.ConfigSpaceMap;
import io.cfgspace.layout.Identity;
import io.cfgspace.layout.LayoutBlock;
import io.cfgspace.layout.PerUnit;
import io.cfgspace.verification.core.Finding.Severity;
import io.cfgspace.verification.core.Finding.Side;

/**
 * Compares a side's config-space bytes with a pin's recorded bytes, every bit the pin
 * compares byte by byte, and reports each register that differs once, by name, with the
 * bits that differ. Ranges whose structure already differs (a missing or moved block) are
 * left to the structural findings.
 */
final class ByteComparison {

	private final ComparedPin pin;

	private final ConfigSpaceMap map;

	private final Side side;

	private final byte[] bytes;

	private final long[] compared;

	/** The bits that differ, by the register (or gap) they are in. */
	private final Map<Place, Long> differences = new LinkedHashMap<>();

	private ByteComparison(ComparedPin pin, Side side, byte[] bytes, boolean virtualView) {
		this.pin = pin;
		this.map = pin.map();
		this.side = side;
		this.bytes = bytes;
		this.compared = pin.compared(virtualView);
	}

	/**
	 * @param bytes the side's config space: a dump's bytes, or a layout's recorded ones
	 * @param virtualView whether the side shows the guest's view (hidden blocks unlinked)
	 * @param skipped ranges whose structure differs on this side
	 * @param quirks quirks of the side's device: their ranges are not compared
	 */
	static void compare(ComparedPin pin, byte[] bytes, boolean virtualView, List<Quirk.Range> skipped,
			List<Quirk> quirks, Side side, List<Finding> findings) {
		ByteComparison comparison = new ByteComparison(pin, side, bytes, virtualView);
		comparison.run(skipped, quirks);
		comparison.report(findings);
	}

	/**
	 * The value a side shows in a pin's per-unit registers, by register, in offset order.
	 */
	static Map<Place, Long> perUnitValues(ComparedPin pin, byte[] bytes) {
		Map<Place, Long> values = new LinkedHashMap<>();
		for (int at : pin.perUnitOffsets()) {
			if (at < bytes.length) {
				Place place = pin.map().place(at);
				long value = values.getOrDefault(place, 0L)
						| ((long) (bytes[at] & 0xFF) << (8 * (at - place.register())));
				values.put(place, value);
			}
		}
		return values;
	}

	private void run(List<Quirk.Range> skipped, List<Quirk> quirks) {
		long[] image = this.pin.image();
		int words = Math.min(image.length, (this.bytes.length + 7) / 8);
		for (int w = 0; w < words; w++) {
			long different = (image[w] ^ Words.word(this.bytes, w)) & this.compared[w];
			if (different != 0) {
				for (int i = 0; i < 8; i++) {
					int bits = Words.byteOf(different, i);
					int at = 8 * w + i;
					if (bits != 0 && !skipped(at, skipped) && !quirked(at, quirks)) {
						note(at, bits);
					}
				}
			}
		}
		for (int at : this.pin.perUnitOffsets()) {
			if (at < this.bytes.length && this.map.treated(at) == 0 && !skipped(at, skipped)) {
				int different = (pinned(at) ^ this.bytes[at]) & this.map.perUnit(at);
				if (different != 0) {
					note(at, different);
				}
			}
		}
	}

	private int pinned(int at) {
		return Words.byteOf(this.pin.image()[at / 8], at % 8);
	}

	private static boolean skipped(int at, List<Quirk.Range> ranges) {
		for (Quirk.Range range : ranges) {
			if (range.start() <= at && at < range.end()) {
				return true;
			}
		}
		return false;
	}

	/** A quirk's ranges, or every gap of a device that keeps registers in all of them. */
	private boolean quirked(int at, List<Quirk> quirks) {
		for (Quirk quirk : quirks) {
			Place place = this.map.place(at);
			if ((quirk.allGaps() && place.block() == null && place.space() != null)
					|| quirk.ranges().stream().anyMatch((range) -> range.overlaps(at, at + 1))) {
				return true;
			}
		}
		return false;
	}

	private void note(int at, int bits) {
		Place place = this.map.place(at);
		this.differences.merge(place, (long) bits << (8 * (at - place.register())), (a, b) -> a | b);
	}

	private void report(List<Finding> findings) {
		this.differences.forEach((place, difference) -> findings.add(finding(place, difference)));
	}

	/**
	 * A finding shows the register's value on each side, every bit that is compared (or
	 * the whole per-unit value), so that the differing bits read in context.
	 */
	private Finding finding(Place place, long difference) {
		long pinnedValue = 0;
		long shownValue = 0;
		for (int i = place.width() - 1; i >= 0; i--) {
			int at = place.register() + i;
			int shown = (at < this.bytes.length) ? this.bytes[at] & 0xFF : 0;
			int bits = Words.byteOf(this.compared[at / 8], at % 8) | this.map.perUnit(at);
			pinnedValue = (pinnedValue << 8) | (pinned(at) & bits);
			shownValue = (shownValue << 8) | (shown & bits);
		}
		String mask = hex(difference, place.width());
		String pinned = hex(pinnedValue, place.width());
		String shown = hex(shownValue, place.width());
		String register = place.name() + " (" + Verifier.hex(place.register()) + ") bits " + mask + ": " + shown
				+ ", pinned as " + pinned;
		LayoutBlock block = place.block();
		String side = Verifier.name(this.side);
		if (this.map.perUnit(place.register()) != 0) {
			return new Finding(FindingCode.PER_UNIT_VALUE_UNDECLARED, Severity.ERROR, this.side, place.space(),
					block.offset(), block.name(), place.name(), pinned, shown,
					"the " + block.name() + " capability at " + Verifier.hex(block.offset()) + " has another "
							+ register + " on the " + side + ": the value differs between units of a model, and the"
							+ " pin does not say what the VMM does with it; give the block a per-unit treatment:"
							+ " hidden (the VMM hides the capability), synthesized (the VMM presents its own value,"
							+ " stable for the VM) or exempt (passed through, with a warning on every verification)",
					place.register(), mask);
		}
		String message;
		if (block != null) {
			message = "the " + block.name() + " capability at " + Verifier.hex(block.offset()) + " differs on the "
					+ side + " in " + register;
		}
		else if (place.space() == null) {
			message = "the " + side + "'s header differs in " + register;
		}
		else {
			message = "the " + side + " differs in " + Verifier.hex(place.register()) + ".."
					+ Verifier.hex(place.end() - 1) + ", which no capability claims (a gap), bits " + mask + ": "
					+ shown + ", pinned as " + pinned;
		}
		return new Finding(FindingCode.FIELD_MISMATCH, Severity.ERROR, this.side, place.space(),
				(block != null) ? block.offset() : null, (block != null) ? block.name() : null, place.name(), pinned,
				shown, message, place.register(), mask);
	}

	/**
	 * Warnings for the per-unit registers a pin exempts: the guest reads the
	 * destination's value after the migration.
	 */
	static void exemptions(ComparedPin pin, Map<Place, Long> source, Map<Place, Long> destination,
			List<Finding> findings) {
		destination.forEach((place, shown) -> {
			LayoutBlock block = place.block();
			if (block.perUnit() != PerUnit.EXEMPT) {
				return;
			}
			Long before = source.get(place);
			if (shown.equals(before)) {
				return;
			}
			String value = hex(shown, place.width());
			String was = (before != null) ? hex(before, place.width()) : null;
			findings.add(new Finding(FindingCode.PER_UNIT_VALUE, Severity.WARNING, Side.DESTINATION, place.space(),
					block.offset(), block.name(), place.name(), was, value,
					"the " + block.name() + " capability at " + Verifier.hex(block.offset()) + " passes its "
							+ place.name() + " (" + Verifier.hex(place.register()) + ") through, a per-unit value the"
							+ " pin exempts: the guest reads " + value + " after the migration"
							+ ((was != null) ? ", " + was + " before it" : ""),
					place.register(), null));
		});
	}

	/** A register value as PCI people write one: 0x and two digits a byte. */
	static String hex(long value, int width) {
		String digits = Long.toHexString(value);
		return "0x" + "0".repeat(Math.max(0, 2 * width - digits.length())) + digits;
	}

	/** The identity the quirks of a side are looked up by. */
	static List<Quirk> quirksOf(Identity identity, List<Quirk> quirks) {
		return quirks.stream().filter((quirk) -> quirk.appliesTo(identity)).toList();
	}

}
