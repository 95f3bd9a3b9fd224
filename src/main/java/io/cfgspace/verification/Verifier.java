package io.cfgspace.verification;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import io.cfgspace.layout.BlockRef;
import io.cfgspace.layout.ByteMask;
import io.cfgspace.layout.Coverage;
import io.cfgspace.layout.Identity;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutBlock;
import io.cfgspace.layout.LayoutComposer;
import io.cfgspace.layout.LayoutCompositionException;
import io.cfgspace.layout.LayoutProblem;
import io.cfgspace.layout.LayoutValidator;
import io.cfgspace.layout.Origin;
import io.cfgspace.layout.Space;
import io.cfgspace.layout.StructuralFinding;
import io.cfgspace.verification.Finding.Severity;
import io.cfgspace.verification.Finding.Side;

/**
 * Decides whether a guest will see exactly the pinned config space on both sides of a
 * migration. Every difference is reported, not only the first; the verdict is consistent
 * only when there is no error, and never when a side could not be compared.
 *
 * <p>
 * Compared: header identity; every block the guest sees (space, offset, ID, version,
 * length, origin where the side tells it); the order of both chains; every decoded
 * read-only field; for blocks the core cannot decode, the bytes a pin declares comparable
 * through a mask, which only a side given as a dump can show. Not compared:
 * guest-writable state, which no layout holds. Checked for each physical side: room for
 * every synthesized block (no physical capability, no quirk range under it) and an IOMMU
 * that backs what the blocks claim.
 */
public final class Verifier {

	private static final int PASID = 0x1B;

	private static final int PRI = 0x13;

	private static final int ATS = 0x0F;

	private Verifier() {
	}

	public static Verdict verify(Layout pin, boolean deprecated, SideView source, SideView destination,
			List<Quirk> quirks) {
		List<Finding> findings = new ArrayList<>();
		if (deprecated) {
			findings.add(new Finding(FindingCode.PIN_DEPRECATED, Severity.WARNING, Side.PIN, null, null, null, null,
					null, null, "the pinned version is deprecated; it still verifies, but new pins should be used"));
		}
		for (LayoutProblem problem : LayoutValidator.problems(pin)) {
			findings.add(structure(Side.PIN, "the pin: " + problem.message()));
		}
		check(pin, source, Side.SOURCE, quirks, findings);
		check(pin, destination, Side.DESTINATION, quirks, findings);
		return Verdict.of(findings);
	}

	private static void check(Layout pin, SideView view, Side side, List<Quirk> quirks, List<Finding> findings) {
		Layout seen;
		if (view instanceof SideView.Virtual virtual) {
			seen = virtual.layout();
			if (!usable(seen, side, findings)) {
				return;
			}
			compare(visible(pin), visible(seen), false, view.bytes(), side, findings);
			compareHiddenBytes(pin, seen, view.bytes(), side, findings);
			checkQuirks(pin, seen.identity(), side, quirks, findings);
		}
		else {
			SideView.Physical physical = (SideView.Physical) view;
			if (!usable(physical.physical(), side, findings)) {
				return;
			}
			List<BlockRef> hidden = (physical.hidden() != null) ? physical.hidden() : refs(pin, Origin.HIDDEN);
			List<LayoutBlock> synthesized = (physical.synthesized() != null) ? physical.synthesized()
					: blocks(pin, Origin.SYNTHESIZED);
			try {
				seen = LayoutComposer.compose(physical.physical(), hidden, synthesized);
			}
			catch (LayoutCompositionException ex) {
				ex.problems().forEach((problem) -> findings.add(structure(side, problem)));
				return;
			}
			compare(visible(pin), visible(seen), true, view.bytes(), side, findings);
			compareHidden(pin, seen, view.bytes(), side, findings);
			checkRoom(pin, physical.physical(), hidden, side, findings);
			checkQuirks(pin, physical.physical().identity(), side, quirks, findings);
		}
		checkIommu(pin, view.iommu(), side, findings);
		compareIdentity(pin.identity(), seen.identity(), side, findings);
	}

