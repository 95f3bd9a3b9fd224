package io.cfgspace.configspace.capability;

import java.util.Map;
import java.util.TreeMap;

/**
 * The decoded read-only fields of one capability, sorted by name as the canonical form
 * wants them.
 */
public final class Fields {

	private final Map<String, Object> values = new TreeMap<>();

	public Fields put(String name, long value) {
		this.values.put(name, value);
		return this;
	}

	public Fields flag(String name, boolean value) {
		this.values.put(name, value);
		return this;
	}

	public Map<String, Object> toMap() {
		return this.values;
	}

}
