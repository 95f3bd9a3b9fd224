package io.cfgspace.configspace.read;

import static io.cfgspace.configspace.ConfigSpaceBuilder.EXECUTE;
import static io.cfgspace.configspace.ConfigSpaceBuilder.PRIVILEGED;
import static io.cfgspace.configspace.ConfigSpaceBuilder.endpoint;
import static io.cfgspace.configspace.ConfigSpaceBuilder.expressEndpoint;
import static io.cfgspace.configspace.ConfigSpaceBuilder.pasid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cfgspace.configspace.ConfigSpace;
import io.cfgspace.configspace.ConfigSpaceParser;
import io.cfgspace.configspace.Corpus;
import io.cfgspace.configspace.DeviceDump;
import io.cfgspace.configspace.DumpFormatException;
import io.cfgspace.configspace.ResourceSizes;
import io.cfgspace.layout.Bar;
import io.cfgspace.layout.Bar.Resource;
import io.cfgspace.layout.Layout;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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

	private static final long K = 1024;

	private static final long M = 1024 * K;

	private static final long G = 1024 * M;

	/**
	 * A GPU's BARs as its registers read: BAR0 32-bit memory, BAR1 and BAR3 64-bit
	 * prefetchable memory (their upper halves in BAR2 and BAR4), BAR5 I/O.
	 */
	private static final byte[] GPU = endpoint(0x10DE, 0x13BA).withDword(0x10, 0xF600_0000L)
		.withDword(0x14, 0xE000_000CL)
		.withDword(0x1C, 0xF000_000CL)
		.withDword(0x24, 0xE001L)
		.size(256)
		.bytes();

	private static final String GPU_LINE = "01:00.0 VGA compatible controller: NVIDIA Corporation GM107GL [Quadro K2200]\n";

	private static DeviceDump device(String details, byte[] bytes) {
		List<DeviceDump> devices = Dumps.read(GPU_LINE + details + hexLines(bytes) + "\n");
		assertThat(devices).hasSize(1);
		return devices.get(0);
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

	// BAR sizes from the -v/-vv lines lspci prints on a live system

	@Test
	void readsBarSizesFromTheNumberedRegionLinesOfLspciVv() {
		ResourceSizes sizes = device("\tSubsystem: NVIDIA Corporation GM107GL [Quadro K2200]\n"
				+ "\tRegion 0: Memory at f6000000 (32-bit, non-prefetchable) [size=16M]\n"
				+ "\tRegion 1: Memory at e0000000 (64-bit, prefetchable) [size=256M]\n"
				+ "\tRegion 3: Memory at f0000000 (64-bit, prefetchable) [size=32M]\n"
				+ "\tRegion 5: I/O ports at e000 [size=128]\n"
				+ "\tExpansion ROM at 000c0000 [virtual] [disabled] [size=128K]\n"
				+ "\tCapabilities: [60] Power Management version 3\n", GPU)
			.sizes();

		assertThat(sizes.size(Resource.BAR0)).contains(16 * M);
		assertThat(sizes.size(Resource.BAR1)).contains(256 * M);
		assertThat(sizes.size(Resource.BAR3)).contains(32 * M);
		assertThat(sizes.size(Resource.BAR5)).contains(128L);
		assertThat(sizes.size(Resource.ROM)).contains(128 * K);
		// not listed while lspci knew sizes: the kernel reports them empty
		assertThat(sizes.size(Resource.BAR2)).contains(0L);
		assertThat(sizes.size(Resource.BAR4)).contains(0L);
		// lspci never prints the size of a VF BAR
		assertThat(sizes.size(Resource.VF_BAR0)).isEmpty();
	}

	@Test
	void readsBarSizesFromTheUnnumberedLinesOfLspciVByTheRegistersInTheDump() {
		ResourceSizes sizes = device("\tFlags: bus master, fast devsel, latency 0, IRQ 31, IOMMU group 1\n"
				+ "\tMemory at f6000000 (32-bit, non-prefetchable) [size=16M]\n"
				+ "\tMemory at e0000000 (64-bit, prefetchable) [size=256M]\n"
				+ "\tMemory at f0000000 (64-bit, prefetchable) [size=32M]\n" + "\tI/O ports at e000 [size=128]\n"
				+ "\t[virtual] Expansion ROM at 000c0000 [disabled] [size=128K]\n"
				+ "\tCapabilities: [60] Power Management version 3\n", GPU)
			.sizes();

		assertThat(sizes)
			.isEqualTo(ResourceSizes.of(Map.of(Resource.BAR0, 16 * M, Resource.BAR1, 256 * M, Resource.BAR2, 0L,
					Resource.BAR3, 32 * M, Resource.BAR4, 0L, Resource.BAR5, 128L, Resource.ROM, 128 * K)));
	}

	@Test
	void unnumberedLinesThatCannotBeToldApartLeaveTheBarSizesUnknown() {
		// a [virtual] region sits on a register that reads 0: which BAR it is, -v does
		// not say
		byte[] ea = endpoint(0x177D, 0xA01E).withDword(0x10, 0xF600_0000L).size(256).bytes();
		ResourceSizes sizes = device("\tMemory at 843000000000 (32-bit, non-prefetchable) [size=1G]\n"
				+ "\t[virtual] Memory at 843060000000 (32-bit, non-prefetchable) [size=1M]\n"
				+ "\tExpansion ROM at <ignored> [disabled] [size=2K]\n", ea)
			.sizes();

		assertThat(sizes.size(Resource.BAR0)).isEmpty();
		assertThat(sizes.size(Resource.BAR4)).isEmpty();
		assertThat(sizes.size(Resource.ROM)).contains(2 * K);
	}

	@Test
	void unnumberedLinesOfAnotherDeviceLeaveTheBarSizesUnknown() {
		// four lines for four BARs, but the fourth register decodes memory, not I/O
		ResourceSizes sizes = device("\tMemory at f6000000 (32-bit, non-prefetchable) [size=16M]\n"
				+ "\tMemory at e0000000 (64-bit, prefetchable) [size=256M]\n"
				+ "\tMemory at f0000000 (64-bit, prefetchable) [size=32M]\n" + "\tI/O ports at e000 [size=128]\n",
				endpoint(0x10DE, 0x13BA).withDword(0x10, 0xF600_0000L)
					.withDword(0x14, 0xE000_000CL)
					.withDword(0x1C, 0xF000_000CL)
					.withDword(0x24, 0xE000_0000L)
					.size(256)
					.bytes())
			.sizes();

		assertThat(sizes.size(Resource.BAR0)).isEmpty();
		assertThat(sizes.size(Resource.BAR5)).isEmpty();
		assertThat(sizes.size(Resource.ROM)).contains(0L);
	}

	@Test
	void aListedRegionWithoutASizeIsUnknown() {
		ResourceSizes sizes = device(
				"\tRegion 0: Memory at fb000000 (32-bit, non-prefetchable) [size=16M]\n"
						+ "\tRegion 3: Memory at 80000000 (64-bit, prefetchable)\n"
						+ "\tRegion 5: I/O ports at d000 [disabled]\n" + "\tExpansion ROM at <ignored> [disabled]\n",
				GPU)
			.sizes();

		assertThat(sizes.size(Resource.BAR0)).contains(16 * M);
		assertThat(sizes.size(Resource.BAR3)).isEmpty();
		assertThat(sizes.size(Resource.BAR5)).isEmpty();
		assertThat(sizes.size(Resource.ROM)).isEmpty();
		assertThat(sizes.size(Resource.BAR1)).contains(0L);
	}

	@Test
	void readsEveryFormOfRegionAndRomLineLspciPrints() {
		// e-mailed copies indent with spaces
		ResourceSizes sizes = device("        Region 0: [virtual] Memory at 843000000000 (32-bit, non-prefetchable) "
				+ "[size=1G]\n" + "        Region 1: Memory at <unassigned> (64-bit, prefetchable) [disabled] "
				+ "[size=256M]\n" + "        Region 3: I/O ports at <ignored> [disabled] [size=1K]\n"
				+ "        Region 4: Memory at 4000000000 (64-bit, prefetchable) [size=8G] [enhanced]\n"
				+ "        [virtual] Expansion ROM at d4000000 [disabled] [size=512K]\n", GPU)
			.sizes();

		assertThat(sizes).isEqualTo(ResourceSizes.of(Map.of(Resource.BAR0, G, Resource.BAR1, 256 * M, Resource.BAR2, 0L,
				Resource.BAR3, K, Resource.BAR4, 8 * G, Resource.BAR5, 0L, Resource.ROM, 512 * K)));
	}

	@Test
	void readsEverySizeSuffix() {
		ResourceSizes sizes = device("\tRegion 0: I/O ports at e000 [size=1536]\n"
				+ "\tRegion 1: Memory at f6000000 (32-bit, non-prefetchable) [size=3K]\n"
				+ "\tRegion 2: Memory at f6000000 (32-bit, non-prefetchable) [size=5M]\n"
				+ "\tRegion 3: Memory at f6000000 (32-bit, non-prefetchable) [size=7G]\n"
				+ "\tRegion 4: Memory at f6000000 (64-bit, prefetchable) [size=2T]\n", GPU)
			.sizes();

		assertThat(sizes.size(Resource.BAR0)).contains(1536L);
		assertThat(sizes.size(Resource.BAR1)).contains(3 * K);
		assertThat(sizes.size(Resource.BAR2)).contains(5 * M);
		assertThat(sizes.size(Resource.BAR3)).contains(7 * G);
		assertThat(sizes.size(Resource.BAR4)).contains(2 * 1024 * G);
	}

	@Test
	void withoutAnySizeTheDumpHasNoSizes() {
		// lspci -F, or an lspci that read no sizes: the regions are listed without them
		DeviceDump dump = device("\tRegion 0: Memory at fb000000 (32-bit, non-prefetchable)\n"
				+ "\tRegion 2: I/O ports at e000\n" + "\tExpansion ROM at fb000000 [disabled]\n", GPU);

		assertThat(dump.sizes()).isEqualTo(ResourceSizes.UNKNOWN);
		assertThat(Dumps.read(GPU_LINE + hexLines(GPU)).get(0).sizes()).isEqualTo(ResourceSizes.UNKNOWN);
	}

	@Test
	void ignoresRegionLinesInsideACapability() {
		// the SR-IOV capability prints the VF BARs as Region lines
		String details = "\tRegion 0: Memory at e0800000 (32-bit, non-prefetchable) [size=128K]\n"
				+ "\tCapabilities: [160 v1] Single Root I/O Virtualization (SR-IOV)\n"
				+ "\t\tIOVCap:\tMigration-, Interrupt Message Number: 000\n"
				+ "\t\tRegion 0: Memory at 00000000e0c00000 (64-bit, non-prefetchable)\n"
				+ "\t\tRegion 3: Memory at 00000000e0c20000 (64-bit, non-prefetchable) [size=16K]\n"
				+ "\tKernel driver in use: igb\n";

		ResourceSizes sizes = device(details, GPU).sizes();

		assertThat(sizes.size(Resource.BAR0)).contains(128 * K);
		assertThat(sizes.size(Resource.BAR3)).contains(0L);
		assertThat(sizes.size(Resource.ROM)).contains(0L);
		assertThat(device("\tCapabilities: [160 v1] Single Root I/O Virtualization (SR-IOV)\n"
				+ "\t\tRegion 0: Memory at 00000000e0c00000 (64-bit, non-prefetchable) [size=16K]\n", GPU)
			.sizes()).isEqualTo(ResourceSizes.UNKNOWN);
	}

	@Test
	void eachDeviceHasItsOwnSizes() {
		String text = GPU_LINE + "\tRegion 0: Memory at f6000000 (32-bit, non-prefetchable) [size=16M]\n"
				+ hexLines(GPU) + "\n" + "01:00.1 Audio device: NVIDIA Corporation GK107 HDMI Audio Controller\n"
				+ hexLines(ENDPOINT) + "\n" + "02:00.0 Non-Volatile memory controller: Samsung\n"
				+ "\tRegion 0: Memory at fb000000 (64-bit, non-prefetchable) [size=16K]\n" + hexLines(ENDPOINT);

		List<DeviceDump> devices = Dumps.read(text);

		assertThat(devices).extracting((device) -> device.sizes().size(Resource.BAR0))
			.containsExactly(Optional.of(16 * M), Optional.empty(), Optional.of(16 * K));
	}

	@Test
	void aMalformedSizeNamesTheLine() {
		String text = GPU_LINE + "\tRegion 0: Memory at f6000000 (32-bit, non-prefetchable) [size=16Q]\n"
				+ hexLines(GPU);
		String unclosed = GPU_LINE + "\tSubsystem: NVIDIA\n" + "\tExpansion ROM at 000c0000 [disabled] [size=128K\n"
				+ hexLines(GPU);
		String empty = GPU_LINE + "\tI/O ports at e000 [size=]\n" + hexLines(GPU);

		assertThatThrownBy(() -> Dumps.read(text)).isInstanceOf(DumpFormatException.class)
			.hasMessage("line 2: malformed size \"[size=16Q]\" (lspci prints [size=N], N a decimal number with an "
					+ "optional K, M, G or T)");
		assertThatThrownBy(() -> Dumps.read(unclosed)).isInstanceOf(DumpFormatException.class)
			.hasMessageStartingWith("line 3: malformed size \"[size=128K\"");
		assertThatThrownBy(() -> Dumps.read(empty)).isInstanceOf(DumpFormatException.class)
			.hasMessageStartingWith("line 2: malformed size \"[size=]\"");
	}

	@Test
	void aSizeBeyond64BitsOrABarBeyond5NamesTheLine() {
		String huge = GPU_LINE + "\tRegion 0: Memory at f6000000 (64-bit, prefetchable) [size=16777216T]\n"
				+ hexLines(GPU);
		String region6 = GPU_LINE + "\tRegion 6: Memory at f6000000 (32-bit, non-prefetchable) [size=16M]\n"
				+ hexLines(GPU);

		assertThatThrownBy(() -> Dumps.read(huge)).isInstanceOf(DumpFormatException.class)
			.hasMessage("line 2: size \"[size=16777216T]\" is beyond what a BAR can decode");
		assertThatThrownBy(() -> Dumps.read(region6)).isInstanceOf(DumpFormatException.class)
			.hasMessage("line 2: Region 6 is no BAR (a function has BARs 0 to 5)");
	}

	// the corpus: what lspci -vvvxxxx printed on the reporter's machine, rebuilt from a
	// dump's hex lines and the verbose text kept beside them

	/** One BAR line lspci printed, as this test reads it. */
	private record PrintedRegion(Integer index, boolean virtual, Bar.Type type, boolean prefetchable, Long size) {

	}

	private static final Pattern PRINTED_INDEX = Pattern.compile("Region ([0-9]): ");

	private static final Pattern PRINTED_MEMORY = Pattern.compile("\\((32-bit|64-bit), (non-)?prefetchable\\)");

	private static final Pattern PRINTED_SIZE = Pattern.compile("\\[size=([0-9]+)([KMGT]?)\\]");

	static List<String> corpusDevicesWithVerboseText() {
		return Corpus.dumps()
			.stream()
			.map((dump) -> dump.getFileName().toString().replace(".lspci", ""))
			.filter((name) -> Files.exists(Corpus.verboseText(name)))
			.toList();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("corpusDevicesWithVerboseText")
	void readsTheSizesLspciPrintedForACorpusDevice(String name) throws IOException {
		List<String> verbose = Files.readAllLines(Corpus.verboseText(name));
		String printed = Corpus.printedVerbose(name);

		List<DeviceDump> devices = Dumps.read(printed);
		DeviceDump plain = Dumps.read(Corpus.bytes(name)).get(0);

		assertThat(devices).hasSize(1);
		DeviceDump dump = devices.get(0);
		assertThat(dump.configSpace().toByteArray()).isEqualTo(plain.configSpace().toByteArray());
		Layout sized = ConfigSpaceParser.parse(dump);
		Layout unsized = ConfigSpaceParser.parse(plain);
		assertThat(new Layout(sized.identity(), sized.coverage(), sized.blocks(), sized.findings(), sized.image(),
				sized.bars().stream().map((bar) -> bar.withSize(null)).toList(), sized.state()))
			.isEqualTo(unsized);

		List<PrintedRegion> regions = new ArrayList<>();
		Optional<Optional<Long>> rom = Optional.empty();
		for (String line : verbose.subList(1, verbose.size())) {
			if (line.strip().startsWith("Capabilities:")) {
				break;
			}
			if (line.contains("Expansion ROM at ")) {
				rom = Optional.of(Optional.ofNullable(printedSize(line)));
			}
			else if (line.contains("Memory at ") || line.contains("I/O ports at ")) {
				regions.add(printedRegion(line));
			}
		}
		boolean anySize = regions.stream().anyMatch((region) -> region.size() != null)
				|| rom.flatMap((size) -> size).isPresent();
		if (!anySize) {
			assertThat(dump.sizes()).isEqualTo(ResourceSizes.UNKNOWN);
			return;
		}
		ResourceSizes sizes = dump.sizes();
		assertThat(sizes.size(Resource.ROM)).isEqualTo(rom.orElse(Optional.of(0L)));
		for (int i = 0; i < 6; i++) {
			assertThat(sizes.size(Resource.vfBar(i))).as("VF BAR %d", i).isEmpty();
		}
		List<Bar> bars = sized.bars()
			.stream()
			.filter((bar) -> bar.resource().ordinal() < Resource.ROM.ordinal())
			.toList();
		if (regions.stream().allMatch((region) -> region.index() != null)) {
			for (int i = 0; i < 6; i++) {
				int index = i;
				Optional<PrintedRegion> region = regions.stream().filter((r) -> r.index() == index).findFirst();
				assertThat(sizes.size(Resource.bar(i))).as("BAR %d", i)
					.isEqualTo(region.map((r) -> Optional.ofNullable(r.size())).orElse(Optional.of(0L)));
			}
			for (PrintedRegion region : regions) {
				Bar bar = bars.stream()
					.filter((b) -> b.resource() == Resource.bar(region.index()))
					.findFirst()
					.orElseThrow();
				assertType(bar, region);
			}
		}
		else {
			// -v numbers no BAR: the listed ones are those the kernel sized, in order
			List<Bar> listed = bars.stream().filter((bar) -> !Long.valueOf(0).equals(bar.size())).toList();
			assertThat(listed).hasSameSizeAs(regions);
			for (int i = 0; i < regions.size(); i++) {
				assertThat(listed.get(i).size()).isEqualTo(regions.get(i).size());
				assertType(listed.get(i), regions.get(i));
			}
		}
		for (Bar bar : sized.bars()) {
			if (bar.resource().ordinal() <= Resource.ROM.ordinal()) {
				assertThat(Optional.ofNullable(bar.size())).as(bar.resource().json())
					.isEqualTo(sizes.size(bar.resource()));
			}
		}
	}

	private static void assertType(Bar bar, PrintedRegion region) {
		// a [virtual] region's register reads 0; lspci took its type from the kernel
		if (!region.virtual()) {
			assertThat(bar.type()).as(bar.resource().json()).isEqualTo(region.type());
			assertThat(bar.prefetchable()).as(bar.resource().json()).isEqualTo(region.prefetchable());
		}
	}

	private static PrintedRegion printedRegion(String line) {
		Matcher index = PRINTED_INDEX.matcher(line);
		Matcher memory = PRINTED_MEMORY.matcher(line);
		boolean io = line.contains("I/O ports at ");
		assertThat(io || memory.find()).as(line).isTrue();
		Bar.Type type = io ? Bar.Type.IO : memory.group(1).equals("64-bit") ? Bar.Type.MEMORY64 : Bar.Type.MEMORY32;
		return new PrintedRegion(index.find() ? Integer.valueOf(index.group(1)) : null, line.contains("[virtual]"),
				type, !io && memory.group(2) == null, printedSize(line));
	}

	private static Long printedSize(String line) {
		Matcher size = PRINTED_SIZE.matcher(line);
		if (!size.find()) {
			return null;
		}
		int shifts = size.group(2).isEmpty() ? 0 : "KMGT".indexOf(size.group(2)) + 1;
		return Long.parseLong(size.group(1)) << (10 * shifts);
	}

}
