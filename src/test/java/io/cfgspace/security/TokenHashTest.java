package io.cfgspace.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenHashTest {

	/** FIPS 180-2, appendix B.1: the SHA-256 of "abc". */
	@Test
	void isTheSha256OfTheSecretAsLowerCaseHex() {
		assertThat(TokenHash.of("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	}

}
