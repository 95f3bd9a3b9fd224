package io.cfgspace.configspace.capability;

/**
 * How long one kind of capability structure is, and which of its read-only fields
 * identify the device. Lengths follow the Linux vfio-pci driver where it sizes a
 * capability ({@code pci_cap_length}, {@code pci_ext_cap_length} and its variable-length
 * rules) and the spec's register maps where vfio hides the capability instead: a hidden
 * capability still occupies its bytes on the physical device.
 */
public interface CapabilityRule {

	/**
	 * The length is not known from the spec (an ID nobody defines, or one we cannot
	 * size): the block then reaches to the next capability or the end of its space, so
	 * that no synthesized block is ever placed over its registers.
	 */
	int BOUNDED = -1;

	/** The length in bytes, or {@link #BOUNDED}. */
	int length(Registers registers, DeviceContext device);

	/**
	 * Adds the capability's read-only identity fields, and the bits they come from; by
	 * default there are none.
	 */
	default void decode(Registers registers, DeviceContext device, Fields fields) {
	}

	/**
	 * Adds the structure's registers as the spec's register map names them, each with its
	 * state bits (see {@link RegisterTable}). A table may name registers past
	 * {@link #length}, where the spec's structure is longer than the length vfio gives
	 * it; they count where no other capability starts first. Without a table, every byte
	 * of the structure is compared: the right default for a vendor-specific structure,
	 * whose meaning nobody outside the vendor knows.
	 *
	 * <p>
	 * A table must depend only on read-only bits: it is read again from a pin's recorded
	 * bytes, whose state bits are cleared.
	 */
	default void registers(Registers registers, DeviceContext device, RegisterTable table) {
	}

	/** A rule of a length and a register table. */
	static CapabilityRule of(CapabilityRule length, Table table) {
		return new CapabilityRule() {

			@Override
			public int length(Registers registers, DeviceContext device) {
				return length.length(registers, device);
			}

			@Override
			public void registers(Registers registers, DeviceContext device, RegisterTable into) {
				table.registers(registers, device, into);
			}

		};
	}

	/** A register table alone, for rules made with {@link #of}. */
	@FunctionalInterface
	interface Table {

		void registers(Registers registers, DeviceContext device, RegisterTable table);

	}

	static CapabilityRule fixed(int length) {
		return (registers, device) -> length;
	}

}
