package io.cfgspace.inventory.web;

import java.util.List;

import io.cfgspace.inventory.PlacementService;
import io.cfgspace.registry.ModelKey;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * "Which hosts can take this VM?", before a scheduler picks one: every fresh host that
 * can present each of the VM's pinned layouts exactly, with the device each VM device
 * would get, and for the others what rules them out.
 */
@RestController
@RequestMapping("/api/v1/placements")
class PlacementController {

	/** More passthrough devices than any VM has. */
	static final int MAX_DEVICES = 64;

	static final int MAX_HOSTS = 10000;

	private final PlacementService placements;

	PlacementController(PlacementService placements) {
		this.placements = placements;
	}

	/** A VM device: the pin its guest was started with, and how the caller names it. */
	record DeviceRequest(@NotNull String modelKey, @NotNull @Min(1) Integer pinVersion, @Size(max = 200) String label) {

		PlacementService.DeviceRef toRef() {
			return new PlacementService.DeviceRef(ModelKey.parse(this.modelKey), this.pinVersion, this.label);
		}

	}

	record PlacementRequest(@NotEmpty @Size(max = MAX_DEVICES) List<@NotNull @Valid DeviceRequest> devices,
			@Size(max = MAX_HOSTS) List<@NotNull String> hosts) {

	}

	@PostMapping
	PlacementView place(@Valid @RequestBody PlacementRequest request) {
		List<PlacementService.DeviceRef> devices = request.devices().stream().map(DeviceRequest::toRef).toList();
		return PlacementView.of(this.placements.place(devices, request.hosts()), request.devices());
	}

}
