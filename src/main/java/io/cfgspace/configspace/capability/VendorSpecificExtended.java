package io.cfgspace.configspace.capability;

import static io.cfgspace.configspace.capability.Registers.bits;

/**
 * Vendor-Specific Extended Capability (0x000B): its length is VSEC Length, bits 31:20 at
 * +4.
 */
final class VendorSpecificExtended implements CapabilityRule {

	@Override
	public int length(Registers registers, DeviceContext device) {
		return registers.has(4, 4) ? (int) bits(registers.u32(4), 31, 20) : 8;
	}

	@Override
	public void decode(Registers registers, DeviceContext device, Fields fields) {
		if (!registers.has(4, 4)) {
			// a VSEC Length below 8 ends inside the VSEC header itself
			return;
		}
		long header = registers.u32(4);
		fields.put("vsecId", bits(header, 15, 0))
			.put("vsecRevision", bits(header, 19, 16))
			.put("vsecLength", bits(header, 31, 20))
			.from(4, 0xFFFF_FFFFL);
	}

	/**
	 * PCIe 6.0 §7.9.5: the Vendor-Specific Header; the vendor defines the rest, so every
	 * byte of it is compared.
	 */
	@Override
	public void registers(Registers registers, DeviceContext device, RegisterTable table) {
		table.identity(0x04, 4, "Vendor-Specific Header");
	}

}
