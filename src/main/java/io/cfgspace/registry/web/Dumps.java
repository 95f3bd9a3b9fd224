package io.cfgspace.registry.web;

import java.util.List;

import io.cfgspace.configspace.DeviceDump;
import io.cfgspace.configspace.ResourceSizes;
import io.cfgspace.system.BadRequest;

/**
 * Dumps as requests carry them: lspci text, hex or base64 (of the binary sysfs file) in a
 * string.
 */
public final class Dumps {

	/**
	 * A 4096-byte lspci -xxxx dump is about 14 KiB of text; a tree of 20 of them fits
	 * easily.
	 */
	public static final int MAX_DUMP_CHARS = 512 * 1024;

	/** A sysfs resource file: 17 lines of 57 characters at most. */
	public static final int MAX_RESOURCE_CHARS = 4 * 1024;

	private Dumps() {
	}

	public static List<DeviceDump> all(String dump) {
		return io.cfgspace.configspace.read.Dumps.read(dump);
	}

	public static DeviceDump single(String dump) {
		List<DeviceDump> devices = all(dump);
		if (devices.size() != 1) {
			throw new BadRequest("malformed-dump", "Malformed dump",
					"the dump holds " + devices.size() + " devices; send one device's dump");
		}
		return devices.get(0);
	}

	/**
	 * One device's dump with the BAR sizes of its sysfs {@code resource} file, or
	 * {@code null} for none; a dump that gives sizes itself (lspci -v text) takes no
	 * file.
	 */
	public static DeviceDump single(String dump, String resource) {
		DeviceDump device = single(dump);
		if (resource == null) {
			return device;
		}
		if (!device.sizes().isUnknown()) {
			throw new BadRequest("invalid-request", "Invalid request",
					"the dump's lspci -v lines already give the BAR sizes; send no 'resource' with it");
		}
		return new DeviceDump(device.address(), device.configSpace(), ResourceSizes.fromSysfs(resource));
	}

}