	private static boolean usable(Layout layout, Side side, List<Finding> findings) {
		Coverage coverage = layout.coverage();
		boolean usable = true;
		if (coverage.standard() == Coverage.Extent.UNKNOWN || coverage.extended() == Coverage.Extent.UNKNOWN) {
			findings.add(structure(side, "the " + name(side) + " dump has " + coverage.bytes()
					+ " bytes and does not capture all of config space, so it cannot be compared"));
			usable = false;
		}
		for (StructuralFinding finding : layout.findings()) {
			findings.add(structure(side, "the " + name(side) + " dump: " + finding.message()));
			usable = false;
		}
		return usable;
	}

	private static void compare(List<LayoutBlock> expected, List<LayoutBlock> actual, boolean originKnown, byte[] bytes,
			Side side, List<Finding> findings) {
		// a synthesized block over a physical one puts two blocks at one place: match by
		// place and ID, and count each shown block once, so neither is lost or moved
		Map<BlockRef, List<Integer>> byPlace = new HashMap<>();
		for (int i = 0; i < actual.size(); i++) {
			byPlace.computeIfAbsent(BlockRef.of(actual.get(i)), (ref) -> new ArrayList<>(1)).add(i);
		}
		boolean[] matched = new boolean[actual.size()];
		List<LayoutBlock> unmatchedExpected = new ArrayList<>();
		for (LayoutBlock pinned : expected) {
			int shown = -1;
			for (int i : byPlace.getOrDefault(BlockRef.of(pinned), List.of())) {
				if (!matched[i] && actual.get(i).id() == pinned.id()) {
					shown = i;
					break;
				}
			}
			if (shown >= 0) {
				matched[shown] = true;
				compareBlock(pinned, actual.get(shown), originKnown, bytes, side, findings);
			}
			else {
				unmatchedExpected.add(pinned);
			}
		}
		List<LayoutBlock> unmatchedActual = new ArrayList<>();
		for (int i = 0; i < actual.size(); i++) {
			if (!matched[i]) {
				unmatchedActual.add(actual.get(i));
			}
		}
		for (LayoutBlock pinned : unmatchedExpected) {
			LayoutBlock moved = unmatchedActual.stream()
				.filter((b) -> b.space() == pinned.space() && sameCapability(b, pinned))
				.findFirst()
				.orElse(null);
			if (moved != null) {
				unmatchedActual.remove(moved);
				findings.add(block(FindingCode.OFFSET_MISMATCH, side, pinned, null, hex(pinned.offset()),
						hex(moved.offset()), "the " + pinned.name() + " capability is at " + hex(moved.offset())
								+ " on the " + name(side) + ", but pinned at " + hex(pinned.offset())));
				// moved is one difference; whatever else changed is reported too
				compareBlock(pinned, moved, originKnown, bytes, side, findings);
			}
			else {
				findings.add(block(FindingCode.BLOCK_MISSING, side, pinned, null, describe(pinned), null,
						"the " + name(side) + " has no " + pinned.name() + " capability at " + hex(pinned.offset())
								+ ", which the pin has"));
			}
		}
		for (LayoutBlock extra : unmatchedActual) {
			findings.add(block(FindingCode.BLOCK_UNEXPECTED, side, extra, null, null, describe(extra),
					"the " + name(side) + " shows a " + extra.name() + " capability at " + hex(extra.offset())
							+ ", which the pin does not have"));
		}
		for (Space space : Space.values()) {
			compareOrder(expected, actual, space, side, findings);
		}
	}

