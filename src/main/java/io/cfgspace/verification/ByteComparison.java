package io.cfgspace.verification;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cfgspace.configspace.ConfigSpaceMap;
import io.cfgspace.configspace.ConfigSpaceMap.Place;
import io.cfgspace.layout.Identity;
import io.cfgspace.layout.LayoutBlock;
import io.cfgspace.layout.PerUnit;
import io.cfgspace.verification.Finding.Severity;
import io.cfgspace.verification.Finding.Side;

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

	private final Map<Place, long[]> differences = new LinkedHashMap<>();

	private ByteComparison(ComparedPin pin, Side side) {
		this.pin = pin;
		this.map = pin.map();
		this.side = side;
	}

	/**
	 * @param bytes the side's config space: a dump's bytes, or a layout's recorded ones
	 * @param virtualView whether the side shows the guest's view (hidden blocks unlinked)
	 * @param skipped ranges whose structure differs on this side
	 * @param quirks quirks of the side's device: their ranges are not compared
	 */
	static void compare(ComparedPin pin, byte[] bytes, boolean virtualView, List<Quirk.Range> skipped,
			List<Quirk> quirks, Side side, List<Finding> findings) {
		ByteComparison comparison = new ByteComparison(pin, side);
		comparison.run(bytes, virtualView, skipped, quirks);
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

	private void run(byte[] bytes, boolean virtualView, List<Quirk.Range> skipped, List<Quirk> quirks) {
		long[] image = this.pin.image();
		long[] compared = this.pin.compared(virtualView);
		int words = Math.min(image.length, (bytes.length + 7) / 8);
		for (int w = 0; w < words; w++) {
			long different = (image[w] ^ Words.word(bytes, w)) & compared[w];
			if (different != 0) {
				for (int i = 0; i < 8; i++) {
					int bits = Words.byteOf(different, i);
					int at = 8 * w + i;
					if (bits != 0 && !skipped(at, skipped) && !quirked(at, quirks)) {
						note(at, bits, Words.byteOf(image[w], i), bytes[at] & 0xFF);
					}
				}
			}
		}
		for (int at : this.pin.perUnitOffsets()) {
			if (at < bytes.length && this.map.treated(at) == 0 && !skipped(at, skipped)) {
				int pinned = Words.byteOf(image[at / 8], at % 8);
				int different = (pinned ^ bytes[at]) & this.map.perUnit(at);
				if (different != 0) {
					note(at, different, pinned, bytes[at] & 0xFF);
				}
			}
		}
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

	private void note(int at, int bits, int pinned, int shown) {
		Place place = this.map.place(at);
		long[] difference = this.differences.computeIfAbsent(place, (p) -> new long[3]);
		int shift = 8 * (at - place.register());
		difference[0] |= (long) bits << shift;
		difference[1] |= (long) (pinned & bits) << shift;
		difference[2] |= (long) (shown & bits) << shift;
	}

	private void report(List<Finding> findings) {
		this.differences.forEach((place, difference) -> findings.add(finding(place, difference)));
	}

	private Finding finding(Place place, long[] difference) {
		String mask = hex(difference[0], place.width());
		String pinned = hex(difference[1], place.width());
		String shown = hex(difference[2], place.width());
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
