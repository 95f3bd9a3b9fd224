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
 * @param modelKey the device model found from the identity when the host reported, or
 * {@code null}
 */
public record HostDevice(String address, Layout physical, String fingerprint, String driver, String modelKey) {

}
