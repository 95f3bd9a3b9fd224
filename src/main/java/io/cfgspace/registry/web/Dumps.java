package io.cfgspace.registry.web;

import java.util.List;

import io.cfgspace.configspace.DeviceDump;
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

}
