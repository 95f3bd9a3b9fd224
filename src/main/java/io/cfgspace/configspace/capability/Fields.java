package io.cfgspace.configspace.capability;

import java.util.Map;
import java.util.LinkedHashMap;

/**
 * The decoded read-only fields of one capability; the layout block sorts them by name.
 */
public final class Fields {

	private final Map<String, Object> values = new LinkedHashMap<>();

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
