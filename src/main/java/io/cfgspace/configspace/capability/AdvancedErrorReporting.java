package io.cfgspace.configspace.capability;

import static io.cfgspace.configspace.capability.Registers.bit;

/**
 * Advanced Error Reporting (extended 0x0001). vfio sizes it as 0x2C, up to the Root Error
 * Command register. Only the capability bits of the Capabilities and Control register are
 * identity; status, mask, severity and logs are state.
 */
final class AdvancedErrorReporting implements CapabilityRule {

	@Override
	public int length(Registers registers, DeviceContext device) {
		return 0x2C;
	}

	@Override
	public void decode(Registers registers, DeviceContext device, Fields fields) {
		long control = registers.u32(0x18);
		fields.flag("ecrcGenerationCapable", bit(control, 5))
			.flag("ecrcCheckCapable", bit(control, 7))
			.flag("multipleHeaderRecordingCapable", bit(control, 9))
			.flag("completionTimeoutPrefixHeaderLogCapable", bit(control, 12));
	}

}
