package io.cfgspace.configspace.read;

import static io.cfgspace.configspace.ConfigSpaceBuilder.EXECUTE;
import static io.cfgspace.configspace.ConfigSpaceBuilder.PRIVILEGED;
import static io.cfgspace.configspace.ConfigSpaceBuilder.expressEndpoint;
import static io.cfgspace.configspace.ConfigSpaceBuilder.pasid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import io.cfgspace.configspace.ConfigSpace;
import io.cfgspace.configspace.Corpus;
import io.cfgspace.configspace.DeviceDump;
import io.cfgspace.configspace.DumpFormatException;

import org.junit.jupiter.api.Test;

/**
 * {@code lspci -x/-xxx/-xxxx} text read by the rules of {@code lspci -F} (pci-facts.md
 * §7.1, §7.2).
 */
class LspciTextTest {

	private static final byte[] ENDPOINT = expressEndpoint(0x8086, 0x0B25).revision(0x01)
		.classCode(0x088000)
		.size(256)
		.bytes();

	private static final byte[] EXTENDED = expressEndpoint(0x8086, 0x0B25).with(0x100, pasid(20, EXECUTE, PRIVILEGED))
		.bytes();

	/**
	 * The hex lines lspci prints: "%02x:" offsets, 3 digits from 0x100, 16 bytes each.
	 */
	static String hexLines(byte[] bytes) {
		StringBuilder out = new StringBuilder();
		for (int line = 0; line < bytes.length; line += 16) {
			out.append(String.format("%02x:", line));
			for (int i = line; i < Math.min(line + 16, bytes.length); i++) {
				out.append(String.format(" %02x", bytes[i] & 0xFF));
			}
			out.append('\n');
		}
		return out.toString();
	}

	private static byte[] withVendor(int vendorId) {
		byte[] bytes = ENDPOINT.clone();
		bytes[0] = (byte) vendorId;
		bytes[1] = (byte) (vendorId >> 8);
		return bytes;
	}

	@Test
	void readsOneDeviceWithItsAddress() {
		String text = "6a:01.0 System peripheral: Intel Corporation Device 0b25 (rev 01)\n" + hexLines(ENDPOINT) + "\n";

		List<DeviceDump> devices = Dumps.read(text);

		assertThat(devices).hasSize(1);
		assertThat(devices.get(0).address()).isEqualTo("6a:01.0");
		assertThat(devices.get(0).configSpace().toByteArray()).isEqualTo(ENDPOINT);
	}

	@Test
	void keepsTheDomainOfTheAddress() {
		String text = "0001:65:00.7 Ethernet controller: Intel Corporation Device 1593\n" + hexLines(ENDPOINT);

		assertThat(Dumps.read(text).get(0).address()).isEqualTo("0001:65:00.7");
	}

	@Test
	void readsHexLinesWithoutADeviceLine() {
		List<DeviceDump> devices = Dumps.read(hexLines(ENDPOINT));

		assertThat(devices).hasSize(1);
		assertThat(devices.get(0).address()).isNull();
		assertThat(devices.get(0).configSpace().toByteArray()).isEqualTo(ENDPOINT);
	}

	@Test
	void readsSeveralDevicesInFileOrder() {
		String text = "00:00.0 Host bridge: A\n" + hexLines(withVendor(0x1111)) + "\n" + "00:1f.3 Audio device: B\n"
				+ hexLines(withVendor(0x2222)) + "\n" + "01:00.0 VGA compatible controller: C\n"
				+ hexLines(withVendor(0x3333)) + "\n";

		List<DeviceDump> devices = Dumps.read(text);

		assertThat(devices).extracting(DeviceDump::address).containsExactly("00:00.0", "00:1f.3", "01:00.0");
		assertThat(devices).extracting((device) -> device.configSpace().u16(0)).containsExactly(0x1111, 0x2222, 0x3333);
	}

	@Test
	void aDeviceLineClosesThePreviousDeviceEvenWithoutABlankLine() {
		String text = "00:00.0 Host bridge: A\n" + hexLines(withVendor(0x1111)) + "00:01.0 PCI bridge: B\n"
				+ hexLines(withVendor(0x2222));

		assertThat(Dumps.read(text)).extracting((device) -> device.configSpace().u16(0))
			.containsExactly(0x1111, 0x2222);
	}

	@Test
	void acceptsCrlfLineEndings() {
		String text = ("6a:01.0 System peripheral: Intel Corporation Device 0b25\n" + hexLines(ENDPOINT) + "\n")
			.replace("\n", "\r\n");

		List<DeviceDump> devices = Dumps.read(text);

		assertThat(devices).hasSize(1);
		assertThat(devices.get(0).address()).isEqualTo("6a:01.0");
		assertThat(devices.get(0).configSpace().toByteArray()).isEqualTo(ENDPOINT);
	}

