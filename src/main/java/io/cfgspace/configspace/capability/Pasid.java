package io.cfgspace.configspace.capability;

import static io.cfgspace.configspace.capability.Registers.bit;
import static io.cfgspace.configspace.capability.Registers.bits;

/**
 * Process Address Space ID (extended 0x001B): 8 bytes. The capability register at +4 is
 * identity; the control register at +6 is state. vfio hides this capability from the
 * guest, which is why VMMs synthesize one.
 */
final class Pasid implements CapabilityRule {

	@Override
	public int length(Registers registers, DeviceContext device) {
		return 8;
	}

	@Override
	public void decode(Registers registers, DeviceContext device, Fields fields) {
		int capability = registers.u16(4);
		fields.flag("executePermissionSupported", bit(capability, 1))
			.flag("privilegedModeSupported", bit(capability, 2))
			.put("maxPasidWidth", bits(capability, 12, 8))
			.from(4, 0x1F06);
	}

	@Override
	public void registers(Registers registers, DeviceContext device, RegisterTable table) {
		// PCIe 6.0 §7.8.8.2 PASID Capability Register: RO; §7.8.8.3 PASID Control
		// Register: RW
		table.identity(0x04, 2, "PASID Capability").state(0x06, 2, "PASID Control");
	}

}
