package io.cfgspace.inventory;

import java.util.List;

import io.cfgspace.layout.Layout;
import io.cfgspace.verification.Quirk;

/**
 * One passthrough device of a VM: the pinned layout its guest was started with, which a
 * destination must present exactly.
 *
 * @param label how the caller names the device (its source address, say), or {@code null}
 * @param modelKey the device model
 * @param pinVersion the pinned version
 * @param pin the pinned layout
 * @param deprecated whether the pin is deprecated (a warning, never a reason to refuse)
 * @param quirks the quirks of the pinned device's vendor and device ID
 */
public record PinnedDevice(String label, String modelKey, int pinVersion, Layout pin, boolean deprecated,
		List<Quirk> quirks) {

	public PinnedDevice {
		quirks = List.copyOf(quirks);
	}

	/** A pin whose blocks compare raw bytes can only be checked against a dump. */
	boolean comparesBytes() {
		return this.pin.blocks().stream().anyMatch((block) -> block.compare() != null);
	}

}