	@Test
	void ignoresVerboseDetailLines() {
		String text = "6a:01.0 System peripheral: Intel Corporation Device 0b25 (rev 01)\n"
				+ "\tSubsystem: Intel Corporation Device 0000\n"
				+ "\tFlags: bus master, fast devsel, latency 0, NUMA node 0\n"
				+ "\tCapabilities: [40] Express (v2) Root Complex Integrated Endpoint, MSI 00\n"
				+ "\t\tDevCap:\tMaxPayload 512 bytes, PhantFunc 0\n" + "\t00: ff ff ff ff\n"
				+ "\tKernel driver in use: idxd\n" + hexLines(ENDPOINT) + "\n";

		List<DeviceDump> devices = Dumps.read(text);

		assertThat(devices).hasSize(1);
		assertThat(devices.get(0).configSpace().toByteArray()).isEqualTo(ENDPOINT);
	}

	@Test
	void offsetsGrowFromTwoToThreeDigitsInAn4096ByteDump() {
		String lines = hexLines(EXTENDED);
		assertThat(lines).contains("\nf0: ", "\n100: 1b 00 01 00 06 14", "\nff0: ");

		ConfigSpace configSpace = Dumps.read("0000:6a:01.0 System peripheral: Intel\n" + lines).get(0).configSpace();

		assertThat(configSpace.size()).isEqualTo(4096);
		assertThat(configSpace.toByteArray()).isEqualTo(EXTENDED);
	}

	@Test
	void bytesNeverGivenReadAsAllOnesUpToTheHighestByteGiven() {
		String text = "00:02.0 VGA compatible controller: X\n" + hexLines(Arrays.copyOf(ENDPOINT, 0x40))
				+ "50: 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10\n";

		ConfigSpace configSpace = Dumps.read(text).get(0).configSpace();

		assertThat(configSpace.size()).isEqualTo(0x60);
		for (int offset = 0x40; offset < 0x50; offset++) {
			assertThat(configSpace.u8(offset)).as("byte 0x%x", offset).isEqualTo(0xFF);
		}
		assertThat(configSpace.u8(0x50)).isEqualTo(0x01);
		assertThat(configSpace.u8(0x5F)).isEqualTo(0x10);
	}

	@Test
	void bytesAreStoredFromTheLineOffsetWhateverTheirCount() {
		String text = "00:02.0 VGA compatible controller: X\n" + hexLines(Arrays.copyOf(ENDPOINT, 0x40)) + "40: AA BB\n"
				+ "42: cc\n" + "43: dd ee ff 00\n";

		ConfigSpace configSpace = Dumps.read(text).get(0).configSpace();

		assertThat(configSpace.size()).isEqualTo(0x47);
		assertThat(configSpace.u32(0x40)).isEqualTo(0xDDCC_BBAAL);
		assertThat(configSpace.u16(0x44)).isEqualTo(0xFFEE);
	}

	@Test
	void readsTheLastLineWithoutANewline() {
		String text = "00:02.0 X\n" + hexLines(ENDPOINT).stripTrailing();

		assertThat(Dumps.read(text).get(0).configSpace().size()).isEqualTo(256);
	}

	@Test
	void readsDeviceNamesThatAreNotAscii() {
		// lspci prints pci.ids names, which are UTF-8 (e.g. "HD 7970 IceQ X\u00b2")
		String text = "01:00.0 VGA compatible controller: Advanced Micro Devices, Inc. [AMD/ATI] Tahiti XT\n"
				+ "\tSubsystem: Hightech Information System Ltd. HD 7970 IceQ X\u00b2\n" + hexLines(ENDPOINT) + "\n";

		List<DeviceDump> devices = Dumps.read(text.getBytes(StandardCharsets.UTF_8));

		assertThat(devices).hasSize(1);
		assertThat(devices.get(0).configSpace().toByteArray()).isEqualTo(ENDPOINT);
	}

	@Test
	void aMalformedByteTokenNamesTheLine() {
		String text = "00:02.0 X\n" + hexLines(Arrays.copyOf(ENDPOINT, 0x30)) + "30: 00 0g 00\n";

		assertThatThrownBy(() -> Dumps.read(text)).isInstanceOf(DumpFormatException.class)
			.hasMessageStartingWith("line 5: malformed hex bytes at column 8");
	}

	@Test
	void tokensMustBeSeparatedBySingleSpaces() {
		String doubleSpace = "00:02.0 X\n00: 86  80\n";
		String tab = "00:02.0 X\n00: 86\t80\n";
		String threeDigits = "00:02.0 X\n00: 86 800\n";
		String oneDigit = "00:02.0 X\n00: 86 8\n";

		assertThatThrownBy(() -> Dumps.read(doubleSpace)).isInstanceOf(DumpFormatException.class)
			.hasMessageStartingWith("line 2: malformed hex bytes");
		assertThatThrownBy(() -> Dumps.read(tab)).isInstanceOf(DumpFormatException.class)
			.hasMessageStartingWith("line 2: malformed hex bytes");
		assertThatThrownBy(() -> Dumps.read(threeDigits)).isInstanceOf(DumpFormatException.class)
			.hasMessageStartingWith("line 2: malformed hex bytes");
		assertThatThrownBy(() -> Dumps.read(oneDigit)).isInstanceOf(DumpFormatException.class)
			.hasMessageStartingWith("line 2: malformed hex bytes");
	}

