package io.cfgspace.configspace.capability;

import static io.cfgspace.configspace.capability.Registers.bit;
import static io.cfgspace.configspace.capability.Registers.bits;

/**
 * The register tables of capabilities that have no decoder class of their own (see
 * {@link RegisterTable} for what counts as state). Each names the part of the spec it
 * follows: the PCI Express Base Specification 6.0 unless another is named.
 */
final class RegisterTables {

	private RegisterTables() {
	}

	// standard capabilities

	/** Vendor Specific (0x09): the length byte; the vendor defines the rest. */
	static void vendorSpecific(Registers registers, DeviceContext device, RegisterTable table) {
		table.identity(0x02, 1, "Capability Length");
	}

	/** AGP (0x02), AGP 3.0 §2.2: AGP Status (RO), AGP Command (RW). */
	static void agp(Registers registers, DeviceContext device, RegisterTable table) {
		table.identity(0x02, 1, "AGP Revision").identity(0x04, 4, "AGP Status").state(0x08, 4, "AGP Command");
	}

	/**
	 * Vital Product Data (0x03), VPD Capability: the address (with its F flag) and the
	 * data are software's window onto the VPD, not the VPD itself.
	 */
	static void vitalProductData(Registers registers, DeviceContext device, RegisterTable table) {
		table.state(0x02, 2, "VPD Address").state(0x04, 4, "VPD Data");
	}

	/**
	 * Slot Identification (0x04), PCI-to-PCI Bridge 1.2 §13.2: Expansion Slot (RO) and
	 * Chassis Number (RW, written by firmware).
	 */
	static void slotIdentification(Registers registers, DeviceContext device, RegisterTable table) {
		table.identity(0x02, 1, "Expansion Slot").state(0x03, 1, "Chassis Number");
	}

	/** CompactPCI Hot Swap (0x06), PICMG 2.1: the Hot Swap Control/Status register. */
	static void compactPciHotSwap(Registers registers, DeviceContext device, RegisterTable table) {
		table.state(0x02, 1, "Hot Swap Control/Status");
	}

	/**
	 * PCI-X (0x07), PCI-X 2.0 §7.2: a device's Command (RW but the version in bits 13:12)
	 * and Status (captured bus, device and function numbers, RW1C error bits) and, from
	 * version 1, its ECC registers; a bridge's secondary and bridge status and the split
	 * transaction controls (commitment limits RW).
	 */
	static void pciX(Registers registers, DeviceContext device, RegisterTable table) {
		if (device.headerType() == 1) {
			table.state(0x02, 2, "PCI-X Secondary Status", 0x01FCL)
				.state(0x04, 4, "PCI-X Bridge Status", 0x202C_FFFFL)
				.state(0x08, 4, "Upstream Split Transaction Control", 0xFFFF_0000L)
				.state(0x0C, 4, "Downstream Split Transaction Control", 0xFFFF_0000L);
			return;
		}
		table.state(0x02, 2, "PCI-X Command", 0xCFFFL).state(0x04, 4, "PCI-X Status", 0x200C_FFFFL);
		if (registers.has(2, 2) && bits(registers.u16(2), 13, 12) != 0) {
			table.state(0x08, 4, "ECC Control and Status")
				.state(0x0C, 4, "ECC First Address")
				.state(0x10, 4, "ECC Second Address")
				.state(0x14, 4, "ECC Attribute");
		}
	}

	/** Debug Port (0x0A), EHCI 1.0 Appendix C: where the debug port is (RO). */
	static void debugPort(Registers registers, DeviceContext device, RegisterTable table) {
		table.identity(0x02, 2, "Debug Port Location");
	}

	/**
	 * PCI Hot-Plug (SHPC, 0x0C), SHPC 1.0 §4.2: a select/data window onto the
	 * controller's registers, and a pending bit.
	 */
	static void hotPlug(Registers registers, DeviceContext device, RegisterTable table) {
		table.state(0x02, 1, "DWORD Select").state(0x03, 1, "Pending").state(0x04, 4, "DWORD Data");
	}

	/** Subsystem ID and Subsystem Vendor ID (0x0D): RO identity of a bridge. */
	static void bridgeSubsystem(Registers registers, DeviceContext device, RegisterTable table) {
		table.identity(0x04, 2, "Subsystem Vendor ID").identity(0x06, 2, "Subsystem ID");
	}

