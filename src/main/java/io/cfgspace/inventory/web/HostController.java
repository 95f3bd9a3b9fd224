package io.cfgspace.inventory.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import io.cfgspace.inventory.InventoryService;
import io.cfgspace.inventory.PlacementService;
import io.cfgspace.inventory.web.PlacementController.DeviceRequest;
import io.cfgspace.layout.Fingerprint;
import io.cfgspace.registry.ModelKey;
import io.cfgspace.security.HostBinding;
import io.cfgspace.system.BadRequest;
import io.cfgspace.system.HostName;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The host inventory: hosts report their passthrough devices; orchestrators list, read
 * and forget hosts, and ask whether a host can be drained.
 */
@RestController
@RequestMapping("/api/v1/hosts")
class HostController {

	static final int MAX_PAGE_SIZE = 200;

	static final int MAX_VMS = 1000;

	private final InventoryService inventory;

	private final PlacementService placements;

	private final JsonMapper json;

	HostController(InventoryService inventory, PlacementService placements, JsonMapper json) {
		this.inventory = inventory;
		this.placements = placements;
		this.json = json;
	}

	@PutMapping("/{name}/report")
	ResponseEntity<HostView.Reported> report(@PathVariable String name, @Valid @RequestBody HostReportRequest request,
			Authentication caller) {
		checkName(name);
		HostBinding.checkReport(caller, name);
		// the request as read, not its bytes: member order and whitespace do not change
		// it
		String hash = Fingerprint.sha256Hex(this.json.writeValueAsString(request));
		InventoryService.Reported reported = this.inventory.report(name, hash, request::read, caller.getName());
		HostView.Reported body = new HostView.Reported(reported.outcome().name(), HostView.of(reported.host()));
		return ResponseEntity
			.status((reported.outcome() == InventoryService.Outcome.CREATED) ? HttpStatus.CREATED : HttpStatus.OK)
			.header("Location", "/api/v1/hosts/" + name)
			.body(body);
	}

	@GetMapping("/{name}")
	HostView get(@PathVariable String name) {
		checkName(name);
		return HostView.of(this.inventory.get(name));
	}

	@DeleteMapping("/{name}")
	ResponseEntity<Void> forget(@PathVariable String name) {
		checkName(name);
		this.inventory.forget(name);
		return ResponseEntity.noContent().build();
	}

	@GetMapping
	HostView.Page list(@RequestParam(required = false) Boolean stale, @RequestParam(required = false) String model,
			@RequestParam(required = false) String prefix, @RequestParam(required = false) String cursor,
			@RequestParam(defaultValue = "50") int limit) {
		if (limit < 1 || limit > MAX_PAGE_SIZE) {
			throw new BadRequest("invalid-request", "Invalid request", "limit must be 1.." + MAX_PAGE_SIZE);
		}
		String modelKey = (model != null) ? ModelKey.parse(model).toString() : null;
		InventoryService.Page page = this.inventory.list(stale, modelKey,
				(prefix != null && !prefix.isEmpty()) ? prefix : null, decode(cursor), limit);
		return new HostView.Page(page.items().stream().map(HostView::of).toList(),
				(page.lastName() != null) ? encode(page.lastName()) : null);
	}

	/**
	 * The VMs on a host to be drained, with their devices' pins; {@code detail}
	 * {@code assignment} leaves out where each VM could go alone.
	 */
	record DrainRequest(@NotEmpty @Size(max = MAX_VMS) List<@NotNull @Valid VmRequest> vms,
			@Size(max = PlacementController.MAX_HOSTS) List<@NotNull String> hosts,
			@Pattern(regexp = "full|assignment", message = "is full or assignment") String detail) {

		boolean assignmentOnly() {
			return "assignment".equals(this.detail);
		}

	}

	record VmRequest(@NotNull @Size(min = 1, max = 200) String vmId,
			@NotEmpty @Size(max = PlacementController.MAX_DEVICES) List<@NotNull @Valid DeviceRequest> devices) {

	}

	@PostMapping("/{name}/drain-check")
	PlacementView.DrainView drainCheck(@PathVariable String name, @Valid @RequestBody DrainRequest request) {
		checkName(name);
		List<PlacementService.Vm> vms = request.vms()
			.stream()
			.map((vm) -> new PlacementService.Vm(vm.vmId(),
					vm.devices().stream().map(PlacementController.DeviceRequest::toRef).toList()))
			.toList();
		PlacementService.Drain drain = this.placements.drain(name, vms, request.hosts());
		return PlacementView.DrainView.of(drain, request.vms().stream().map(VmRequest::vmId).toList(),
				request.vms().stream().map(VmRequest::devices).toList(), request.assignmentOnly());
	}

	/** Host names as orchestrators use them: a DNS-like label, at most 255 characters. */
	static void checkName(String name) {
		HostName.check(name);
	}

	private static String encode(String name) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(("h" + name).getBytes(StandardCharsets.UTF_8));
	}

	private static String decode(String cursor) {
		if (cursor == null || cursor.isEmpty()) {
			return null;
		}
		try {
			String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
			if (text.startsWith("h") && text.length() > 1) {
				return text.substring(1);
			}
		}
		catch (IllegalArgumentException ex) {
			// falls through to the error below
		}
		throw BadRequest.invalidCursor();
	}

}