	/**
	 * The VMM hides by place: another capability at a pinned hidden place would be hidden
	 * instead, and the synthesized block would stand in for hardware the device lacks.
	 */
	private static void compareHidden(Layout pin, Layout seen, byte[] bytes, Side side, List<Finding> findings) {
		Map<BlockRef, LayoutBlock> hiddenOnSide = new HashMap<>();
		blocks(seen, Origin.HIDDEN).forEach((block) -> hiddenOnSide.put(BlockRef.of(block), block));
		for (LayoutBlock pinned : blocks(pin, Origin.HIDDEN)) {
			LayoutBlock shown = hiddenOnSide.get(BlockRef.of(pinned));
			if (shown == null) {
				// not hidden on this side: the guest sees it, and compare() reports it
				continue;
			}
			if (shown.id() != pinned.id()) {
				findings.add(block(FindingCode.BLOCK_MISSING, side, pinned, null, describe(pinned), describe(shown),
						"the " + name(side) + " has no " + pinned.name() + " capability at " + hex(pinned.offset())
								+ " to hide, which the pin hides; it would hide its " + shown.name() + " instead"));
			}
			else {
				compareBlock(pinned, shown, true, bytes, side, findings);
			}
		}
	}

	/**
	 * A virtual view shows no hidden block, but vfio leaves a hidden block's bytes in
	 * place, so the guest's config space still holds what the pin compares there.
	 */
	private static void compareHiddenBytes(Layout pin, Layout seen, byte[] bytes, Side side, List<Finding> findings) {
		for (LayoutBlock pinned : blocks(pin, Origin.HIDDEN)) {
			if (pinned.compare() == null) {
				continue;
			}
			LayoutBlock shown = seen.blocks()
				.stream()
				.filter((b) -> BlockRef.of(b).equals(BlockRef.of(pinned)) && b.id() == pinned.id())
				.findFirst()
				.orElse(pinned.withCompare(null));
			compareBytes(pinned, shown, bytes, side, findings);
		}
	}

	private static void compareBlock(LayoutBlock pinned, LayoutBlock shown, boolean originKnown, byte[] bytes,
			Side side, List<Finding> findings) {
		if (!Objects.equals(pinned.version(), shown.version())) {
			findings.add(block(FindingCode.VERSION_MISMATCH, side, pinned, "version", String.valueOf(pinned.version()),
					String.valueOf(shown.version()),
					"the " + pinned.name() + " capability at " + hex(pinned.offset()) + " is version " + shown.version()
							+ " on the " + name(side) + ", pinned as version " + pinned.version()));
		}
		if (pinned.length() != shown.length()) {
			findings.add(block(FindingCode.LENGTH_MISMATCH, side, pinned, "length", String.valueOf(pinned.length()),
					String.valueOf(shown.length()),
					"the " + pinned.name() + " capability at " + hex(pinned.offset()) + " is " + shown.length()
							+ " bytes long on the " + name(side) + ", pinned as " + pinned.length()));
		}
		if (originKnown && pinned.origin() != shown.origin()) {
			findings.add(block(FindingCode.ORIGIN_MISMATCH, side, pinned, "origin", pinned.origin().json(),
					shown.origin().json(),
					"the " + pinned.name() + " capability at " + hex(pinned.offset()) + " is " + shown.origin().json()
							+ " on the " + name(side) + ", pinned as " + pinned.origin().json()));
		}
		Set<String> names = new TreeSet<>(pinned.fields().keySet());
		if (pinned.origin() != Origin.SYNTHESIZED) {
			names.addAll(shown.fields().keySet());
		}
		for (String field : names) {
			Object want = pinned.fields().get(field);
			Object got = shown.fields().get(field);
			if (!Objects.equals(want, got)) {
				findings.add(block(FindingCode.FIELD_MISMATCH, side, pinned, field, String.valueOf(want),
						String.valueOf(got), "the " + pinned.name() + " capability at " + hex(pinned.offset()) + " has "
								+ field + " = " + got + " on the " + name(side) + ", pinned as " + want));
			}
		}
		if (pinned.compare() != null) {
			compareBytes(pinned, shown, bytes, side, findings);
		}
	}

