package io.cfgspace.registry.web;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.cfgspace.layout.LayoutDocument;
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
			boolean deprecated, DeprecationView deprecation) {

		static PinSummaryView of(StoredPinSummary summary) {
			return new PinSummaryView(summary.model().key().toString(), summary.pin().version(),
					summary.pin().fingerprint(), summary.pin().pinnedAt(), summary.pin().pinnedBy(),
					summary.deprecation() != null, DeprecationView.of(summary.deprecation()));
		}

	}

	record PinView(String modelKey, int version, String fingerprint, Instant pinnedAt, String pinnedBy,
			boolean deprecated, DeprecationView deprecation, @JsonRawValue String layout) {

		static PinView of(StoredPin stored) {
			return new PinView(stored.model().key().toString(), stored.pin().version(), stored.pin().fingerprint(),
					stored.pin().pinnedAt(), stored.pin().pinnedBy(), stored.deprecated(),
					DeprecationView.of(stored.deprecation()), LayoutDocument.write(stored.layout()));
		}

	}

}
