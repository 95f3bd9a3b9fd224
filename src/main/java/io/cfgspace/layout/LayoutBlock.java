package io.cfgspace.layout;

import java.util.Map;
import java.util.Objects;

/**
 * One capability structure at its place in config space.
 *
 * @param space standard or extended list
 * @param offset byte offset of the capability header
 * @param id capability ID (8 bits standard, 16 bits extended)
 * @param version capability version (extended only; {@code null} for standard)
 * @param length bytes the structure occupies, by the rule of its capability ID
 * @param next the next pointer as the chain links it (0 ends the chain)
 * @param name the name lspci prints for this ID, without decoded details
 * @param origin physical, synthesized or hidden
 * @param fields decoded read-only capability fields, by name; values are {@link Long} or
 * {@link Boolean}
 * @param compare the bytes the pin declares comparable through a mask, for a capability
 * the core cannot decode; {@code null} for none
 */
public record LayoutBlock(Space space, int offset, int id, Integer version, int length, int next, String name,
		Origin origin, Map<String, Object> fields, ByteMask compare) {

	public LayoutBlock {
		Objects.requireNonNull(space, "space");
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(origin, "origin");
		if ((space == Space.EXTENDED) != (version != null)) {
			throw new IllegalArgumentException("a version belongs to extended capabilities only");
		}
		if (!(fields instanceof FieldMap)) {
			fields.values().forEach(LayoutBlock::checkFieldValue);
		}
		fields = FieldMap.copyOf(fields);
		if (compare != null) {
			if (compare.length() > length) {
				throw new IllegalArgumentException(
						"the compared bytes (" + compare.length() + ") run past the block's " + length + " bytes");
			}
			// the VMM builds a synthesized block's bytes; no dump of the device shows
			// them
			if (origin == Origin.SYNTHESIZED) {
				throw new IllegalArgumentException("a synthesized block has no device bytes to compare");
			}
		}
	}

	/** A block without compared bytes. */
	public LayoutBlock(Space space, int offset, int id, Integer version, int length, int next, String name,
			Origin origin, Map<String, Object> fields) {
		this(space, offset, id, version, length, next, name, origin, fields, null);
	}

	/** First offset past this block. */
	public int end() {
		return this.offset + this.length;
	}

	public boolean overlaps(LayoutBlock other) {
		return this.offset < other.end() && other.offset < end();
	}

	public LayoutBlock withOrigin(Origin newOrigin) {
		return new LayoutBlock(this.space, this.offset, this.id, this.version, this.length, this.next, this.name,
				newOrigin, this.fields, this.compare);
	}

	public LayoutBlock withNext(int newNext) {
		return new LayoutBlock(this.space, this.offset, this.id, this.version, this.length, newNext, this.name,
				this.origin, this.fields, this.compare);
	}

	public LayoutBlock withCompare(ByteMask newCompare) {
		return new LayoutBlock(this.space, this.offset, this.id, this.version, this.length, this.next, this.name,
				this.origin, this.fields, newCompare);
	}

	private static void checkFieldValue(Object value) {
		if (!(value instanceof Long) && !(value instanceof Boolean)) {
			throw new IllegalArgumentException("a field value is an integer or a boolean, not " + value);
		}
	}

}