	/**
	 * The pinned block's compared bytes against the side's bytes where the side shows the
	 * block. A side given as a layout cannot show bytes: it fails, unless its own block
	 * declares the same compared bytes (the pin standing in for the source of a
	 * destination-only check does).
	 */
	private static void compareBytes(LayoutBlock pinned, LayoutBlock shown, byte[] bytes, Side side,
			List<Finding> findings) {
		ByteMask compare = pinned.compare();
		String where = "the " + pinned.name() + " capability at " + hex(pinned.offset());
		if (bytes == null) {
			ByteMask declared = shown.compare();
			if (compare.equals(declared)) {
				return;
			}
			if (declared != null && declared.maskHex().equals(compare.maskHex())) {
				findings.add(block(FindingCode.BYTES_MISMATCH, side, pinned, "bytes", compare.valueHex(),
						declared.valueHex(),
						where + " has other compared bytes in the " + name(side) + "'s layout than the pin"));
				return;
			}
			findings.add(block(FindingCode.STRUCTURE_INVALID, side, pinned, "bytes", compare.valueHex(), null, where
					+ " declares compared bytes, which only a dump can show; send the " + name(side) + "'s dump"));
			return;
		}
		int at = shown.offset();
		if (at + compare.length() > bytes.length) {
			findings.add(block(FindingCode.STRUCTURE_INVALID, side, pinned, "bytes", compare.valueHex(), null,
					"the " + name(side) + " dump ends before the compared bytes of " + where));
			return;
		}
		int first = compare.firstDifference(bytes, at);
		if (first >= 0) {
			findings.add(block(FindingCode.BYTES_MISMATCH, side, pinned, "bytes", compare.valueHex(),
					compare.maskedHex(bytes, at), where + " differs from the pin in its compared bytes on the "
							+ name(side) + ", first at " + hex(at + first)));
		}
	}

	private static void compareOrder(List<LayoutBlock> expected, List<LayoutBlock> actual, Space space, Side side,
			List<Finding> findings) {
		Set<Integer> common = new java.util.HashSet<>();
		expected.stream().filter((b) -> b.space() == space).forEach((b) -> common.add(b.offset()));
		Set<Integer> shown = new java.util.HashSet<>();
		actual.stream().filter((b) -> b.space() == space).forEach((b) -> shown.add(b.offset()));
		common.retainAll(shown);
		List<Integer> want = expected.stream()
			.filter((b) -> b.space() == space && common.contains(b.offset()))
			.map(LayoutBlock::offset)
			.toList();
		List<Integer> got = actual.stream()
			.filter((b) -> b.space() == space && common.contains(b.offset()))
			.map(LayoutBlock::offset)
			.toList();
		if (!want.equals(got)) {
			findings.add(new Finding(FindingCode.CHAIN_ORDER_MISMATCH, Severity.ERROR, side, space, null, null, "next",
					chain(want), chain(got), "the " + space.json() + " chain of the " + name(side)
							+ " links its capabilities in another order than the pin"));
		}
	}

	private static String chain(List<Integer> offsets) {
		return String.join(" -> ", offsets.stream().map(Verifier::hex).toList());
	}

	private static void compareIdentity(Identity pinned, Identity shown, Side side, List<Finding> findings) {
		identityField("vendorId", pinned.vendorId(), shown.vendorId(), side, findings);
		identityField("deviceId", pinned.deviceId(), shown.deviceId(), side, findings);
		identityField("revisionId", pinned.revisionId(), shown.revisionId(), side, findings);
		identityField("classCode", pinned.classCode(), shown.classCode(), side, findings);
		identityField("headerType", pinned.headerType(), shown.headerType(), side, findings);
		identityField("multifunction", pinned.multifunction(), shown.multifunction(), side, findings);
		identityField("subsystemVendorId", pinned.subsystemVendorId(), shown.subsystemVendorId(), side, findings);
		identityField("subsystemId", pinned.subsystemId(), shown.subsystemId(), side, findings);
		identityField("capabilitiesPointer", pinned.capabilitiesPointer(), shown.capabilitiesPointer(), side, findings);
	}

