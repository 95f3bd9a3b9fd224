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

	/** Adds the capability's read-only identity fields; by default there are none. */
	default void decode(Registers registers, DeviceContext device, Fields fields) {
	}

	static CapabilityRule fixed(int length) {
		return (registers, device) -> length;
	}

}
