package io.cfgspace.registry.web;

import java.net.URI;
import java.util.List;

import io.cfgspace.registry.ModelKey;
import io.cfgspace.registry.PinService;
import io.cfgspace.registry.web.PinViews.PinSummaryView;
import io.cfgspace.registry.web.PinViews.PinView;
import io.cfgspace.security.Person;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A device model's pinned layouts: list, pin, read, approve, deprecate. */
@RestController
@RequestMapping("/api/v1/device-models/{key}/pins")
class PinController {

	private final PinService pins;

	PinController(PinService pins) {
		this.pins = pins;
	}

	record PinList(List<PinSummaryView> items) {
	}

	record DeprecationRequest(@Size(max = 2000) String reason) {
	}

	/** What the approver checked, for the audit trail. */
	record ApprovalRequest(@Size(max = 2000) String note) {
	}

	@GetMapping
	PinList list(@PathVariable String key) {
		return new PinList(this.pins.versions(ModelKey.parse(key)).stream().map(PinSummaryView::of).toList());
	}

	/**
	 * 201 with a new version, or 200 with the version that already holds this content.
	 */
	@PostMapping
	ResponseEntity<PinView> pin(@PathVariable String key, @Valid @RequestBody PinRequest request,
			Authentication caller) {
		ModelKey model = ModelKey.parse(key);
		PinService.Pinned pinned = this.pins.pin(model, request.toLayout(), caller.getName(), Person.of(caller));
		PinView view = PinView.of(pinned.stored());
		URI location = URI.create("/api/v1/device-models/" + model + "/pins/" + view.version());
		return ResponseEntity.status(pinned.created() ? HttpStatus.CREATED : HttpStatus.OK)
			.location(location)
			.body(view);
	}

	@GetMapping("/{version}")
	PinView read(@PathVariable String key, @PathVariable int version) {
		return PinView.of(this.pins.read(ModelKey.parse(key), version));
	}

	/** Four-eyes: another person than the proposer puts a proposed version in force. */
	@PostMapping("/{version}/approval")
	PinView approve(@PathVariable String key, @PathVariable int version,
			@Valid @RequestBody(required = false) ApprovalRequest request, Authentication caller) {
		String note = (request != null) ? request.note() : null;
		return PinView.of(this.pins.approve(ModelKey.parse(key), version, Person.of(caller), note));
	}

	@PostMapping("/{version}/deprecation")
	PinView deprecate(@PathVariable String key, @PathVariable int version,
			@Valid @RequestBody(required = false) DeprecationRequest request, Authentication caller) {
		String reason = (request != null) ? request.reason() : null;
		return PinView.of(this.pins.deprecate(ModelKey.parse(key), version, reason, caller.getName()));
	}

}
