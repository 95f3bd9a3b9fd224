package io.cfgspace.layout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the layout a guest sees from a physical layout: the physical blocks the VMM
 * hides leave the chains (their bytes stay where they are, as vfio leaves them), the
 * synthesized blocks join them, and the next pointers are linked again.
 *
 * <p>
 * Rules, each from what vfio and QEMU do: a chain keeps the physical order of its visible
 * blocks; a synthesized block is linked in after the visible block with the highest
 * offset below its own (or first, when none is lower); hiding the capability at 0x100
 * leaves a Null placeholder header (ID 0, version 0) there unless a synthesized block
 * takes 0x100; hiding the first standard capability moves the capabilities pointer.
 */
public final class LayoutComposer {

	private LayoutComposer() {
	}

	/**
	 * @throws LayoutCompositionException when a hidden block names no physical block
	 */
	public static Layout compose(Layout physical, List<BlockRef> hidden, List<LayoutBlock> synthesized) {
		Set<BlockRef> hiddenRefs = new HashSet<>(hidden);
		List<String> unknown = new ArrayList<>();
		for (BlockRef ref : hidden) {
			if (physical.blocks()
				.stream()
				.noneMatch((b) -> BlockRef.of(b).equals(ref) && b.origin() == Origin.PHYSICAL)) {
				unknown.add("no physical block to hide at " + ref);
			}
		}
		if (!unknown.isEmpty()) {
			throw new LayoutCompositionException(unknown);
		}
		List<LayoutBlock> blocks = new ArrayList<>();
		int capabilitiesPointer = physical.identity().capabilitiesPointer();
		for (Space space : Space.values()) {
			List<LayoutBlock> visible = new ArrayList<>();
			List<LayoutBlock> hiddenBlocks = new ArrayList<>();
			for (LayoutBlock block : physical.blocks(space)) {
				if (hiddenRefs.contains(BlockRef.of(block))) {
					hiddenBlocks.add(block.withOrigin(Origin.HIDDEN));
				}
				else {
					visible.add(block);
				}
			}
			List<LayoutBlock> added = synthesized.stream()
				.filter((block) -> block.space() == space)
				.sorted(Comparator.comparingInt(LayoutBlock::offset))
				.map((block) -> block.withOrigin(Origin.SYNTHESIZED))
				.toList();
			for (LayoutBlock block : added) {
				visible.add(insertionIndex(visible, block.offset()), block);
			}
			if (space == Space.EXTENDED && needsPlaceholder(visible)) {
				visible.add(0, placeholder());
			}
			List<LayoutBlock> linked = link(visible);
			if (space == Space.STANDARD && !(physical.blocks(space).isEmpty() && added.isEmpty())) {
				capabilitiesPointer = linked.isEmpty() ? 0 : linked.get(0).offset();
			}
			blocks.addAll(linked);
			blocks.addAll(hiddenBlocks);
		}
		Identity identity = physical.identity();
		Identity guestIdentity = new Identity(identity.vendorId(), identity.deviceId(), identity.revisionId(),
				identity.classCode(), identity.headerType(), identity.multifunction(), identity.subsystemVendorId(),
				identity.subsystemId(), capabilitiesPointer);
		return new Layout(guestIdentity, physical.coverage(), blocks, physical.findings(),
				withoutBytesUnder(physical.image(), synthesized), physical.bars(), physical.state());
	}

	/**
	 * The device's bytes under a synthesized block are none of the guest's business: the
	 * VMM shows its own there. A layout records none of them.
	 */
	private static Image withoutBytesUnder(Image image, List<LayoutBlock> synthesized) {
		return (image == null || synthesized.isEmpty()) ? image : image.without(synthesized);
	}

	/**
	 * The layout with what a pin declares about its device: bits that are state, and a
	 * treatment for the per-unit registers of some blocks.
	 * @throws LayoutCompositionException when a treatment names no block the pin records
	 */
	public static Layout declare(Layout layout, List<StateDeclaration> state, Map<BlockRef, PerUnit> perUnit) {
		List<String> unknown = new ArrayList<>();
		for (BlockRef ref : perUnit.keySet()) {
			if (layout.blocks()
				.stream()
				.noneMatch((b) -> BlockRef.of(b).equals(ref) && b.origin() != Origin.SYNTHESIZED)) {
				unknown.add("no physical or hidden block at " + ref + " to give a per-unit treatment");
			}
		}
		if (!unknown.isEmpty()) {
			throw new LayoutCompositionException(unknown);
		}
		List<LayoutBlock> blocks = new ArrayList<>();
		for (LayoutBlock block : layout.blocks()) {
			PerUnit treatment = (block.origin() != Origin.SYNTHESIZED) ? perUnit.get(BlockRef.of(block)) : null;
			blocks.add((treatment != null) ? block.withPerUnit(treatment) : block);
		}
		List<StateDeclaration> declared = new ArrayList<>(layout.state());
		declared.addAll(state);
		Image image = layout.image();
		if (image != null && !state.isEmpty()) {
			byte[] clear = new byte[image.size()];
			for (StateDeclaration declaration : state) {
				for (int at = declaration.offset(); at < Math.min(declaration.end(), clear.length); at++) {
					clear[at] |= (byte) declaration.maskAt(at);
				}
			}
			image = image.cleared(clear);
		}
		return new Layout(layout.identity(), layout.coverage(), blocks, layout.findings(), image, layout.bars(),
				declared);
	}

	/**
	 * Whether the block is vfio's 4-byte Null header left at 0x100 over a hidden
	 * capability.
	 */
	public static boolean isPlaceholder(LayoutBlock block) {
		return block.space() == Space.EXTENDED && block.offset() == Space.EXTENDED.start() && block.id() == 0
				&& block.length() == 4 && block.origin() == Origin.PHYSICAL;
	}

	private static boolean needsPlaceholder(List<LayoutBlock> visible) {
		return !visible.isEmpty() && visible.stream().noneMatch((b) -> b.offset() == Space.EXTENDED.start());
	}

	private static LayoutBlock placeholder() {
		return new LayoutBlock(Space.EXTENDED, Space.EXTENDED.start(), 0, 0, 4, 0, "Null", Origin.PHYSICAL, Map.of());
	}

	private static int insertionIndex(List<LayoutBlock> chain, int offset) {
		int index = 0;
		int best = -1;
		for (int i = 0; i < chain.size(); i++) {
			int candidate = chain.get(i).offset();
			if (candidate < offset && candidate > best) {
				best = candidate;
				index = i + 1;
			}
		}
		return index;
	}

	private static List<LayoutBlock> link(List<LayoutBlock> chain) {
		List<LayoutBlock> linked = new ArrayList<>(chain.size());
		for (int i = 0; i < chain.size(); i++) {
			int next = (i + 1 < chain.size()) ? chain.get(i + 1).offset() : 0;
			linked.add(chain.get(i).withNext(next));
		}
		return linked;
	}

}
