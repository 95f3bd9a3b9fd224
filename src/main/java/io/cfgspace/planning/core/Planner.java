package io.cfgspace.planning.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import io.cfgspace.layout.BlockRef;
import io.cfgspace.layout.Coverage;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutBlock;
import io.cfgspace.layout.LayoutComposer;
import io.cfgspace.layout.LayoutProblem;
import io.cfgspace.layout.LayoutValidator;
import io.cfgspace.layout.Origin;
import io.cfgspace.layout.Space;
import io.cfgspace.planning.core.Plan.FreeRange;
import io.cfgspace.verification.core.Quirk;

/**
 * Chooses, once and for every host of a device model, where the VMM's synthesized blocks
 * go. Free space is what is free on every variant given (different firmware, PF and VF,
 * several hosts): not covered by any physical capability (hidden ones included), not in a
 * quirk range. The policy is deterministic: a block takes the place of the hidden
 * physical block of the same capability when that place is free on every variant (the
 * guest then sees what bare metal shows); otherwise the lowest dword-aligned offset that
 * fits. The same inputs, in any order, give the same plan byte for byte.
 */
public final class Planner {

	private static final int SIZE = 0x1000;

	private Planner() {
	}

	/**
	 * @throws NoRoomException when a block fits nowhere, naming what blocks which range
	 * @throws IllegalArgumentException when a variant cannot be planned for (incomplete
	 * dump, structural findings)
	 */
	public static Plan plan(List<Layout> variants, List<CapabilityRef> hide, List<SynthesisRequest> synthesize,
			List<Quirk> quirks, boolean standardSpace) {
		if (variants.isEmpty()) {
			throw new IllegalArgumentException("a plan needs at least one variant's dump");
		}
		// each fingerprint once: it hashes the canonical document
		Map<Layout, String> fingerprints = new IdentityHashMap<>();
		variants.forEach((variant) -> fingerprints.put(variant, variant.fingerprint()));
		List<Layout> sorted = new ArrayList<>(variants);
		sorted.sort(Comparator.comparing(fingerprints::get));
		for (int i = 0; i < sorted.size(); i++) {
			usable(sorted.get(i), i + 1);
		}
		Set<CapabilityRef> hidden = Set.copyOf(hide);
		List<Variant> all = new ArrayList<>();
		for (int i = 0; i < sorted.size(); i++) {
			all.add(new Variant(i + 1, sorted.get(i), hidden, quirks));
		}
		Variant reference = all.get(0);
		List<String> explanation = new ArrayList<>();
		explanation.add("reference: variant 1 of " + all.size() + " ("
				+ describe(reference.layout, fingerprints.get(reference.layout))
				+ "), the one with the lowest fingerprint, so that the order of the variants does not matter");
		List<String> referenceVisible = visible(reference.layout, hidden);
		for (Variant variant : all) {
			for (LayoutBlock block : variant.hiddenBlocks()) {
				explanation.add("variant " + variant.number + ": hides the physical " + block.name() + " at "
						+ hex(block.offset()));
			}
			if (variant != reference && !referenceVisible.equals(visible(variant.layout, hidden))) {
				explanation.add("warning: variant " + variant.number + " shows other physical blocks than the"
						+ " reference; it will not verify against this plan");
			}
		}
		boolean[] taken = new boolean[SIZE];
		List<LayoutBlock> placed = new ArrayList<>();
		List<SynthesisRequest> requests = new ArrayList<>(synthesize);
		// a total order: two DVSECs of one length differ only in their fields, and a
		// Map's own iteration order is not stable from one JVM to the next
		requests.sort(Comparator.comparing((SynthesisRequest r) -> r.space())
			.thenComparingInt(SynthesisRequest::id)
			.thenComparingInt(SynthesisRequest::length)
			.thenComparing((SynthesisRequest r) -> new TreeMap<>(r.fields()).toString())
			.thenComparing(SynthesisRequest::name)
			.thenComparing((SynthesisRequest r) -> Objects.toString(r.version())));
		for (SynthesisRequest request : requests) {
			if (request.space() == Space.STANDARD && !standardSpace) {
				throw new IllegalArgumentException(
						request.name() + " is a standard capability; plan with standard space allowed to place it");
			}
			int[] reused = reuse(request, all, taken);
			int offset;
			String why;
			if (reused != null) {
				offset = reused[0];
				why = "takes the place of the hidden physical " + request.name()
						+ ((all.size() > 1) ? " of variant " + reused[1] : "")
						+ ", so the guest sees it where bare metal shows it";
			}
			else {
				offset = lowestFit(request, all, taken);
				if (offset < 0) {
					throw new NoRoomException(noRoom(request, all, taken, placed));
				}
				why = "the lowest offset free on every variant";
			}
			for (int i = offset; i < offset + request.length(); i++) {
				taken[i] = true;
			}
			placed.add(new LayoutBlock(request.space(), offset, request.id(), request.version(), request.length(), 0,
					request.name(), Origin.SYNTHESIZED, request.fields()));
			explanation.add(request.name() + " (" + request.length() + " bytes) at " + hex(offset) + ": " + why);
		}
		Layout layout = LayoutComposer.compose(reference.layout, reference.hiddenRefs(), placed);
		List<LayoutProblem> problems = LayoutValidator.problems(layout);
		if (!problems.isEmpty()) {
			throw new IllegalStateException("the planned layout is not sound: " + problems);
		}
		List<List<FreeRange>> freeByVariant = new ArrayList<>();
		boolean[] freeOnAll = new boolean[SIZE];
		Arrays.fill(freeOnAll, true);
		for (Variant variant : all) {
			freeByVariant.add(ranges(variant.free, standardSpace));
			for (int i = 0; i < SIZE; i++) {
				freeOnAll[i] &= variant.free[i];
			}
		}
		List<FreeRange> freeInAll = ranges(freeOnAll, standardSpace);
		return new Plan(layout, freeByVariant, freeInAll, explanation);
	}

