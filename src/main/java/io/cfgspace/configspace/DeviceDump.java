package io.cfgspace.configspace;

import java.util.Objects;

/**
 * One device's config space as read from a dump.
 *
 * @param address the {@code [DDDD:]BB:DD.F} address the dump named, or {@code null}
 * @param configSpace the captured bytes
 * @param sizes the sizes of its BARs where the dump gave them (lspci {@code -v} lines)
 */
public record DeviceDump(String address, ConfigSpace configSpace, ResourceSizes sizes) {

	public DeviceDump {
		Objects.requireNonNull(configSpace, "configSpace");
		Objects.requireNonNull(sizes, "sizes");
	}

	/** A dump without BAR sizes. */
	public DeviceDump(String address, ConfigSpace configSpace) {
		this(address, configSpace, ResourceSizes.UNKNOWN);
	}

}
