package io.cfgspace.verification.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import io.cfgspace.configspace.ConfigSpaceMap.Place;
import io.cfgspace.configspace.ConfigSpaceMap;
import io.cfgspace.configspace.capability.FieldText;
import io.cfgspace.layout.BlockRef;
import io.cfgspace.layout.Coverage;
import io.cfgspace.layout.Identity;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutBlock;
import io.cfgspace.layout.LayoutComposer;
import io.cfgspace.layout.LayoutCompositionException;
import io.cfgspace.layout.Origin;
import io.cfgspace.layout.Space;
import io.cfgspace.layout.StructuralFinding;
import io.cfgspace.verification.core.Finding.Severity;
import io.cfgspace.verification.core.Finding.Side;

/**
 * Decides whether a guest will see exactly the pinned config space on both sides of a
 * migration. Every difference is reported, not only the first; the verdict is consistent
 * only when there is no error, and never when a side could not be compared.
 *
 * <p>
 * Compared: header identity; every block the guest sees (space, offset, ID, version,
 * length, origin where the side tells it); the order of both chains; every decoded
 * read-only field, by name; every other bit of config space the pin records, byte by byte
 * (the header, every physical and hidden block, the gaps), except the bits that are state
 * (the catalog's tables and the pin's declarations), the bytes under synthesized blocks,
 * quirk ranges and per-unit registers the pin gives a treatment; the BAR sizes the pin
 * records. Checked for each physical side: room for every synthesized block (no physical
 * capability, no quirk range under it) and an IOMMU that backs what the blocks claim.
 */
public final class Verifier {

	private static final int PASID = 0x1B;

	private static final int PRI = 0x13;

	private static final int ATS = 0x0F;

	private Verifier() {
	}

	public static Verdict verify(Layout pin, boolean deprecated, SideView source, SideView destination,
			List<Quirk> quirks) {
		return verify(ComparedPin.of(pin), deprecated, source, destination, quirks);
	}

	/**
	 * Verifies against a pin whose comparison was worked out once, for every
	 * verification.
	 */
	public static Verdict verify(ComparedPin compared, boolean deprecated, SideView source, SideView destination,
			List<Quirk> quirks) {
		return verify(compared, deprecated, source, destination, quirks, VmmProfileCheck.Profiles.UNKNOWN);
	}

	/**
	 * Verifies, and checks that the VMMs of both sides (where known) build and check the
	 * pinned blocks alike.
	 */
	public static Verdict verify(ComparedPin compared, boolean deprecated, SideView source, SideView destination,
			List<Quirk> quirks, VmmProfileCheck.Profiles profiles) {
		Layout pin = compared.layout();
		List<Finding> findings = new ArrayList<>();
		if (deprecated) {
			findings.add(new Finding(FindingCode.PIN_DEPRECATED, Severity.WARNING, Side.PIN, null, null, null, null,
					null, null, "the pinned version is deprecated; it still verifies, but new pins should be used"));
		}
		for (String problem : compared.problems()) {
			findings.add(structure(Side.PIN, "the pin: " + problem));
		}
		if (!compared.recordsBytes()) {
			findings.add(cannotCompare(Side.PIN, "the pin records no read-only bytes: it is a " + Layout.FORMAT_1
					+ " document, made before every read-only byte was compared; pin a new version from a dump"));
		}
		Seen before = check(compared, source, Side.SOURCE, quirks, findings);
		Seen after = check(compared, destination, Side.DESTINATION, quirks, findings);
		BarComparison.compare(pin, (before != null) ? before.layout() : null, (after != null) ? after.layout() : null,
				findings);
		if (before != null && after != null && compared.recordsBytes()) {
			// a destination-only check shows the pin as its source, whose per-unit values
			// are cleared: nothing to tell the guest's old value by
			Map<Place, Long> old = (source instanceof SideView.Virtual virtual && virtual.layout() == pin) ? Map.of()
					: before.perUnit();
			ByteComparison.exemptions(compared, old, after.perUnit(), findings);
		}
		findings.addAll(VmmProfileCheck.findings(pin, profiles));
		return Verdict.of(findings);
	}

	/**
	 * The verdict against a version that is only proposed: every finding the comparison
	 * made stays, so the proposer sees what approval would give, but the answer is
	 * INCONSISTENT until a second person approves.
	 */
	public static Verdict notApproved(Verdict verdict) {
		List<Finding> findings = new ArrayList<>();
		findings.add(new Finding(FindingCode.PIN_NOT_APPROVED, Severity.ERROR, Side.PIN, null, null, null, null, null,
				null, "the pinned version is proposed and not approved yet; verify against the version in force,"
						+ " or have another operator approve this one"));
		findings.addAll(verdict.findings());
		return Verdict.of(findings);
	}

