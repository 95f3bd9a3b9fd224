package io.cfgspace.layout;

/**
 * How much of config space a dump captured, so that "not captured" is never read as
 * "absent": a 256-byte dump says nothing about extended capabilities.
 *
 * @param bytes number of config-space bytes the dump holds (64, 256 or 4096)
 * @param standard whether the standard capability list could be read
 * @param extended whether the extended capability list could be read
 */
public record Coverage(int bytes, Extent standard, Extent extended) {

	public enum Extent {

		/** Read in full: the blocks listed are all there are. */
		CAPTURED("captured"),
		/** Not in the dump: nothing is known, including whether blocks exist. */
		UNKNOWN("unknown"),
		/**
		 * The device cannot have this space (extended capabilities need PCIe or PCI-X).
		 */
		NOT_APPLICABLE("not-applicable");

		private final String json;

		Extent(String json) {
			this.json = json;
		}

		public String json() {
			return this.json;
		}

		public static Extent fromJson(String value) {
			for (Extent extent : values()) {
				if (extent.json.equals(value)) {
					return extent;
				}
			}
			throw new IllegalArgumentException(
					"unknown coverage '" + value + "' (captured, unknown or not-applicable)");
		}

	}

}
