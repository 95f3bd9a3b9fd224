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
 * @param perUnit what the VMM does with the block's per-unit registers (a pin says it);
 * {@code null} when nothing is said
 */
public record LayoutBlock(Space space, int offset, int id, Integer version, int length, int next, String name,
		Origin origin, Map<String, Object> fields, PerUnit perUnit) {

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
		if (perUnit == PerUnit.HIDDEN && origin != Origin.HIDDEN) {
			throw new IllegalArgumentException("per-unit registers are hidden only with their block");
		}
		if (perUnit != null && origin == Origin.SYNTHESIZED) {
			throw new IllegalArgumentException("a synthesized block has no device registers");
		}
	}

	/** A block whose per-unit registers nobody gave a treatment. */
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

	/**
	 * The capability header's bytes: ID and next pointer, and an extended one's version.
	 */
	public int headerLength() {
		return (this.space == Space.STANDARD) ? 2 : 4;
	}

	public LayoutBlock withOrigin(Origin newOrigin) {
		return new LayoutBlock(this.space, this.offset, this.id, this.version, this.length, this.next, this.name,
				newOrigin, this.fields,
				(newOrigin == Origin.PHYSICAL && this.perUnit == PerUnit.HIDDEN) ? null : this.perUnit);
	}

	public LayoutBlock withNext(int newNext) {
		return new LayoutBlock(this.space, this.offset, this.id, this.version, this.length, newNext, this.name,
				this.origin, this.fields, this.perUnit);
	}

	public LayoutBlock withPerUnit(PerUnit treatment) {
		return new LayoutBlock(this.space, this.offset, this.id, this.version, this.length, this.next, this.name,
				this.origin, this.fields, treatment);
	}

	private static void checkFieldValue(Object value) {
		if (!(value instanceof Long) && !(value instanceof Boolean)) {
			throw new IllegalArgumentException("a field value is an integer or a boolean, not " + value);
		}
	}

}
