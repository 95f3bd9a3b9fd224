package io.cfgspace.cli;

import static io.cfgspace.configspace.ConfigSpaceBuilder.expressEndpoint;
import static io.cfgspace.configspace.ConfigSpaceBuilder.vendorSpecificExtended;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.cfgspace.configspace.Corpus;
import io.cfgspace.layout.Json;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutDocument;
import io.cfgspace.planning.Variants;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cfgspace plan} on corpus dumps: what it prints, its JSON, and the exit code a
 * script relies on (0 planned, 1 nothing fits, 2 unusable input).
 */
class PlanCommandTest {

	private static final String CONNECTX3_PRO = "mellanox-cx3pro-pf";

	private final StringWriter out = new StringWriter();

	private final StringWriter err = new StringWriter();

	@TempDir
	Path directory;

	@Test
	void plansPasidPriAndAtsAtTheLowestFreeOffsetsAndPrintsWhy() {
		String nic = Corpus.dump(CONNECTX3_PRO).toString();

		int exit = run("plan", "--variant", nic, "--synthesize", "pasid:width=20,exec,priv", "--synthesize",
				"pri:capacity=512", "--synthesize", "ats:depth=0,aligned");

		assertThat(exit).isZero();
		assertThat(this.err.toString()).isEmpty();
		assertThat(this.out.toString()).contains("variant 1: " + nic + "\n",
				"free on every variant: 0x108..0x147, 0x180..0x18b, 0x1a8..0xfff\n",
				"Address Translation Service (ATS) (8 bytes) at 0x108: the lowest offset free on every variant\n",
				"Page Request Interface (PRI) (16 bytes) at 0x110: the lowest offset free on every variant\n",
				"\tCapabilities: [108 v1] Address Translation Service (ATS): Invalidate Queue Depth 0 <synthesized>\n",
				"\tCapabilities: [110 v1] Page Request Interface (PRI): Page Request Capacity 512 <synthesized>\n",
				"\tCapabilities: [120 v1] Process Address Space ID (PASID): Max PASID Width 20 Exec+ Priv+ <synthesized>\n",
				"Device 15b3:1007 (rev 00)");
	}

	@Test
	void marksTheHiddenAndTheSynthesizedBlocks() {
		int exit = run("plan", "--variant", Corpus.dump("intel-skylake-gt2-igpu").toString(), "--hide", "extended:0x1b",
				"--synthesize", "pasid:width=20,exec");

		assertThat(exit).isZero();
		assertThat(this.out.toString()).contains(
				"\tCapabilities: [100 v1] Process Address Space ID (PASID): Max PASID Width 20 Exec+ Priv- <synthesized>\n"
						+ "\tCapabilities: [200 v1] Address Translation Service (ATS): Invalidate Queue Depth 32\n",
				"\tCapabilities: [100 v1] Process Address Space ID (PASID): Max PASID Width 20 Exec+ Priv- <hidden>\n",
				"variant 1: hides the physical Process Address Space ID (PASID) at 0x100\n");
	}

	@Test
	@SuppressWarnings("unchecked")
	void reusesTheHiddenPlacesOfIntelDsaAndPrintsThePlanAsJson() {
		String dsa = Corpus.dump(IntelDsa.CORPUS_NAME).toString();

		int exit = run("plan", "--json", "--variant", dsa, "--variant", dsa, "--hide", "extended:0x1b", "--hide",
				"extended:0x13", "--hide", "extended:0x0f", "--synthesize", "pasid:width=20,priv", "--synthesize",
				"pri:capacity=512", "--synthesize", "ats:depth=0,aligned", "--synthesize",
				"dvsec:length=12,vendor=0x1e98,id=0");

		assertThat(exit).isZero();
		Map<String, Object> plan = (Map<String, Object>) Json.parse(this.out.toString());
		assertThat(plan.keySet()).containsExactlyInAnyOrder("fingerprint", "layout", "freeByVariant", "freeInAll",
				"explanation");
		Layout layout = LayoutDocument.fromJson(plan.get("layout"));
		assertThat(plan.get("fingerprint")).isEqualTo(layout.fingerprint());
		assertThat(layout.blocks()).filteredOn((block) -> block.origin().json().equals("synthesized"))
			.extracting((block) -> block.offset())
			.containsExactly(0x12c, 0x220, 0x230, 0x240);
		assertThat((List<Object>) plan.get("freeByVariant")).hasSize(2);
		assertThat((List<Object>) plan.get("freeInAll")).startsWith(Map.of("start", 0x12cL, "end", 0x150L));
		assertThat((List<Object>) plan.get("explanation")).contains(
				"Designated Vendor-Specific (12 bytes) at 0x12c: the lowest offset free on every variant",
				"Process Address Space ID (PASID) (8 bytes) at 0x230: takes the place of the hidden physical "
						+ "Process Address Space ID (PASID) of variant 1, so the guest sees it where bare metal shows it");
	}

