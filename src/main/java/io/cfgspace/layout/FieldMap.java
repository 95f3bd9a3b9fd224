package io.cfgspace.layout;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The decoded fields of a block: an immutable map, iterated in key order (the canonical
 * order). Blocks are copied on every re-link while layouts are composed and verified, so
 * a map that is already a {@code FieldMap} is shared instead of copied.
 */
final class FieldMap extends AbstractMap<String, Object> {

	private static final FieldMap EMPTY = new FieldMap(new String[0], new Object[0]);

	private final String[] keys;

	private final Object[] values;

	private FieldMap(String[] keys, Object[] values) {
		this.keys = keys;
		this.values = values;
	}

	static FieldMap copyOf(Map<String, Object> fields) {
		if (fields instanceof FieldMap map) {
			return map;
		}
		if (fields.isEmpty()) {
			return EMPTY;
		}
		String[] keys = fields.keySet().toArray(new String[0]);
		Arrays.sort(keys);
		Object[] values = new Object[keys.length];
		for (int i = 0; i < keys.length; i++) {
			values[i] = fields.get(keys[i]);
		}
		return new FieldMap(keys, values);
	}

	String key(int index) {
		return this.keys[index];
	}

	Object value(int index) {
		return this.values[index];
	}

	/** Two field maps are compared on every verification: without an entry per field. */
	@Override
	public boolean equals(Object other) {
		if (other instanceof FieldMap that) {
			return Arrays.equals(this.keys, that.keys) && Arrays.equals(this.values, that.values);
		}
		return super.equals(other);
	}

	@Override
	public int hashCode() {
		return super.hashCode();
	}

	@Override
	public Object get(Object key) {
		if (!(key instanceof String name)) {
			return null;
		}
		int index = Arrays.binarySearch(this.keys, name);
		return (index >= 0) ? this.values[index] : null;
	}

	@Override
	public boolean containsKey(Object key) {
		return (key instanceof String name) && Arrays.binarySearch(this.keys, name) >= 0;
	}

	@Override
	public int size() {
		return this.keys.length;
	}

	@Override
	public Set<Entry<String, Object>> entrySet() {
		return new AbstractSet<>() {

			@Override
			public Iterator<Entry<String, Object>> iterator() {
				return new Iterator<>() {

					private int next;

					@Override
					public boolean hasNext() {
						return this.next < FieldMap.this.keys.length;
					}

					@Override
					public Entry<String, Object> next() {
						if (!hasNext()) {
							throw new NoSuchElementException();
						}
						int at = this.next++;
						return new SimpleImmutableEntry<>(FieldMap.this.keys[at], FieldMap.this.values[at]);
					}

				};
			}

			@Override
			public int size() {
				return FieldMap.this.keys.length;
			}

		};
	}

}
