package io.cfgspace.layout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.cfgspace.layout.LayoutProblem.Code;

/**
 * Decides whether a layout is whole and sound enough to pin or to compare: every problem
 * is listed, not only the first. The guest sees the physical and synthesized blocks,
 * linked into one chain per space from the capabilities pointer (standard) and 0x100
 * (extended); hidden blocks stay in place but out of the chains, and a synthesized block
 * may reuse a hidden block's bytes.
 */
public final class LayoutValidator {

	private LayoutValidator() {
	}

	public static List<LayoutProblem> problems(Layout layout) {
		List<LayoutProblem> problems = new ArrayList<>();
		Coverage coverage = layout.coverage();
		if (coverage.standard() == Coverage.Extent.UNKNOWN || coverage.extended() == Coverage.Extent.UNKNOWN) {
			problems.add(new LayoutProblem(Code.INCOMPLETE_COVERAGE, "the layout comes from a " + coverage.bytes()
					+ "-byte dump that does not capture all of config space; pin from a full dump (lspci -xxxx, or"
					+ " the sysfs config file read as root)"));
		}
		for (StructuralFinding finding : layout.findings()) {
			problems.add(new LayoutProblem(Code.STRUCTURAL_FINDING, finding.code() + ": " + finding.message()));
		}
		for (LayoutBlock block : layout.blocks()) {
			checkPlace(block, problems);
		}
		checkOverlaps(layout, problems);
		for (Space space : Space.values()) {
			checkChain(layout, space, problems);
		}
		return problems;
	}

	private static void checkPlace(LayoutBlock block, List<LayoutProblem> problems) {
		Space space = block.space();
		if (!space.contains(block.offset())) {
			problems.add(new LayoutProblem(Code.OUT_OF_RANGE,
					describe(block) + " starts outside " + space.json() + " space (0x"
							+ Integer.toHexString(space.start()) + "..0x" + Integer.toHexString(space.end() - 1)
							+ ")"));
		}
		else if (block.end() > space.end()) {
			problems.add(new LayoutProblem(Code.OUT_OF_RANGE, describe(block) + " is " + block.length()
					+ " bytes long and runs past 0x" + Integer.toHexString(space.end() - 1)));
		}
		if (block.offset() % 4 != 0) {
			problems.add(new LayoutProblem(Code.MISALIGNED, describe(block) + " does not start on a dword boundary"));
		}
	}

	private static void checkOverlaps(Layout layout, List<LayoutProblem> problems) {
		List<LayoutBlock> blocks = layout.blocks();
		for (int i = 0; i < blocks.size(); i++) {
			for (int j = i + 1; j < blocks.size(); j++) {
				LayoutBlock a = blocks.get(i);
				LayoutBlock b = blocks.get(j);
				if (!a.overlaps(b) || isAllowedOverHidden(a, b) || isAllowedOverHidden(b, a)) {
					continue;
				}
				boolean mixed = (a.origin() == Origin.SYNTHESIZED) != (b.origin() == Origin.SYNTHESIZED);
				Code code = mixed ? Code.SYNTHESIZED_OVERLAPS_PHYSICAL : Code.OVERLAP;
				problems.add(new LayoutProblem(code, describe(b) + " overlaps " + describe(a)));
			}
		}
	}

	/**
	 * A synthesized block may take a hidden block's place, and vfio keeps a 4-byte Null
	 * placeholder header over a hidden first extended capability.
	 */
	private static boolean isAllowedOverHidden(LayoutBlock block, LayoutBlock hidden) {
		if (hidden.origin() != Origin.HIDDEN || block.origin() == Origin.HIDDEN) {
			return false;
		}
		return block.origin() == Origin.SYNTHESIZED || LayoutComposer.isPlaceholder(block);
	}

	private static void checkChain(Layout layout, Space space, List<LayoutProblem> problems) {
		List<LayoutBlock> chain = layout.blocks(space).stream().filter((b) -> b.origin() != Origin.HIDDEN).toList();
		if (chain.isEmpty()) {
			return;
		}
		Map<Integer, LayoutBlock> byOffset = new HashMap<>();
		chain.forEach((block) -> byOffset.putIfAbsent(block.offset(), block));
		if (byOffset.size() < chain.size()) {
			// two blocks at one offset: reported as an overlap, and the links cannot tell
			// them apart
			return;
		}
		int head = (space == Space.STANDARD) ? layout.identity().capabilitiesPointer() & 0xFC : Space.EXTENDED.start();
		List<LayoutBlock> walked = new ArrayList<>();
		Set<Integer> visited = new HashSet<>();
		int where = head;
		while (where != 0) {
			LayoutBlock block = byOffset.get(where);
			if (block == null) {
				problems.add(new LayoutProblem(Code.CHAIN_BROKEN, "the " + space.json() + " chain leads to 0x"
						+ Integer.toHexString(where) + ", where the layout has no block"));
				return;
			}
			if (!visited.add(where)) {
				problems.add(new LayoutProblem(Code.CHAIN_BROKEN,
						"the " + space.json() + " chain loops back to " + describe(block)));
				return;
			}
			walked.add(block);
			where = block.next();
		}
		for (LayoutBlock block : chain) {
			if (!visited.contains(block.offset())) {
				problems.add(new LayoutProblem(Code.CHAIN_BROKEN,
						describe(block) + " is not linked into the " + space.json() + " chain"));
			}
		}
		if (walked.size() == chain.size() && !walked.equals(chain)) {
			problems.add(new LayoutProblem(Code.CHAIN_ORDER,
					"the " + space.json() + " blocks are not listed in the order their next pointers link them"));
		}
	}

	static String describe(LayoutBlock block) {
		return block.origin().json() + " " + block.name() + " at " + BlockRef.of(block);
	}

}
