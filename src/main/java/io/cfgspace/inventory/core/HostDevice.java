package io.cfgspace.inventory.core;

import io.cfgspace.layout.Layout;

/**
 * A device a host offers for passthrough, as the host last reported it.
 *
 * @param address the device's PCI address on the host ({@code DDDD:BB:DD.F})
 * @param physical the physical layout, parsed from the host's dump
 * @param fingerprint the physical layout's fingerprint: devices with equal fingerprints
 * look the same to the verifier, which is what lets placement verify each once
 * @param driver the host driver bound to the device, or {@code null}
 * @param modelKey the device model its identity belongs to, or {@code null}
 * @param unmodelledReason why no device model claims it, or {@code null} when one does
 */
public record HostDevice(String address, Layout physical, String fingerprint, String driver, String modelKey,
		String unmodelledReason) {

	/** A device the registry knows a model for, or that no test cares to classify. */
	public HostDevice(String address, Layout physical, String fingerprint, String driver, String modelKey) {
		this(address, physical, fingerprint, driver, modelKey, null);
	}

	/**
	 * No device model claims it (or several do, equally): whatever its layout, it is not
	 * a device the registry vouches for, so placement never offers it.
	 */
	public boolean unmodelled() {
		return this.unmodelledReason != null;
	}

}
