package io.cfgspace.configspace.capability;

import static io.cfgspace.configspace.capability.CapabilityRule.BOUNDED;
import static io.cfgspace.configspace.capability.CapabilityRule.fixed;
import static io.cfgspace.configspace.capability.CapabilityRule.of;

import java.util.HashMap;
import java.util.Map;

/**
 * Every capability ID cfgspace knows: its name as lspci (pciutils 3.9) prints it, its
 * length rule, its decoder and its register table. Lengths are vfio's where vfio sizes
 * the capability ({@code pci_cap_length}, {@code pci_ext_cap_length}), and the spec's
 * register map where vfio hides it. An ID that is not in the table is kept with lspci's
 * "Capability ID 0xNN" name and a {@link CapabilityRule#BOUNDED} length. A capability
 * without a register table (HyperTransport, the vendor-defined bodies, IDs nobody
 * defines) has every byte compared.
 */
public final class CapabilityCatalog {

	private static final Map<Integer, CapabilityKind> STANDARD = new HashMap<>();

	private static final Map<Integer, CapabilityKind> EXTENDED = new HashMap<>();

	static {
		standard(0x00, "Null", fixed(4));
		standard(0x01, "Power Management", new PowerManagement());
		standard(0x02, "AGP", of(fixed(12), RegisterTables::agp));
		standard(0x03, "Vital Product Data", of(fixed(8), RegisterTables::vitalProductData));
		standard(0x04, "Slot ID", of(fixed(4), RegisterTables::slotIdentification));
		standard(0x05, "MSI", new Msi());
		standard(0x06, "CompactPCI hot-swap", of(fixed(4), RegisterTables::compactPciHotSwap));
		standard(0x07, "PCI-X", of(LengthRules::pciX, RegisterTables::pciX));
		standard(0x08, "HyperTransport", LengthRules::hyperTransport);
		standard(0x09, "Vendor Specific Information", of(LengthRules::vendorSpecific, RegisterTables::vendorSpecific));
		standard(0x0A, "Debug port", of(fixed(4), RegisterTables::debugPort));
		standard(0x0B, "CompactPCI central resource control", fixed(4));
		standard(0x0C, "Hot-plug capable", of(fixed(8), RegisterTables::hotPlug));
		standard(0x0D, "Subsystem", of(fixed(8), RegisterTables::bridgeSubsystem));
		standard(0x0E, "AGP3", fixed(12));
		standard(0x0F, "Secure device", fixed(4));
		standard(0x10, "Express", new PciExpress());
		standard(0x11, "MSI-X", new MsiX());
		standard(0x12, "SATA HBA", of(LengthRules::sata, RegisterTables::sata));
		standard(0x13, "PCI Advanced Features", of(fixed(6), RegisterTables::advancedFeatures));
		standard(0x14, "Enhanced Allocation (EA)",
				of(LengthRules::enhancedAllocation, RegisterTables::enhancedAllocation));

		extended(0x0000, "Null", fixed(4));
		extended(0x0001, "Advanced Error Reporting", new AdvancedErrorReporting());
		extended(0x0002, "Virtual Channel", of(LengthRules::virtualChannel, RegisterTables::virtualChannel));
		extended(0x0003, "Device Serial Number", of(fixed(12), RegisterTables::deviceSerialNumber));
		extended(0x0004, "Power Budgeting", of(fixed(16), RegisterTables::powerBudgeting));
		extended(0x0005, "Root Complex Link",
				of(LengthRules::rootComplexLinkDeclaration, RegisterTables::rootComplexLinkDeclaration));
		extended(0x0006, "Root Complex Internal Link", of(fixed(12), RegisterTables::rootComplexInternalLink));
		extended(0x0007, "Root Complex Event Collector Endpoint Association",
				of(LengthRules::eventCollectorAssociation, RegisterTables::eventCollectorAssociation));
		extended(0x0008, "Multi-Function Virtual Channel",
				of(LengthRules::virtualChannel, RegisterTables::virtualChannel));
		extended(0x0009, "Virtual Channel", of(LengthRules::virtualChannel, RegisterTables::virtualChannel));
		extended(0x000A, "Root Complex Register Block", of(fixed(0x14), RegisterTables::rootComplexRegisterBlock));
		extended(0x000B, "Vendor Specific Information", new VendorSpecificExtended());
		extended(0x000D, "Access Control Services", new AccessControl());
		extended(0x000E, "Alternative Routing-ID Interpretation (ARI)",
				of(fixed(8), RegisterTables::alternativeRoutingId));
		extended(0x000F, "Address Translation Service (ATS)", new AddressTranslation());
		extended(0x0010, "Single Root I/O Virtualization (SR-IOV)", new SingleRootIov());
		extended(0x0011, "Multi-Root I/O Virtualization", (registers, device) -> BOUNDED);
		extended(0x0012, "Multicast", of(fixed(40), RegisterTables::multicast));
		extended(0x0013, "Page Request Interface (PRI)", new PageRequest());
		extended(0x0015, "Physical Resizable BAR", new ResizableBar());
		extended(0x0016, "Dynamic Power Allocation",
				of(LengthRules::dynamicPowerAllocation, RegisterTables::dynamicPowerAllocation));
		extended(0x0017, "Transaction Processing Hints", of(LengthRules::tphRequester, RegisterTables::tphRequester));
		extended(0x0018, "Latency Tolerance Reporting", of(fixed(8), RegisterTables::latencyTolerance));
		extended(0x0019, "Secondary PCI Express", of(LengthRules::secondaryExpress, RegisterTables::secondaryExpress));
		extended(0x001A, "Protocol Multiplexing", (registers, device) -> BOUNDED);
		extended(0x001B, "Process Address Space ID (PASID)", new Pasid());
		extended(0x001C, "LN Requester", of(fixed(8), RegisterTables::lnRequester));
		extended(0x001D, "Downstream Port Containment",
				of(LengthRules::downstreamPortContainment, RegisterTables::downstreamPortContainment));
		extended(0x001E, "L1 PM Substates", of(fixed(16), RegisterTables::l1PmSubstates));
		extended(0x001F, "Precision Time Measurement", of(fixed(12), RegisterTables::precisionTimeMeasurement));
		extended(0x0020, "PCI Express over M_PHY", (registers, device) -> BOUNDED);
		extended(0x0021, "FRS Queueing", of(fixed(16), RegisterTables::frsQueueing));
		extended(0x0022, "Readiness Time Reporting", of(fixed(12), RegisterTables::readinessTimeReporting));
		extended(0x0023, "Designated Vendor-Specific", new DesignatedVendorSpecific());
		extended(0x0024, "Virtual Resizable BAR", new ResizableBar());
		extended(0x0025, "Data Link Feature", of(fixed(12), RegisterTables::dataLinkFeature));
		extended(0x0026, "Physical Layer 16.0 GT/s",
				of(LengthRules::physicalLayer16Or32, RegisterTables::physicalLayer16));
		extended(0x0027, "Lane Margining at the Receiver",
				of(LengthRules::laneMargining, RegisterTables::laneMargining));
		extended(0x0028, "Hierarchy ID", fixed(32));
		extended(0x0029, "Native PCIe Enclosure Management", of(fixed(16), RegisterTables::enclosureManagement));
		// pciutils 3.9 prints no name for the IDs below; the lengths are the spec's
		extended(0x002A, null, of(LengthRules::physicalLayer16Or32, RegisterTables::physicalLayer32));
		extended(0x002B, null, fixed(24));
		extended(0x002E, "Data Object Exchange", of(fixed(0x18), RegisterTables::dataObjectExchange));
		extended(0x002F, null, of(fixed(16), RegisterTables::device3));
		extended(0x0031, null, of(LengthRules::physicalLayer64, RegisterTables::physicalLayer64));
	}

	private CapabilityCatalog() {
	}

	public static CapabilityKind standard(int id) {
		CapabilityKind kind = STANDARD.get(id);
		return (kind != null) ? kind : new CapabilityKind(id, unknownStandardName(id), (registers, device) -> BOUNDED);
	}

	public static CapabilityKind extended(int id) {
		CapabilityKind kind = EXTENDED.get(id);
		return (kind != null) ? kind : new CapabilityKind(id, unknownExtendedName(id), (registers, device) -> BOUNDED);
	}

	private static void standard(int id, String name, CapabilityRule rule) {
		STANDARD.put(id, new CapabilityKind(id, name, rule));
	}

	private static void extended(int id, String name, CapabilityRule rule) {
		EXTENDED.put(id, new CapabilityKind(id, (name != null) ? name : unknownExtendedName(id), rule));
	}

	// lspci prints unnamed IDs with C's "%#02x": "0x15", "0xc", "0x2a"
	private static String unknownStandardName(int id) {
		return "Capability ID 0x" + Integer.toHexString(id);
	}

	private static String unknownExtendedName(int id) {
		return "Extended Capability ID 0x" + Integer.toHexString(id);
	}

}
