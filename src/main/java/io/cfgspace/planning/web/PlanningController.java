package io.cfgspace.planning.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.cfgspace.configspace.ConfigSpaceParser;
import io.cfgspace.configspace.capability.CapabilityCatalog;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutDocument;
import io.cfgspace.layout.Space;
import io.cfgspace.planning.PlanningService;
import io.cfgspace.planning.core.CapabilityRef;
import io.cfgspace.planning.core.IommuClaims;
import io.cfgspace.planning.core.NoRoomException;
import io.cfgspace.planning.core.Plan;
import io.cfgspace.planning.core.SynthesisRequest;
import io.cfgspace.registry.ModelKey;
import io.cfgspace.registry.web.BlockRequests;
import io.cfgspace.registry.web.Dumps;
import io.cfgspace.system.ApiProblem;
import io.cfgspace.system.BadRequest;
import io.cfgspace.verification.web.FindingView;
import io.cfgspace.verification.web.SideRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The layout planner and the firmware impact check. */
@RestController
class PlanningController {

	private final PlanningService planning;

	PlanningController(PlanningService planning) {
		this.planning = planning;
	}

	record CapabilityRequest(
			@NotNull @Pattern(regexp = "standard|extended", message = "must be standard or extended") String space,
			@NotNull @Min(0) @Max(0xFFFF) Integer id) {
	}

	record SynthesizeRequest(@NotNull @Min(0) @Max(0xFFFF) Integer id,
			@Pattern(regexp = "standard|extended", message = "must be standard or extended") String space,
			@Min(0) @Max(15) Integer version, @Min(4) @Max(0x400) Integer length, @Size(max = 200) String name,
			@Size(max = 64) Map<String, Object> fields) {

		SynthesisRequest toRequest() {
			Space where = "standard".equals(this.space) ? Space.STANDARD : Space.EXTENDED;
			int size = (this.length != null) ? this.length : defaultLength(where, this.id);
			String label = (this.name != null) ? this.name : (where == Space.STANDARD)
					? CapabilityCatalog.standard(this.id).name() : CapabilityCatalog.extended(this.id).name();
			Integer capabilityVersion = (where == Space.EXTENDED) ? ((this.version != null) ? this.version : 1) : null;
			try {
				return new SynthesisRequest(where, this.id, capabilityVersion, size, label,
						BlockRequests.fieldValues(this.fields, "synthesize"));
			}
			catch (IllegalArgumentException ex) {
				throw invalid("synthesize: " + ex.getMessage());
			}
		}

		private static int defaultLength(Space space, int id) {
			if (space == Space.EXTENDED) {
				switch (id) {
					case 0x1B, 0x0F -> {
						return 8;
					}
					case 0x13 -> {
						return 16;
					}
					default -> {
					}
				}
			}
			throw invalid("synthesize: give the length of capability 0x" + Integer.toHexString(id));
		}

	}

	record PlanRequest(@NotEmpty @Size(max = 16) List<@NotNull @Size(max = Dumps.MAX_DUMP_CHARS) String> variants,
			@Valid @Size(max = 16) List<@NotNull CapabilityRequest> hide,
			@NotEmpty @Valid @Size(max = 16) List<@NotNull SynthesizeRequest> synthesize, Boolean standardSpace,
			@Valid SideRequest.IommuRequest iommu) {
	}

	record RangeView(int start, int end) {
	}

	record PlanView(String fingerprint, @JsonRawValue String layout, List<List<RangeView>> freeByVariant,
			List<RangeView> freeInAll, List<String> explanation) {
	}

	record ImpactRequest(@NotNull @Size(max = Dumps.MAX_DUMP_CHARS) String dump,
			@Size(max = Dumps.MAX_RESOURCE_CHARS) String resource) {
	}

	record VersionImpactView(int version, String fingerprint, boolean presentable, long verificationsLast30Days,
			List<FindingView> findings) {
	}

	record ImpactView(String modelKey, List<VersionImpactView> versions) {
	}

	@PostMapping("/api/v1/plans")
	PlanView plan(@Valid @RequestBody PlanRequest request) {
		List<Layout> variants = new ArrayList<>();
		request.variants().forEach((dump) -> variants.add(ConfigSpaceParser.parse(Dumps.single(dump))));
		List<CapabilityRef> hide = new ArrayList<>();
		if (request.hide() != null) {
			request.hide()
				.forEach((ref) -> hide.add(
						new CapabilityRef("standard".equals(ref.space()) ? Space.STANDARD : Space.EXTENDED, ref.id())));
		}
		List<SynthesisRequest> synthesize = request.synthesize().stream().map(SynthesizeRequest::toRequest).toList();
		if (request.iommu() != null) {
			List<String> unsupported = IommuClaims.unsupported(synthesize, request.iommu().toSupport("iommu"));
			if (!unsupported.isEmpty()) {
				throw new BadRequest("iommu-lacks-capability", "The host IOMMU cannot back these blocks",
						String.join("; ", unsupported));
			}
		}
		Plan plan;
		try {
			plan = this.planning.plan(variants, hide, synthesize, Boolean.TRUE.equals(request.standardSpace()));
		}
		catch (NoRoomException ex) {
			throw new NoRoom(ex.getMessage());
		}
		catch (IllegalArgumentException ex) {
			throw invalid(ex.getMessage());
		}
		return new PlanView(plan.layout().fingerprint(), LayoutDocument.write(plan.layout()),
				plan.freeByVariant().stream().map(PlanningController::ranges).toList(), ranges(plan.freeInAll()),
				plan.explanation());
	}

	@PostMapping("/api/v1/device-models/{key}/impact")
	ImpactView impact(@PathVariable String key, @Valid @RequestBody ImpactRequest request) {
		ModelKey model = ModelKey.parse(key);
		Layout candidate = ConfigSpaceParser.parse(Dumps.single(request.dump(), request.resource()));
		List<VersionImpactView> versions = this.planning.impact(model, candidate)
			.stream()
			.map((impact) -> new VersionImpactView(impact.pin().pin().version(), impact.pin().pin().fingerprint(),
					impact.presentable(), impact.recentVerifications(),
					impact.findings().stream().map(FindingView::of).toList()))
			.toList();
		return new ImpactView(model.toString(), versions);
	}

	private static List<RangeView> ranges(List<Plan.FreeRange> ranges) {
		return ranges.stream().map((r) -> new RangeView(r.start(), r.end())).toList();
	}

	private static BadRequest invalid(String detail) {
		return new BadRequest("invalid-request", "Invalid request", detail);
	}

	/** Nothing fits: 422, with what blocks which range. */
	static class NoRoom extends ApiProblem {

		NoRoom(String detail) {
			super(HttpStatus.UNPROCESSABLE_CONTENT, "no-room", "No room for a synthesized block", detail);
		}

	}

}
