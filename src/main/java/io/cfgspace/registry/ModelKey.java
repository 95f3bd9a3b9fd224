package io.cfgspace.registry;

import java.util.regex.Pattern;

import io.cfgspace.layout.Identity;
import io.cfgspace.system.BadRequest;

/**
 * Names a device model by the identity a host can read off the device, most general
 * first: {@code vvvv:dddd} (vendor and device ID), then optionally {@code :ssss:ssss}
 * (subsystem vendor and device), {@code :rRR} (revision) and {@code @variant} (a label
 * such as {@code pf}, {@code vf} or a firmware line). Examples: {@code 8086:0b25},
 * {@code 15b3:101d:15b3:0047:r00@pf}.
 */
public record ModelKey(int vendorId, int deviceId, Integer subsystemVendorId, Integer subsystemId, Integer revisionId,
		String variant) {

	private static final Pattern VARIANT = Pattern.compile("[a-z0-9][a-z0-9._-]{0,39}");

	private static final Pattern HEX4 = Pattern.compile("[0-9a-fA-F]{4}");

	public ModelKey {
		check(vendorId >= 0 && vendorId <= 0xFFFF, "vendorId must be 0..65535");
		check(deviceId >= 0 && deviceId <= 0xFFFF, "deviceId must be 0..65535");
		check((subsystemVendorId == null) == (subsystemId == null), "subsystemVendorId and subsystemId come together");
		check(subsystemVendorId == null || (subsystemVendorId >= 0 && subsystemVendorId <= 0xFFFF),
				"subsystemVendorId must be 0..65535");
		check(subsystemId == null || (subsystemId >= 0 && subsystemId <= 0xFFFF), "subsystemId must be 0..65535");
		check(revisionId == null || (revisionId >= 0 && revisionId <= 0xFF), "revisionId must be 0..255");
		check(variant == null || VARIANT.matcher(variant).matches(),
				"variant must be 1 to 40 of a-z 0-9 . _ - starting with a letter or digit");
	}

	public static ModelKey parse(String text) {
		String rest = text;
		String variant = null;
		int at = text.indexOf('@');
		if (at >= 0) {
			variant = text.substring(at + 1);
			rest = text.substring(0, at);
		}
		String[] parts = rest.split(":", -1);
		boolean revision = parts.length % 2 == 1 && parts[parts.length - 1].startsWith("r");
		int ids = revision ? parts.length - 1 : parts.length;
		if (ids != 2 && ids != 4) {
			throw invalid(text);
		}
		for (int i = 0; i < ids; i++) {
			if (!HEX4.matcher(parts[i]).matches()) {
				throw invalid(text);
			}
		}
		Integer revisionId = null;
		if (revision) {
			String digits = parts[parts.length - 1].substring(1);
			if (!digits.matches("[0-9a-fA-F]{2}")) {
				throw invalid(text);
			}
			revisionId = Integer.parseInt(digits, 16);
		}
		return new ModelKey(hex(parts[0]), hex(parts[1]), (ids == 4) ? hex(parts[2]) : null,
				(ids == 4) ? hex(parts[3]) : null, revisionId, variant);
	}

	/**
	 * Whether a device with this identity belongs to the model (unset parts match
	 * anything).
	 */
	public boolean matches(Identity identity) {
		return matches(ModelMatch.Device.of(identity, null));
	}

	/** {@link #matches(Identity)} for what a host reported of a device. */
	boolean matches(ModelMatch.Device device) {
		return device.vendorId() == this.vendorId && device.deviceId() == this.deviceId
				&& (this.subsystemVendorId == null || (this.subsystemVendorId.equals(device.subsystemVendorId())
						&& this.subsystemId.equals(device.subsystemId())))
				&& (this.revisionId == null || this.revisionId == device.revisionId());
	}

	/** How many optional parts the key pins down: the most specific match wins. */
	public int specificity() {
		return ((this.subsystemVendorId != null) ? 2 : 0) + ((this.revisionId != null) ? 1 : 0);
	}

	@Override
	public String toString() {
		// on every verification's path: no String.format
		StringBuilder key = new StringBuilder(40);
		hex(key, this.vendorId, 4).append(':');
		hex(key, this.deviceId, 4);
		if (this.subsystemVendorId != null) {
			hex(key.append(':'), this.subsystemVendorId, 4).append(':');
			hex(key, this.subsystemId, 4);
		}
		if (this.revisionId != null) {
			hex(key.append(":r"), this.revisionId, 2);
		}
		if (this.variant != null) {
			key.append('@').append(this.variant);
		}
		return key.toString();
	}

	private static StringBuilder hex(StringBuilder out, int value, int digits) {
		String text = Integer.toHexString(value);
		for (int i = text.length(); i < digits; i++) {
			out.append('0');
		}
		return out.append(text);
	}

	private static int hex(String digits) {
		return Integer.parseInt(digits, 16);
	}

	private static BadRequest invalid(String text) {
		return new BadRequest("invalid-model-key", "Invalid model key", "'" + text
				+ "' is not a model key: expected vvvv:dddd[:ssss:ssss][:rRR][@variant], e.g. 8086:0b25 or 15b3:101d:15b3:0047:r00@pf");
	}

	private static void check(boolean condition, String message) {
		if (!condition) {
			throw new BadRequest("invalid-model-key", "Invalid model key", message);
		}
	}

}
