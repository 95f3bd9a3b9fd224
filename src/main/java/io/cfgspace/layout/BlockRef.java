package io.cfgspace.layout;

/**
 * Names a block by its place: the space and the offset of its header.
 */
public record BlockRef(Space space, int offset) {

	public static BlockRef of(LayoutBlock block) {
		return new BlockRef(block.space(), block.offset());
	}

	@Override
	public String toString() {
		return String.format((this.space == Space.STANDARD) ? "%s 0x%02x" : "%s 0x%03x", this.space.json(),
				this.offset);
	}

}
