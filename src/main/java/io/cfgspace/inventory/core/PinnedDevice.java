package io.cfgspace.inventory.core;

import java.util.List;

import io.cfgspace.layout.Layout;
import io.cfgspace.verification.core.ComparedPin;
import io.cfgspace.verification.core.Quirk;

/**
 * One passthrough device of a VM: the pinned layout its guest was started with, which a
 * destination must present exactly.
 *
 * @param label how the caller names the device (its source address, say), or {@code null}
 * @param modelKey the device model
 * @param pinVersion the pinned version
 * @param compared the pinned layout, with what a verification compares worked out
 * @param deprecated whether the pin is deprecated (a warning, never a reason to refuse)
 * @param quirks the quirks of the pinned device's vendor and device ID
 */
public record PinnedDevice(String label, String modelKey, int pinVersion, ComparedPin compared, boolean deprecated,
		List<Quirk> quirks) {

	public PinnedDevice {
		quirks = List.copyOf(quirks);
	}

	public PinnedDevice(String label, String modelKey, int pinVersion, Layout pin, boolean deprecated,
			List<Quirk> quirks) {
		this(label, modelKey, pinVersion, ComparedPin.of(pin), deprecated, quirks);
	}

	/** The pinned layout. */
	public Layout pin() {
		return this.compared.layout();
	}

}
