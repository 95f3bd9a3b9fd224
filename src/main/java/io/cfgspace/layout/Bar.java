package io.cfgspace.layout;

import java.util.Objects;

/**
 * A base address register, the expansion ROM, or an SR-IOV VF BAR, as a guest driver sees
 * it when it sizes the device: the type comes from the register's read-only bits, the
 * size from the kernel (sysfs {@code resource}) or from lspci's {@code -v} lines, since
 * no dump shows it.
 *
 * @param resource which register
 * @param type memory (32- or 64-bit), I/O, or the expansion ROM
 * @param prefetchable whether a memory BAR is prefetchable
 * @param size the bytes it decodes (0: not implemented), or {@code null} when unknown
 */
public record Bar(Resource resource, Type type, boolean prefetchable, Long size) {

	public Bar {
		Objects.requireNonNull(resource, "resource");
		Objects.requireNonNull(type, "type");
		if (size != null && size < 0) {
			throw new IllegalArgumentException("a size is not negative");
		}
		if (prefetchable && type != Type.MEMORY32 && type != Type.MEMORY64) {
			throw new IllegalArgumentException("only a memory BAR is prefetchable");
		}
		if ((type == Type.ROM) != (resource == Resource.ROM)) {
			throw new IllegalArgumentException("the expansion ROM, and only it, has the type rom");
		}
	}

	public boolean sizeKnown() {
		return this.size != null;
	}

	public Bar withSize(Long newSize) {
		return new Bar(this.resource, this.type, this.prefetchable, newSize);
	}

	/** The registers a guest sizes, named as the kernel numbers its resources. */
	public enum Resource {

		BAR0("bar0"), BAR1("bar1"), BAR2("bar2"), BAR3("bar3"), BAR4("bar4"), BAR5("bar5"), ROM("rom"),
		VF_BAR0("vf-bar0"), VF_BAR1("vf-bar1"), VF_BAR2("vf-bar2"), VF_BAR3("vf-bar3"), VF_BAR4("vf-bar4"),
		VF_BAR5("vf-bar5");

		private final String json;

		Resource(String json) {
			this.json = json;
		}

		public String json() {
			return this.json;
		}

		/** BAR {@code index} (0..5) of the function. */
		public static Resource bar(int index) {
			return values()[index];
		}

		/** VF BAR {@code index} (0..5) of an SR-IOV capability. */
		public static Resource vfBar(int index) {
			return values()[VF_BAR0.ordinal() + index];
		}

		public static Resource fromJson(String value) {
			for (Resource resource : values()) {
				if (resource.json.equals(value)) {
					return resource;
				}
			}
			throw new IllegalArgumentException("unknown resource '" + value + "' (bar0..bar5, rom, vf-bar0..vf-bar5)");
		}

	}

	/** What a BAR decodes, from its low read-only bits. */
	public enum Type {

		MEMORY32("memory32"), MEMORY64("memory64"), IO("io"), ROM("rom");

		private final String json;

		Type(String json) {
			this.json = json;
		}

		public String json() {
			return this.json;
		}

		public static Type fromJson(String value) {
			for (Type type : values()) {
				if (type.json.equals(value)) {
					return type;
				}
			}
			throw new IllegalArgumentException("unknown BAR type '" + value + "' (memory32, memory64, io or rom)");
		}

	}

}
