package io.cfgspace.verification;

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
	 * The config space the guest sees, parsed from a dump taken from the VMM or inside
	 * the guest. It shows only the chains; which block is synthesized cannot be told from
	 * it.
	 */
	record Virtual(Layout layout, IommuSupport iommu) implements SideView {

	}

	/**
	 * The host's physical device, plus what the VMM does to it: the physical blocks it
	 * hides and the blocks it synthesizes. {@code null} lists mean "as the pin says".
	 */
	record Physical(Layout physical, List<BlockRef> hidden, List<LayoutBlock> synthesized,
			IommuSupport iommu) implements SideView {

	}

}