	private static void usable(Layout layout, int number) {
		Coverage coverage = layout.coverage();
		if (coverage.standard() == Coverage.Extent.UNKNOWN || coverage.extended() == Coverage.Extent.UNKNOWN) {
			throw new IllegalArgumentException("variant " + number + " comes from a " + coverage.bytes()
					+ "-byte dump; planning needs all of config space (lspci -xxxx, or sysfs config read as root)");
		}
		if (!layout.findings().isEmpty()) {
			throw new IllegalArgumentException(
					"variant " + number + " is structurally broken: " + layout.findings().get(0).message());
		}
	}

	/**
	 * The lowest place of a hidden same-capability block, on any variant, that is free on
	 * every variant (or holds that variant's own hidden block of the capability), as
	 * {@code {offset, variant number}}; {@code null} when none is. Any variant, not only
	 * the reference: which variant is the reference depends on fingerprints, not on the
	 * device.
	 */
	private static int[] reuse(SynthesisRequest request, List<Variant> all, boolean[] taken) {
		Map<Integer, Integer> places = new TreeMap<>();
		for (Variant variant : all) {
			for (LayoutBlock block : variant.hiddenBlocks()) {
				if (sameCapability(block, request)) {
					places.putIfAbsent(block.offset(), variant.number);
				}
			}
		}
		for (Map.Entry<Integer, Integer> place : places.entrySet()) {
			int offset = place.getKey();
			boolean fits = offset + request.length() <= request.space().end();
			for (int i = offset; fits && i < offset + request.length(); i++) {
				int at = i;
				fits = !taken[at] && all.stream().allMatch((v) -> v.free(at) || v.hiddenSameAt(request, offset, at));
			}
			if (fits) {
				return new int[] { offset, place.getValue() };
			}
		}
		return null;
	}

	/**
	 * The same capability, for a DVSEC or VSEC also the same vendor and ID where the
	 * request names them: another vendor's DVSEC is another capability.
	 */
	private static boolean sameCapability(LayoutBlock block, SynthesisRequest request) {
		if (block.space() != request.space() || block.id() != request.id()) {
			return false;
		}
		for (String key : List.of("dvsecVendorId", "dvsecId", "vsecId")) {
			Object wanted = request.fields().get(key);
			if (wanted != null && !wanted.equals(block.fields().get(key))) {
				return false;
			}
		}
		return true;
	}

