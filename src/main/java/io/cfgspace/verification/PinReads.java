package io.cfgspace.verification;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.cfgspace.layout.Identity;
import io.cfgspace.registry.ModelKey;
import io.cfgspace.registry.PinLookup.PinnedLayout;
import io.cfgspace.registry.PinLookup;
import io.cfgspace.verification.core.ComparedPin;
import io.cfgspace.verification.core.Quirk;

/**
 * The pins and quirks one request reads: each pin and each device's quirks once, however
 * many of the request's devices name them, so that the whole request sees one answer for
 * each.
 */
public final class PinReads {

	private final PinLookup pins;

	private final QuirkService quirks;

	private final Map<String, PinnedLayout> pinsRead = new HashMap<>();

	private final Map<Integer, List<Quirk>> quirksRead = new HashMap<>();

	private final ComparedPins compared;

	public PinReads(PinLookup pins, QuirkService quirks, ComparedPins compared) {
		this.pins = pins;
		this.quirks = quirks;
		this.compared = compared;
	}

	/** The pin with what a verification compares worked out, shared by every request. */
	public ComparedPin compared(PinnedLayout pin) {
		return this.compared.of(pin);
	}

	public PinnedLayout pin(ModelKey model, int version) {
		return this.pinsRead.computeIfAbsent(model + "/" + version, (k) -> this.pins.find(model, version));
	}

	/**
	 * The quirks of the pinned device (every revision; {@link Quirk#appliesTo} narrows).
	 */
	public List<Quirk> quirks(PinnedLayout pin) {
		Identity identity = pin.layout().identity();
		return this.quirksRead.computeIfAbsent((identity.vendorId() << 16) | identity.deviceId(),
				(k) -> this.quirks.forDevice(identity.vendorId(), identity.deviceId()));
	}

}
