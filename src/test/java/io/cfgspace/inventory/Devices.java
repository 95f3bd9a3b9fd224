package io.cfgspace.inventory;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.cfgspace.configspace.ConfigSpace;
import io.cfgspace.configspace.ConfigSpaceParser;
import io.cfgspace.configspace.Corpus;
import io.cfgspace.configspace.read.Dumps;
import io.cfgspace.inventory.core.Host;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutBlock;
import io.cfgspace.layout.LayoutComposer;
import io.cfgspace.layout.Origin;
import io.cfgspace.layout.Space;

/**
 * Host devices built from corpus dumps: the Intel Skylake iGPU (PASID at 0x100, ATS at
 * 0x200, PRI at 0x300; 0xff8 free for a synthesized PASID) and the Intel DSA, each under
 * a test's own device ID, as shipped or with a capability moved by other firmware.
 */
public final class Devices {

	public static final String SKYLAKE = "intel-skylake-gt2-igpu";

	public static final String DSA = "intel-dsa-spr-rciep";

	public static final int SYNTHESIZED_PASID = 0xFF8;

	private Devices() {
	}

	/** The corpus device's 4096 bytes, under vendor 8086 and this device ID. */
	public static byte[] config(String corpusName, int deviceId) {
		byte[] bytes = Dumps.read(Corpus.bytes(corpusName)).get(0).configSpace().toByteArray();
		bytes[0] = (byte) 0x86;
		bytes[1] = (byte) 0x80;
		bytes[2] = (byte) deviceId;
		bytes[3] = (byte) (deviceId >> 8);
		return bytes;
	}

	/** The Skylake iGPU with its Page Request Interface moved from 0x300 to 0x400. */
	public static byte[] skylakeWithMovedPri(int deviceId) {
		byte[] bytes = config(SKYLAKE, deviceId);
		return move(bytes, 0x200, 0x300, 0x400, 16);
	}

	/** The DSA with Latency Tolerance Reporting at 0x1a0 instead of 0x150. */
	public static byte[] dsaWithMovedLtr(int deviceId) {
		byte[] bytes = config(DSA, deviceId);
		return move(bytes, 0x100, 0x150, 0x1A0, 8);
	}

	/**
	 * Moves the extended capability at {@code from} to {@code to}, relinking it from the
	 * capability at {@code previous} (next pointer: bits 31:20 of its header).
	 */
	private static byte[] move(byte[] bytes, int previous, int from, int to, int length) {
		System.arraycopy(bytes, from, bytes, to, length);
		Arrays.fill(bytes, from, from + length, (byte) 0);
		bytes[previous + 2] = (byte) ((bytes[previous + 2] & 0x0F) | ((to & 0x0F) << 4));
		bytes[previous + 3] = (byte) (to >> 4);
		return bytes;
	}

	public static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(bytes);
	}

	public static Layout layout(byte[] bytes) {
		return ConfigSpaceParser.parse(Dumps.read(bytes).get(0).configSpace());
	}

	public static ConfigSpace configSpace(byte[] bytes) {
		return Dumps.read(bytes).get(0).configSpace();
	}

	/** A synthesized PASID at 0xff8 claiming this many PASID bits. */
	public static LayoutBlock synthesizedPasid(long width) {
		return new LayoutBlock(Space.EXTENDED, SYNTHESIZED_PASID, 0x1B, 1, 8, 0, "Process Address Space ID (PASID)",
				Origin.SYNTHESIZED,
				Map.of("maxPasidWidth", width, "executePermissionSupported", false, "privilegedModeSupported", false));
	}

	/**
	 * The device's physical layout with a synthesized PASID at 0xff8: what a pin holds.
	 */
	public static Layout pinWithPasid(byte[] bytes, long width) {
		return LayoutComposer.compose(layout(bytes), List.of(), List.of(synthesizedPasid(width)));
	}

	/** A synthesized PASID at 0xff8 as a pin request names it. */
	public static Map<String, Object> pasidRequest(long width) {
		return Map.of("space", "extended", "offset", (long) SYNTHESIZED_PASID, "id", 0x1BL, "version", 1L, "length", 8L,
				"fields",
				Map.of("maxPasidWidth", width, "executePermissionSupported", false, "privilegedModeSupported", false));
	}

}