	private static int lowestFit(SynthesisRequest request, List<Variant> all, boolean[] taken) {
		Space space = request.space();
		// the extended chain's head at 0x100 stays with the device (or vfio's
		// placeholder)
		int start = (space == Space.EXTENDED) ? space.start() + 4 : space.start();
		for (int offset = start; offset + request.length() <= space.end(); offset += 4) {
			if (fitsAt(offset, request.length(), all, taken)) {
				return offset;
			}
		}
		return -1;
	}

	private static boolean fitsAt(int offset, int length, List<Variant> all, boolean[] taken) {
		for (int i = offset; i < offset + length; i++) {
			if (taken[i]) {
				return false;
			}
			for (Variant variant : all) {
				if (!variant.free(i)) {
					return false;
				}
			}
		}
		return true;
	}

	private static String noRoom(SynthesisRequest request, List<Variant> all, boolean[] taken,
			List<LayoutBlock> placed) {
		Space space = request.space();
		FreeRange largest = null;
		boolean[] left = new boolean[SIZE];
		for (int i = 0; i < SIZE; i++) {
			int at = i;
			left[i] = !taken[i] && all.stream().allMatch((v) -> v.free(at));
		}
		for (FreeRange range : ranges(left, true)) {
			if (space.contains(range.start()) && (largest == null || range.length() > largest.length())) {
				largest = range;
			}
		}
		StringBuilder message = new StringBuilder("no room for " + request.name() + " (" + request.length()
				+ " bytes) in " + space.json() + " space free on every variant: ");
		message.append((largest == null) ? "nothing is free" : "the largest free range is " + hex(largest.start())
				+ ".." + hex(largest.end() - 1) + " (" + largest.length() + " bytes)");
		boolean told = false;
		if (all.size() > 1) {
			for (Variant variant : all) {
				List<String> blockers = variant.blockersFreeElsewhere(all, space);
				if (!blockers.isEmpty()) {
					message.append("; variant ")
						.append(variant.number)
						.append(" alone uses ")
						.append(String.join(", ", blockers));
					told = true;
				}
			}
		}
		if (!told) {
			// every variant uses the same bytes: say what uses them
			message.append((all.size() == 1) ? "; variant 1 uses " : "; all " + all.size() + " variants use ")
				.append(String.join(", ", all.get(0).used(space)));
		}
		List<String> before = placed.stream()
			.filter((block) -> block.space() == space)
			.map((block) -> hex(block.offset()) + ".." + hex(block.end() - 1) + " (synthesized " + block.name() + ")")
			.toList();
		if (!before.isEmpty()) {
			message.append("; the blocks placed before it take ").append(String.join(", ", before));
		}
		return message.toString();
	}

	private static List<String> visible(Layout layout, Set<CapabilityRef> hidden) {
		return layout.blocks()
			.stream()
			.filter((block) -> !hidden.contains(new CapabilityRef(block.space(), block.id())))
			.map((block) -> block.space() + "@" + block.offset() + ":" + block.id() + "v" + block.version() + "/"
					+ block.length() + block.fields())
			.toList();
	}

	private interface BytePredicate {

		boolean test(int offset);

	}

	private static List<FreeRange> ranges(boolean[] free, boolean standardSpace) {
		List<FreeRange> ranges = new ArrayList<>();
		int from = standardSpace ? Space.STANDARD.start() : Space.EXTENDED.start();
		int start = -1;
		for (int i = from; i <= SIZE; i++) {
			boolean boundary = i == Space.EXTENDED.start();
			boolean isFree = i < SIZE && free[i];
			if (start >= 0 && (!isFree || boundary)) {
				ranges.add(new FreeRange(start, i));
				start = -1;
			}
			if (isFree && start < 0) {
				start = i;
			}
		}
		return ranges;
	}

	private static String describe(Layout layout, String fingerprint) {
		return String.format("%04x:%04x rev %02x, %s", layout.identity().vendorId(), layout.identity().deviceId(),
				layout.identity().revisionId(), fingerprint);
	}

	private static String hex(int offset) {
		return String.format("0x%03x", offset);
	}

