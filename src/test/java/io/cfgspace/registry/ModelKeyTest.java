package io.cfgspace.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cfgspace.layout.Identity;
import io.cfgspace.system.BadRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpStatus;

/** The textual key of a device model: {@code vvvv:dddd[:ssss:ssss][:rRR][@variant]}. */
class ModelKeyTest {

	private static final Identity SAPPHIRE_RAPIDS_DSA = identity(0x8086, 0x0B25, 0x04, 0x8086, 0x0000);

	@Test
	void parsesVendorAndDevice() {
		ModelKey key = ModelKey.parse("8086:0b25");

		assertThat(key).isEqualTo(new ModelKey(0x8086, 0x0B25, null, null, null, null));
		assertThat(key.toString()).isEqualTo("8086:0b25");
	}

	@Test
	void parsesSubsystem() {
		ModelKey key = ModelKey.parse("8086:0b25:8086:0000");

		assertThat(key).isEqualTo(new ModelKey(0x8086, 0x0B25, 0x8086, 0x0000, null, null));
		assertThat(key.toString()).isEqualTo("8086:0b25:8086:0000");
	}

	@Test
	void parsesRevision() {
		ModelKey key = ModelKey.parse("8086:0b25:r04");

		assertThat(key).isEqualTo(new ModelKey(0x8086, 0x0B25, null, null, 0x04, null));
		assertThat(key.toString()).isEqualTo("8086:0b25:r04");
	}

	@Test
	void parsesEveryPartWithAVariant() {
		ModelKey key = ModelKey.parse("15b3:101d:15b3:0047:r00@pf");

		assertThat(key).isEqualTo(new ModelKey(0x15B3, 0x101D, 0x15B3, 0x0047, 0x00, "pf"));
		assertThat(key.toString()).isEqualTo("15b3:101d:15b3:0047:r00@pf");
	}

	@Test
	void parsesAVariantWithoutOptionalParts() {
		ModelKey key = ModelKey.parse("8086:0b25@fw-2.1_x");

		assertThat(key).isEqualTo(new ModelKey(0x8086, 0x0B25, null, null, null, "fw-2.1_x"));
		assertThat(key.toString()).isEqualTo("8086:0b25@fw-2.1_x");
	}

	@ParameterizedTest
	@ValueSource(strings = { "8086:0b25", "8086:0b25:8086:0000", "8086:0b25:r04", "8086:0b25:8086:0000:rff",
			"15b3:101d:15b3:0047:r00@pf", "ffff:ffff:ffff:ffff:rff@a", "0000:0000:r00@vf" })
	void formatsWhatItParses(String text) {
		ModelKey key = ModelKey.parse(text);

		assertThat(key.toString()).isEqualTo(text);
		assertThat(ModelKey.parse(key.toString())).isEqualTo(key);
	}

	@Test
	void acceptsUpperCaseHexAndFormatsItInLowerCase() {
		ModelKey key = ModelKey.parse("15B3:101D:15B3:0047:rA0");

		assertThat(key).isEqualTo(new ModelKey(0x15B3, 0x101D, 0x15B3, 0x0047, 0xA0, null));
		assertThat(key.toString()).isEqualTo("15b3:101d:15b3:0047:ra0");
	}

