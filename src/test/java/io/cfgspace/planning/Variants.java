package io.cfgspace.planning;

import io.cfgspace.configspace.ConfigSpace;
import io.cfgspace.configspace.ConfigSpaceParser;
import io.cfgspace.configspace.Corpus;
import io.cfgspace.configspace.read.Dumps;
import io.cfgspace.layout.Layout;

/**
 * Variants of one device model made from a corpus dump, the way firmware or another host
 * differs: a capability linked into a gap of the extended chain, or a byte no capability
 * holds (a BAR) changed.
 */
public final class Variants {

	private Variants() {
	}

	/** A corpus device's config space (the first device of its dump). */
	public static byte[] corpus(String name) {
		return Dumps.read(Corpus.bytes(name)).get(0).configSpace().toByteArray();
	}

	public static Layout parse(byte[] config) {
		return ConfigSpaceParser.parse(ConfigSpace.of(config));
	}

	public static Layout layout(String name) {
		return parse(corpus(name));
	}

	/**
	 * A copy with an extended capability at a gap, linked in after the one at
	 * {@code previous}: it takes over that capability's next pointer (header bits 31:20).
	 */
	public static byte[] withExtended(byte[] config, int previous, int at, int id, int version, long... dwords) {
		byte[] bytes = config.clone();
		long header = dword(bytes, previous);
		long next = header >>> 20;
		putDword(bytes, previous, (header & 0xFFFFF) | ((long) at << 20));
		putDword(bytes, at, id | ((long) version << 16) | (next << 20));
		for (int i = 0; i < dwords.length; i++) {
			putDword(bytes, at + 4 * (i + 1), dwords[i]);
		}
		return bytes;
	}

	/** A Vendor-Specific Extended capability (0x0B) of {@code length} bytes. */
	public static byte[] withVsec(byte[] config, int previous, int at, int vsecId, int length) {
		return withExtended(config, previous, at, 0x0B, 1, vsecId | (1L << 16) | ((long) length << 20));
	}

	/** A PASID capability (0x1B) with Max PASID Width (bits 12:8) and Execute (bit 1). */
	public static byte[] withPasid(byte[] config, int previous, int at, int maxPasidWidth) {
		return withExtended(config, previous, at, 0x1B, 1, (maxPasidWidth << 8) | 0x2);
	}

	/** A copy with one byte changed, e.g. a BAR: another host, the same layout. */
	public static byte[] withByte(byte[] config, int offset, int value) {
		byte[] bytes = config.clone();
		bytes[offset] = (byte) value;
		return bytes;
	}

	private static long dword(byte[] bytes, int at) {
		return (bytes[at] & 0xFFL) | (bytes[at + 1] & 0xFFL) << 8 | (bytes[at + 2] & 0xFFL) << 16
				| (bytes[at + 3] & 0xFFL) << 24;
	}

	private static void putDword(byte[] bytes, int at, long value) {
		for (int b = 0; b < 4; b++) {
			bytes[at + b] = (byte) (value >>> (8 * b));
		}
	}

}