	/** One variant: its layout, which bytes it uses, and why. */
	private static final class Variant {

		private final int number;

		private final Layout layout;

		private final List<LayoutBlock> hiddenBlocks;

		/**
		 * What uses each byte, as an index into {@link #uses}; 0 for nothing. Not a
		 * String[]: planning allocates one per variant, and a primitive array is cheap.
		 */
		private final short[] usedBy = new short[SIZE];

		private final List<String> uses = new ArrayList<>(List.of("nothing"));

		/** What {@link #usedBy} leaves unused, as the hot loops read it. */
		private final boolean[] free = new boolean[SIZE];

		/** Bytes inside a quirk range: not free even under a hidden block. */
		private final boolean[] quirked = new boolean[SIZE];

		Variant(int number, Layout layout, Set<CapabilityRef> hidden, List<Quirk> quirks) {
			this.number = number;
			this.layout = layout;
			this.hiddenBlocks = layout.blocks()
				.stream()
				.filter((block) -> hidden.contains(new CapabilityRef(block.space(), block.id())))
				.toList();
			mark(0, Space.STANDARD.start(), "the header");
			// blocks before the chain's head, so that a block at 0x100 is named by its
			// name
			for (LayoutBlock block : layout.blocks()) {
				mark(block.offset(), block.end(), block.name());
			}
			mark(Space.EXTENDED.start(), Space.EXTENDED.start() + 4, "the extended chain's head");
			for (Quirk quirk : quirks) {
				if (!quirk.appliesTo(layout.identity())) {
					continue;
				}
				if (quirk.allGaps()) {
					mark(0, SIZE, "registers in the gaps (" + quirk.reason() + ")");
				}
				for (Quirk.Range range : quirk.ranges()) {
					mark(range.start(), range.end(), "hidden registers (" + quirk.reason() + ")");
					Arrays.fill(this.quirked, range.start(), range.end(), true);
				}
			}
			for (int i = 0; i < SIZE; i++) {
				this.free[i] = this.usedBy[i] == 0;
			}
		}

		private void mark(int start, int end, String what) {
			short use = (short) this.uses.size();
			this.uses.add(what);
			for (int i = Math.max(0, start); i < Math.min(SIZE, end); i++) {
				if (this.usedBy[i] == 0) {
					this.usedBy[i] = use;
				}
			}
		}

		boolean free(int offset) {
			return this.free[offset];
		}

		List<LayoutBlock> hiddenBlocks() {
			return this.hiddenBlocks;
		}

		List<BlockRef> hiddenRefs() {
			return hiddenBlocks().stream().map(BlockRef::of).toList();
		}

		/**
		 * Whether the byte belongs to this variant's hidden block of the request's
		 * capability at that offset, outside every quirk range (a quirk range is never
		 * free, hidden block or not).
		 */
		boolean hiddenSameAt(SynthesisRequest request, int offset, int at) {
			return !this.quirked[at] && hiddenBlocks().stream()
				.anyMatch((block) -> sameCapability(block, request) && block.offset() == offset && at >= block.offset()
						&& at < block.end());
		}

		/** The ranges this variant uses in a space, named by what uses them. */
		List<String> used(Space space) {
			return runs(space, (i) -> !free(i));
		}

		/**
		 * The ranges this variant uses that some other variant leaves free, named by what
		 * uses them.
		 */
		List<String> blockersFreeElsewhere(List<Variant> all, Space space) {
			return runs(space, (at) -> !free(at) && all.stream().anyMatch((v) -> v != this && v.free(at)));
		}

		private List<String> runs(Space space, BytePredicate selected) {
			List<String> blockers = new ArrayList<>();
			int start = -1;
			for (int i = space.start(); i <= space.end(); i++) {
				boolean blocker = i < space.end() && selected.test(i);
				if (start >= 0 && (!blocker || this.usedBy[i] != this.usedBy[start])) {
					blockers.add(hex(start) + ".." + hex(i - 1) + " (" + this.uses.get(this.usedBy[start]) + ")");
					start = -1;
				}
				if (blocker && start < 0) {
					start = i;
				}
			}
			return blockers;
		}

	}

}
