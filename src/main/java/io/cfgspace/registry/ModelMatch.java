package io.cfgspace.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import io.cfgspace.layout.Identity;

/**
 * Which device model a device belongs to, by the identity read off it and the variant its
 * host named: the most specific matching key wins. A device no key matches, or several
 * match equally well, is unmodelled, and the reason says which so that an operator knows
 * whether to create a model or to make the host name the variant.
 */
public sealed interface ModelMatch {

	/**
	 * What a model key can name of a device, and the variant its host named (or null).
	 */
	record Device(int vendorId, int deviceId, Integer subsystemVendorId, Integer subsystemId, int revisionId,
			String variant) {

		public static Device of(Identity identity, String variant) {
			return new Device(identity.vendorId(), identity.deviceId(), identity.subsystemVendorId(),
					identity.subsystemId(), identity.revisionId(), variant);
		}

	}

	/** The model, or null when the device is unmodelled. */
	ModelKey key();

	/** Why the device is unmodelled, or null when it has a model. */
	String unmodelledReason();

	/** The one model the device belongs to. */
	record Model(ModelKey key) implements ModelMatch {

		@Override
		public String unmodelledReason() {
			return null;
		}

	}

	/** No model of the device's vendor and device ID covers the rest of its identity. */
	record NoModel(Device device) implements ModelMatch {

		/**
		 * "no device model for 8086:0b25 subsystem 8086:0000 revision 01"; V18 writes the
		 * same words.
		 */
		@Override
		public ModelKey key() {
			return null;
		}

		@Override
		public String unmodelledReason() {
			StringBuilder text = new StringBuilder("no device model for ").append(hex(this.device.vendorId(), 4))
				.append(':')
				.append(hex(this.device.deviceId(), 4));
			if (this.device.subsystemVendorId() != null) {
				text.append(" subsystem ")
					.append(hex(this.device.subsystemVendorId(), 4))
					.append(':')
					.append(hex(this.device.subsystemId(), 4));
			}
			text.append(" revision ").append(hex(this.device.revisionId(), 2));
			if (this.device.variant() != null) {
				text.append(" with variant ").append(this.device.variant());
			}
			return text.toString();
		}

	}

	/**
	 * Several models match equally well: only keys that differ in their variant can, so
	 * the host named none.
	 */
	record Ambiguous(List<ModelKey> keys) implements ModelMatch {

		public Ambiguous {
			keys = List.copyOf(keys);
		}

		@Override
		public ModelKey key() {
			return null;
		}

		@Override
		public String unmodelledReason() {
			return "matches " + this.keys.size() + " device models equally well: "
					+ String.join(", ", this.keys.stream().map(ModelKey::toString).toList())
					+ "; report the device's variant to choose one";
		}

	}

	static ModelMatch of(Device device, Collection<ModelKey> keys) {
		List<ModelKey> candidates = new ArrayList<>();
		for (ModelKey key : keys) {
			if (key.matches(device) && (device.variant() == null || device.variant().equals(key.variant()))) {
				candidates.add(key);
			}
		}
		if (candidates.isEmpty()) {
			return new NoModel(device);
		}
		int best = candidates.stream().mapToInt(ModelKey::specificity).max().getAsInt();
		List<ModelKey> winners = candidates.stream()
			.filter((key) -> key.specificity() == best)
			.sorted(Comparator.comparing(ModelKey::toString))
			.toList();
		return (winners.size() == 1) ? new Model(winners.get(0)) : new Ambiguous(winners);
	}

	private static String hex(int value, int digits) {
		String text = Integer.toHexString(value);
		return "0".repeat(Math.max(0, digits - text.length())) + text;
	}

}
