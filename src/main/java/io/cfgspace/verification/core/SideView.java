package io.cfgspace.verification.core;

import java.util.List;

import io.cfgspace.layout.BlockRef;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutBlock;

/**
 * How one side of a migration (source or destination host) is described.
 */
public sealed interface SideView {

	/** The host's IOMMU for this device, or {@code null} when not described. */
	IommuSupport iommu();

	/**
	 * The raw config space when the side was given as a dump, or {@code null} when it was
	 * given as a layout: only the bytes can show what a pin compares through a mask.
	 */
	byte[] bytes();

	/**
	 * The config space the guest sees, parsed from a dump taken from the VMM or inside
	 * the guest. It shows only the chains; which block is synthesized cannot be told from
	 * it.
	 */
	record Virtual(Layout layout, IommuSupport iommu, byte[] bytes) implements SideView {

		/** A side given as a layout, without its bytes. */
		public Virtual(Layout layout, IommuSupport iommu) {
			this(layout, iommu, null);
		}

	}

	/**
	 * The host's physical device, plus what the VMM does to it: the physical blocks it
	 * hides and the blocks it synthesizes. {@code null} lists mean "as the pin says".
	 */
	record Physical(Layout physical, List<BlockRef> hidden, List<LayoutBlock> synthesized, IommuSupport iommu,
			byte[] bytes) implements SideView {

		/** A side given as a layout, without its bytes. */
		public Physical(Layout physical, List<BlockRef> hidden, List<LayoutBlock> synthesized, IommuSupport iommu) {
			this(physical, hidden, synthesized, iommu, null);
		}

	}

}
