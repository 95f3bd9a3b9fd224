package io.cfgspace.registry.web;

import java.net.URI;
import java.util.List;

import io.cfgspace.configspace.ConfigSpaceParser;
import io.cfgspace.layout.Identity;
import io.cfgspace.registry.DeviceModel;
import io.cfgspace.registry.DeviceModelService;
import io.cfgspace.registry.ModelKey;
import io.cfgspace.system.BadRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Device models: list, create, read, describe, and find the model of a dump. */
@RestController
@RequestMapping("/api/v1/device-models")
class DeviceModelController {

	private final DeviceModelService models;

	DeviceModelController(DeviceModelService models) {
		this.models = models;
	}

	record CreateRequest(@NotNull String key, @NotBlank @Size(max = 200) String displayName,
			@Size(max = 10000) String notes) {
	}

	record DescribeRequest(
			@Pattern(regexp = ".*\\S.*", message = "must not be blank") @Size(max = 200) String displayName,
			@Size(max = 10000) String notes) {
	}

	record LookupRequest(@NotNull @Size(max = Dumps.MAX_DUMP_CHARS) String dump, String variant) {
	}

	record LookupResult(DeviceModelView model, IdentityView identity) {
	}

	record ModelPage(List<DeviceModelView> items, String nextCursor) {
	}

	@GetMapping
	ModelPage list(@RequestParam(required = false) String vendor, @RequestParam(required = false) String device,
			@RequestParam(required = false) String q, @RequestParam(required = false) String cursor,
			@RequestParam(defaultValue = "50") int limit) {
		DeviceModelService.Page<DeviceModel> page = this.models.page(hex(vendor, "vendor"), hex(device, "device"), q,
				cursor, limit);
		return new ModelPage(page.items().stream().map(DeviceModelView::of).toList(), page.nextCursor());
	}

	@PostMapping
	ResponseEntity<DeviceModelView> create(@Valid @RequestBody CreateRequest request, Authentication caller) {
		ModelKey key = ModelKey.parse(request.key());
		DeviceModel model = this.models.create(key, request.displayName().strip(), request.notes(), caller.getName());
		return ResponseEntity.created(URI.create("/api/v1/device-models/" + key)).body(DeviceModelView.of(model));
	}

	@GetMapping("/{key}")
	DeviceModelView get(@PathVariable String key) {
		return DeviceModelView.of(this.models.get(ModelKey.parse(key)));
	}

	@PatchMapping("/{key}")
	DeviceModelView describe(@PathVariable String key, @Valid @RequestBody DescribeRequest request) {
		return DeviceModelView.of(this.models.describe(ModelKey.parse(key),
				(request.displayName() != null) ? request.displayName().strip() : null, request.notes()));
	}

	@PostMapping("/lookup")
	LookupResult lookup(@Valid @RequestBody LookupRequest request) {
		Identity identity = ConfigSpaceParser.parse(Dumps.single(request.dump()).configSpace()).identity();
		return new LookupResult(DeviceModelView.of(this.models.lookup(identity, request.variant())),
				IdentityView.of(identity));
	}

	private static Integer hex(String value, String name) {
		if (value == null || value.isEmpty()) {
			return null;
		}
		if (!value.matches("[0-9a-fA-F]{4}")) {
			throw new BadRequest("invalid-request", "Invalid request",
					name + " must be four hex digits, e.g. 8086, not '" + value + "'");
		}
		return Integer.parseInt(value, 16);
	}

}