	@Test
	void formatsIdsWithLeadingZeros() {
		assertThat(new ModelKey(0x1, 0xB, 0x2, 0x3, 0x5, null).toString()).isEqualTo("0001:000b:0002:0003:r05");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "8086", "8086:", ":0b25", "8086:0b2", "8086:0b255", "808g:0b25", "0x86:0b25",
			"+086:0b25", " 8086:0b25", "8086:0b25 ", "8086-0b25", "8086:0b25:8086", "8086:0b25:8086:000",
			"8086:0b25:8086:0000:1234", "8086:0b25:8086:0000:1234:5678", "8086:0b25:", "8086:0b25:r", "8086:0b25:r4",
			"8086:0b25:r004", "8086:0b25:rzz", "8086:0b25:R04", "8086:0b25:rr4", "8086:0b25:r04:r05",
			"8086:0b25:r04:8086:0000", "r04:8086:0b25", "8086:0b25:8086:0000:r04:r05", "@pf", "8086:0b25@",
			"8086:0b25@PF", "8086:0b25@-pf", "8086:0b25@.pf", "8086:0b25@p f", "8086:0b25@pf@vf", "8086:0b25@p/f",
			"8086:0b25@pf:r04", "8086:0b25\n", "8086:0b25@pf\n",
			"8086:0b25@aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" })
	void refusesMalformedKeys(String text) {
		BadRequest refused = catchThrowableOfType(BadRequest.class, () -> ModelKey.parse(text));

		assertThat(refused).as("parse(\"%s\")", text).isNotNull();
		assertThat(refused.code()).isEqualTo("invalid-model-key");
		assertThat(refused.status()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(refused.title()).isEqualTo("Invalid model key");
	}

	@Test
	void saysWhichTextIsNotAKeyAndWhatAKeyLooksLike() {
		BadRequest refused = catchThrowableOfType(BadRequest.class, () -> ModelKey.parse("8086:0b25:r4"));

		assertThat(refused).hasMessage("'8086:0b25:r4' is not a model key: expected "
				+ "vvvv:dddd[:ssss:ssss][:rRR][@variant], e.g. 8086:0b25 or 15b3:101d:15b3:0047:r00@pf");
	}

	@Test
	void acceptsAVariantOfFortyCharacters() {
		String forty = "a".repeat(40);

		assertThat(ModelKey.parse("8086:0b25@" + forty).variant()).isEqualTo(forty);
	}

	@Test
	void refusesOutOfRangeValuesWhenBuiltDirectly() {
		assertThat(refusal(() -> new ModelKey(0x10000, 0x0B25, null, null, null, null)))
			.hasMessage("vendorId must be 0..65535");
		assertThat(refusal(() -> new ModelKey(0x8086, -1, null, null, null, null)))
			.hasMessage("deviceId must be 0..65535");
		assertThat(refusal(() -> new ModelKey(0x8086, 0x0B25, 0x8086, null, null, null)))
			.hasMessage("subsystemVendorId and subsystemId come together");
		assertThat(refusal(() -> new ModelKey(0x8086, 0x0B25, null, 0x0000, null, null)))
			.hasMessage("subsystemVendorId and subsystemId come together");
		assertThat(refusal(() -> new ModelKey(0x8086, 0x0B25, 0x10000, 0x0000, null, null)))
			.hasMessage("subsystemVendorId must be 0..65535");
		assertThat(refusal(() -> new ModelKey(0x8086, 0x0B25, 0x8086, 0x10000, null, null)))
			.hasMessage("subsystemId must be 0..65535");
		assertThat(refusal(() -> new ModelKey(0x8086, 0x0B25, null, null, 0x100, null)))
			.hasMessage("revisionId must be 0..255");
		assertThat(refusal(() -> new ModelKey(0x8086, 0x0B25, null, null, null, "Pf")))
			.hasMessage("variant must be 1 to 40 of a-z 0-9 . _ - starting with a letter or digit");
	}

	@Test
	void aVendorAndDeviceKeyMatchesEverySubsystemAndRevision() {
		ModelKey key = ModelKey.parse("8086:0b25");

		assertThat(key.matches(SAPPHIRE_RAPIDS_DSA)).isTrue();
		assertThat(key.matches(identity(0x8086, 0x0B25, 0x08, 0x1043, 0x88B8))).isTrue();
		assertThat(key.matches(identity(0x8086, 0x0B25, 0x00, null, null))).isTrue();
		assertThat(key.matches(identity(0x8086, 0x0B26, 0x04, 0x8086, 0x0000))).isFalse();
		assertThat(key.matches(identity(0x10DE, 0x0B25, 0x04, 0x8086, 0x0000))).isFalse();
	}

	@Test
	void aSubsystemKeyMatchesOnlyThatSubsystem() {
		ModelKey key = ModelKey.parse("8086:0b25:8086:0000");

		assertThat(key.matches(SAPPHIRE_RAPIDS_DSA)).isTrue();
		assertThat(key.matches(identity(0x8086, 0x0B25, 0x04, 0x8086, 0x0001))).isFalse();
		assertThat(key.matches(identity(0x8086, 0x0B25, 0x04, 0x1043, 0x0000))).isFalse();
		assertThat(key.matches(identity(0x8086, 0x0B25, 0x04, null, null))).isFalse();
	}

	@Test
	void aRevisionKeyMatchesOnlyThatRevision() {
		ModelKey key = ModelKey.parse("8086:0b25:r04");

		assertThat(key.matches(SAPPHIRE_RAPIDS_DSA)).isTrue();
		assertThat(key.matches(identity(0x8086, 0x0B25, 0x04, null, null))).isTrue();
		assertThat(key.matches(identity(0x8086, 0x0B25, 0x05, 0x8086, 0x0000))).isFalse();
	}

	@Test
	void theVariantDoesNotTakePartInMatching() {
		assertThat(ModelKey.parse("8086:0b25:8086:0000:r04@pf").matches(SAPPHIRE_RAPIDS_DSA)).isTrue();
		assertThat(ModelKey.parse("8086:0b25:8086:0000:r05@pf").matches(SAPPHIRE_RAPIDS_DSA)).isFalse();
	}

	@Test
	void specificityCountsSubsystemAsTwoAndRevisionAsOne() {
		assertThat(ModelKey.parse("8086:0b25").specificity()).isZero();
		assertThat(ModelKey.parse("8086:0b25@pf").specificity()).isZero();
		assertThat(ModelKey.parse("8086:0b25:r04").specificity()).isEqualTo(1);
		assertThat(ModelKey.parse("8086:0b25:8086:0000").specificity()).isEqualTo(2);
		assertThat(ModelKey.parse("8086:0b25:8086:0000:r04@pf").specificity()).isEqualTo(3);
	}

	private static BadRequest refusal(Runnable construction) {
		BadRequest refused = catchThrowableOfType(BadRequest.class, construction::run);
		assertThat(refused).isNotNull();
		assertThat(refused.code()).isEqualTo("invalid-model-key");
		return refused;
	}

	private static Identity identity(int vendorId, int deviceId, int revisionId, Integer subsystemVendorId,
			Integer subsystemId) {
		return new Identity(vendorId, deviceId, revisionId, 0x088000, Identity.TYPE_ENDPOINT, false, subsystemVendorId,
				subsystemId, 0x40);
	}

}
