package io.cfgspace.registry.web;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.cfgspace.configspace.ConfigSpaceParser;
import io.cfgspace.configspace.DeviceDump;
import io.cfgspace.layout.Fingerprint;
import io.cfgspace.layout.LayoutDocument;
import io.cfgspace.registry.PinService;
import io.cfgspace.registry.web.PinViews.PinSummaryView;
import io.cfgspace.system.BadRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Layouts by fingerprint, and the stateless parse of a dump. */
@RestController
class LayoutController {

	private final PinService pins;

	LayoutController(PinService pins) {
		this.pins = pins;
	}

	record LayoutMatch(String fingerprint, @JsonRawValue String layout, List<PinSummaryView> pins) {
	}

	/** Dumps, and the sysfs {@code resource} file of a single device's. */
	record ParseRequest(@NotNull @Size(max = Dumps.MAX_DUMP_CHARS) String dump,
			@Size(max = Dumps.MAX_RESOURCE_CHARS) String resource) {
	}

	record ParsedDevice(String address, @JsonRawValue String layout) {
	}

	record ParseResult(List<ParsedDevice> devices) {
	}

	@GetMapping("/api/v1/layouts/{fingerprint}")
	LayoutMatch byFingerprint(@PathVariable String fingerprint) {
		if (!Fingerprint.isWellFormed(fingerprint)) {
			throw new BadRequest("invalid-fingerprint", "Invalid fingerprint",
					"a fingerprint is 'sha256:' and 64 lower-case hex digits");
		}
		PinService.FingerprintMatch match = this.pins.byFingerprint(fingerprint);
		return new LayoutMatch(fingerprint, LayoutDocument.write(match.layout()),
				match.pins().stream().map(PinSummaryView::of).toList());
	}

	@PostMapping("/api/v1/parse")
	ParseResult parse(@Valid @RequestBody ParseRequest request) {
		List<DeviceDump> devices = (request.resource() != null)
				? List.of(Dumps.single(request.dump(), request.resource())) : Dumps.all(request.dump());
		return new ParseResult(devices.stream()
			.map((device) -> new ParsedDevice(device.address(), LayoutDocument.write(ConfigSpaceParser.parse(device))))
			.toList());
	}

}
