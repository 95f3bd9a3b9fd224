package io.cfgspace.configspace.capability;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The decoded read-only fields of one capability, and the bits they come from. A verdict
 * compares decoded fields by name and every other read-only bit byte by byte, so the bits
 * a decoder reads are reported once, by the field's name.
 */
public final class Fields {

	private final Map<String, Object> values = new LinkedHashMap<>();

	private final List<Source> sources = new ArrayList<>();

	public Fields put(String name, long value) {
		this.values.put(name, value);
		return this;
	}

	public Fields flag(String name, boolean value) {
		this.values.put(name, value);
		return this;
	}

	/**
	 * Says that fields come from these bits of the register at {@code offset}
	 * (little-endian, up to 8 bytes): every change of one of them changes a field.
	 */
	public Fields from(int offset, long bits) {
		this.sources.add(new Source(offset, bits));
		return this;
	}

	public Map<String, Object> toMap() {
		return this.values;
	}

	public List<Source> sources() {
		return List.copyOf(this.sources);
	}

	/**
	 * Bits that decoded fields come from.
	 *
	 * @param offset the register's offset from the capability header
	 * @param bits the bits, as the little-endian register value shows them
	 */
	public record Source(int offset, long bits) {

		/** The bits at byte {@code offset + index}. */
		public int bitsAt(int index) {
			return (int) (this.bits >>> (8 * index)) & 0xFF;
		}

	}

}
