package io.cfgspace.configspace.capability;

import static io.cfgspace.configspace.ConfigSpaceBuilder.endpoint;
import static io.cfgspace.configspace.ConfigSpaceBuilder.expressEndpoint;
import static io.cfgspace.configspace.ConfigSpaceBuilder.extended;
import static io.cfgspace.configspace.ConfigSpaceBuilder.powerManagement;
import static io.cfgspace.configspace.ConfigSpaceBuilder.standard;
import static org.assertj.core.api.Assertions.assertThat;

import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutBlock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The table of capability IDs: lspci's names, fixed lengths, and what happens to an ID
 * nobody defines (pci-facts.md §3.1, §3.2).
 */
class CapabilityCatalogTest {

	@ParameterizedTest(name = "standard 0x{0}: {1}")
	@CsvSource({ "01, Power Management", "02, AGP", "03, Vital Product Data", "05, MSI", "07, PCI-X",
			"08, HyperTransport", "09, Vendor Specific Information", "0A, Debug port", "0C, Hot-plug capable",
			"0D, Subsystem", "10, Express", "11, MSI-X", "12, SATA HBA", "13, PCI Advanced Features",
			"14, Enhanced Allocation (EA)" })
	void standardCapabilitiesCarryLspcisNames(String id, String name) {
		assertThat(CapabilityCatalog.standard(Integer.parseInt(id, 16)).name()).isEqualTo(name);
	}

	@ParameterizedTest(name = "extended 0x{0}: {1}")
	@CsvSource({ "0000, Null", "0001, Advanced Error Reporting", "0002, Virtual Channel", "0003, Device Serial Number",
			"000B, Vendor Specific Information", "000D, Access Control Services",
			"000E, Alternative Routing-ID Interpretation (ARI)", "000F, Address Translation Service (ATS)",
			"0010, Single Root I/O Virtualization (SR-IOV)", "0013, Page Request Interface (PRI)",
			"0015, Physical Resizable BAR", "0018, Latency Tolerance Reporting",
			"001B, Process Address Space ID (PASID)", "001D, Downstream Port Containment", "001E, L1 PM Substates",
			"001F, Precision Time Measurement", "0023, Designated Vendor-Specific", "0024, Virtual Resizable BAR",
			"002E, Data Object Exchange" })
	void extendedCapabilitiesCarryLspcisNames(String id, String name) {
		assertThat(CapabilityCatalog.extended(Integer.parseInt(id, 16)).name()).isEqualTo(name);
	}

	@ParameterizedTest(name = "standard 0x{0}: {1}")
	@CsvSource({ "15, Capability ID 0x15", "3f, Capability ID 0x3f", "ab, Capability ID 0xab",
			"fe, Capability ID 0xfe" })
	void unknownStandardIdsKeepLspcisName(String id, String name) {
		assertThat(CapabilityCatalog.standard(Integer.parseInt(id, 16)).name()).isEqualTo(name);
	}

	@ParameterizedTest(name = "extended 0x{0}: {1}")
	@CsvSource({ "000C, Extended Capability ID 0xc", "0014, Extended Capability ID 0x14",
			"002A, Extended Capability ID 0x2a", "002C, Extended Capability ID 0x2c",
			"0040, Extended Capability ID 0x40", "ABCD, Extended Capability ID 0xabcd" })
	void unknownExtendedIdsKeepLspcisName(String id, String name) {
		assertThat(CapabilityCatalog.extended(Integer.parseInt(id, 16)).name()).isEqualTo(name);
	}

	@ParameterizedTest(name = "standard 0x{0} is {1} bytes")
	@CsvSource({ "02, 12", "03, 8", "0D, 8", "11, 12", "13, 6" })
	void fixedStandardLengths(String id, int length) {
		LayoutBlock block = endpoint(0x8086, 0x1234).with(0x40, standard(Integer.parseInt(id, 16))).block(0x40);

		assertThat(block.length()).isEqualTo(length);
	}

	@ParameterizedTest(name = "extended 0x{0} is {1} bytes")
	@CsvSource({ "0001, 44", "0003, 12", "0004, 16", "000A, 20", "000E, 8", "000F, 8", "0010, 64", "0012, 40",
			"0013, 16", "0018, 8", "001B, 8", "001E, 16", "001F, 12", "0025, 12", "0028, 32", "0029, 16", "002B, 24",
			"002E, 24" })
	void fixedExtendedLengths(String id, int length) {
		LayoutBlock block = expressEndpoint(0x8086, 0x1234).with(0x100, extended(Integer.parseInt(id, 16), 1))
			.block(0x100);

		assertThat(block.length()).isEqualTo(length);
	}

	@Test
	void anUnknownStandardCapabilityReachesToTheNextCapability() {
		Layout layout = endpoint(0x8086, 0x1234).with(0x60, standard(0x15))
			.with(0x40, powerManagement(0x0003))
			.with(0x80, standard(0x05))
			.parse();

		LayoutBlock unknown = layout.blocks().get(0);
		assertThat(unknown.offset()).isEqualTo(0x60);
		assertThat(unknown.name()).isEqualTo("Capability ID 0x15");
		assertThat(unknown.length()).isEqualTo(0x20);
		assertThat(unknown.fields()).isEmpty();
		assertThat(layout.findings()).isEmpty();
	}

	@Test
	void theLastUnknownStandardCapabilityReachesToTheEndOfStandardSpace() {
		LayoutBlock block = endpoint(0x8086, 0x1234).with(0x40, powerManagement(0x0003))
			.with(0xE8, standard(0x15))
			.block(0xE8);

		assertThat(block.length()).isEqualTo(0x100 - 0xE8);
	}

	@Test
	void anUnknownExtendedCapabilityReachesToTheNextCapabilityByOffset() {
		// chain order 0x100 -> 0x400 -> 0x200: the unknown block at 0x100 ends at 0x200
		Layout layout = expressEndpoint(0x8086, 0x1234).with(0x100, extended(0x0040, 1))
			.with(0x400, extended(0x001B, 1))
			.with(0x200, extended(0x000F, 1))
			.parse();

		LayoutBlock unknown = layout.blocks().get(1);
		assertThat(unknown.name()).isEqualTo("Extended Capability ID 0x40");
		assertThat(unknown.length()).isEqualTo(0x100);
		assertThat(layout.findings()).isEmpty();
	}

	@Test
	void theLastUnknownExtendedCapabilityReachesToTheEndOfExtendedSpace() {
		LayoutBlock block = expressEndpoint(0x8086, 0x1234).with(0x100, extended(0x001B, 1))
			.with(0xF00, extended(0x002C, 1))
			.block(0xF00);

		assertThat(block.length()).isEqualTo(0x100);
		assertThat(block.name()).isEqualTo("Extended Capability ID 0x2c");
	}

	@Test
	void boundedLengthIsNotAFixedLength() {
		Layout near = expressEndpoint(0x8086, 0x1234).with(0x100, extended(0x0011, 1))
			.with(0x110, extended(0x001B, 1))
			.parse();
		Layout far = expressEndpoint(0x8086, 0x1234).with(0x100, extended(0x0011, 1))
			.with(0x180, extended(0x001B, 1))
			.parse();

		assertThat(near.blocks().get(1).length()).isEqualTo(0x10);
		assertThat(far.blocks().get(1).length()).isEqualTo(0x80);
	}

}
