package io.cfgspace.configspace.capability;

import static io.cfgspace.configspace.ConfigSpaceBuilder.EXECUTE;
import static io.cfgspace.configspace.ConfigSpaceBuilder.PRIVILEGED;
import static io.cfgspace.configspace.ConfigSpaceBuilder.expressEndpoint;
import static io.cfgspace.configspace.ConfigSpaceBuilder.extended;
import static io.cfgspace.configspace.ConfigSpaceBuilder.pasid;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.cfgspace.layout.LayoutBlock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * PASID (extended 0x001B, 8 bytes), pci-facts.md §4.1: capability register at +4 with
 * Execute Permission Supported (bit 1), Privileged Mode Supported (bit 2) and Max PASID
 * Width (bits 12:8); control at +6 is state.
 */
class PasidTest {

	@Test
	void isEightBytesNamedAsLspciNamesIt() {
		LayoutBlock block = expressEndpoint(0x8086, 0x1234).with(0x230, pasid(20, EXECUTE, !PRIVILEGED)).block(0x230);

		assertThat(block.length()).isEqualTo(8);
		assertThat(block.name()).isEqualTo("Process Address Space ID (PASID)");
		assertThat(block.id()).isEqualTo(0x1B);
		assertThat(block.version()).isEqualTo(1);
	}

	@Test
	void decodesWidthExecuteAndPrivileged() {
		LayoutBlock block = expressEndpoint(0x8086, 0x1234).with(0x230, pasid(20, EXECUTE, !PRIVILEGED)).block(0x230);

		assertThat(block.fields()).isEqualTo(
				Map.of("maxPasidWidth", 20L, "executePermissionSupported", true, "privilegedModeSupported", false));
	}

	@ParameterizedTest(name = "capability 0x{0} has width {1}")
	@CsvSource({ "1400, 20", "0100, 1", "1F00, 31", "FF00, 31", "E000, 0", "00FE, 0", "1006, 16" })
	void pasidWidthComesFromBits12To8(String capability, long width) {
		LayoutBlock block = expressEndpoint(0x8086, 0x1234)
			.with(0x230, extended(0x1B, 1).u16(0x04, Integer.parseInt(capability, 16)))
			.block(0x230);

		assertThat(block.fields()).containsEntry("maxPasidWidth", width);
	}

	@Test
	void executePermissionIsBit1AndPrivilegedModeIsBit2() {
		LayoutBlock executeOnly = expressEndpoint(0x8086, 0x1234).with(0x230, extended(0x1B, 1).u16(0x04, 0x0002))
			.block(0x230);
		LayoutBlock privilegedOnly = expressEndpoint(0x8086, 0x1234).with(0x230, extended(0x1B, 1).u16(0x04, 0x0004))
			.block(0x230);
		LayoutBlock reservedBit0 = expressEndpoint(0x8086, 0x1234).with(0x230, extended(0x1B, 1).u16(0x04, 0x0001))
			.block(0x230);

		assertThat(executeOnly.fields()).containsEntry("executePermissionSupported", true)
			.containsEntry("privilegedModeSupported", false);
		assertThat(privilegedOnly.fields()).containsEntry("executePermissionSupported", false)
			.containsEntry("privilegedModeSupported", true);
		assertThat(reservedBit0.fields()).containsEntry("executePermissionSupported", false)
			.containsEntry("privilegedModeSupported", false);
	}

	@Test
	void controlRegisterIsStateNotIdentity() {
		LayoutBlock disabled = expressEndpoint(0x8086, 0x1234).with(0x230, pasid(20, EXECUTE, PRIVILEGED)).block(0x230);
		LayoutBlock enabled = expressEndpoint(0x8086, 0x1234)
			.with(0x230, pasid(20, EXECUTE, PRIVILEGED).u16(0x06, 0x0007))
			.block(0x230);

		assertThat(enabled.fields()).isEqualTo(disabled.fields());
	}

	@Test
	void readsTheWorkedExampleFromPciutils() {
		// pciutils tests/cap-pasid-pri: 100: 1b 00 01 20 02 14 03 00
		LayoutBlock block = expressEndpoint(0x8086, 0x1234).withDword(0x100, 0x2001_001BL)
			.withDword(0x104, 0x0003_1402L)
			.size(4096)
			.block(0x100);

		assertThat(block.next()).isEqualTo(0x200);
		assertThat(block.version()).isEqualTo(1);
		assertThat(block.fields()).isEqualTo(
				Map.of("maxPasidWidth", 20L, "executePermissionSupported", true, "privilegedModeSupported", false));
	}

}
