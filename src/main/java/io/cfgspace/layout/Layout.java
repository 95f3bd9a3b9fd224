package io.cfgspace.layout;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A config-space layout: the device identity, every capability block in chain order (the
 * standard chain first), the read-only bytes of the whole config space, and the BARs.
 * This is the content of a {@code cfgspace-layout/2} document; {@link LayoutDocument}
 * reads and writes it, {@link #fingerprint()} names it.
 *
 * @param identity header identity fields
 * @param coverage what the source dump captured
 * @param blocks capability blocks, standard chain first, each chain in link order
 * @param findings structural problems found while reading the chains
 * @param image the recorded bytes, state cleared; {@code null} for a
 * {@code cfgspace-layout/1} document, which recorded none
 * @param bars the BARs, the expansion ROM and any SR-IOV VF BARs
 * @param state bits a pin declares state, in offset order
 */
public record Layout(Identity identity, Coverage coverage, List<LayoutBlock> blocks, List<StructuralFinding> findings,
		Image image, List<Bar> bars, List<StateDeclaration> state) {

	/** The format name of the public layout document. */
	public static final String FORMAT = "cfgspace-layout/2";

	/**
	 * The first format, which recorded no bytes outside decoded fields: still read, never
	 * written, never comparable.
	 */
	public static final String FORMAT_1 = "cfgspace-layout/1";

	public Layout {
		Objects.requireNonNull(identity, "identity");
		Objects.requireNonNull(coverage, "coverage");
		blocks = List.copyOf(blocks);
		findings = List.copyOf(findings);
		bars = List.copyOf(bars);
		// the canonical order, whatever order a pin request gave
		state = state.stream().sorted(Comparator.comparingInt(StateDeclaration::offset)).toList();
		if (image == null && (!bars.isEmpty() || !state.isEmpty()
				|| blocks.stream().anyMatch((block) -> block.perUnit() != null))) {
			throw new IllegalArgumentException("BARs, state and per-unit treatments come with the recorded bytes");
		}
	}

	/**
	 * A layout without recorded bytes: synthesized blocks alone, or a first-format
	 * document.
	 */
	public Layout(Identity identity, Coverage coverage, List<LayoutBlock> blocks, List<StructuralFinding> findings) {
		this(identity, coverage, blocks, findings, null, List.of(), List.of());
	}

	public List<LayoutBlock> blocks(Space space) {
		return this.blocks.stream().filter((block) -> block.space() == space).toList();
	}

	/** The document format this layout is written in. */
	public String format() {
		return (this.image != null) ? FORMAT : FORMAT_1;
	}

	public Layout withImage(Image newImage) {
		return new Layout(this.identity, this.coverage, this.blocks, this.findings, newImage, this.bars, this.state);
	}

	/** SHA-256 of the canonical layout content, as {@code sha256:<hex>}. */
	public String fingerprint() {
		return Fingerprint.of(this);
	}

}
