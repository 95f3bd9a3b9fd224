package io.cfgspace.registry.web;

import java.util.List;

import io.cfgspace.configspace.ConfigSpaceMap;
import io.cfgspace.configspace.ConfigSpaceParser;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutComposer;
import io.cfgspace.layout.LayoutDocument;
import io.cfgspace.system.BadRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;

/**
 * What to pin: a {@code cfgspace-layout/2} document, or a physical dump (with its sysfs
 * {@code resource} file when the BAR sizes should be pinned) plus the blocks the VMM
 * hides and synthesizes, the bits that are state on this device, and what the VMM does
 * with per-unit registers.
 */
record PinRequest(JsonNode layout, @Size(max = Dumps.MAX_DUMP_CHARS) String dump,
		@Size(max = Dumps.MAX_RESOURCE_CHARS) String resource,
		@Valid @Size(max = 64) List<BlockRequests.@NotNull BlockRefRequest> hidden,
		@Valid @Size(max = 64) List<BlockRequests.@NotNull SynthesizedBlockRequest> synthesized,
		@Valid @Size(max = 256) List<BlockRequests.@NotNull StateRequest> state,
		@Valid @Size(max = 64) List<BlockRequests.@NotNull PerUnitRequest> perUnit) {

	Layout toLayout() {
		if ((this.layout == null) == (this.dump == null)) {
			throw invalid("send either 'layout' (a " + Layout.FORMAT + " document) or 'dump' (with 'hidden',"
					+ " 'synthesized', 'state' and 'perUnit'), not both and not neither");
		}
		if (this.layout != null) {
			if (this.resource != null || this.hidden != null || this.synthesized != null || this.state != null
					|| this.perUnit != null) {
				throw invalid("'resource', 'hidden', 'synthesized', 'state' and 'perUnit' go with 'dump'; a layout"
						+ " document carries its own");
			}
			return LayoutDocument.read(this.layout.toString());
		}
		Layout physical = ConfigSpaceParser.parse(Dumps.single(this.dump, this.resource));
		Layout composed = LayoutComposer.compose(physical, BlockRequests.refs(this.hidden),
				BlockRequests.blocks(this.synthesized));
		return ConfigSpaceMap.recorded(LayoutComposer.declare(composed, BlockRequests.declarations(this.state),
				BlockRequests.treatments(this.perUnit)));
	}

	private static BadRequest invalid(String detail) {
		return new BadRequest("invalid-request", "Invalid request", detail);
	}

}