	@Test
	void numbersTheVariantsByFingerprintWhateverTheirOrder() throws IOException {
		byte[] nic = Variants.corpus(CONNECTX3_PRO);
		Path plain = write("plain", nic);
		Path withVsec = write("with-vsec", Variants.withVsec(nic, 0x100, 0x108, 0x42, 0x10));

		assertThat(run("plan", "--variant", plain.toString(), "--variant", withVsec.toString(), "--synthesize",
				"ats:depth=0"))
			.isZero();
		String first = this.out.toString();
		this.out.getBuffer().setLength(0);
		assertThat(run("plan", "--variant", withVsec.toString(), "--variant", plain.toString(), "--synthesize",
				"ats:depth=0"))
			.isZero();

		assertThat(this.out.toString()).isEqualTo(first);
		assertThat(first).contains("Address Translation Service (ATS) (8 bytes) at 0x118",
				"free on every variant: 0x118..0x147, 0x180..0x18b, 0x1a8..0xfff\n");
	}

	@Test
	void movesTheBlocksOutOfAQuirkRange() throws IOException {
		Path quirks = write("quirks.json", """
				[{"vendorId": 5555, "deviceId": 4103, "allGaps": false,
				  "ranges": [{"start": 264, "end": 272}], "reason": "registers at 0x108 (test)"}]
				""");

		int exit = run("plan", "--variant", Corpus.dump(CONNECTX3_PRO).toString(), "--quirks", quirks.toString(),
				"--synthesize", "ats:depth=0");

		assertThat(exit).isZero();
		assertThat(this.out.toString()).contains("Address Translation Service (ATS) (8 bytes) at 0x110");
	}

	@Test
	void exitsWith1AndSaysWhatBlocksWhenNothingFits() throws IOException {
		Path full = write("full",
				expressEndpoint(0x1e98, 0x0002).with(0x100, vendorSpecificExtended(1, 1, 0xF00)).bytes());

		int exit = run("plan", "--variant", full.toString(), "--synthesize", "pri:capacity=512");

		assertThat(exit).isEqualTo(1);
		assertThat(this.out.toString()).isEmpty();
		assertThat(this.err.toString()).isEqualTo("cfgspace: no room for Page Request Interface (PRI) (16 bytes) in"
				+ " extended space free on every variant: nothing is free; variant 1 uses 0x100..0xfff (Vendor"
				+ " Specific Information)\n");
	}

	@Test
	void exitsWith2ForA256ByteDump() throws IOException {
		Path conventional = write("conventional", expressEndpoint(0x1e98, 0x0004).bytes());

		int exit = run("plan", "--variant", conventional.toString(), "--synthesize", "ats:depth=0");

		assertThat(exit).isEqualTo(2);
		assertThat(this.err.toString()).startsWith("cfgspace: " + conventional + ": a 256-byte dump does not show");
	}

	@Test
	void exitsWith2ForARequestItCannotRead() {
		String nic = Corpus.dump(CONNECTX3_PRO).toString();
		for (String request : List.of("pasid:width=21", "pasid:exec", "pasid:width=20,exec=1", "ats:depth=0,deep",
				"dvsec:length=8,vendor=0x1e98,id=0", "msi:count=1", "pri:capacity=lots")) {
			this.err.getBuffer().setLength(0);
			assertThat(run("plan", "--variant", nic, "--synthesize", request)).as(request).isEqualTo(2);
			assertThat(this.err.toString()).as(request).startsWith("cfgspace: --synthesize " + request + ": ");
		}
		assertThat(run("plan", "--variant", nic, "--synthesize", "ats:depth=0", "--hide", "extended:zz")).isEqualTo(2);
		assertThat(run("plan", "--variant", nic, "--synthesize", "ats:depth=0", "--hide", "pasid")).isEqualTo(2);
		assertThat(
				run("plan", "--variant", this.directory.resolve("missing").toString(), "--synthesize", "ats:depth=0"))
			.isEqualTo(2);
		assertThat(run("plan", "--synthesize", "ats:depth=0")).isEqualTo(2);
	}

	private int run(String... args) {
		return Cli.run(new PrintWriter(this.out, true), new PrintWriter(this.err, true), args);
	}

	private Path write(String name, byte[] bytes) throws IOException {
		return Files.write(this.directory.resolve(name), bytes);
	}

	private Path write(String name, String text) throws IOException {
		return Files.writeString(this.directory.resolve(name), text);
	}

}
