package io.cfgspace.configspace.capability;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A decoded field as people read it: a whole register in hex, the way lspci and the spec
 * show it, with the bits this catalog knows decoded beside it; counts, sizes and versions
 * stay decimal. For pages and messages only; the JSON keeps the numbers.
 */
public final class FieldText {

	/** Fields holding a whole 32-bit register (or a bit map of one). */
	private static final Set<String> REGISTERS = Set.of("deviceCapabilities", "deviceCapabilities2", "linkCapabilities",
			"linkCapabilities2", "slotCapabilities", "acsCapabilities", "sriovCapabilities", "supportedPageSizes",
			"tableOffset", "pbaOffset");

	private static final Pattern REBAR_SIZES = Pattern.compile("bar\\d+SupportedSizes");

	/** Fields holding a 16-bit ID. */
	private static final Set<String> IDS = Set.of("dvsecVendorId", "dvsecId", "vsecId", "vfDeviceId");

	/**
	 * Endpoint L0s and L1 acceptable latencies, Device Capabilities bits 8:6 and 11:9.
	 */
	private static final String[] L0S_ACCEPTABLE = { "<64ns", "<128ns", "<256ns", "<512ns", "<1us", "<2us", "<4us",
			"unlimited" };

	private static final String[] L1_ACCEPTABLE = { "<1us", "<2us", "<4us", "<8us", "<16us", "<32us", "<64us",
			"unlimited" };

	/** Link L0s and L1 exit latencies, Link Capabilities bits 14:12 and 17:15. */
	private static final String[] L0S_EXIT = { "<64ns", "<128ns", "<256ns", "<512ns", "<1us", "<2us", "<4us", ">4us" };

	private static final String[] L1_EXIT = { "<1us", "<2us", "<4us", "<8us", "<16us", "<32us", "<64us", ">64us" };

	private static final String[] LINK_SPEEDS = { "unknown", "2.5GT/s", "5GT/s", "8GT/s", "16GT/s", "32GT/s",
			"64GT/s" };

	private static final String[] ASPM = { "not supported", "L0s", "L1", "L0s L1" };

	private FieldText() {
	}

	/**
	 * The value of a decoded field, e.g. {@code 0x10008022 (MaxPayload 512 bytes, ...)}.
	 */
	public static String of(String field, Object value) {
		if (!(value instanceof Number number)) {
			return String.valueOf(value);
		}
		long bits = number.longValue();
		if (IDS.contains(field)) {
			return String.format("0x%04x", bits);
		}
		if (!REGISTERS.contains(field) && !REBAR_SIZES.matcher(field).matches()) {
			return String.valueOf(value);
		}
		String hex = String.format("0x%08x", bits);
		String decoded = switch (field) {
			case "deviceCapabilities" -> deviceCapabilities(bits);
			case "deviceCapabilities2" -> deviceCapabilities2(bits);
			case "linkCapabilities" -> linkCapabilities(bits);
			default -> "";
		};
		return decoded.isEmpty() ? hex : hex + " (" + decoded + ")";
	}

	/** PCIe Device Capabilities (Express capability +0x04). */
	static String deviceCapabilities(long bits) {
		List<String> parts = new ArrayList<>();
		parts.add("MaxPayload " + (128L << field(bits, 2, 0)) + " bytes");
		parts.add("PhantFunc " + field(bits, 4, 3));
		parts.add("Latency L0s " + L0S_ACCEPTABLE[(int) field(bits, 8, 6)] + ", L1 "
				+ L1_ACCEPTABLE[(int) field(bits, 11, 9)]);
		parts.add("ExtTag" + flag(bits, 5) + " AttnBtn" + flag(bits, 12) + " AttnInd" + flag(bits, 13) + " PwrInd"
				+ flag(bits, 14) + " RBE" + flag(bits, 15) + " FLReset" + flag(bits, 28));
		return String.join(", ", parts);
	}

	/** PCIe Device Capabilities 2 (Express capability +0x24). */
	static String deviceCapabilities2(long bits) {
		return "CmpltTO ranges " + Long.toHexString(field(bits, 3, 0)) + ", TO-Dis" + flag(bits, 4) + " ARIFwd"
				+ flag(bits, 5) + " AtomicOpsCap 32bit" + flag(bits, 7) + " 64bit" + flag(bits, 8) + " 128bitCAS"
				+ flag(bits, 9) + " LTR" + flag(bits, 11) + " TPHComp" + flag(bits, 12) + " ExtTPHComp" + flag(bits, 13)
				+ " ExtFmt" + flag(bits, 20) + " EETLPPrefix" + flag(bits, 21);
	}

	/** PCIe Link Capabilities (Express capability +0x0C). */
	static String linkCapabilities(long bits) {
		int speed = (int) field(bits, 3, 0);
		String speedText = (speed < LINK_SPEEDS.length) ? LINK_SPEEDS[speed] : "unknown (" + speed + ")";
		return "Port #" + field(bits, 31, 24) + ", Speed " + speedText + ", Width x" + field(bits, 9, 4) + ", ASPM "
				+ ASPM[(int) field(bits, 11, 10)] + ", Exit Latency L0s " + L0S_EXIT[(int) field(bits, 14, 12)]
				+ ", L1 " + L1_EXIT[(int) field(bits, 17, 15)] + ", ClockPM" + flag(bits, 18) + " Surprise"
				+ flag(bits, 19) + " LLActRep" + flag(bits, 20) + " BwNot" + flag(bits, 21) + " ASPMOptComp"
				+ flag(bits, 22);
	}

	private static long field(long bits, int high, int low) {
		return (bits >>> low) & ((1L << (high - low + 1)) - 1);
	}

	private static String flag(long bits, int bit) {
		return (((bits >>> bit) & 1) != 0) ? "+" : "-";
	}

}
