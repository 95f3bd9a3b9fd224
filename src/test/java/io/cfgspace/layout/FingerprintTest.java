package io.cfgspace.layout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A layout's name: {@code sha256:} and 64 lower-case hex digits. */
class FingerprintTest {

	@Test
	void isTheSha256OfTheFingerprintContent() {
		assertThat(Fingerprint.of(Layouts.sample())).isEqualTo(Layouts.sample().fingerprint())
			.isEqualTo("sha256:" + Fingerprint.sha256Hex(Layouts.FINGERPRINT_CONTENT));
		assertThat(LayoutDocument.canonicalContent(Layouts.sample())).isEqualTo(Layouts.FINGERPRINT_CONTENT);
	}

	@Test
	void sha256OfKnownText() {
		// FIPS 180-2 test vector
		assertThat(Fingerprint.sha256Hex("abc"))
			.isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	}

	@Test
	void aFingerprintIsWellFormed() {
		assertThat(Fingerprint.isWellFormed(Layouts.sample().fingerprint())).isTrue();
	}

	@ParameterizedTest(name = "\"{0}\"")
	@ValueSource(strings = { "", "sha256:", "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a",
			"sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad0",
			"sha256:BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD",
			"sha1:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad0",
			"sha256:ga7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
			"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" })
	void otherTextIsNotAFingerprint(String text) {
		assertThat(Fingerprint.isWellFormed(text)).isFalse();
	}

}