	/**
	 * SATA (0x12), AHCI 1.3 §2.4: the revision and BAR location (RO); inline, an
	 * index/data pair (RW).
	 */
	static void sata(Registers registers, DeviceContext device, RegisterTable table) {
		table.identity(0x02, 2, "SATA Capability Register 0").identity(0x04, 4, "SATA Capability Register 1");
		if (registers.has(4, 1) && (registers.u8(4) & 0xF) == 0xF) {
			table.state(0x08, 4, "SATA Index").state(0x0C, 4, "SATA Data");
		}
	}

	/**
	 * Conventional PCI Advanced Features (0x13): AF Control (RW: Initiate FLR) and AF
	 * Status (RO live: Transactions Pending).
	 */
	static void advancedFeatures(Registers registers, DeviceContext device, RegisterTable table) {
		table.identity(0x02, 1, "AF Length")
			.identity(0x03, 1, "AF Capabilities")
			.state(0x04, 1, "AF Control")
			.state(0x05, 1, "AF Status");
	}

	/**
	 * Enhanced Allocation (0x14): every entry is HwInit but its Enable bit (bit 31 of the
	 * entry's first DWORD, RW).
	 */
	static void enhancedAllocation(Registers registers, DeviceContext device, RegisterTable table) {
		table.identity(0x02, 1, "Num Entries");
		int at = 4;
		if (device.headerType() == 1) {
			table.identity(0x04, 4, "Fixed Secondary and Subordinate Bus Numbers");
			at = 8;
		}
		int entries = registers.has(2, 1) ? (int) bits(registers.u8(2), 5, 0) : 0;
		for (int entry = 0; entry < entries && registers.has(at, 4) && at < 0xC0; entry++) {
			int size = (int) bits(registers.u32(at), 2, 0);
			table.state(at, 4, "Entry # Header", entry, 0x8000_0000L);
			for (int dword = 1; dword <= size; dword++) {
				table.identity(at + 4 * dword, 4, "Entry # DWORD " + dword, entry);
			}
			at += 4 + 4 * size;
		}
	}

	// extended capabilities

	/**
	 * Virtual Channel (0x0002, 0x0009) and Multi-Function VC (0x0008), Virtual Channel
	 * Extended Capability: the port and resource capabilities are RO; the controls, the
	 * status (arbitration table status, negotiation pending) and the arbitration tables,
	 * which software loads, are state.
	 */
	static void virtualChannel(Registers registers, DeviceContext device, RegisterTable table) {
		long capability1 = registers.has(4, 4) ? registers.u32(4) : 0;
		long capability2 = registers.has(8, 4) ? registers.u32(8) : 0;
		table.identity(0x04, 4, "Port VC Capability 1")
			.identity(0x08, 4, "Port VC Capability 2")
			.state(0x0C, 2, "Port VC Control")
			.state(0x0E, 2, "Port VC Status");
		int resources = 1 + (int) bits(capability1, 2, 0);
		int entryBits = 1 << bits(capability1, 11, 10);
		for (int vc = 0; vc < resources; vc++) {
			int at = 0x10 + 0x0C * vc;
			long resource = registers.has(at, 4) ? registers.u32(at) : 0;
			table.identity(at, 4, "VC Resource Capability (VC #)", vc)
				.state(at + 4, 4, "VC Resource Control (VC #)", vc)
				.state(at + 0x0A, 2, "VC Resource Status (VC #)", vc);
			int phases = bit(resource, 5) ? 256
					: (bit(resource, 3) || bit(resource, 4)) ? 128 : bit(resource, 2) ? 64 : bit(resource, 1) ? 32 : 0;
			arbitrationTable(table, (int) bits(resource, 31, 24) * 16, phases * entryBits / 8,
					"Port Arbitration Table (VC " + vc + ", DWORD #)");
		}
		int phases = bit(capability2, 3) ? 128 : bit(capability2, 2) ? 64 : bit(capability2, 1) ? 32 : 0;
		arbitrationTable(table, (int) bits(capability2, 31, 24) * 16, phases * 4 / 8, "VC Arbitration Table (DWORD #)");
	}

	private static void arbitrationTable(RegisterTable table, int offset, int bytes, String name) {
		if (offset == 0 || bytes == 0) {
			return;
		}
		for (int at = 0; at < bytes; at += 4) {
			table.state(offset + at, Math.min(4, bytes - at), name, at / 4);
		}
	}

	/** Device Serial Number (0x0003): RO, and different on every unit of a model. */
	static void deviceSerialNumber(Registers registers, DeviceContext device, RegisterTable table) {
		table.perUnit(0x04, 8, "Serial Number");
	}

