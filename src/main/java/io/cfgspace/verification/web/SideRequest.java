package io.cfgspace.verification.web;

import java.util.List;

import io.cfgspace.configspace.ConfigSpaceParser;
import io.cfgspace.configspace.DeviceDump;
import io.cfgspace.layout.BlockRef;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutBlock;
import io.cfgspace.layout.Origin;
import io.cfgspace.layout.LayoutDocument;
import io.cfgspace.registry.web.BlockRequests.BlockRefRequest;
import io.cfgspace.registry.web.BlockRequests.SynthesizedBlockRequest;
import io.cfgspace.registry.web.BlockRequests;
import io.cfgspace.registry.web.Dumps;
import io.cfgspace.system.BadRequest;
import io.cfgspace.verification.core.IommuSupport;
import io.cfgspace.verification.core.SideView;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;

/**
 * One side of a migration as a request describes it: {@code view} {@code physical} (the
 * host's device dump, plus what the VMM hides and synthesizes; absent lists mean "as the
 * pin says") or {@code virtual} (what the guest sees); the config space as a dump (with
 * the sysfs {@code resource} file that gives its BAR sizes) or a layout document; and the
 * host's IOMMU.
 */
public record SideRequest(
		@NotNull @Pattern(regexp = "physical|virtual", message = "must be physical or virtual") String view,
		@Size(max = Dumps.MAX_DUMP_CHARS) String dump, @Size(max = Dumps.MAX_RESOURCE_CHARS) String resource,
		JsonNode layout, @Valid @Size(max = 64) List<@NotNull BlockRefRequest> hidden,
		@Valid @Size(max = 64) List<@NotNull SynthesizedBlockRequest> synthesized, @Valid IommuRequest iommu) {

	/** The host IOMMU, from iommufd GET_HW_INFO or Intel VT-d's raw registers. */
	public record IommuRequest(@Valid IommufdInfo iommufd, @Valid VtdRegisters vtd) {

		public IommuSupport toSupport(String side) {
			if ((this.iommufd == null) == (this.vtd == null)) {
				throw invalid(side + ".iommu: give either 'iommufd' or 'vtd'");
			}
			if (this.iommufd != null) {
				return IommuSupport.fromIommufd(this.iommufd.maxPasidLog2(), this.iommufd.capabilities(),
						Boolean.TRUE.equals(this.iommufd.pageRequests()),
						Boolean.TRUE.equals(this.iommufd.deviceTlb()));
			}
			return IommuSupport.fromVtd(Long.parseUnsignedLong(this.vtd.capability().substring(2), 16),
					Long.parseUnsignedLong(this.vtd.extendedCapability().substring(2), 16));
		}

	}

	/**
	 * iommufd {@code struct iommu_hw_info}: out_max_pasid_log2 and out_capabilities; PRI
	 * and ATS support.
	 */
	public record IommufdInfo(@NotNull @Min(0) @Max(20) Integer maxPasidLog2, @NotNull @Min(0) Long capabilities,
			Boolean pageRequests, Boolean deviceTlb) {
	}

	/** VT-d CAP_REG and ECAP_REG as {@code 0x}-prefixed hex (they are 64-bit). */
	public record VtdRegisters(
			@NotNull @Pattern(regexp = "0x[0-9a-fA-F]{1,16}",
					message = "must be 0x and 1 to 16 hex digits") String capability,
			@NotNull @Pattern(regexp = "0x[0-9a-fA-F]{1,16}",
					message = "must be 0x and 1 to 16 hex digits") String extendedCapability) {
	}

	SideView toView(String side) {
		if ((this.dump == null) == (this.layout == null)) {
			throw invalid(side + ": give either 'dump' or 'layout'");
		}
		if (this.resource != null && this.dump == null) {
			throw invalid(side + ": 'resource' goes with 'dump'; a layout document carries its BAR sizes");
		}
		DeviceDump dump = (this.dump != null) ? Dumps.single(this.dump, this.resource) : null;
		Layout parsed = (dump != null) ? ConfigSpaceParser.parse(dump) : LayoutDocument.read(this.layout.toString());
		byte[] raw = (dump != null) ? dump.configSpace().toByteArray() : null;
		IommuSupport support = (this.iommu != null) ? this.iommu.toSupport(side) : null;
		if ("virtual".equals(this.view)) {
			if (this.hidden != null || this.synthesized != null) {
				throw invalid(side + ": 'hidden' and 'synthesized' describe a physical view");
			}
			return new SideView.Virtual(parsed, support, raw);
		}
		List<BlockRef> hiddenRefs = (this.hidden != null) ? BlockRequests.refs(this.hidden) : null;
		List<LayoutBlock> synthesizedBlocks = (this.synthesized != null) ? BlockRequests.blocks(this.synthesized)
				: null;
		checkBlocks(side, parsed, hiddenRefs, synthesizedBlocks);
		return new SideView.Physical(parsed, hiddenRefs, synthesizedBlocks, support, raw);
	}

	/**
	 * Refuses what no VMM could do rather than let it decide a verdict: a block that runs
	 * past the end of config space, or hiding a capability the device does not have.
	 */
	private static void checkBlocks(String side, Layout parsed, List<BlockRef> hidden, List<LayoutBlock> synthesized) {
		List<LayoutBlock> all = new java.util.ArrayList<>(parsed.blocks());
		if (synthesized != null) {
			all.addAll(synthesized);
		}
		for (LayoutBlock block : all) {
			if (block.origin() == Origin.SYNTHESIZED && block.offset() + block.length() > CONFIG_SPACE_SIZE) {
				throw invalid(side + ": the synthesized block at " + BlockRef.of(block) + " (length " + block.length()
						+ ") runs past the end of config space (" + CONFIG_SPACE_SIZE + " bytes)");
			}
		}
		if (hidden != null) {
			java.util.Set<BlockRef> starts = new java.util.HashSet<>();
			parsed.blocks().forEach((block) -> starts.add(BlockRef.of(block)));
			for (BlockRef ref : hidden) {
				if (!starts.contains(ref)) {
					throw invalid(side + ".hidden: no capability starts at " + ref + " on this device");
				}
			}
		}
	}

	private static final int CONFIG_SPACE_SIZE = 0x1000;

	private static BadRequest invalid(String detail) {
		return new BadRequest("invalid-request", "Invalid request", detail);
	}

}
