package io.cfgspace.configspace.read;

import io.cfgspace.configspace.ConfigSpace;
import io.cfgspace.configspace.DeviceDump;
import io.cfgspace.configspace.DumpFormatException;

/**
 * The sysfs {@code config} file: the raw bytes. Its length says what the reader was
 * allowed to see (64 bytes for an unprivileged reader, 256 or 4096 for root).
 */
final class SysfsBinary {

	private SysfsBinary() {
	}

	static DeviceDump read(byte[] bytes) {
		return new DeviceDump(null, configSpace(bytes, "binary dump"));
	}

	static ConfigSpace configSpace(byte[] bytes, String what) {
		if (!Dumps.BINARY_SIZES.contains(bytes.length)) {
			throw new DumpFormatException(
					what + " of " + bytes.length + " bytes: a config space dump has 64, 128, 256 or 4096 bytes");
		}
		return ConfigSpace.of(bytes);
	}

}