	/**
	 * Power Budgeting (0x0004), Power Budgeting Extended Capability: Data Select (RW)
	 * picks which value Data (RO) shows; the Power Budget Capability is HwInit.
	 */
	static void powerBudgeting(Registers registers, DeviceContext device, RegisterTable table) {
		table.state(0x04, 1, "Data Select").state(0x08, 4, "Data").identity(0x0C, 1, "Power Budget Capability");
	}

	/**
	 * Root Complex Link Declaration (0x0005): the element and each link description are
	 * HwInit.
	 */
	static void rootComplexLinkDeclaration(Registers registers, DeviceContext device, RegisterTable table) {
		table.identity(0x04, 4, "Element Self Description");
		int links = registers.has(5, 1) ? registers.u8(5) : 0;
		for (int link = 0; link < links; link++) {
			table.identity(0x10 + 16 * link, 4, "Link Description (link #)", link)
				.identity(0x18 + 16 * link, 8, "Link Address (link #)", link);
		}
	}

	/**
	 * Root Complex Internal Link Control (0x0006): link capabilities (RO), control (RW)
	 * and status (RO live).
	 */
	static void rootComplexInternalLink(Registers registers, DeviceContext device, RegisterTable table) {
		table.identity(0x04, 4, "Root Complex Link Capabilities")
			.state(0x08, 2, "Root Complex Link Control")
			.state(0x0A, 2, "Root Complex Link Status");
	}

	/** Root Complex Event Collector Endpoint Association (0x0007): HwInit. */
	static void eventCollectorAssociation(Registers registers, DeviceContext device, RegisterTable table) {
		table.identity(0x04, 4, "Association Bitmap for RCiEPs");
		if (registers.has(2, 1) && bits(registers.u8(2), 3, 0) >= 2) {
			table.identity(0x08, 4, "RCEC Associated Bus Numbers");
		}
	}

	/** RCRB Header (0x000A): the IDs and capabilities are RO, the control is RW. */
	static void rootComplexRegisterBlock(Registers registers, DeviceContext device, RegisterTable table) {
		table.identity(0x04, 2, "Vendor ID")
			.identity(0x06, 2, "Device ID")
			.identity(0x08, 4, "RCRB Capabilities")
			.state(0x0C, 4, "RCRB Control");
	}

	/** ARI (0x000E), ARI Extended Capability: capability RO, control RW. */
	static void alternativeRoutingId(Registers registers, DeviceContext device, RegisterTable table) {
		table.identity(0x04, 2, "ARI Capability").state(0x06, 2, "ARI Control");
	}

	/**
	 * Multicast (0x0012), Multicast Extended Capability: the capability is RO, everything
	 * else RW; switch and root ports add the overlay BAR after the endpoint's 40 bytes.
	 */
	static void multicast(Registers registers, DeviceContext device, RegisterTable table) {
		table.identity(0x04, 2, "Multicast Capability")
			.state(0x06, 2, "Multicast Control")
			.state(0x08, 8, "MC_Base_Address")
			.state(0x10, 8, "MC_Receive")
			.state(0x18, 8, "MC_Block_All")
			.state(0x20, 8, "MC_Block_Untranslated");
		int type = device.expressPortType();
		if (type == 4 || type == 5 || type == 6) {
			table.state(0x28, 8, "MC_Overlay_BAR");
		}
	}

	/**
	 * Dynamic Power Allocation (0x0016): the capability, latency indicator and power
	 * allocation array are RO; status and control are state.
	 */
	static void dynamicPowerAllocation(Registers registers, DeviceContext device, RegisterTable table) {
		table.identity(0x04, 4, "DPA Capability")
			.identity(0x08, 4, "DPA Latency Indicator")
			.state(0x0C, 2, "DPA Status")
			.state(0x0E, 2, "DPA Control");
		int substates = registers.has(4, 1) ? (int) bits(registers.u8(4), 4, 0) + 1 : 0;
		for (int substate = 0; substate < substates; substate++) {
			table.identity(0x10 + substate, 1, "DPA Power Allocation (substate #)", substate);
		}
	}

