package io.cfgspace.configspace.capability;

import static io.cfgspace.configspace.capability.CapabilityRule.BOUNDED;
import static io.cfgspace.configspace.capability.CapabilityRule.fixed;

import java.util.HashMap;
import java.util.Map;

/**
 * Every capability ID cfgspace knows: its name as lspci (pciutils 3.9) prints it and its
 * length rule. Lengths are vfio's where vfio sizes the capability
 * ({@code pci_cap_length}, {@code pci_ext_cap_length}), and the spec's register map where
 * vfio hides it. An ID that is not in the table is kept with lspci's "Capability ID 0xNN"
 * name and a {@link CapabilityRule#BOUNDED} length.
 */
public final class CapabilityCatalog {

	private static final Map<Integer, CapabilityKind> STANDARD = new HashMap<>();

	private static final Map<Integer, CapabilityKind> EXTENDED = new HashMap<>();

	static {
		standard(0x00, "Null", fixed(4));
		standard(0x01, "Power Management", new PowerManagement());
		standard(0x02, "AGP", fixed(12));
		standard(0x03, "Vital Product Data", fixed(8));
		standard(0x04, "Slot ID", fixed(4));
		standard(0x05, "MSI", new Msi());
		standard(0x06, "CompactPCI hot-swap", fixed(4));
		standard(0x07, "PCI-X", LengthRules::pciX);
		standard(0x08, "HyperTransport", LengthRules::hyperTransport);
		standard(0x09, "Vendor Specific Information", LengthRules::vendorSpecific);
		standard(0x0A, "Debug port", fixed(4));
		standard(0x0B, "CompactPCI central resource control", fixed(4));
		standard(0x0C, "Hot-plug capable", fixed(8));
		standard(0x0D, "Subsystem", fixed(8));
		standard(0x0E, "AGP3", fixed(12));
		standard(0x0F, "Secure device", fixed(4));
		standard(0x10, "Express", new PciExpress());
		standard(0x11, "MSI-X", new MsiX());
		standard(0x12, "SATA HBA", LengthRules::sata);
		standard(0x13, "PCI Advanced Features", fixed(6));
		standard(0x14, "Enhanced Allocation (EA)", LengthRules::enhancedAllocation);

		extended(0x0000, "Null", fixed(4));
		extended(0x0001, "Advanced Error Reporting", new AdvancedErrorReporting());
		extended(0x0002, "Virtual Channel", LengthRules::virtualChannel);
		extended(0x0003, "Device Serial Number", fixed(12));
		extended(0x0004, "Power Budgeting", fixed(16));
		extended(0x0005, "Root Complex Link", LengthRules::rootComplexLinkDeclaration);
		extended(0x0006, "Root Complex Internal Link", fixed(12));
		extended(0x0007, "Root Complex Event Collector Endpoint Association", LengthRules::eventCollectorAssociation);
		extended(0x0008, "Multi-Function Virtual Channel", LengthRules::virtualChannel);
		extended(0x0009, "Virtual Channel", LengthRules::virtualChannel);
		extended(0x000A, "Root Complex Register Block", fixed(0x14));
		extended(0x000B, "Vendor Specific Information", new VendorSpecificExtended());
		extended(0x000D, "Access Control Services", new AccessControl());
		extended(0x000E, "Alternative Routing-ID Interpretation (ARI)", fixed(8));
		extended(0x000F, "Address Translation Service (ATS)", new AddressTranslation());
		extended(0x0010, "Single Root I/O Virtualization (SR-IOV)", new SingleRootIov());
		extended(0x0011, "Multi-Root I/O Virtualization", (registers, device) -> BOUNDED);
		extended(0x0012, "Multicast", fixed(40));
		extended(0x0013, "Page Request Interface (PRI)", new PageRequest());
		extended(0x0015, "Physical Resizable BAR", new ResizableBar());
		extended(0x0016, "Dynamic Power Allocation", LengthRules::dynamicPowerAllocation);
		extended(0x0017, "Transaction Processing Hints", LengthRules::tphRequester);
		extended(0x0018, "Latency Tolerance Reporting", fixed(8));
		extended(0x0019, "Secondary PCI Express", LengthRules::secondaryExpress);
		extended(0x001A, "Protocol Multiplexing", (registers, device) -> BOUNDED);
		extended(0x001B, "Process Address Space ID (PASID)", new Pasid());
		extended(0x001C, "LN Requester", fixed(8));
		extended(0x001D, "Downstream Port Containment", LengthRules::downstreamPortContainment);
		extended(0x001E, "L1 PM Substates", fixed(16));
		extended(0x001F, "Precision Time Measurement", fixed(12));
		extended(0x0020, "PCI Express over M_PHY", (registers, device) -> BOUNDED);
		extended(0x0021, "FRS Queueing", fixed(16));
		extended(0x0022, "Readiness Time Reporting", fixed(12));
		extended(0x0023, "Designated Vendor-Specific", new DesignatedVendorSpecific());
		extended(0x0024, "Virtual Resizable BAR", new ResizableBar());
		extended(0x0025, "Data Link Feature", fixed(12));
		extended(0x0026, "Physical Layer 16.0 GT/s", LengthRules::physicalLayer16Or32);
		extended(0x0027, "Lane Margining at the Receiver", LengthRules::laneMargining);
		extended(0x0028, "Hierarchy ID", fixed(32));
		extended(0x0029, "Native PCIe Enclosure Management", fixed(16));
		// pciutils 3.9 prints no name for the IDs below; the lengths are the spec's
		extended(0x002A, null, LengthRules::physicalLayer16Or32);
		extended(0x002B, null, fixed(24));
		extended(0x002E, "Data Object Exchange", fixed(0x18));
		extended(0x002F, null, fixed(16));
		extended(0x0031, null, LengthRules::physicalLayer64);
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
