package io.cfgspace.configspace.capability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cfgspace.configspace.ConfigSpace;
import io.cfgspace.configspace.ConfigSpaceBuilder;

import org.junit.jupiter.api.Test;

/** Register access relative to a capability, bounded by its length and the dump. */
class RegistersTest {

	private final ConfigSpace configSpace = ConfigSpaceBuilder.endpoint(0x8086, 0x1234)
		.withDword(0x40, 0x1234_5678L)
		.withDword(0x44, 0x89AB_CDEFL)
		.build();

	@Test
	void readsLittleEndianRelativeToTheCapability() {
		Registers registers = new Registers(this.configSpace, 0x40, 8);

		assertThat(registers.u8(0)).isEqualTo(0x78);
		assertThat(registers.u16(2)).isEqualTo(0x1234);
		assertThat(registers.u32(4)).isEqualTo(0x89AB_CDEFL);
	}

	@Test
	void readsStopAtTheLengthOfTheStructure() {
		Registers registers = new Registers(this.configSpace, 0x40, 6);

		assertThat(registers.has(4, 2)).isTrue();
		assertThat(registers.has(4, 4)).isFalse();
		assertThat(registers.has(-1, 1)).isFalse();
		assertThatThrownBy(() -> registers.u32(4)).isInstanceOf(IndexOutOfBoundsException.class)
			.hasMessage("register +0x4 of the capability at 0x40 is outside the captured structure");
	}

	@Test
	void readsStopAtTheEndOfTheDump() {
		Registers registers = Registers.unbounded(this.configSpace, 0xFC);

		assertThat(registers.has(0, 4)).isTrue();
		assertThat(registers.has(4, 1)).isFalse();
	}

	@Test
	void bitsTakesAnInclusiveRangeLikeTheSpec() {
		assertThat(Registers.bits(0x0000_1F00L, 12, 8)).isEqualTo(0x1F);
		assertThat(Registers.bits(0xFFF0_0000L, 31, 20)).isEqualTo(0xFFF);
		assertThat(Registers.bits(0x8000_0000L, 31, 31)).isEqualTo(1);
		assertThat(Registers.bits(0xFFFF_FFFFL, 3, 0)).isEqualTo(0xF);
		assertThat(Registers.bit(0x20, 5)).isTrue();
		assertThat(Registers.bit(0x20, 4)).isFalse();
	}

}