	/**
	 * How {@code actual} differs from {@code expected} in identity and blocks, hidden
	 * blocks and origins included, every decoded field by name: the comparison of a
	 * verification, with a second layout standing in for a side (see {@link PinChanges}).
	 */
	static List<Finding> differences(Layout expected, Layout actual) {
		// without its recorded bytes the pin names each decoded field that differs, where
		// a verification would compare that block byte by byte
		ComparedPin fields = ComparedPin
			.of(new Layout(expected.identity(), expected.coverage(), expected.blocks(), expected.findings()));
		List<Finding> findings = new ArrayList<>();
		compareIdentity(expected.identity(), actual.identity(), Side.DESTINATION, findings);
		compare(fields, expected.blocks(), actual.blocks(), true, Side.DESTINATION, new ArrayList<>(), findings);
		return findings;
	}

	/** What a side shows: its layout as the guest sees it, and its per-unit values. */
	private record Seen(Layout layout, Map<Place, Long> perUnit) {

	}

	private static Seen check(ComparedPin compared, SideView view, Side side, List<Quirk> quirks,
			List<Finding> findings) {
		Layout pin = compared.layout();
		Layout seen;
		Identity device;
		List<Quirk.Range> skipped = new ArrayList<>();
		if (view instanceof SideView.Virtual virtual) {
			seen = virtual.layout();
			if (!usable(seen, side, findings)) {
				return null;
			}
			device = seen.identity();
			compare(compared, compared.visible(), visible(seen), false, side, skipped, findings);
			checkQuirks(compared, seen.identity(), side, quirks, findings);
		}
		else {
			SideView.Physical physical = (SideView.Physical) view;
			if (!usable(physical.physical(), side, findings)) {
				return null;
			}
			device = physical.physical().identity();
			List<BlockRef> hidden = (physical.hidden() != null) ? physical.hidden()
					: compared.hidden().stream().map(BlockRef::of).toList();
			List<LayoutBlock> synthesized = (physical.synthesized() != null) ? physical.synthesized()
					: compared.synthesized();
			try {
				seen = LayoutComposer.compose(physical.physical(), hidden, synthesized);
			}
			catch (LayoutCompositionException ex) {
				ex.problems().forEach((problem) -> findings.add(structure(side, problem)));
				return null;
			}
			compare(compared, compared.visible(), visible(seen), true, side, skipped, findings);
			compareHidden(compared, seen, side, skipped, findings);
			checkRoom(compared, physical.physical(), hidden, side, findings);
			checkQuirks(compared, physical.physical().identity(), side, quirks, findings);
		}
		checkIommu(compared, view.iommu(), side, findings);
		compareIdentity(pin.identity(), seen.identity(), side, findings);
		Map<Place, Long> perUnit = Map.of();
		if (compared.recordsBytes()) {
			byte[] bytes = bytes(view, seen, side, findings);
			if (bytes != null) {
				ByteComparison.compare(compared, bytes, view instanceof SideView.Virtual, skipped,
						ByteComparison.quirksOf(device, quirks), side, findings);
				perUnit = ByteComparison.perUnitValues(compared, bytes);
			}
		}
		return new Seen(seen, perUnit);
	}

