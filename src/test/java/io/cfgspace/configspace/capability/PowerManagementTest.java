package io.cfgspace.configspace.capability;

import static io.cfgspace.configspace.ConfigSpaceBuilder.endpoint;
import static io.cfgspace.configspace.ConfigSpaceBuilder.powerManagement;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.cfgspace.layout.LayoutBlock;

import org.junit.jupiter.api.Test;

/** Power Management (standard 0x01): 8 bytes, PMC at +2 read-only, PMCSR at +4 state. */
class PowerManagementTest {

	// PMC: version 3 (b2:0), device specific init (b5), aux current 375 mA (b8:6 = 111b),
	// D1 (b9), no D2, PME from D0, D3hot, D3cold (b15:11 = 11001b)
	private static final int PMC = 0x3 | (1 << 5) | (7 << 6) | (1 << 9) | (0b11001 << 11);

	@Test
	void isEightBytesNamedPowerManagement() {
		LayoutBlock block = endpoint(0x8086, 0x1234).with(0x40, powerManagement(PMC)).block(0x40);

		assertThat(block.length()).isEqualTo(8);
		assertThat(block.name()).isEqualTo("Power Management");
	}

	@Test
	void decodesThePowerManagementCapabilitiesRegister() {
		LayoutBlock block = endpoint(0x8086, 0x1234).with(0x40, powerManagement(PMC)).block(0x40);

		assertThat(block.fields())
			.isEqualTo(Map.of("version", 3L, "pmeClock", false, "deviceSpecificInitialization", true, "auxCurrent", 7L,
					"d1Support", true, "d2Support", false, "pmeSupport", 0b11001L, "noSoftReset", false));
	}

	@Test
	void noSoftResetIsBit3OfControlStatus() {
		LayoutBlock block = endpoint(0x8086, 0x1234).with(0x40, powerManagement(PMC).u16(0x04, 0x0008)).block(0x40);

		assertThat(block.fields()).containsEntry("noSoftReset", true);
	}

	@Test
	void thePowerStateIsStateNotIdentity() {
		LayoutBlock d0 = endpoint(0x8086, 0x1234).with(0x40, powerManagement(PMC).u16(0x04, 0x0008)).block(0x40);
		LayoutBlock d3hot = endpoint(0x8086, 0x1234).with(0x40, powerManagement(PMC).u16(0x04, 0x810B)).block(0x40);

		assertThat(d3hot.fields()).isEqualTo(d0.fields());
	}

}
