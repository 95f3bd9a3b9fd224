package io.cfgspace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

import io.cfgspace.configspace.ConfigSpace;
import io.cfgspace.configspace.Corpus;
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
		assertThat(run("parse", Corpus.dump("amd-radeon-pro-wx3100-gpu").toString())).isZero();
		assertThat(this.out.toString()).contains("\tExtended capabilities: unknown (not in this 256-byte dump)\n");
	}

	@Test
	void printsTheCanonicalDocumentWithJson() {
		assertThat(run("parse", "--json", Corpus.dump("intel-skylake-gt2-igpu").toString())).isZero();
		String document = this.out.toString().strip();
		assertThat(LayoutDocument.write(LayoutDocument.read(document))).isEqualTo(document);
		assertThat(document).contains("\"format\":\"cfgspace-layout/1\"");
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
