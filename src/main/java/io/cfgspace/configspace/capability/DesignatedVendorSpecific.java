package io.cfgspace.configspace.capability;

import static io.cfgspace.configspace.capability.Registers.bits;

/**
 * Designated Vendor-Specific Extended Capability (0x0023): its length is DVSEC Length,
 * bits 31:20 of Header 1 at +4; Header 2 at +8 holds the DVSEC ID.
 */
final class DesignatedVendorSpecific implements CapabilityRule {

	@Override
	public int length(Registers registers, DeviceContext device) {
		return registers.has(4, 4) ? (int) bits(registers.u32(4), 31, 20) : 12;
	}

	@Override
	public void decode(Registers registers, DeviceContext device, Fields fields) {
		if (!registers.has(4, 4)) {
			// a DVSEC Length below 8 ends inside Header 1 itself
			return;
		}
		long header1 = registers.u32(4);
		fields.put("dvsecVendorId", bits(header1, 15, 0))
			.put("dvsecRevision", bits(header1, 19, 16))
			.put("dvsecLength", bits(header1, 31, 20));
		fields.from(4, 0xFFFF_FFFFL);
		if (registers.has(8, 2)) {
			fields.put("dvsecId", registers.u16(8)).from(8, 0xFFFF);
		}
	}

	/**
	 * PCIe 6.0 §7.9.6: the two headers; the vendor defines the rest, so every byte of it
	 * is compared.
	 */
	@Override
	public void registers(Registers registers, DeviceContext device, RegisterTable table) {
		table.identity(0x04, 4, "Designated Vendor-Specific Header 1")
			.identity(0x08, 2, "Designated Vendor-Specific Header 2");
	}

}
