package io.cfgspace.configspace.read;

import static io.cfgspace.configspace.ConfigSpaceBuilder.EXECUTE;
import static io.cfgspace.configspace.ConfigSpaceBuilder.PRIVILEGED;
import static io.cfgspace.configspace.ConfigSpaceBuilder.expressEndpoint;
import static io.cfgspace.configspace.ConfigSpaceBuilder.pasid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import io.cfgspace.configspace.DeviceDump;
import io.cfgspace.configspace.DumpFormatException;
import io.cfgspace.configspace.ResourceSizes;
import io.cfgspace.layout.Bar.Resource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reading a dump whatever its format: the sysfs binary file, lspci text, or the bytes as
 * hex or base64 text (pci-facts.md §7).
 */
class DumpsTest {

	private static final byte[] CONFIG = expressEndpoint(0x8086, 0x0B25).with(0x100, pasid(20, EXECUTE, PRIVILEGED))
		.bytes();

	private static byte[] config(int size) {
		return Arrays.copyOf(CONFIG, size);
	}

	@ParameterizedTest(name = "{0} bytes")
	@ValueSource(ints = { 64, 128, 256, 4096 })
	void readsBinaryDumpsOfTheSizesSysfsGives(int size) {
		List<DeviceDump> devices = Dumps.read(config(size));

		assertThat(Dumps.detect(config(size))).isEqualTo(DumpFormat.SYSFS);
		assertThat(devices).hasSize(1);
		assertThat(devices.get(0).address()).isNull();
		assertThat(devices.get(0).configSpace().toByteArray()).isEqualTo(config(size));
	}

	@ParameterizedTest(name = "{0} bytes")
	@ValueSource(ints = { 1, 63, 65, 100, 255, 257, 512, 4095, 4097, 8192 })
	void refusesBinaryDumpsOfOtherSizes(int size) {
		byte[] bytes = Arrays.copyOf(CONFIG, size);

		assertThatThrownBy(() -> Dumps.read(bytes)).isInstanceOf(DumpFormatException.class)
			.hasMessage("binary dump of " + size + " bytes: a config space dump has 64, 128, 256 or 4096 bytes");
	}

	@Test
	void refusesAnEmptyDump() {
		assertThatThrownBy(() -> Dumps.read(new byte[0])).isInstanceOf(DumpFormatException.class)
			.hasMessage("the dump is empty");
		assertThatThrownBy(() -> Dumps.read("")).isInstanceOf(DumpFormatException.class)
			.hasMessage("the dump is empty");
	}

	@Test
	void refusesWhiteSpaceOnly() {
		assertThatThrownBy(() -> Dumps.read(" \n\t\r\n")).isInstanceOf(DumpFormatException.class);
	}

	@ParameterizedTest(name = "{0} bytes")
	@ValueSource(ints = { 64, 128, 256, 4096 })
	void hexRoundTrips(int size) {
		String hex = HexFormat.of().formatHex(config(size));

		assertThat(Dumps.detect(hex.getBytes(StandardCharsets.US_ASCII))).isEqualTo(DumpFormat.HEX);
		assertThat(Dumps.read(hex).get(0).configSpace().toByteArray()).isEqualTo(config(size));
	}

	@Test
	void hexMayBeUpperCaseWithAPrefixAndWhiteSpace() {
		String digits = HexFormat.of().withUpperCase().formatHex(config(256));
		StringBuilder spaced = new StringBuilder("0x");
		for (int i = 0; i < digits.length(); i += 8) {
			spaced.append(digits, i, i + 8).append((i % 64 == 56) ? "\r\n" : " \t");
		}

		assertThat(Dumps.read(spaced.toString()).get(0).configSpace().toByteArray()).isEqualTo(config(256));
	}

	@Test
	void hexWithAWrongByteNamesTheByte() {
		String hex = HexFormat.of().formatHex(config(64));
		String broken = hex.substring(0, 20) + "zz" + hex.substring(22);

		assertThatThrownBy(() -> Dumps.read(broken.getBytes(StandardCharsets.US_ASCII), DumpFormat.HEX))
			.isInstanceOf(DumpFormatException.class)
			.hasMessage("hex dump: byte 10 (\"zz\") is not two hex digits");
	}

	@Test
	void hexWithAnOddNumberOfDigitsIsRefused() {
		String hex = HexFormat.of().formatHex(config(64)) + "0";

		assertThatThrownBy(() -> Dumps.read(hex.getBytes(StandardCharsets.US_ASCII), DumpFormat.HEX))
			.isInstanceOf(DumpFormatException.class)
			.hasMessage("hex dump has an odd number of digits (129)");
	}

	@Test
	void hexOfAnotherSizeIsRefused() {
		String hex = HexFormat.of().formatHex(config(100));

		assertThatThrownBy(() -> Dumps.read(hex)).isInstanceOf(DumpFormatException.class)
			.hasMessageContaining("64, 128, 256 or 4096 bytes");
	}