	private static void identityField(String field, Object pinned, Object shown, Side side, List<Finding> findings) {
		if (!Objects.equals(pinned, shown)) {
			String want = identityValue(field, pinned);
			String got = identityValue(field, shown);
			findings.add(new Finding(FindingCode.IDENTITY_MISMATCH, Severity.ERROR, side, null, null, null, field, want,
					got, "the " + name(side) + " device has " + field + " " + got + ", pinned as " + want));
		}
	}

	/** Identity values as PCI people write them: 0x8086, 0x0b25, 0x088000. */
	private static String identityValue(String field, Object value) {
		if (!(value instanceof Integer number)) {
			return String.valueOf(value);
		}
		int digits = switch (field) {
			case "classCode" -> 6;
			case "vendorId", "deviceId", "subsystemVendorId", "subsystemId" -> 4;
			default -> 2;
		};
		return String.format("0x%0" + digits + "x", number);
	}

	/**
	 * Every synthesized block needs bytes no visible physical capability of this device
	 * uses.
	 */
	private static void checkRoom(Layout pin, Layout physical, List<BlockRef> hidden, Side side,
			List<Finding> findings) {
		Set<BlockRef> hiddenRefs = Set.copyOf(hidden);
		for (LayoutBlock synthesized : blocks(pin, Origin.SYNTHESIZED)) {
			for (LayoutBlock real : physical.blocks(synthesized.space())) {
				if (real.overlaps(synthesized) && !hiddenRefs.contains(BlockRef.of(real))) {
					findings.add(block(FindingCode.SYNTHESIZED_OVERLAPS_PHYSICAL, side, synthesized, null,
							"free " + range(synthesized), real.name() + " at " + range(real),
							"the synthesized " + synthesized.name() + " at " + range(synthesized)
									+ " would lie over the " + name(side) + " device's " + real.name()
									+ " capability at " + range(real)));
				}
			}
		}
	}

	private static void checkQuirks(Layout pin, Identity identity, Side side, List<Quirk> quirks,
			List<Finding> findings) {
		for (Quirk quirk : quirks) {
			if (!quirk.appliesTo(identity)) {
				continue;
			}
			for (LayoutBlock synthesized : blocks(pin, Origin.SYNTHESIZED)) {
				boolean hit = quirk.allGaps() ? !coveredByHidden(synthesized, pin)
						: quirk.ranges().stream().anyMatch((r) -> r.overlaps(synthesized.offset(), synthesized.end()));
				if (hit) {
					findings.add(block(FindingCode.SYNTHESIZED_IN_HIDDEN_REGISTERS, side, synthesized, null,
							"no device registers at " + range(synthesized),
							quirk.allGaps() ? "every gap is used" : "quirk ranges " + ranges(quirk),
							"the synthesized " + synthesized.name() + " at " + range(synthesized) + " would lie over"
									+ " registers the " + name(side) + " device keeps outside its capabilities ("
									+ quirk.reason() + ")"));
				}
			}
		}
	}

	private static boolean coveredByHidden(LayoutBlock synthesized, Layout pin) {
		return blocks(pin, Origin.HIDDEN).stream()
			.anyMatch((h) -> h.space() == synthesized.space() && h.offset() <= synthesized.offset()
					&& synthesized.end() <= h.end());
	}

