package io.cfgspace.verification.core;

import java.util.ArrayList;
import java.util.List;

import io.cfgspace.configspace.ConfigSpaceMap;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutBlock;
import io.cfgspace.layout.LayoutValidator;
import io.cfgspace.layout.Origin;

/**
 * A pin with what a verification compares worked out once: the capability catalog's map
 * of its recorded bytes, and from it the bits compared byte by byte, word by word. Build
 * one per pin and keep it as long as the pin; a verification then costs a few XORs per
 * side.
 */
public final class ComparedPin {

	private final Layout layout;

	private final List<LayoutBlock> visible;

	private final List<LayoutBlock> hidden;

	private final List<LayoutBlock> synthesized;

	private final ConfigSpaceMap map;

	private final long[] image;

	private final long[] compared;

	private final long[] comparedVirtual;

	private final int[] perUnitOffsets;

	private final List<String> problems = new ArrayList<>();

	private ComparedPin(Layout layout) {
		this.layout = layout;
		this.visible = layout.blocks().stream().filter((b) -> b.origin() != Origin.HIDDEN).toList();
		this.hidden = layout.blocks().stream().filter((b) -> b.origin() == Origin.HIDDEN).toList();
		this.synthesized = layout.blocks().stream().filter((b) -> b.origin() == Origin.SYNTHESIZED).toList();
		LayoutValidator.problems(layout).forEach((problem) -> this.problems.add(problem.message()));
		if (layout.image() == null) {
			this.map = null;
			this.image = new long[0];
			this.compared = new long[0];
			this.comparedVirtual = new long[0];
			this.perUnitOffsets = new int[0];
			return;
		}
		this.map = ConfigSpaceMap.of(layout);
		int size = this.map.size();
		byte[] bytes = layout.image().bytes();
		byte[] physical = new byte[size];
		byte[] virtual = new byte[size];
		List<Integer> perUnit = new ArrayList<>();
		for (int at = 0; at < size; at++) {
			physical[at] = (byte) this.map.compared(at);
			virtual[at] = physical[at];
			LayoutBlock block = this.map.place(at).block();
			// a virtual view shows no hidden block, so none of its fields are compared by
			// name; vfio leaves its bytes in place, readable
			if (block != null && block.origin() == Origin.HIDDEN) {
				virtual[at] |= (byte) this.map.decoded(at);
			}
			if (this.map.perUnit(at) != 0) {
				perUnit.add(at);
			}
		}
		this.image = Words.of(bytes);
		this.compared = Words.of(physical);
		this.comparedVirtual = Words.of(virtual);
		this.perUnitOffsets = perUnit.stream().mapToInt(Integer::intValue).toArray();
		this.map.problems().forEach((problem) -> this.problems.add(problem.message()));
	}

	public static ComparedPin of(Layout pin) {
		return new ComparedPin(pin);
	}

	public Layout layout() {
		return this.layout;
	}

	/** The blocks a guest sees: all but the hidden ones. */
	List<LayoutBlock> visible() {
		return this.visible;
	}

	List<LayoutBlock> hidden() {
		return this.hidden;
	}

	List<LayoutBlock> synthesized() {
		return this.synthesized;
	}

	/** Whether the pin recorded its bytes: a first-format pin did not. */
	boolean recordsBytes() {
		return this.map != null;
	}

	ConfigSpaceMap map() {
		return this.map;
	}

	long[] image() {
		return this.image;
	}

	/**
	 * The bits compared byte by byte, as words: for a physical view, or a virtual one.
	 */
	long[] compared(boolean virtualView) {
		return virtualView ? this.comparedVirtual : this.compared;
	}

	int[] perUnitOffsets() {
		return this.perUnitOffsets;
	}

	/**
	 * Why the pin cannot be verified against: its structure, declarations or image; empty
	 * when they are sound.
	 */
	List<String> problems() {
		return List.copyOf(this.problems);
	}

}
