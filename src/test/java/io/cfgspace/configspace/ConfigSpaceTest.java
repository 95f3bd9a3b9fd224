package io.cfgspace.configspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The captured bytes: at least the 64-byte header, at most 4096, little-endian. */
class ConfigSpaceTest {

	@ParameterizedTest(name = "{0} bytes")
	@ValueSource(ints = { 64, 65, 128, 256, 0x110, 4096 })
	void holdsFromTheHeaderUpToExtendedSpace(int size) {
		assertThat(ConfigSpace.of(new byte[size]).size()).isEqualTo(size);
	}

	@Test
	void refusesLessThanTheHeader() {
		assertThatThrownBy(() -> ConfigSpace.of(new byte[63])).isInstanceOf(DumpFormatException.class)
			.hasMessage("a config space dump holds at least the 64-byte header, this one has 63 bytes");
	}

	@Test
	void refusesMoreThanExtendedSpace() {
		assertThatThrownBy(() -> ConfigSpace.of(new byte[4097])).isInstanceOf(DumpFormatException.class)
			.hasMessage("a config space has at most 4096 bytes, this one has 4097");
	}

	@Test
	void readsLittleEndianRegisters() {
		ConfigSpace configSpace = ConfigSpaceBuilder.endpoint(0x8086, 0x0B25).withDword(0x40, 0xFFFF_FFFEL).build();

		assertThat(configSpace.u8(0x00)).isEqualTo(0x86);
		assertThat(configSpace.u16(0x00)).isEqualTo(0x8086);
		assertThat(configSpace.u32(0x00)).isEqualTo(0x0B25_8086L);
		assertThat(configSpace.u32(0x40)).isEqualTo(0xFFFF_FFFEL);
	}

	@Test
	void knowsWhichBytesWereCaptured() {
		ConfigSpace configSpace = ConfigSpace.of(new byte[256]);

		assertThat(configSpace.has(0xFC, 4)).isTrue();
		assertThat(configSpace.has(0xFD, 4)).isFalse();
		assertThat(configSpace.has(-1, 1)).isFalse();
	}

	@Test
	void keepsItsOwnCopyOfTheBytes() {
		byte[] bytes = new byte[64];
		ConfigSpace configSpace = ConfigSpace.of(bytes);

		bytes[0] = 0x12;
		configSpace.toByteArray()[1] = 0x34;

		assertThat(configSpace.u16(0)).isZero();
	}

	@Test
	void equalBytesAreEqualConfigSpaces() {
		ConfigSpace one = ConfigSpaceBuilder.endpoint(0x8086, 0x0B25).build();
		ConfigSpace other = ConfigSpaceBuilder.endpoint(0x8086, 0x0B25).build();
		ConfigSpace shorter = ConfigSpaceBuilder.endpoint(0x8086, 0x0B25).size(64).build();

		assertThat(one).isEqualTo(other).hasSameHashCodeAs(other).isNotEqualTo(shorter);
		assertThat(one).hasToString("ConfigSpace[256 bytes]");
	}

}