	@Test
	void anOffsetBeyondConfigSpaceNamesTheLine() {
		String text = "00:02.0 X\n" + hexLines(ENDPOINT) + "1000: 00\n";

		assertThatThrownBy(() -> Dumps.read(text)).isInstanceOf(DumpFormatException.class)
			.hasMessage("line 18: offset 0x1000 is beyond config space (at most 4096 bytes)");
	}

	@Test
	void bytesRunningPastOffset0xFFFNameTheLine() {
		String text = "00:02.0 X\n" + hexLines(ENDPOINT) + "ff8: 00 01 02 03 04 05 06 07 08\n";

		assertThatThrownBy(() -> Dumps.read(text)).isInstanceOf(DumpFormatException.class)
			.hasMessageStartingWith("line 18: bytes run past offset 0xfff");
	}

	@Test
	void aDeviceWithoutTheFullHeaderNamesItsLine() {
		String text = "00:02.0 X\n" + hexLines(ENDPOINT) + "\n" + "00:03.0 Y\n"
				+ hexLines(Arrays.copyOf(ENDPOINT, 0x30));

		assertThatThrownBy(() -> Dumps.read(text)).isInstanceOf(DumpFormatException.class)
			.hasMessage(
					"line 19: device 00:03.0 has 48 bytes of config space; a dump holds at least the 64-byte header");
	}

	@Test
	void aDeviceLineWithoutHexLinesIsTooShort() {
		String text = "00:02.0 VGA compatible controller: Intel Corporation Device 9a49\n"
				+ "\tSubsystem: Lenovo Device 22e4\n\n";

		assertThatThrownBy(() -> LspciText.read(text)).isInstanceOf(DumpFormatException.class)
			.hasMessageStartingWith("line 1: device 00:02.0 has 0 bytes");
	}

	@Test
	void lspciOutputWithoutHexLinesSaysWhatWasExpected() {
		String text = "00:02.0 VGA compatible controller: Intel Corporation Device 9a49\n"
				+ "\tSubsystem: Lenovo Device 22e4\n\n";

		assertThatThrownBy(() -> Dumps.read(text)).isInstanceOf(DumpFormatException.class)
			.hasMessageStartingWith("not a config-space dump: expected lspci -x/-xxx/-xxxx text");
	}

	@Test
	void bytesBelongingToNoDeviceNameTheLine() {
		String text = "10: 00 00 00 00\n" + hexLines(ENDPOINT);

		assertThatThrownBy(() -> Dumps.read(text)).isInstanceOf(DumpFormatException.class)
			.hasMessageStartingWith("line 1: bytes at offset 0x10 belong to no device");
	}

	@Test
	void textWithoutAnyDeviceIsRefused() {
		assertThatThrownBy(() -> LspciText.read("\tCapabilities: [40] Power Management version 3\n"))
			.isInstanceOf(DumpFormatException.class)
			.hasMessageStartingWith("no device in the dump");
	}

	@Test
	void readsTheDsaCorpusDumpAs4096Bytes() {
		List<DeviceDump> devices = Dumps.read(Corpus.bytes("intel-dsa-spr-rciep"));

		assertThat(devices).hasSize(1);
		DeviceDump dsa = devices.get(0);
		assertThat(dsa.address()).isEqualTo("6a:01.0");
		assertThat(dsa.configSpace().size()).isEqualTo(4096);
		assertThat(dsa.configSpace().u16(0x00)).isEqualTo(0x8086);
		assertThat(dsa.configSpace().u16(0x02)).isEqualTo(0x0B25);
		assertThat(dsa.configSpace().u32(0x100)).isEqualTo(0x1502_0001L);
	}

	@Test
	void readsEveryDeviceOfACorpusTreeInFileOrder() {
		List<DeviceDump> devices = Dumps.read(Corpus.bytes("tree-asus-p6t6"));

		assertThat(devices).hasSize(53);
		assertThat(devices.get(0).address()).isEqualTo("00:00.0");
		assertThat(devices.get(0).configSpace().u32(0)).isEqualTo(0x3405_8086L);
		assertThat(devices).extracting(DeviceDump::address).doesNotHaveDuplicates().doesNotContainNull();
	}

	@Test
	void readsDomainsFromACorpusFile() {
		List<DeviceDump> devices = Dumps.read(Corpus.bytes("PCI-X-bridges-and-domains"));

		assertThat(devices).extracting(DeviceDump::address).startsWith("0000:00:01.0", "0000:00:03.0", "0001:00:02.0");
	}

}
