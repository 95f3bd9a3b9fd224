package io.cfgspace.layout;

/**
 * Where a block of a guest-visible layout comes from.
 */
public enum Origin {

	/** Copied from the physical device's own config space. */
	PHYSICAL("physical"),
	/** Built by the VMM (e.g. a virtual PASID capability placed into a gap). */
	SYNTHESIZED("synthesized"),
	/**
	 * Present on the physical device but hidden from the guest; its bytes still occupy
	 * config space (vfio leaves hidden capabilities in place).
	 */
	HIDDEN("hidden");

	private final String json;

	Origin(String json) {
		this.json = json;
	}

	public String json() {
		return this.json;
	}

	public static Origin fromJson(String value) {
		for (Origin origin : values()) {
			if (origin.json.equals(value)) {
				return origin;
			}
		}
		throw new IllegalArgumentException("unknown origin '" + value + "' (physical, synthesized or hidden)");
	}

}