	/**
	 * TPH Requester (0x0017), TPH Requester Extended Capability: the capability is RO,
	 * the control and the steering tag table in the capability are RW.
	 */
	static void tphRequester(Registers registers, DeviceContext device, RegisterTable table) {
		table.identity(0x04, 4, "TPH Requester Capability").state(0x08, 4, "TPH Requester Control");
		long capability = registers.has(4, 4) ? registers.u32(4) : 0;
		if ((capability & 0x600) == 0x200) {
			int bytes = 2 * ((int) bits(capability, 26, 16) + 1);
			for (int at = 0; at < bytes; at += 4) {
				table.state(0x0C + at, Math.min(4, bytes - at), "ST Table (DWORD #)", at / 4);
			}
		}
	}

	/** Latency Tolerance Reporting (0x0018): both latencies are RW. */
	static void latencyTolerance(Registers registers, DeviceContext device, RegisterTable table) {
		table.state(0x04, 2, "Max Snoop Latency").state(0x06, 2, "Max No-Snoop Latency");
	}

	/**
	 * Secondary PCI Express (0x0019): Link Control 3 (RW), Lane Error Status (RW1CS), and
	 * a Lane Equalization Control register per lane (HwInit).
	 */
	static void secondaryExpress(Registers registers, DeviceContext device, RegisterTable table) {
		table.state(0x04, 4, "Link Control 3").state(0x08, 4, "Lane Error Status");
		for (int lane = 0; lane < LengthRules.lanes(device); lane++) {
			table.identity(0x0C + 2 * lane, 2, "Lane Equalization Control (lane #)", lane);
		}
	}

	/** LN Requester (0x001C): capability RO, control RW. */
	static void lnRequester(Registers registers, DeviceContext device, RegisterTable table) {
		table.identity(0x04, 2, "LN Requester Capability").state(0x06, 2, "LN Requester Control");
	}

	/**
	 * Downstream Port Containment (0x001D): the capability is RO; control, status and the
	 * error source are state, and with RP Extensions so are the RP PIO registers and
	 * logs.
	 */
	static void downstreamPortContainment(Registers registers, DeviceContext device, RegisterTable table) {
		table.identity(0x04, 2, "DPC Capability")
			.state(0x06, 2, "DPC Control")
			.state(0x08, 2, "DPC Status")
			.state(0x0A, 2, "DPC Error Source ID");
		if (!registers.has(4, 2) || !bit(registers.u16(4), 5)) {
			return;
		}
		table.state(0x0C, 4, "RP PIO Status")
			.state(0x10, 4, "RP PIO Mask")
			.state(0x14, 4, "RP PIO Severity")
			.state(0x18, 4, "RP PIO SysError")
			.state(0x1C, 4, "RP PIO Exception");
		int end = LengthRules.downstreamPortContainment(registers, device);
		for (int at = 0x20; at < end; at += 4) {
			table.state(at, 4, "RP PIO Log (DWORD #)", (at - 0x20) / 4);
		}
	}

	/**
	 * L1 PM Substates (0x001E), L1 PM Substates Extended Capability: capabilities RO,
	 * both controls RW, and the status (RW1C) that follows them.
	 */
	static void l1PmSubstates(Registers registers, DeviceContext device, RegisterTable table) {
		table.identity(0x04, 4, "L1 PM Substates Capabilities")
			.state(0x08, 4, "L1 PM Substates Control 1")
			.state(0x0C, 4, "L1 PM Substates Control 2")
			.state(0x10, 4, "L1 PM Substates Status");
	}

	/** Precision Time Measurement (0x001F): capability RO, control RW. */
	static void precisionTimeMeasurement(Registers registers, DeviceContext device, RegisterTable table) {
		table.identity(0x04, 4, "PTM Capability").state(0x08, 4, "PTM Control");
	}

	/**
	 * FRS Queueing (0x0021): capability RO; status (RW1C), control (RW) and the message
	 * queue (RO live).
	 */
	static void frsQueueing(Registers registers, DeviceContext device, RegisterTable table) {
		table.identity(0x04, 4, "FRS Queueing Capability")
			.state(0x08, 2, "FRS Queueing Status")
			.state(0x0A, 2, "FRS Queueing Control")
			.state(0x0C, 4, "FRS Message Queue");
	}

	/** Readiness Time Reporting (0x0022): both registers are HwInit. */
	static void readinessTimeReporting(Registers registers, DeviceContext device, RegisterTable table) {
		table.identity(0x04, 4, "Readiness Time Reporting 1").identity(0x08, 4, "Readiness Time Reporting 2");
	}

	/**
	 * Data Link Feature (0x0025): the local features are HwInit, the status holds what
	 * the link partner sent.
	 */
	static void dataLinkFeature(Registers registers, DeviceContext device, RegisterTable table) {
		table.identity(0x04, 4, "Data Link Feature Capabilities").state(0x08, 4, "Data Link Feature Status");
	}

