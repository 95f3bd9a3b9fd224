package io.cfgspace.configspace;

/**
 * One device's config space as read from a dump.
 *
 * @param address the {@code [DDDD:]BB:DD.F} address the dump named, or {@code null}
 * @param configSpace the captured bytes
 */
public record DeviceDump(String address, ConfigSpace configSpace) {

}
