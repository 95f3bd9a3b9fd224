package io.cfgspace.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Which model a reported device belongs to, and why none when none. */
class ModelMatchTest {

	private static final ModelMatch.Device DSA = new ModelMatch.Device(0x8086, 0x0b25, 0x8086, 0x0000, 0x01, null);

	private static List<ModelKey> keys(String... keys) {
		return java.util.Arrays.stream(keys).map(ModelKey::parse).toList();
	}

	@Test
	void theMostSpecificKeyWins() {
		assertThat(ModelMatch.of(DSA, keys("8086:0b25", "8086:0b25:8086:0000", "8086:0b25:8086:0000:r02")).key())
			.hasToString("8086:0b25:8086:0000");
	}

	@Test
	void saysWhichIdentityNoModelCovers() {
		ModelMatch match = ModelMatch.of(DSA, keys("8086:0b25:8086:1111", "8086:0b26"));
		assertThat(match.key()).isNull();
		assertThat(match.unmodelledReason()).isEqualTo("no device model for 8086:0b25 subsystem 8086:0000 revision 01");
	}

	@Test
	void aVariantNoModelHasIsNamedInTheReason() {
		ModelMatch.Device vf = new ModelMatch.Device(0x8086, 0x0b25, null, null, 0x01, "vf");
		assertThat(ModelMatch.of(vf, keys("8086:0b25", "8086:0b25@pf")).unmodelledReason())
			.isEqualTo("no device model for 8086:0b25 revision 01 with variant vf");
	}

	@Test
	void modelsThatDifferOnlyInTheirVariantTieWithoutOne() {
		ModelMatch match = ModelMatch.of(DSA, keys("8086:0b25@vf", "8086:0b25@pf"));
		assertThat(match.key()).isNull();
		assertThat(match.unmodelledReason()).isEqualTo(
				"matches 2 device models equally well: 8086:0b25@pf, 8086:0b25@vf; report the device's variant to choose one");
		assertThat(ModelMatch
			.of(new ModelMatch.Device(0x8086, 0x0b25, 0x8086, 0x0000, 0x01, "pf"), keys("8086:0b25@vf", "8086:0b25@pf"))
			.key()).hasToString("8086:0b25@pf");
	}

}