	/**
	 * Physical Layer 16.0 GT/s (0x0026): capabilities RO; control, status and the parity
	 * mismatch statuses (RW1CS) are state; a Lane Equalization Control byte per lane
	 * (HwInit).
	 */
	static void physicalLayer16(Registers registers, DeviceContext device, RegisterTable table) {
		table.identity(0x04, 4, "16.0 GT/s Capabilities")
			.state(0x08, 4, "16.0 GT/s Control")
			.state(0x0C, 4, "16.0 GT/s Status")
			.state(0x10, 4, "16.0 GT/s Local Data Parity Mismatch Status")
			.state(0x14, 4, "16.0 GT/s First Retimer Data Parity Mismatch Status")
			.state(0x18, 4, "16.0 GT/s Second Retimer Data Parity Mismatch Status");
		laneEqualization(0x20, "16.0 GT/s", device, table);
	}

	/**
	 * Physical Layer 32.0 GT/s (0x002A): capabilities RO; control, status and the
	 * modified TS data received (RO live) and to transmit (RW) are state; a Lane
	 * Equalization Control byte per lane (HwInit).
	 */
	static void physicalLayer32(Registers registers, DeviceContext device, RegisterTable table) {
		table.identity(0x04, 4, "32.0 GT/s Capabilities")
			.state(0x08, 4, "32.0 GT/s Control")
			.state(0x0C, 4, "32.0 GT/s Status")
			.state(0x10, 4, "Received Modified TS Data 1")
			.state(0x14, 4, "Received Modified TS Data 2")
			.state(0x18, 4, "Transmitted Modified TS Data 1")
			.state(0x1C, 4, "Transmitted Modified TS Data 2");
		laneEqualization(0x20, "32.0 GT/s", device, table);
	}

	/** Physical Layer 64.0 GT/s (0x0031): as 32.0 GT/s, without the modified TS data. */
	static void physicalLayer64(Registers registers, DeviceContext device, RegisterTable table) {
		table.identity(0x04, 4, "64.0 GT/s Capabilities")
			.state(0x08, 4, "64.0 GT/s Control")
			.state(0x0C, 4, "64.0 GT/s Status");
		laneEqualization(0x10, "64.0 GT/s", device, table);
	}

	private static void laneEqualization(int first, String speed, DeviceContext device, RegisterTable table) {
		for (int lane = 0; lane < LengthRules.lanes(device); lane++) {
			table.identity(first + lane, 1, speed + " Lane Equalization Control (lane #)", lane);
		}
	}

	/**
	 * Lane Margining at the Receiver (0x0027): the port capabilities are HwInit; the port
	 * status and each lane's control (RW) and status (RO live) are state.
	 */
	static void laneMargining(Registers registers, DeviceContext device, RegisterTable table) {
		table.identity(0x04, 2, "Margining Port Capabilities").state(0x06, 2, "Margining Port Status");
		for (int lane = 0; lane < LengthRules.lanes(device); lane++) {
			table.state(0x08 + 4 * lane, 2, "Margining Lane Control (lane #)", lane)
				.state(0x0A + 4 * lane, 2, "Margining Lane Status (lane #)", lane);
		}
	}

	/**
	 * Native PCIe Enclosure Management (0x0029): capability RO, control RW, status RW1C.
	 */
	static void enclosureManagement(Registers registers, DeviceContext device, RegisterTable table) {
		table.identity(0x04, 4, "NPEM Capability").state(0x08, 4, "NPEM Control").state(0x0C, 4, "NPEM Status");
	}

	/**
	 * Data Object Exchange (0x002E): capabilities RO; control, status and both mailboxes
	 * are the exchange in progress.
	 */
	static void dataObjectExchange(Registers registers, DeviceContext device, RegisterTable table) {
		table.identity(0x04, 4, "DOE Capabilities")
			.state(0x08, 4, "DOE Control")
			.state(0x0C, 4, "DOE Status")
			.state(0x10, 4, "DOE Write Data Mailbox")
			.state(0x14, 4, "DOE Read Data Mailbox");
	}

	/** Device 3 (0x002F): capabilities RO, control RW, status RO live. */
	static void device3(Registers registers, DeviceContext device, RegisterTable table) {
		table.identity(0x04, 4, "Device Capabilities 3")
			.state(0x08, 4, "Device Control 3")
			.state(0x0C, 4, "Device Status 3");
	}

}
