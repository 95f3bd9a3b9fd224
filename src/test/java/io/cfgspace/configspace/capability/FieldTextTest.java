package io.cfgspace.configspace.capability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FieldTextTest {

	@Test
	void deviceCapabilitiesReadAsLspciShowsThem() {
		// MPS 512 (bits 2:0 = 2), extended tags, role-based errors, FLR
		assertThat(FieldText.of("deviceCapabilities", 0x10008022L)).isEqualTo("0x10008022 (MaxPayload 512 bytes, "
				+ "PhantFunc 0, Latency L0s <64ns, L1 <1us, ExtTag+ AttnBtn- AttnInd- PwrInd- RBE+ FLReset+)");
		// MPS 256, two phantom-function bits, L0s <512ns (3), L1 unlimited (7), no FLR
		assertThat(FieldText.of("deviceCapabilities", 0x00000ED9L)).isEqualTo("0x00000ed9 (MaxPayload 256 bytes, "
				+ "PhantFunc 3, Latency L0s <512ns, L1 unlimited, ExtTag- AttnBtn- AttnInd- PwrInd- RBE- FLReset-)");
	}

	@Test
	void linkCapabilitiesNameSpeedWidthAndPort() {
		// port 3, 8GT/s, x16, L0s and L1, L0s exit <256ns (2), L1 exit <8us (3), LLActRep
		long bits = (3L << 24) | (1L << 20) | (3L << 15) | (2L << 12) | (3L << 10) | (16L << 4) | 3;
		assertThat(FieldText.of("linkCapabilities", bits))
			.isEqualTo(String.format("0x%08x", bits) + " (Port #3, Speed 8GT/s, Width x16, ASPM L0s L1, Exit Latency "
					+ "L0s <256ns, L1 <8us, ClockPM- Surprise- LLActRep+ BwNot- ASPMOptComp-)");
	}

	@Test
	void deviceCapabilities2NamesItsFlags() {
		// completion timeout ranges A and B, ARI forwarding, LTR, 32-bit AtomicOps
		assertThat(FieldText.of("deviceCapabilities2", 0x0000_08A3L)).isEqualTo("0x000008a3 (CmpltTO ranges 3, "
				+ "TO-Dis- ARIFwd+ AtomicOpsCap 32bit+ 64bit- 128bitCAS- LTR+ TPHComp- ExtTPHComp- ExtFmt- EETLPPrefix-)");
	}

	@Test
	void otherRegistersAreHexAndCountsStayDecimal() {
		assertThat(FieldText.of("slotCapabilities", 0x40L)).isEqualTo("0x00000040");
		assertThat(FieldText.of("bar0SupportedSizes", 0x3F0L)).isEqualTo("0x000003f0");
		assertThat(FieldText.of("vfDeviceId", 0x0b25L)).isEqualTo("0x0b25");
		assertThat(FieldText.of("maxPasidWidth", 20L)).isEqualTo("20");
		assertThat(FieldText.of("maxPayloadSizeSupported", 512L)).isEqualTo("512");
		assertThat(FieldText.of("address64", true)).isEqualTo("true");
	}

}
