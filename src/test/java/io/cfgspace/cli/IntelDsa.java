package io.cfgspace.cli;

import java.util.Arrays;

import io.cfgspace.configspace.ConfigSpaceParser;
import io.cfgspace.configspace.Corpus;
import io.cfgspace.configspace.ConfigSpace;
import io.cfgspace.configspace.ResourceSizes;
import io.cfgspace.configspace.SysfsResource;
import io.cfgspace.configspace.read.Dumps;
import io.cfgspace.layout.Layout;

/**
 * The corpus's Intel DSA (8086:0b25, a Sapphire Rapids RCiEP with PASID, PRI and ATS):
 * all 4096 bytes, Power Management at 0x90 behind MSI-X at 0x80.
 */
final class IntelDsa {

	static final String CORPUS_NAME = "intel-dsa-spr-rciep";

	private static final int MSI_X = 0x80;

	private static final int POWER_MANAGEMENT = 0x90;

	private static final int POWER_MANAGEMENT_LENGTH = 8;

	private IntelDsa() {
	}

	static byte[] config() {
		return Dumps.read(Corpus.bytes(CORPUS_NAME)).get(0).configSpace().toByteArray();
	}

	static Layout layout() {
		return ConfigSpaceParser.parse(ConfigSpace.of(config()));
	}

	/**
	 * Its sysfs resource file: BAR0 64K and BAR2 128K of 64-bit prefetchable memory, as
	 * its lspci -vvv in the corpus shows; no other BAR, no ROM.
	 */
	static String resource() {
		return SysfsResource.of(64 * 1024, 0, 128 * 1024);
	}

	/** Its layout with the BAR sizes of {@link #resource()}: a pin that records them. */
	static Layout layoutWithSizes() {
		return ConfigSpaceParser.parse(ConfigSpace.of(config()), ResourceSizes.fromSysfs(resource()));
	}

	/** The same device with its Power Management capability moved to a free offset. */
	static byte[] withPowerManagementAt(int offset) {
		byte[] bytes = config();
		byte[] capability = Arrays.copyOfRange(bytes, POWER_MANAGEMENT, POWER_MANAGEMENT + POWER_MANAGEMENT_LENGTH);
		Arrays.fill(bytes, POWER_MANAGEMENT, POWER_MANAGEMENT + POWER_MANAGEMENT_LENGTH, (byte) 0);
		System.arraycopy(capability, 0, bytes, offset, capability.length);
		// MSI-X's next pointer is the byte after its ID
		bytes[MSI_X + 1] = (byte) offset;
		return bytes;
	}

}
