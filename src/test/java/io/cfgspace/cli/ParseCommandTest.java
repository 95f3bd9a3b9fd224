package io.cfgspace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

import io.cfgspace.configspace.ConfigSpace;
import io.cfgspace.configspace.Corpus;
import io.cfgspace.configspace.SysfsResource;
import io.cfgspace.configspace.read.Dumps;
import io.cfgspace.layout.Json;
import io.cfgspace.layout.LayoutDocument;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParseCommandTest {

	private final StringWriter out = new StringWriter();

	private final StringWriter err = new StringWriter();

	private int run(String... args) {
		return Cli.run(new PrintWriter(this.out, true), new PrintWriter(this.err, true), args);
	}

	@Test
	void printsCapabilitiesInLspciStyle() {
		int exit = run("parse", Corpus.dump("intel-dsa-spr-rciep").toString());
		assertThat(exit).isZero();
		assertThat(this.out.toString()).startsWith("6a:01.0 Device 8086:0b25 (rev 00)\n")
			.contains("\tCapabilities: [40] Express (v2) Root Complex Integrated Endpoint\n")
			.contains("\tCapabilities: [90] Power Management version 3\n")
			.contains("\tCapabilities: [100 v2] Advanced Error Reporting\n")
			.contains("\tCapabilities: [230 v1] Process Address Space ID (PASID): Max PASID Width 20 Exec- Priv+\n")
			.contains("\tFingerprint: sha256:");
		assertThat(this.err.toString()).isEmpty();
	}

	@Test
	void saysWhenExtendedSpaceIsNotInTheDump() {
		assertThat(run("parse", Corpus.dump("plx-pex9716-switch-downstream").toString())).isZero();
		assertThat(this.out.toString()).contains("\tExtended capabilities: unknown (not in this 256-byte dump)\n");
	}

	@Test
	void printsTheCanonicalDocumentWithJson() {
		assertThat(run("parse", "--json", Corpus.dump("intel-skylake-gt2-igpu").toString())).isZero();
		String document = this.out.toString().strip();
		assertThat(LayoutDocument.write(LayoutDocument.read(document))).isEqualTo(document);
		assertThat(document).contains("\"format\":\"cfgspace-layout/2\"");
	}

	@Test
	void printsAnArrayInFileOrderForSeveralDevices() {
		assertThat(run("parse", "--json", Corpus.dump("cap-vendor-virtio").toString())).isZero();
		Object json = Json.parse(this.out.toString());
		assertThat(json).asList().hasSize(2);
		assertThat(json.toString()).containsSubsequence("deviceId=4096", "deviceId=4186");
	}

	@Test
	void readsSysfsBinaryAndHex(@TempDir Path directory) throws Exception {
		ConfigSpace configSpace = Dumps.read(Corpus.bytes("intel-dsa-spr-rciep")).get(0).configSpace();
		Path binary = Files.write(directory.resolve("config"), configSpace.toByteArray());
		Path hex = Files.writeString(directory.resolve("config.hex"),
				HexFormat.of().formatHex(configSpace.toByteArray()));
		assertThat(run("parse", "--json", binary.toString())).isZero();
		assertThat(run("parse", "--json", hex.toString())).isZero();
		String[] documents = this.out.toString().split("\n");
		assertThat(documents).hasSize(2);
		assertThat(documents[0]).isEqualTo(documents[1]);
	}

	// BARs: their sizes come with the dump, from sysfs or lspci -v, or are unknown

	private static final long K = 1024;

	private static final long M = 1024 * K;

	@Test
	void printsTheBarsWithTheSizesOfTheResourceFileBesideASysfsConfig(@TempDir Path directory) throws Exception {
		// the 82576 has 8 VFs; the kernel reports the space of all of them
		Path config = sysfsDevice(directory, "intel-82576-nic-pf",
				SysfsResource.of(128 * K, 4 * M, 32, 16 * K, 0, 0, 4 * M, 8 * 16 * K, 0, 0, 8 * 16 * K));
		assertThat(run("parse", config.toString())).isZero();
		assertThat(this.out.toString()).contains("\tSubsystem: 8086:a03c\n"
				+ "\tRegion 0: Memory (32-bit, non-prefetchable) [size=128K]\n"
				+ "\tRegion 1: Memory (32-bit, non-prefetchable) [size=4M]\n" + "\tRegion 2: I/O ports [size=32]\n"
				+ "\tRegion 3: Memory (32-bit, non-prefetchable) [size=16K]\n" + "\tRegion 4: [not implemented]\n"
				+ "\tRegion 5: [not implemented]\n" + "\tExpansion ROM [size=4M]\n"
				+ "\tVF Region 0: Memory (64-bit, non-prefetchable) [size=16K]\n" + "\tVF Region 2: [not implemented]\n"
				+ "\tVF Region 3: Memory (64-bit, non-prefetchable) [size=16K]\n" + "\tVF Region 5: [not implemented]\n"
				+ "\tCapabilities: [40] Power Management version 3\n");
		assertThat(this.err.toString()).isEmpty();
	}

	@Test
	void printsTheSizesLspciVvPrintedAndUnknownForTheVfBars(@TempDir Path directory) throws Exception {
		Path printed = Files.writeString(directory.resolve("82576.lspci-vvvxxxx"),
				Corpus.printedVerbose("intel-82576-nic-pf"));
		assertThat(run("parse", printed.toString())).isZero();
		assertThat(this.out.toString()).contains("\tRegion 2: I/O ports [size=32]\n")
			.contains("\tRegion 4: [not implemented]\n")
			.contains("\tExpansion ROM [size=4M]\n")
			.contains("\tVF Region 0: Memory (64-bit, non-prefetchable) [size unknown]\n");
	}

	@Test
	void printsUnknownSizesForADumpThatGivesNone() {
		assertThat(run("parse", Corpus.dump("intel-dsa-spr-rciep").toString())).isZero();
		assertThat(this.out.toString()).contains("\tSubsystem: 8086:0000\n"
				+ "\tRegion 0: Memory (64-bit, prefetchable) [size unknown]\n"
				+ "\tRegion 2: Memory (64-bit, prefetchable) [size unknown]\n"
				+ "\tRegion 4: Memory (32-bit, non-prefetchable) [size unknown]\n"
				+ "\tRegion 5: Memory (32-bit, non-prefetchable) [size unknown]\n" + "\tExpansion ROM [size unknown]\n"
				+ "\tCapabilities: [40] Express (v2) Root Complex Integrated Endpoint\n");
	}

	@Test
	void theDocumentRecordsTheSizesOfTheResourceFile(@TempDir Path directory) throws Exception {
		Path config = sysfsDevice(directory, "intel-dsa-spr-rciep", SysfsResource.of(64 * K, 0, 128 * K));
		assertThat(run("parse", "--json", config.toString())).isZero();
		assertThat(LayoutDocument.read(this.out.toString().strip()).bars())
			.extracting((bar) -> bar.resource().json() + "=" + bar.size())
			.containsExactly("bar0=65536", "bar2=131072", "bar4=0", "bar5=0", "rom=0");
	}

	@Test
	void rejectsAMalformedResourceFileBesideASysfsConfig(@TempDir Path directory) throws Exception {
		Path config = sysfsDevice(directory, "intel-dsa-spr-rciep", SysfsResource.of(64 * K).replace("0x", "0X"));
		assertThat(run("parse", config.toString())).isEqualTo(2);
		assertThat(this.err.toString()).isEqualTo("cfgspace: " + directory.resolve("resource") + ": resource line 1: "
				+ "expected \"0x<start> 0x<end> 0x<flags>\", 16 hex digits each, as sysfs writes them\n");
		assertThat(this.out.toString()).isEmpty();
	}

	/** A corpus device's directory as sysfs has it: its config and resource files. */
	private static Path sysfsDevice(Path directory, String name, String resource) throws Exception {
		Files.writeString(directory.resolve("resource"), resource);
		return Files.write(directory.resolve("config"),
				Dumps.read(Corpus.bytes(name)).get(0).configSpace().toByteArray());
	}

	@Test
	void rejectsBadInputWithOneLineAndExitCode2(@TempDir Path directory) throws Exception {
		Path bad = Files.writeString(directory.resolve("bad.lspci"), "00:02.0 VGA\n00: 86 80 zz 00\n");
		assertThat(run("parse", bad.toString())).isEqualTo(2);
		assertThat(this.err.toString()).isEqualTo("cfgspace: " + bad
				+ ": line 2: malformed hex bytes at column 11 (expected two hex digits after each single space)\n");
		assertThat(this.out.toString()).isEmpty();
	}

	@Test
	void rejectsAMissingFile() {
		assertThat(run("parse", "/nonexistent/dump")).isEqualTo(2);
		assertThat(this.err.toString()).isEqualTo("cfgspace: /nonexistent/dump: no such file\n");
	}

	@Test
	void rejectsMissingArgumentsAsUsageError() {
		assertThat(run("parse")).isEqualTo(2);
		assertThat(this.err.toString()).startsWith("cfgspace: Missing required parameter");
	}

}
