package io.cfgspace.layout;

import java.util.List;
import java.util.Objects;

/**
 * A config-space layout: the device identity and every capability block in chain order,
 * the standard chain first. This is the content of a {@code cfgspace-layout/1} document;
 * {@link LayoutDocument} reads and writes it, {@link #fingerprint()} names it.
 *
 * @param identity header identity fields
 * @param coverage what the source dump captured
 * @param blocks capability blocks, standard chain first, each chain in link order
 * @param findings structural problems found while reading the chains
 */
public record Layout(Identity identity, Coverage coverage, List<LayoutBlock> blocks, List<StructuralFinding> findings) {

	/** The format name of the public layout document. */
	public static final String FORMAT = "cfgspace-layout/1";

	public Layout {
		Objects.requireNonNull(identity, "identity");
		Objects.requireNonNull(coverage, "coverage");
		blocks = List.copyOf(blocks);
		findings = List.copyOf(findings);
	}

	public List<LayoutBlock> blocks(Space space) {
		return this.blocks.stream().filter((block) -> block.space() == space).toList();
	}

	/** SHA-256 of the canonical layout content, as {@code sha256:<hex>}. */
	public String fingerprint() {
		return Fingerprint.of(this);
	}

}
