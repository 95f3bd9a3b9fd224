package io.cfgspace.verification;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.cfgspace.registry.PinLookup.PinnedLayout;
import io.cfgspace.verification.core.ComparedPin;

import org.springframework.stereotype.Component;

/**
 * The pins' comparisons, worked out once per pinned layout and kept: a fingerprint names
 * one content, so its comparison never changes.
 */
@Component
public class ComparedPins {

	/** Far more than the layouts any cloud pins; a bound all the same. */
	private static final int MAX_KEPT = 10_000;

	private final Map<String, ComparedPin> kept = new ConcurrentHashMap<>();

	public ComparedPin of(PinnedLayout pin) {
		ComparedPin compared = this.kept.get(pin.fingerprint());
		if (compared != null) {
			return compared;
		}
		compared = ComparedPin.of(pin.layout());
		if (this.kept.size() >= MAX_KEPT) {
			this.kept.clear();
		}
		this.kept.put(pin.fingerprint(), compared);
		return compared;
	}

}
