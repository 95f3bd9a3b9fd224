package io.cfgspace.registry.web;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.cfgspace.layout.LayoutDocument;
import io.cfgspace.registry.Pin;
import io.cfgspace.registry.PinDeprecation;
import io.cfgspace.registry.PinService.StoredPin;
import io.cfgspace.registry.PinService.StoredPinSummary;

/** Pins as the API shows them; a layout is embedded as its canonical document. */
final class PinViews {

	private PinViews() {
	}

	record DeprecationView(Instant deprecatedAt, String deprecatedBy, String reason) {

		static DeprecationView of(PinDeprecation deprecation) {
			return (deprecation != null)
					? new DeprecationView(deprecation.deprecatedAt(), deprecation.deprecatedBy(), deprecation.reason())
					: null;
		}

	}

	record PinSummaryView(String modelKey, int version, String fingerprint, Instant pinnedAt, String pinnedBy,
			String state, String proposedBy, String approvedBy, Instant approvedAt, boolean deprecated,
			DeprecationView deprecation) {

		static PinSummaryView of(StoredPinSummary summary) {
			Pin pin = summary.pin();
			return new PinSummaryView(summary.model().key().toString(), pin.version(), pin.fingerprint(),
					pin.pinnedAt(), pin.pinnedBy(), pin.state().json(), pin.proposedBy(), pin.approvedBy(),
					pin.approvedAt(), summary.deprecation() != null, DeprecationView.of(summary.deprecation()));
		}

	}

	record PinView(String modelKey, int version, String fingerprint, Instant pinnedAt, String pinnedBy, String state,
			String proposedBy, String approvedBy, Instant approvedAt, boolean deprecated, DeprecationView deprecation,
			@JsonRawValue String layout) {

		static PinView of(StoredPin stored) {
			Pin pin = stored.pin();
			return new PinView(stored.model().key().toString(), pin.version(), pin.fingerprint(), pin.pinnedAt(),
					pin.pinnedBy(), pin.state().json(), pin.proposedBy(), pin.approvedBy(), pin.approvedAt(),
					stored.deprecated(), DeprecationView.of(stored.deprecation()),
					LayoutDocument.write(stored.layout()));
		}

	}

}
