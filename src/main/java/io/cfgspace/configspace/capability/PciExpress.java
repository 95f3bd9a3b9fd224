package io.cfgspace.configspace.capability;

import static io.cfgspace.configspace.capability.Registers.bit;
import static io.cfgspace.configspace.capability.Registers.bits;

/**
 * PCI Express (standard 0x10, PCIe 6.0 §7.5.3). Length as vfio computes it from the
 * capability version and device/port type: version 1 is 20 bytes (12 for a root-complex
 * integrated endpoint), later versions {@code PCI_CAP_EXP_ENDPOINT_SIZEOF_V2} = 0x34
 * (0x2C for an RC integrated endpoint). A 2025 kernel header briefly said 0x32; 0x34 is
 * the corrected value.
 */
final class PciExpress implements CapabilityRule {

	/**
	 * Device Capabilities bits 25:18 (value) and 27:26 (scale) hold the slot power limit
	 * the upstream port sent: platform state (pci_regs.h PCI_EXP_DEVCAP_PWR_VAL,
	 * PCI_EXP_DEVCAP_PWR_SCL).
	 */
	private static final long CAPTURED_SLOT_POWER_LIMIT = 0x0FFC0000L;

	/**
	 * PCI Express Capabilities bits 13:9, Interrupt Message Number: RO, but the function
	 * updates it when software changes how many MSI vectors it has.
	 */
	private static final long INTERRUPT_MESSAGE_NUMBER = 0x3E00L;

	/**
	 * Link Status bit 12, Slot Clock Configuration, is HwInit; the rest is the live link.
	 */
	private static final long LINK_STATUS_STATE = 0xEFFFL;

	/** Link Control 2 bit 6, Selectable De-emphasis, is HwInit; the rest is RWS. */
	private static final long LINK_CONTROL_2_STATE = 0xFFBFL;

	@Override
	public int length(Registers registers, DeviceContext device) {
		int flags = registers.has(2, 2) ? registers.u16(2) : 0;
		boolean integrated = bits(flags, 7, 4) == DeviceContext.PORT_RC_INTEGRATED_ENDPOINT;
		if (bits(flags, 3, 0) == 1) {
			return integrated ? 0x0C : 0x14;
		}
		return integrated ? 0x2C : 0x34;
	}

	@Override
	public void decode(Registers registers, DeviceContext device, Fields fields) {
		int flags = registers.u16(2);
		long version = bits(flags, 3, 0);
		fields.put("version", version).put("portType", bits(flags, 7, 4)).flag("slotImplemented", bit(flags, 8));
		fields.from(2, 0x01FF);
		if (registers.has(4, 4)) {
			long deviceCapabilities = registers.u32(4);
			fields.put("deviceCapabilities", deviceCapabilities & ~CAPTURED_SLOT_POWER_LIMIT)
				.put("maxPayloadSizeSupported", 128L << bits(deviceCapabilities, 2, 0))
				.flag("functionLevelReset", bit(deviceCapabilities, 28));
			fields.from(4, 0xFFFF_FFFFL & ~CAPTURED_SLOT_POWER_LIMIT);
		}
		if (registers.has(0x0C, 4)) {
			long linkCapabilities = registers.u32(0x0C);
			fields.put("linkCapabilities", linkCapabilities)
				.put("maxLinkSpeed", bits(linkCapabilities, 3, 0))
				.put("maxLinkWidth", bits(linkCapabilities, 9, 4))
				.put("aspmSupport", bits(linkCapabilities, 11, 10))
				.put("portNumber", bits(linkCapabilities, 31, 24));
			fields.from(0x0C, 0xFFFF_FFFFL);
		}
		if (bit(flags, 8) && registers.has(0x14, 4)) {
			fields.put("slotCapabilities", registers.u32(0x14)).from(0x14, 0xFFFF_FFFFL);
		}
		if (version >= 2 && registers.has(0x24, 4)) {
			fields.put("deviceCapabilities2", registers.u32(0x24)).from(0x24, 0xFFFF_FFFFL);
		}
		if (version >= 2 && registers.has(0x2C, 4)) {
			fields.put("linkCapabilities2", registers.u32(0x2C)).from(0x2C, 0xFFFF_FFFFL);
		}
	}