	@ParameterizedTest(name = "{0} bytes")
	@ValueSource(ints = { 64, 128, 256, 4096 })
	void base64RoundTrips(int size) {
		String base64 = Base64.getEncoder().encodeToString(config(size));

		assertThat(Dumps.detect(base64.getBytes(StandardCharsets.US_ASCII))).isEqualTo(DumpFormat.BASE64);
		assertThat(Dumps.read(base64).get(0).configSpace().toByteArray()).isEqualTo(config(size));
	}

	@Test
	void base64MayBeWrappedIntoLines() {
		String base64 = Base64.getMimeEncoder().encodeToString(config(4096));
		assertThat(base64).contains("\r\n");

		assertThat(Dumps.read(base64).get(0).configSpace().toByteArray()).isEqualTo(config(4096));
	}

	@Test
	void base64OfAnotherSizeIsRefused() {
		String base64 = Base64.getEncoder().encodeToString(config(200));

		assertThatThrownBy(() -> Dumps.read(base64.getBytes(StandardCharsets.US_ASCII), DumpFormat.BASE64))
			.isInstanceOf(DumpFormatException.class)
			.hasMessage("base64 dump of 200 bytes: a config space dump has 64, 128, 256 or 4096 bytes");
		assertThatThrownBy(() -> Dumps.read(base64)).isInstanceOf(DumpFormatException.class)
			.hasMessageContaining("hex or base64 of 64, 128, 256 or 4096 bytes");
	}

	@Test
	void textThatIsNoDumpIsRefused() {
		assertThatThrownBy(() -> Dumps.read("this is not a dump!")).isInstanceOf(DumpFormatException.class)
			.hasMessageStartingWith("not a config-space dump: expected lspci -x/-xxx/-xxxx text");
	}

	@Test
	void detectsLspciTextByItsHexLines() {
		String text = "00:02.0 VGA compatible controller: X\n" + LspciTextTest.hexLines(config(64));

		assertThat(Dumps.detect(text.getBytes(StandardCharsets.US_ASCII))).isEqualTo(DumpFormat.LSPCI);
	}

	@Test
	void detectsUtf8LspciTextAsText() {
		String text = "00:02.0 VGA compatible controller: HD 7970 IceQ X\u00b2\n" + LspciTextTest.hexLines(config(64));

		assertThat(Dumps.detect(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(DumpFormat.LSPCI);
	}

	@Test
	void aBinaryDumpWithoutControlBytesIsStillBinary() {
		// a function that is gone reads as all-ones
		byte[] allOnes = new byte[64];
		Arrays.fill(allOnes, (byte) 0xFF);

		assertThat(Dumps.detect(allOnes)).isEqualTo(DumpFormat.SYSFS);
		assertThat(Dumps.read(allOnes).get(0).configSpace().u32(0)).isEqualTo(0xFFFF_FFFFL);
	}

	@Test
	void anExplicitFormatIsNotGuessed() {
		String hexLooksLikeBase64 = HexFormat.of().formatHex(config(64));

		assertThat(Dumps.read(hexLooksLikeBase64.getBytes(StandardCharsets.US_ASCII), DumpFormat.HEX)
			.get(0)
			.configSpace()
			.toByteArray()).isEqualTo(config(64));
		assertThatThrownBy(() -> Dumps.read(hexLooksLikeBase64.getBytes(StandardCharsets.US_ASCII), DumpFormat.BASE64))
			.isInstanceOf(DumpFormatException.class)
			.hasMessage("base64 dump of 96 bytes: a config space dump has 64, 128, 256 or 4096 bytes");
	}

	@Test
	void onlyLspciTextCarriesBarSizes() {
		String lspci = "00:02.0 VGA compatible controller: X\n"
				+ "\tRegion 0: Memory at f6000000 (32-bit, non-prefetchable) [size=16M]\n"
				+ LspciTextTest.hexLines(config(64));

		assertThat(Dumps.read(lspci).get(0).sizes().size(Resource.BAR0)).contains(16L * 1024 * 1024);
		assertThat(Dumps.read(lspci.getBytes(StandardCharsets.UTF_8)).get(0).sizes())
			.isEqualTo(Dumps.read(lspci).get(0).sizes());
		assertThat(Dumps.read(config(64)).get(0).sizes()).isEqualTo(ResourceSizes.UNKNOWN);
		assertThat(Dumps.read(HexFormat.of().formatHex(config(64))).get(0).sizes()).isEqualTo(ResourceSizes.UNKNOWN);
		assertThat(Dumps.read(Base64.getEncoder().encodeToString(config(64))).get(0).sizes())
			.isEqualTo(ResourceSizes.UNKNOWN);
	}

}
