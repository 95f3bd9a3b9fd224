package io.cfgspace.layout;

/**
 * What the VMM does with a block's per-unit registers: read-only values that differ
 * between any two physical units of one model, such as the Device Serial Number. Passing
 * one through unchanged means a migrated guest reads another value, so a pin must say
 * which of these it is.
 */
public enum PerUnit {

	/**
	 * The VMM hides the capability (the block is hidden) and shows the guest none of its
	 * registers.
	 */
	HIDDEN("hidden"),
	/** The VMM presents a value of its own, stable for the VM across migrations. */
	SYNTHESIZED("synthesized"),
	/**
	 * Passed through: a declared exemption. The guest may read another value after a
	 * migration, and every verification says so with a warning.
	 */
	EXEMPT("exempt");

	private final String json;

	PerUnit(String json) {
		this.json = json;
	}

	public String json() {
		return this.json;
	}

	public static PerUnit fromJson(String value) {
		for (PerUnit treatment : values()) {
			if (treatment.json.equals(value)) {
				return treatment;
			}
		}
		throw new IllegalArgumentException(
				"unknown per-unit treatment '" + value + "' (hidden, synthesized or exempt)");
	}

}
