package io.cfgspace.configspace.capability;

import static io.cfgspace.configspace.capability.Registers.bit;

/**
 * Advanced Error Reporting (extended 0x0001). vfio sizes it as 0x2C, up to the Root Error
 * Command register. Only the capability bits of the Capabilities and Control register are
 * identity; status, mask, severity and logs are state.
 */
final class AdvancedErrorReporting implements CapabilityRule {

	/**
	 * ECRC Generation Capable (5), ECRC Check Capable (7), Multiple Header Recording
	 * Capable (9), Completion Timeout Prefix/Header Log Capable (12).
	 */
	private static final long CAPABLE = 0x12A0L;

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
			.flag("completionTimeoutPrefixHeaderLogCapable", bit(control, 12))
			.from(0x18, CAPABLE);
	}

	/**
	 * PCIe 6.0 §7.8.4. The status, mask and severity registers are RW1CS and RWS; the
	 * logs are ROS. A root port or event collector has its root registers after vfio's
	 * 0x2C, and a function that supports End-End TLP Prefixes its TLP Prefix Log at 0x38.
	 */
	@Override
	public void registers(Registers registers, DeviceContext device, RegisterTable table) {
		// §7.8.4.2 to §7.8.4.6
		table.state(0x04, 4, "Uncorrectable Error Status")
			.state(0x08, 4, "Uncorrectable Error Mask")
			.state(0x0C, 4, "Uncorrectable Error Severity")
			.state(0x10, 4, "Correctable Error Status")
			.state(0x14, 4, "Correctable Error Mask");
		// §7.8.4.7 Advanced Error Capabilities and Control: the four capable bits are RO;
		// First Error Pointer, TLP Prefix Log Present and the Flit Mode log fields are
		// ROS, the enables RWS
		table.state(0x18, 4, "Advanced Error Capabilities and Control", 0xFFFF_FFFFL & ~CAPABLE);
		// §7.8.4.8 Header Log: ROS
		for (int dword = 0; dword < 4; dword++) {
			table.state(0x1C + 4 * dword, 4, "Header Log (DWORD #)", dword);
		}
		if (device.isRoot()) {
			// §7.8.4.9 Root Error Command (RW), §7.8.4.10 Root Error Status (RW1CS, and
			// the interrupt message number, which follows the MSI vectors),
			// §7.8.4.11 Error Source Identification (ROS)
			table.state(0x2C, 4, "Root Error Command")
				.state(0x30, 4, "Root Error Status")
				.state(0x34, 4, "Error Source Identification");
		}
		if (device.endEndTlpPrefix()) {
			// §7.8.4.12 TLP Prefix Log: ROS
			for (int dword = 0; dword < 4; dword++) {
				table.state(0x38 + 4 * dword, 4, "TLP Prefix Log (DWORD #)", dword);
			}
		}
	}

}