	/**
	 * The side's config space: its dump's bytes, or the bytes its layout recorded under
	 * the same state tables; {@code null}, with a finding, when it has neither.
	 */
	private static byte[] bytes(SideView view, Layout seen, Side side, List<Finding> findings) {
		if (view.bytes() != null) {
			return view.bytes();
		}
		if (seen.image() == null) {
			findings.add(cannotCompare(side, "the " + name(side) + " was given as a " + Layout.FORMAT_1
					+ " document, which records no read-only bytes; send its dump"));
			return null;
		}
		if (seen.image().stateTables() != ConfigSpaceMap.STATE_TABLES) {
			findings.add(cannotCompare(side,
					"the " + name(side) + "'s layout was recorded under state tables " + seen.image().stateTables()
							+ ", which may clear bits this service compares (it uses " + ConfigSpaceMap.STATE_TABLES
							+ "); send its dump"));
			return null;
		}
		return seen.image().bytes();
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

	private static void compare(ComparedPin pin, List<LayoutBlock> expected, List<LayoutBlock> actual,
			boolean originKnown, Side side, List<Quirk.Range> skipped, List<Finding> findings) {
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
				compareBlock(pin, pinned, actual.get(shown), originKnown, side, skipped, findings);
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
			skip(pinned, skipped);
			if (moved != null) {
				unmatchedActual.remove(moved);
				skip(moved, skipped);
				findings.add(block(FindingCode.OFFSET_MISMATCH, side, pinned, null, hex(pinned.offset()),
						hex(moved.offset()), "the " + pinned.name() + " capability is at " + hex(moved.offset())
								+ " on the " + name(side) + ", but pinned at " + hex(pinned.offset())));
				// moved is one difference; whatever else changed is reported too
				compareBlock(pin, pinned, moved, originKnown, side, skipped, findings);
			}
			else {
				findings.add(block(FindingCode.BLOCK_MISSING, side, pinned, null, describe(pinned), null,
						"the " + name(side) + " has no " + pinned.name() + " capability at " + hex(pinned.offset())
								+ ", which the pin has"));
			}
		}
		for (LayoutBlock extra : unmatchedActual) {
			skip(extra, skipped);
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
	private static void compareHidden(ComparedPin pin, Layout seen, Side side, List<Quirk.Range> skipped,
			List<Finding> findings) {
		Map<BlockRef, LayoutBlock> hiddenOnSide = new HashMap<>();
		blocks(seen, Origin.HIDDEN).forEach((block) -> hiddenOnSide.put(BlockRef.of(block), block));
		for (LayoutBlock pinned : pin.hidden()) {
			LayoutBlock shown = hiddenOnSide.get(BlockRef.of(pinned));
			if (shown == null) {
				// not hidden on this side: the guest sees it, and compare() reports it
				continue;
			}
			if (shown.id() != pinned.id()) {
				skip(pinned, skipped);
				skip(shown, skipped);
				findings.add(block(FindingCode.BLOCK_MISSING, side, pinned, null, describe(pinned), describe(shown),
						"the " + name(side) + " has no " + pinned.name() + " capability at " + hex(pinned.offset())
								+ " to hide, which the pin hides; it would hide its " + shown.name() + " instead"));
			}
			else {
				compareBlock(pin, pinned, shown, true, side, skipped, findings);
			}
		}
	}

	/** Leaves a block's bytes to the structural findings about it. */
	private static void skip(LayoutBlock block, List<Quirk.Range> skipped) {
		if (block.length() > 0 && block.offset() < block.end() && block.end() <= 0x1000) {
			skipped.add(new Quirk.Range(block.offset(), block.end()));
		}
	}

	private static void compareBlock(ComparedPin pin, LayoutBlock pinned, LayoutBlock shown, boolean originKnown,
			Side side, List<Quirk.Range> skipped, List<Finding> findings) {
		if (!Objects.equals(pinned.version(), shown.version())) {
			findings.add(block(FindingCode.VERSION_MISMATCH, side, pinned, "version", String.valueOf(pinned.version()),
					String.valueOf(shown.version()),
					"the " + pinned.name() + " capability at " + hex(pinned.offset()) + " is version " + shown.version()
							+ " on the " + name(side) + ", pinned as version " + pinned.version()));
		}
		if (pinned.length() != shown.length()) {
			// other registers: the bytes are not comparable one for one
			skip(pinned, skipped);
			skip(shown, skipped);
			findings.add(block(FindingCode.LENGTH_MISMATCH, side, pinned, "length", String.valueOf(pinned.length()),
					String.valueOf(shown.length()),
					"the " + pinned.name() + " capability at " + hex(pinned.offset()) + " is " + shown.length()
							+ " bytes long on the " + name(side) + ", pinned as " + pinned.length()));
		}
		if (originKnown && pinned.origin() != shown.origin()) {
			// one side shows the device's bytes, the other the VMM's
			skip(pinned, skipped);
			skip(shown, skipped);
			findings.add(block(FindingCode.ORIGIN_MISMATCH, side, pinned, "origin", pinned.origin().json(),
					shown.origin().json(),
					"the " + pinned.name() + " capability at " + hex(pinned.offset()) + " is " + shown.origin().json()
							+ " on the " + name(side) + ", pinned as " + pinned.origin().json()));
		}
		if (pin.recordsBytes() && pin.map().comparesBytesInsteadOfFields(pinned)) {
			return;
		}
		if (pinned.fields().equals(shown.fields())) {
			return;
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
						String.valueOf(got),
						"the " + pinned.name() + " capability at " + hex(pinned.offset()) + " has " + field + " = "
								+ FieldText.of(field, got) + " on the " + name(side) + ", pinned as "
								+ FieldText.of(field, want)));
			}
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
	private static void checkRoom(ComparedPin pin, Layout physical, List<BlockRef> hidden, Side side,
			List<Finding> findings) {
		Set<BlockRef> hiddenRefs = Set.copyOf(hidden);
		for (LayoutBlock synthesized : pin.synthesized()) {
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

	private static void checkQuirks(ComparedPin pin, Identity identity, Side side, List<Quirk> quirks,
			List<Finding> findings) {
		for (Quirk quirk : quirks) {
			if (!quirk.appliesTo(identity)) {
				continue;
			}
			for (LayoutBlock synthesized : pin.synthesized()) {
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

	private static boolean coveredByHidden(LayoutBlock synthesized, ComparedPin pin) {
		return pin.hidden()
			.stream()
			.anyMatch((h) -> h.space() == synthesized.space() && h.offset() <= synthesized.offset()
					&& synthesized.end() <= h.end());
	}

	private static void checkIommu(ComparedPin pin, IommuSupport iommu, Side side, List<Finding> findings) {
		List<LayoutBlock> needIommu = pin.synthesized()
			.stream()
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

	private static Finding block(FindingCode code, Side side, LayoutBlock block, String field, String expected,
			String actual, String message) {
		return new Finding(code, Severity.ERROR, side, block.space(), block.offset(), block.name(), field, expected,
				actual, message);
	}

	private static Finding cannotCompare(Side side, String message) {
		return new Finding(FindingCode.CANNOT_COMPARE, Severity.ERROR, side, null, null, null, null, null, null,
				message);
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

	static String hex(int offset) {
		return String.format("0x%03x", offset);
	}

	static String name(Side side) {
		return (side == Side.SOURCE) ? "source" : (side == Side.DESTINATION) ? "destination" : "pin";
	}

}