	/**
	 * PCIe 6.0 §7.5.3.2 to §7.5.3.23. Slot registers count where a slot is implemented,
	 * root registers in root ports and event collectors; elsewhere those places are
	 * reserved and compared. A version 2 structure of a port reaches to the Slot 2
	 * registers at 0x3C, beyond vfio's 0x34.
	 */
	@Override
	public void registers(Registers registers, DeviceContext device, RegisterTable table) {
		int flags = registers.has(2, 2) ? registers.u16(2) : 0;
		long version = bits(flags, 3, 0);
		int type = (int) bits(flags, 7, 4);
		boolean integrated = type == DeviceContext.PORT_RC_INTEGRATED_ENDPOINT;
		boolean slot = bit(flags, 8);
		boolean root = type == DeviceContext.PORT_ROOT_PORT || type == DeviceContext.PORT_RC_EVENT_COLLECTOR;
		// §7.5.3.2 PCI Express Capabilities Register
		table.state(0x02, 2, "PCI Express Capabilities", INTERRUPT_MESSAGE_NUMBER);
		// §7.5.3.3 Device Capabilities Register: RO but the Captured Slot Power Limit
		table.state(0x04, 4, "Device Capabilities", CAPTURED_SLOT_POWER_LIMIT);
		// §7.5.3.4 Device Control Register: RW; §7.5.3.5 Device Status Register: RW1C and
		// RO live (AUX Power Detected, Transactions Pending)
		table.state(0x08, 2, "Device Control").state(0x0A, 2, "Device Status");
		// §7.5.3.6 Link Capabilities Register: RO
		table.identity(0x0C, 4, "Link Capabilities");
		if (integrated) {
			// an RC integrated endpoint has no link: the link registers are reserved
			table.identity(0x10, 2, "Link Control (reserved)").identity(0x12, 2, "Link Status (reserved)");
		}
		else {
			// §7.5.3.7 Link Control Register: RW; §7.5.3.8 Link Status Register: the
			// negotiated speed and width, training, DLL active (RO live), two RW1C bits
			table.state(0x10, 2, "Link Control").state(0x12, 2, "Link Status", LINK_STATUS_STATE);
		}
		if (version == 1 && !(slot || root)) {
			return;
		}
		if (slot) {
			// §7.5.3.9 Slot Capabilities (HwInit), §7.5.3.10 Slot Control (RW),
			// §7.5.3.11 Slot Status (RW1C and RO live: presence, MRL sensor, interlock)
			table.identity(0x14, 4, "Slot Capabilities").state(0x18, 2, "Slot Control").state(0x1A, 2, "Slot Status");
		}
		if (root) {
			// §7.5.3.12 Root Control (RW), §7.5.3.13 Root Capabilities (RO),
			// §7.5.3.14 Root Status (RO live PME Requester ID and Pending, RW1C PME
			// Status)
			table.state(0x1C, 2, "Root Control").identity(0x1E, 2, "Root Capabilities").state(0x20, 4, "Root Status");
		}
		if (version < 2) {
			return;
		}
		// §7.5.3.15 Device Capabilities 2 (RO), §7.5.3.16 Device Control 2 (RW),
		// §7.5.3.17 Device Status 2 (reserved status: RsvdZ)
		table.identity(0x24, 4, "Device Capabilities 2")
			.state(0x28, 2, "Device Control 2")
			.state(0x2A, 2, "Device Status 2");
		if (integrated) {
			return;
		}
		// §7.5.3.18 Link Capabilities 2 (RO), §7.5.3.19 Link Control 2 (RWS, one
		// HwInit bit), §7.5.3.20 Link Status 2 (RO live and RW1C)
		table.identity(0x2C, 4, "Link Capabilities 2")
			.state(0x30, 2, "Link Control 2", LINK_CONTROL_2_STATE)
			.state(0x32, 2, "Link Status 2");
		if (slot) {
			// §7.5.3.21 Slot Capabilities 2 (RO), §7.5.3.22 Slot Control 2 (RW),
			// §7.5.3.23 Slot Status 2 (RsvdZ)
			table.identity(0x34, 4, "Slot Capabilities 2")
				.state(0x38, 2, "Slot Control 2")
				.state(0x3A, 2, "Slot Status 2");
		}
	}

}