	private static void checkIommu(Layout pin, IommuSupport iommu, Side side, List<Finding> findings) {
		List<LayoutBlock> needIommu = blocks(pin, Origin.SYNTHESIZED).stream()
			.filter((b) -> b.space() == Space.EXTENDED && (b.id() == PASID || b.id() == PRI || b.id() == ATS))
			.toList();
		if (needIommu.isEmpty()) {
			return;
		}
		if (iommu == null) {
			if (side == Side.DESTINATION) {
				findings.add(new Finding(FindingCode.IOMMU_UNKNOWN, Severity.ERROR, side, null, null, null, null,
						"an IOMMU summary", "none", "the destination's IOMMU was not described, so the synthesized "
								+ "PASID/PRI/ATS blocks cannot be checked; send what iommufd GET_HW_INFO reports"));
			}
			return;
		}
		for (LayoutBlock block : needIommu) {
			switch (block.id()) {
				case PASID -> {
					long width = number(block, "maxPasidWidth");
					if (!iommu.pasid() || iommu.maxPasidWidth() < width) {
						lacks(side, block, "maxPasidWidth", String.valueOf(width),
								iommu.pasid() ? String.valueOf(iommu.maxPasidWidth()) : "no PASID", findings);
					}
					if (flag(block, "executePermissionSupported") && !iommu.execute()) {
						lacks(side, block, "executePermissionSupported", "true", "false", findings);
					}
					if (flag(block, "privilegedModeSupported") && !iommu.privileged()) {
						lacks(side, block, "privilegedModeSupported", "true", "false", findings);
					}
				}
				case PRI -> {
					if (!iommu.pageRequests()) {
						lacks(side, block, "pageRequests", "true", "false", findings);
					}
				}
				default -> {
					if (!iommu.deviceTlb()) {
						lacks(side, block, "deviceTlb", "true", "false", findings);
					}
				}
			}
		}
	}

	private static void lacks(Side side, LayoutBlock block, String field, String needed, String has,
			List<Finding> findings) {
		findings.add(block(FindingCode.IOMMU_LACKS_CAPABILITY, side, block, field, needed, has,
				"the " + name(side) + " IOMMU cannot back the synthesized " + block.name() + ": it needs " + field + " "
						+ needed + ", the IOMMU offers " + has));
	}

	private static long number(LayoutBlock block, String field) {
		return (block.fields().get(field) instanceof Long value) ? value : 0;
	}

	private static boolean flag(LayoutBlock block, String field) {
		return Boolean.TRUE.equals(block.fields().get(field));
	}

	private static boolean sameCapability(LayoutBlock a, LayoutBlock b) {
		if (a.id() != b.id()) {
			return false;
		}
		for (String key : List.of("dvsecVendorId", "dvsecId", "vsecId")) {
			if (!Objects.equals(a.fields().get(key), b.fields().get(key))) {
				return false;
			}
		}
		return true;
	}

	private static List<LayoutBlock> visible(Layout layout) {
		return layout.blocks().stream().filter((b) -> b.origin() != Origin.HIDDEN).toList();
	}

	private static List<LayoutBlock> blocks(Layout layout, Origin origin) {
		return layout.blocks().stream().filter((b) -> b.origin() == origin).toList();
	}

	private static List<BlockRef> refs(Layout layout, Origin origin) {
		return blocks(layout, origin).stream().map(BlockRef::of).toList();
	}

	private static Finding block(FindingCode code, Side side, LayoutBlock block, String field, String expected,
			String actual, String message) {
		return new Finding(code, Severity.ERROR, side, block.space(), block.offset(), block.name(), field, expected,
				actual, message);
	}

	private static Finding structure(Side side, String message) {
		return new Finding(FindingCode.STRUCTURE_INVALID, Severity.ERROR, side, null, null, null, null, null, null,
				message);
	}

	private static String describe(LayoutBlock block) {
		return block.name() + ((block.version() != null) ? " v" + block.version() : "") + " at " + hex(block.offset())
				+ ", " + block.length() + " bytes";
	}

	private static String ranges(Quirk quirk) {
		return quirk.ranges().stream().map((r) -> hex(r.start()) + ".." + hex(r.end() - 1)).toList().toString();
	}

	private static String range(LayoutBlock block) {
		return hex(block.offset()) + ".." + hex(block.end() - 1);
	}

	private static String hex(int offset) {
		return String.format("0x%03x", offset);
	}

	private static String name(Side side) {
		return (side == Side.SOURCE) ? "source" : (side == Side.DESTINATION) ? "destination" : "pin";
	}

}
