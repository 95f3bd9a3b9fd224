package io.cfgspace.configspace;

import static io.cfgspace.configspace.ConfigSpaceBuilder.RC_INTEGRATED_ENDPOINT;
import static io.cfgspace.configspace.ConfigSpaceBuilder.ROOT_PORT;
import static io.cfgspace.configspace.ConfigSpaceBuilder.bridge;
import static io.cfgspace.configspace.ConfigSpaceBuilder.endpoint;
import static io.cfgspace.configspace.ConfigSpaceBuilder.express;
import static io.cfgspace.configspace.ConfigSpaceBuilder.expressEndpoint;
import static io.cfgspace.configspace.ConfigSpaceBuilder.extended;
import static io.cfgspace.configspace.ConfigSpaceBuilder.standard;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import io.cfgspace.layout.Layout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One case per entry of the capability catalog's register tables: the bits of the
 * register that are runtime state, written here from the spec (the PCI Express Base
 * Specification 6.0 unless the case names another), so that a table that drifts from it
 * fails by name. State means RW, RW1C, RWS, RW1CS and RO that reports live state;
 * reserved bits of a control or status register count as state (RsvdP: "for future RW
 * implementations", RsvdZ: "for future RW1C implementations"); everything else is
 * compared.
 */
class StateTablesTest {

	private static final long ALL16 = 0xFFFFL;

	private static final long ALL32 = 0xFFFF_FFFFL;

	/**
	 * A version 2 PCI Express endpoint at 0x40 with BAR0 32-bit memory, BAR1 I/O, BAR2
	 * 64-bit.
	 */
	private static final ConfigSpaceBuilder HEADER = expressEndpoint(0x8086, 0x1234).withDword(0x10, 0x0)
		.withDword(0x14, 0x1)
		.withDword(0x18, 0x4);

	/**
	 * A root port: type 1 header, version 2 PCI Express capability with a slot at 0x40.
	 */
	private static final ConfigSpaceBuilder ROOT = bridge(0x8086, 0x1234).with(0x40,
			standard(0x10).u16(0x02, 2 | (ROOT_PORT << 4) | (1 << 8)));

	/** An RC integrated endpoint: no link. */
	private static final ConfigSpaceBuilder INTEGRATED = endpoint(0x8086, 0x1234).with(0x40,
			express(2, RC_INTEGRATED_ENDPOINT));

	static Stream<Arguments> entries() {
		return Stream.of(
				// configuration header, type 0
				entry("§7.5.1.1.3 Command: every defined bit RW", HEADER, 0x04, 2, ALL16),
				entry("§7.5.1.1.4 Status: Interrupt Status (RO live) and the error bits (RW1C)", HEADER, 0x06, 2,
						0xF908),
				entry("§7.5.1.1.5 Revision ID: RO", HEADER, 0x08, 1, 0),
				entry("§7.5.1.1.7 Cache Line Size: RW", HEADER, 0x0C, 1, 0xFF),
				entry("§7.5.1.1.8 Latency Timer: RW on PCI", HEADER, 0x0D, 1, 0xFF),
				entry("§7.5.1.1.9 Header Type: RO", HEADER, 0x0E, 1, 0),
				entry("§7.5.1.1.10 BIST: Start BIST (RW) and Completion Code (RO result)", HEADER, 0x0F, 1, 0x4F),
				entry("§7.5.1.2.1 BAR, memory: address bits 31:4 RW, type bits RO", HEADER, 0x10, 4, 0xFFFF_FFF0L),
				entry("§7.5.1.2.1 BAR, I/O: address bits 31:2 RW", HEADER, 0x14, 4, 0xFFFF_FFFCL),
				entry("§7.5.1.2.1 BAR, 64-bit memory: lower dword", HEADER, 0x18, 4, 0xFFFF_FFF0L),
				entry("§7.5.1.2.1 BAR, 64-bit memory: the upper dword is all address", HEADER, 0x1C, 4, ALL32),
				entry("§7.5.1.2.2 Cardbus CIS Pointer: RO", HEADER, 0x28, 4, 0),
				entry("§7.5.1.2.3 Subsystem Vendor ID and Subsystem ID: RO", HEADER, 0x2C, 4, 0),
				entry("§7.5.1.2.4 Expansion ROM Base Address: address and enable RW, validation status RO live", HEADER,
						0x30, 4, 0xFFFF_F8FFL),
				entry("§7.5.1.1.11 Capabilities Pointer: RO", HEADER, 0x34, 1, 0),
				entry("§7.5.1.1.12 Interrupt Line: RW", HEADER, 0x3C, 1, 0xFF),
				entry("§7.5.1.1.13 Interrupt Pin: RO", HEADER, 0x3D, 1, 0),
				entry("§7.5.1.2.5 Min_Gnt and Max_Lat: RO", HEADER, 0x3E, 2, 0),
				// configuration header, type 1
				entry("§7.5.1.3.2-.5 bus numbers and Secondary Latency Timer: RW", ROOT, 0x18, 4, ALL32),
				entry("§7.5.1.3.6 I/O Base and Limit: address RW, addressing capability RO", ROOT, 0x1C, 2, 0xF0F0),
				entry("§7.5.1.3.7 Secondary Status: the error bits RW1C", ROOT, 0x1E, 2, 0xF900),
				entry("§7.5.1.3.8 Memory Base and Limit: RW", ROOT, 0x20, 4, 0xFFF0_FFF0L),
				entry("§7.5.1.3.9 Prefetchable Memory Base and Limit: address RW, 64-bit bits RO", ROOT, 0x24, 4,
						0xFFF0_FFF0L),
				entry("§7.5.1.3.10 Prefetchable Base Upper 32 Bits: RW", ROOT, 0x28, 4, ALL32),
				entry("§7.5.1.3.10 Prefetchable Limit Upper 32 Bits: RW", ROOT, 0x2C, 4, ALL32),
				entry("§7.5.1.3.11 I/O Base and Limit Upper 16 Bits: RW", ROOT, 0x30, 4, ALL32),
				entry("§7.5.1.3.12 Expansion ROM Base Address (type 1, at 0x38)", ROOT, 0x38, 4, 0xFFFF_F8FFL),
				entry("§7.5.1.3.13 Bridge Control: RW and one RW1C bit", ROOT, 0x3E, 2, ALL16),
				// Power Management
				entry("§7.5.2.1 PMC: RO", device(standard(0x01).u16(0x02, 0x0003)), 0x82, 2, 0),
				entry("§7.5.2.2 PMCSR: all but No_Soft_Reset and the reserved bits", device(standard(0x01)), 0x84, 2,
						0xFF03),
				entry("PCI PM 1.2 §3.2.5 PMCSR_BSE: RO", device(standard(0x01)), 0x86, 1, 0),
				entry("§7.5.2.3 Data: RO, picked by Data_Select", device(standard(0x01)), 0x87, 1, 0xFF),
				// MSI
				entry("§7.7.1.2 MSI Message Control: Enable, Multiple Message Enable, Extended Message Data Enable",
						device(standard(0x05)), 0x82, 2, 0x0471),
				entry("§7.7.1.3 MSI Message Address: RW", device(standard(0x05)), 0x84, 4, ALL32),
				entry("§7.7.1.5 MSI Message Data (32-bit address): RW", device(standard(0x05)), 0x88, 2, ALL16),
				entry("§7.7.1.6 MSI Extended Message Data: RW", device(standard(0x05)), 0x8A, 2, ALL16),
				entry("§7.7.1.4 MSI Message Upper Address: RW", device(standard(0x05).u16(0x02, 0x0180)), 0x88, 4,
						ALL32),
				entry("§7.7.1.7 MSI Mask Bits: RW", device(standard(0x05).u16(0x02, 0x0180)), 0x90, 4, ALL32),
				entry("§7.7.1.8 MSI Pending Bits: RO live", device(standard(0x05).u16(0x02, 0x0180)), 0x94, 4, ALL32),
				// MSI-X
				entry("§7.7.2.2 MSI-X Message Control: Function Mask and Enable RW, Table Size RO",
						device(standard(0x11)), 0x82, 2, 0xC000),
				entry("§7.7.2.3 MSI-X Table Offset/Table BIR: RO", device(standard(0x11)), 0x84, 4, 0),
				entry("§7.7.2.4 MSI-X PBA Offset/PBA BIR: RO", device(standard(0x11)), 0x88, 4, 0),
				// PCI Express
				entry("§7.5.3.2 PCI Express Capabilities: Interrupt Message Number follows the MSI vectors", HEADER,
						0x42, 2, 0x3E00),
				entry("§7.5.3.3 Device Capabilities: RO but the Captured Slot Power Limit", HEADER, 0x44, 4,
						0x0FFC_0000L),
				entry("§7.5.3.4 Device Control: RW", HEADER, 0x48, 2, ALL16),
				entry("§7.5.3.5 Device Status: RW1C and RO live", HEADER, 0x4A, 2, ALL16),
				entry("§7.5.3.6 Link Capabilities: RO", HEADER, 0x4C, 4, 0),
				entry("§7.5.3.7 Link Control: RW", HEADER, 0x50, 2, ALL16),
				entry("§7.5.3.8 Link Status: live but Slot Clock Configuration (HwInit)", HEADER, 0x52, 2, 0xEFFF),
				entry("§7.5.3.9 Slot Capabilities is reserved without a slot: compared", HEADER, 0x54, 4, 0),
				entry("§7.5.3.10 Slot Control is reserved without a slot: compared", HEADER, 0x58, 2, 0),
				entry("§7.5.3.15 Device Capabilities 2: RO", HEADER, 0x64, 4, 0),
				entry("§7.5.3.16 Device Control 2: RW", HEADER, 0x68, 2, ALL16),
				entry("§7.5.3.17 Device Status 2: RsvdZ", HEADER, 0x6A, 2, ALL16),
				entry("§7.5.3.18 Link Capabilities 2: RO", HEADER, 0x6C, 4, 0),
				entry("§7.5.3.19 Link Control 2: RWS but Selectable De-emphasis (HwInit)", HEADER, 0x70, 2, 0xFFBF),
				entry("§7.5.3.20 Link Status 2: RO live and RW1C", HEADER, 0x72, 2, ALL16),
				entry("§7.5.3.9 Slot Capabilities: HwInit", ROOT, 0x54, 4, 0),
				entry("§7.5.3.10 Slot Control: RW", ROOT, 0x58, 2, ALL16),
				entry("§7.5.3.11 Slot Status: RW1C and RO live", ROOT, 0x5A, 2, ALL16),
				entry("§7.5.3.12 Root Control: RW", ROOT, 0x5C, 2, ALL16),
				entry("§7.5.3.13 Root Capabilities: RO", ROOT, 0x5E, 2, 0),
				entry("§7.5.3.14 Root Status: RO live and RW1C", ROOT, 0x60, 4, ALL32),
				entry("§7.5.3.21 Slot Capabilities 2: RO", ROOT, 0x74, 4, 0),
				entry("§7.5.3.22 Slot Control 2: RW", ROOT, 0x78, 2, ALL16),
				entry("§7.5.3.23 Slot Status 2: RsvdZ", ROOT, 0x7A, 2, ALL16),
				entry("§7.5.3.7 Link Control is reserved in an RC integrated endpoint: compared", INTEGRATED, 0x50, 2,
						0),
				entry("§7.5.3.8 Link Status is reserved in an RC integrated endpoint: compared", INTEGRATED, 0x52, 2,
						0),
				// Vital Product Data
				entry("§7.9.18.1 VPD Address: RW (the F flag and the address)", device(standard(0x03)), 0x82, 2, ALL16),
				entry("§7.9.18.2 VPD Data: RW", device(standard(0x03)), 0x84, 4, ALL32),
				// Advanced Error Reporting
				entry("§7.8.4.2 Uncorrectable Error Status: RW1CS", aer(false), 0x104, 4, ALL32),
				entry("§7.8.4.3 Uncorrectable Error Mask: RWS", aer(false), 0x108, 4, ALL32),
				entry("§7.8.4.4 Uncorrectable Error Severity: RWS", aer(false), 0x10C, 4, ALL32),
				entry("§7.8.4.5 Correctable Error Status: RW1CS", aer(false), 0x110, 4, ALL32),
				entry("§7.8.4.6 Correctable Error Mask: RWS", aer(false), 0x114, 4, ALL32),
				entry("§7.8.4.7 Advanced Error Capabilities and Control: all but the four capable bits", aer(false),
						0x118, 4, 0xFFFF_ED5FL),
				entry("§7.8.4.8 Header Log: ROS", aer(false), 0x11C, 4, ALL32),
				entry("§7.8.4.8 Header Log, last DWORD: ROS", aer(false), 0x128, 4, ALL32),
				entry("§7.8.4.9 Root Error Command of a root port: RW", rootAer(), 0x12C, 4, ALL32),
				entry("§7.8.4.10 Root Error Status of a root port: RW1CS", rootAer(), 0x130, 4, ALL32),
				entry("§7.8.4.11 Error Source Identification of a root port: ROS", rootAer(), 0x134, 4, ALL32),
				entry("§7.8.4.12 TLP Prefix Log of a function with End-End TLP Prefixes: ROS", aer(true), 0x138, 4,
						ALL32),
				entry("§7.8.4.12 without End-End TLP Prefixes there is no log: compared", aer(false), 0x138, 4, 0),
				// PASID, PRI, ATS
				entry("§7.8.8.2 PASID Capability: RO", ext(0x1B), 0x104, 2, 0),
				entry("§7.8.8.3 PASID Control: RW", ext(0x1B), 0x106, 2, ALL16),
				entry("§10.5.2.2 Page Request Control: RW", ext(0x13), 0x104, 2, ALL16),
				entry("§10.5.2.3 Page Request Status: all but PRG Response PASID Required", ext(0x13), 0x106, 2,
						0x7FFF),
				entry("§10.5.2.4 Outstanding Page Request Capacity: RO", ext(0x13), 0x108, 4, 0),
				entry("§10.5.2.5 Outstanding Page Request Allocation: RW", ext(0x13), 0x10C, 4, ALL32),
				entry("§10.5.1.2 ATS Capability: RO", ext(0x0F), 0x104, 2, 0),
				entry("§10.5.1.3 ATS Control: RW", ext(0x0F), 0x106, 2, ALL16),
				// ACS, ARI
				entry("ACS Capability: RO", ext(0x0D), 0x104, 2, 0),
				entry("ACS Control: RW", ext(0x0D), 0x106, 2, ALL16),
				entry("ACS Egress Control Vector: RW", ext(extended(0x0D, 1).u16(0x04, 0x0020 | (32 << 8))), 0x108, 4,
						ALL32),
				entry("§7.8.7.2 ARI Capability: RO", ext(0x0E), 0x104, 2, 0),
				entry("§7.8.7.3 ARI Control: RW", ext(0x0E), 0x106, 2, ALL16),
				// SR-IOV
				entry("§9.3.3.2 SR-IOV Capabilities: RO", ext(0x10), 0x104, 4, 0),
				entry("§9.3.3.3 SR-IOV Control: RW", ext(0x10), 0x108, 2, ALL16),
				entry("§9.3.3.4 SR-IOV Status: RW1C", ext(0x10), 0x10A, 2, ALL16),
				entry("§9.3.3.5-.6 InitialVFs and TotalVFs: HwInit", ext(0x10), 0x10C, 4, 0),
				entry("§9.3.3.7 NumVFs: RW", ext(0x10), 0x110, 2, ALL16),
				entry("§9.3.3.9-.10 First VF Offset and VF Stride: RO", ext(0x10), 0x114, 4, 0),
				entry("§9.3.3.12 Supported Page Sizes: RO", ext(0x10), 0x11C, 4, 0),
				entry("§9.3.3.13 System Page Size: RW", ext(0x10), 0x120, 4, ALL32),
				entry("§9.3.3.14 VF BAR0, memory: address RW", ext(0x10), 0x124, 4, 0xFFFF_FFF0L),
				entry("§9.3.3.14 VF BAR, upper dword of a 64-bit one: RW", ext(extended(0x10, 1).u32(0x24, 0x4)), 0x128,
						4, ALL32),
				entry("§9.3.3.15 VF Migration State Array Offset: RO", ext(0x10), 0x13C, 4, 0),
				// the rest of the extended capabilities
				entry("§7.9.3.2 Device Serial Number: RO (per unit, not state)", ext(0x03), 0x104, 4, 0),
				entry("§7.8.1.2 Power Budgeting Data Select: RW", ext(0x04), 0x104, 1, 0xFF),
				entry("§7.8.1.3 Power Budgeting Data: RO, picked by Data Select", ext(0x04), 0x108, 4, ALL32),
				entry("§7.8.1.4 Power Budget Capability: HwInit", ext(0x04), 0x10C, 1, 0),
				entry("§7.8.2.2 LTR Max Snoop Latency: RW", ext(0x18), 0x104, 2, ALL16),
				entry("§7.8.2.3 LTR Max No-Snoop Latency: RW", ext(0x18), 0x106, 2, ALL16),
				entry("§7.8.3.2 L1 PM Substates Capabilities: HwInit", ext(0x1E), 0x104, 4, 0),
				entry("§7.8.3.3 L1 PM Substates Control 1: RW", ext(0x1E), 0x108, 4, ALL32),
				entry("§7.8.3.4 L1 PM Substates Control 2: RW", ext(0x1E), 0x10C, 4, ALL32),
				entry("§7.8.3.5 L1 PM Substates Status: RW1C", ext(0x1E), 0x110, 4, ALL32),
				entry("§7.9.15.2 PTM Capability: RO", ext(0x1F), 0x104, 4, 0),
				entry("§7.9.15.3 PTM Control: RW", ext(0x1F), 0x108, 4, ALL32),
				entry("§7.8.6.2 Resizable BAR Capability: RO", rebar(), 0x104, 4, 0),
				entry("§7.8.6.3 Resizable BAR Control: BAR Size RW, the rest RO", rebar(), 0x108, 4, 0x3F00),
				entry("§7.9.13.2 TPH Requester Capability: RO", tph(), 0x104, 4, 0),
				entry("§7.9.13.3 TPH Requester Control: RW", tph(), 0x108, 4, ALL32),
				entry("§7.9.13.4 TPH ST Table entries 0 and 1: RW", tph(), 0x10C, 4, ALL32),
				entry("§7.9.1.2 Port VC Capability 1: RO", ext(0x02), 0x104, 4, 0),
				entry("§7.9.1.4 Port VC Control: RW", ext(0x02), 0x10C, 2, ALL16),
				entry("§7.9.1.5 Port VC Status: RO live", ext(0x02), 0x10E, 2, ALL16),
				entry("§7.9.1.6 VC Resource Capability: RO", ext(0x02), 0x110, 4, 0),
				entry("§7.9.1.7 VC Resource Control: RW", ext(0x02), 0x114, 4, ALL32),
				entry("§7.9.1.8 VC Resource Status: RO live", ext(0x02), 0x11A, 2, ALL16),
				entry("§7.9.14.2 DPC Capability: RO", ext(0x1D), 0x104, 2, 0),
				entry("§7.9.14.3 DPC Control: RW", ext(0x1D), 0x106, 2, ALL16),
				entry("§7.9.14.4 DPC Status: RW1C and RO live", ext(0x1D), 0x108, 2, ALL16),
				entry("§7.9.14.5 DPC Error Source ID: RO live", ext(0x1D), 0x10A, 2, ALL16),
				entry("§7.9.14.6 RP PIO Status: RW1CS", ext(extended(0x1D, 1).u16(0x04, 0x0020 | (4 << 8))), 0x10C, 4,
						ALL32),
				entry("§7.9.14.11 RP PIO Header Log: ROS", ext(extended(0x1D, 1).u16(0x04, 0x0020 | (4 << 8))), 0x120,
						4, ALL32),
				entry("§7.9.11.2 Multicast Capability: RO", ext(0x12), 0x104, 2, 0),
				entry("§7.9.11.3 Multicast Control: RW", ext(0x12), 0x106, 2, ALL16),
				entry("§7.9.11.4 MC_Base_Address: RW", ext(0x12), 0x108, 4, ALL32),
				entry("§7.9.11.7 MC_Block_Untranslated: RW", ext(0x12), 0x120, 4, ALL32),
				entry("§7.7.3.2 Link Control 3: RW", ext(0x19), 0x104, 4, ALL32),
				entry("§7.7.3.3 Lane Error Status: RW1CS", ext(0x19), 0x108, 4, ALL32),
				entry("§7.7.3.4 Lane Equalization Control: HwInit", ext(0x19), 0x10C, 2, 0),
				entry("§7.7.4.2 Data Link Feature Capabilities: HwInit", ext(0x25), 0x104, 4, 0),
				entry("§7.7.4.3 Data Link Feature Status: RO live", ext(0x25), 0x108, 4, ALL32),
				entry("§7.7.5.3 16.0 GT/s Control: RW", ext(0x26), 0x108, 4, ALL32),
				entry("§7.7.5.4 16.0 GT/s Status: RO live and RW1CS", ext(0x26), 0x10C, 4, ALL32),
				entry("§7.7.5.5 16.0 GT/s Local Data Parity Mismatch Status: RW1CS", ext(0x26), 0x110, 4, ALL32),
				entry("§7.7.5.9 16.0 GT/s Lane Equalization Control: HwInit", ext(0x26), 0x120, 1, 0),
				entry("§7.7.6.4 32.0 GT/s Status: RO live", ext(0x2A), 0x10C, 4, ALL32),
				entry("§7.7.6.5 Received Modified TS Data 1: RO live", ext(0x2A), 0x110, 4, ALL32),
				entry("§7.7.6.7 Transmitted Modified TS Data 1: RW", ext(0x2A), 0x118, 4, ALL32),
				entry("§7.7.7.2 Margining Port Capabilities: HwInit", ext(0x27), 0x104, 2, 0),
				entry("§7.7.7.3 Margining Port Status: RO live", ext(0x27), 0x106, 2, ALL16),
				entry("§7.7.7.4 Margining Lane Control: RW", ext(0x27), 0x108, 2, ALL16),
				entry("§7.7.7.5 Margining Lane Status: RO live", ext(0x27), 0x10A, 2, ALL16),
				entry("§7.9.20.2 NPEM Capability: RO", ext(0x29), 0x104, 4, 0),
				entry("§7.9.20.3 NPEM Control: RW", ext(0x29), 0x108, 4, ALL32),
				entry("§7.9.20.4 NPEM Status: RW1C", ext(0x29), 0x10C, 4, ALL32),
				entry("§7.9.24.2 DOE Capabilities: RO", ext(0x2E), 0x104, 4, 0),
				entry("§7.9.24.3 DOE Control: RW", ext(0x2E), 0x108, 4, ALL32),
				entry("§7.9.24.4 DOE Status: RO live", ext(0x2E), 0x10C, 4, ALL32),
				entry("§7.9.24.5-.6 DOE Write and Read Data Mailboxes", ext(0x2E), 0x110, 4, ALL32),
				entry("§7.7.9.2 Device Capabilities 3: RO", ext(0x2F), 0x104, 4, 0),
				entry("§7.7.9.3 Device Control 3: RW", ext(0x2F), 0x108, 4, ALL32),
				entry("§7.7.9.4 Device Status 3: RO live", ext(0x2F), 0x10C, 4, ALL32),
				entry("§7.8.9.3 FRS Queueing Status: RW1C", ext(0x21), 0x108, 2, ALL16),
				entry("§7.8.9.5 FRS Message Queue: RO live", ext(0x21), 0x10C, 4, ALL32),
				entry("§7.9.16 Readiness Time Reporting 1: HwInit", ext(0x22), 0x104, 4, 0),
				entry("LN Requester Control: RW", ext(0x1C), 0x106, 2, ALL16),
				entry("§7.9.7.3 RCRB Control: RW", ext(0x0A), 0x10C, 4, ALL32),
				entry("§7.9.9.3 Root Complex Link Control: RW", ext(0x06), 0x108, 2, ALL16),
				entry("§7.9.9.4 Root Complex Link Status: RO live", ext(0x06), 0x10A, 2, ALL16),
				// the rest of the standard capabilities
				entry("PCI-to-PCI Bridge 1.2 §13.2 Chassis Number: RW", device(standard(0x04)), 0x83, 1, 0xFF),
				entry("PCI-to-PCI Bridge 1.2 §13.2 Expansion Slot: RO", device(standard(0x04)), 0x82, 1, 0),
				entry("PICMG 2.1 Hot Swap Control/Status", device(standard(0x06)), 0x82, 1, 0xFF),
				entry("PCI-X 2.0 §7.2.3 PCI-X Command: RW but the version", device(standard(0x07)), 0x82, 2, 0xCFFF),
				entry("PCI-X 2.0 §7.2.4 PCI-X Status: captured numbers and RW1C bits", device(standard(0x07)), 0x84, 4,
						0x200C_FFFFL),
				entry("§7.9.21.4 AF Control: RW", device(standard(0x13)), 0x84, 1, 0xFF),
				entry("§7.9.21.5 AF Status: RO live", device(standard(0x13)), 0x85, 1, 0xFF),
				entry("SHPC 1.0 §4.2 DWORD Select and Data", device(standard(0x0C)), 0x84, 4, ALL32),
				entry("AGP 3.0 §2.2 AGP Command: RW", device(standard(0x02)), 0x88, 4, ALL32),
				entry("AGP 3.0 §2.2 AGP Status: RO", device(standard(0x02)), 0x84, 4, 0),
				entry("AHCI 1.3 §2.4 SATA index/data pair: RW", device(standard(0x12).u8(0x04, 0x0F)), 0x88, 4, ALL32),
				entry("§7.8.5 Enhanced Allocation entry: Enable RW, the rest HwInit",
						device(standard(0x14).u8(0x02, 1).u32(0x04, 0x0000_0002L)), 0x84, 4, 0x8000_0000L),
				entry("§7.8.5 Enhanced Allocation entry Base: HwInit",
						device(standard(0x14).u8(0x02, 1).u32(0x04, 0x0000_0002L)), 0x88, 4, 0));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("entries")
	void stateBitsFollowTheSpec(String citation, ConfigSpaceBuilder device, int offset, int width, long state) {
		ConfigSpace config = device.build();
		ConfigSpaceMap map = ConfigSpaceMap.of(config, ConfigSpaceParser.parse(config));

		for (int i = 0; i < width; i++) {
			assertThat(map.state(offset + i)).as("state bits of byte 0x%x", offset + i)
				.isEqualTo((int) (state >>> (8 * i)) & 0xFF);
		}
	}

	@ParameterizedTest(name = "§7.9.3.2 the Serial Number is a per-unit value ({0} bytes)")
	@MethodSource("serialNumberBytes")
	void theDeviceSerialNumberIsAPerUnitValue(int index) {
		ConfigSpace config = ext(0x03).build();
		Layout layout = ConfigSpaceParser.parse(config);

		assertThat(ConfigSpaceMap.of(config, layout).perUnit(0x104 + index)).isEqualTo(0xFF);
		assertThat(ConfigSpaceMap.of(config, layout).place(0x104 + index).name()).isEqualTo("Serial Number");
	}

	static Stream<Integer> serialNumberBytes() {
		return Stream.of(0, 1, 2, 3, 4, 5, 6, 7);
	}

	private static Arguments entry(String citation, ConfigSpaceBuilder device, int offset, int width, long state) {
		String cited = citation.startsWith("PCI") || citation.startsWith("AGP") || citation.startsWith("AHCI")
				|| citation.startsWith("SHPC") ? citation : "PCIe 6.0 " + citation;
		return Arguments.of(cited, device, offset, width, state);
	}

	/** A PCI Express endpoint with this standard capability at 0x80. */
	private static ConfigSpaceBuilder device(ConfigSpaceBuilder.Capability capability) {
		return expressEndpoint(0x8086, 0x1234).with(0x80, capability).size(4096);
	}

	/** A PCI Express endpoint with this extended capability (version 1) at 0x100. */
	private static ConfigSpaceBuilder ext(int id) {
		return ext(extended(id, 1));
	}

	/** A PCI Express endpoint with this extended capability at 0x100. */
	private static ConfigSpaceBuilder ext(ConfigSpaceBuilder.Capability capability) {
		return expressEndpoint(0x8086, 0x1234).with(0x100, capability).size(4096);
	}

	private static ConfigSpaceBuilder aer(boolean endEndTlpPrefix) {
		return expressEndpoint(0x8086, 0x1234).withDword(0x64, endEndTlpPrefix ? 0x0020_0000L : 0)
			.with(0x100, extended(0x01, 2))
			.size(4096);
	}

	private static ConfigSpaceBuilder rootAer() {
		return bridge(0x8086, 0x1234).with(0x40, standard(0x10).u16(0x02, 2 | (ROOT_PORT << 4)))
			.with(0x100, extended(0x01, 2))
			.size(4096);
	}

	/** One resizable BAR: BAR index 0, one BAR (bits 7:5 of the first control). */
	private static ConfigSpaceBuilder rebar() {
		return expressEndpoint(0x8086, 0x1234).with(0x100, extended(0x15, 1).u32(0x08, 1 << 5)).size(4096);
	}

	/** A steering tag table of two entries in the capability (location 01b, size 1). */
	private static ConfigSpaceBuilder tph() {
		return expressEndpoint(0x8086, 0x1234).with(0x100, extended(0x17, 1).u32(0x04, 0x200 | (1L << 16))).size(4096);
	}

}
