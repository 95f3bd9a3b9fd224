package io.cfgspace.registry.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cfgspace.configspace.ConfigSpace;
import io.cfgspace.configspace.ConfigSpaceParser;
import io.cfgspace.configspace.capability.CapabilityCatalog;
import io.cfgspace.layout.BlockRef;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutBlock;
import io.cfgspace.layout.LayoutComposer;
import io.cfgspace.layout.LayoutDocument;
import io.cfgspace.layout.Origin;
import io.cfgspace.layout.Space;
import io.cfgspace.system.BadRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.JsonNode;

/**
 * What to pin: a {@code cfgspace-layout/1} document, or a physical dump plus the blocks
 * the VMM hides and synthesizes and the physical blocks whose bytes are compared through
 * a mask.
 */
record PinRequest(JsonNode layout, @Size(max = Dumps.MAX_DUMP_CHARS) String dump,
		@Valid @Size(max = 64) List<BlockRequests.@NotNull BlockRefRequest> hidden,
		@Valid @Size(max = 64) List<BlockRequests.@NotNull SynthesizedBlockRequest> synthesized,
		@Valid @Size(max = 64) List<BlockRequests.@NotNull ComparedBytesRequest> compare) {

	Layout toLayout() {
		if ((this.layout == null) == (this.dump == null)) {
			throw invalid("send either 'layout' (a cfgspace-layout/1 document) or 'dump' (with 'hidden' and"
					+ " 'synthesized' blocks), not both and not neither");
		}
		if (this.layout != null) {
			if (this.hidden != null || this.synthesized != null || this.compare != null) {
				throw invalid("'hidden', 'synthesized' and 'compare' go with 'dump'; a layout document carries its own"
						+ " blocks and their compared bytes");
			}
			return LayoutDocument.read(this.layout.toString());
		}
		ConfigSpace config = Dumps.single(this.dump).configSpace();
		Layout physical = BlockRequests.withCompared(ConfigSpaceParser.parse(config), config.toByteArray(),
				this.compare);
		return LayoutComposer.compose(physical, BlockRequests.refs(this.hidden),
				BlockRequests.blocks(this.synthesized));
	}

	private static BadRequest invalid(String detail) {
		return new BadRequest("invalid-request", "Invalid request", detail);
	}

}
