package io.cfgspace.cli;

import static io.cfgspace.configspace.ConfigSpaceBuilder.EXECUTE;
import static io.cfgspace.configspace.ConfigSpaceBuilder.PRIVILEGED;
import static io.cfgspace.configspace.ConfigSpaceBuilder.expressEndpoint;
import static io.cfgspace.configspace.ConfigSpaceBuilder.pasid;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.cfgspace.configspace.ConfigSpaceBuilder;
import io.cfgspace.configspace.Corpus;
import io.cfgspace.configspace.SysfsResource;
import io.cfgspace.layout.Json;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutBlock;
import io.cfgspace.layout.LayoutComposer;
import io.cfgspace.layout.LayoutDocument;
import io.cfgspace.layout.Origin;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cfgspace verify}: offline on corpus dumps, online against a stand-in service.
 * The exit code is the contract a hook or orchestrator relies on.
 */
class VerifyCommandTest {

	private static final long VTD_PASID = 1L << 40;

	private static final long VTD_PASID_WIDTH_20 = 19L << 35;

	private static final long VTD_SUPERVISOR_REQUESTS = 1L << 31;

	private final StringWriter out = new StringWriter();

	private final StringWriter err = new StringWriter();

	@TempDir
	Path directory;

	private Path pin;

	private Path lspci;

	private Path sysfs;

	private StandInService service;

	@BeforeEach
	void files() throws IOException {
		this.pin = write("pin.json", LayoutDocument.write(IntelDsa.layout()));
		this.lspci = Corpus.dump(IntelDsa.CORPUS_NAME);
		this.sysfs = write("config", IntelDsa.config());
	}

	@AfterEach
	void stopService() {
		if (this.service != null) {
			this.service.close();
		}
	}

	// offline: the verifier runs here, on a pin file

	@Test
	void answersConsistentWithExitCode0ForTheSameDeviceInAnyDumpFormat() {
		int exit = run("verify", "--pin", this.pin.toString(), "--source", this.lspci.toString(), "--destination",
				this.sysfs.toString());
		assertThat(this.err.toString()).isEmpty();
		assertThat(exit).isZero();
		assertThat(this.out.toString()).isEqualTo("CONSISTENT\n");
	}

	@Test
	void reportsAMovedCapabilityWithExitCode1AndOneLinePerFinding() throws IOException {
		Path moved = write("moved", IntelDsa.withPowerManagementAt(0xA0));
		int exit = run("verify", "--pin", this.pin.toString(), "--source", this.lspci.toString(), "--destination",
				moved.toString());
		assertThat(exit).isEqualTo(1);
		assertThat(this.out.toString()).isEqualTo("INCONSISTENT\n" + "OFFSET_MISMATCH destination standard 0x090: the "
				+ "Power Management capability is at 0x0a0 on the destination, but pinned at 0x090\n");
	}

	@Test
	void printsTheVerdictDocumentWithJson() throws IOException {
		Path moved = write("moved", IntelDsa.withPowerManagementAt(0xA0));
		assertThat(run("verify", "--json", "--pin", this.pin.toString(), "--destination-only", "--destination",
				moved.toString()))
			.isEqualTo(1);
		Map<String, Object> document = object(Json.parse(this.out.toString()));
		assertThat(document).containsEntry("verdict", "INCONSISTENT");
		assertThat((List<?>) document.get("findings")).singleElement()
			.satisfies((finding) -> assertThat(object(finding)).containsEntry("code", "OFFSET_MISMATCH")
				.containsEntry("side", "DESTINATION")
				.containsEntry("space", "standard")
				.containsEntry("offset", 0x90L)
				.containsEntry("actual", "0x0a0"));
	}

	@Test
	void checksTheDestinationAloneAgainstThePin() {
		assertThat(run("verify", "--pin", this.pin.toString(), "--destination-only", "--destination",
				this.sysfs.toString()))
			.isZero();
	}

	@Test
	void readsLayoutDocumentsAsSidesAndThePinAsTheRegistryServesIt() throws IOException {
		Path stored = write("stored-pin.json", "{\"modelKey\":\"8086:0b25\",\"version\":3,\"deprecated\":true,"
				+ "\"layout\":" + LayoutDocument.write(IntelDsa.layout()) + "}");
		assertThat(run("verify", "--pin", stored.toString(), "--source", this.pin.toString(), "--source-view",
				"virtual", "--destination", this.sysfs.toString()))
			.isZero();
		assertThat(this.out.toString()).isEqualTo("CONSISTENT\n" + "PIN_DEPRECATED pin -: the pinned version is "
				+ "deprecated; it still verifies, but new pins should be used (warning)\n");
	}

	@Test
	void rejectsAFileThatIsNoDumpWithExitCode2() throws IOException {
		Path bad = write("bad.lspci", "00:02.0 VGA\n00: 86 80 zz 00\n");
		assertThat(run("verify", "--pin", this.pin.toString(), "--source", this.lspci.toString(), "--destination",
				bad.toString()))
			.isEqualTo(2);
		assertThat(this.err.toString()).isEqualTo("cfgspace: " + bad
				+ ": line 2: malformed hex bytes at column 11 (expected two hex digits after each single space)\n");
		assertThat(this.out.toString()).isEmpty();
	}

	@Test
	void rejectsAMissingFileAndABrokenPinWithExitCode2() throws IOException {
		assertThat(run("verify", "--pin", this.pin.toString(), "--destination-only", "--destination", "/nonexistent"))
			.isEqualTo(2);
		assertThat(this.err.toString()).isEqualTo("cfgspace: /nonexistent: no such file\n");
		Path broken = write("broken.json", "{\"format\":\"cfgspace-layout/1\"}");
		assertThat(
				run("verify", "--pin", broken.toString(), "--destination-only", "--destination", this.sysfs.toString()))
			.isEqualTo(2);
		assertThat(this.err.toString()).contains(broken + ": $.identity: required member is missing");
		assertThat(run("verify", "--pin", this.sysfs.toString(), "--destination-only", "--destination",
				this.sysfs.toString()))
			.isEqualTo(2);
		assertThat(this.err.toString()).contains(this.sysfs + ": not a layout document; --pin takes the JSON that"
				+ " `cfgspace parse --json DUMP` prints");
	}

	@Test
	void rejectsContradictoryOrMissingArgumentsWithExitCode2() {
		String destination = this.sysfs.toString();
		assertThat(run("verify", "--pin", this.pin.toString(), "--destination", destination)).isEqualTo(2);
		assertThat(run("verify", "--pin", this.pin.toString(), "--server", "http://localhost:1", "--destination-only",
				"--destination", destination))
			.isEqualTo(2);
		assertThat(run("verify", "--destination-only", "--destination", destination)).isEqualTo(2);
		assertThat(run("verify", "--pin", this.pin.toString(), "--destination-only", "--destination", destination,
				"--destination-view", "guest"))
			.isEqualTo(2);
		assertThat(run("verify", "--pin", this.pin.toString(), "--destination-only", "--destination", destination,
				"--destination-iommu-vtd", "not-hex"))
			.isEqualTo(2);
		assertThat(this.out.toString()).isEmpty();
		assertThat(this.err.toString().lines()).hasSize(5).allMatch((line) -> line.startsWith("cfgspace: "));
	}

	// BAR sizes, which no dump shows: from the resource file sysfs keeps beside config,
	// or from the lines lspci -vv prints

	@Test
	void readsTheBarSizesFromTheResourceFileBesideASysfsConfig() throws IOException {
		Path host = sysfsDevice("host", IntelDsa.resource());
		assertThat(run("verify", "--pin", pinWithSizes().toString(), "--destination-only", "--destination",
				host.toString()))
			.isZero();
		assertThat(this.out.toString()).isEqualTo("CONSISTENT\n");
	}

	@Test
	void readsTheBarSizesLspciVvPrinted() throws IOException {
		Path lspciVv = write("dsa.lspci-vvvxxxx", Corpus.printedVerbose(IntelDsa.CORPUS_NAME));
		assertThat(run("verify", "--pin", pinWithSizes().toString(), "--source", lspciVv.toString(), "--destination",
				sysfsDevice("host", IntelDsa.resource()).toString()))
			.isZero();
		assertThat(this.err.toString()).isEmpty();
	}

	@Test
	void reportsABarOfAnotherSizeWithExitCode1() throws IOException {
		Path host = sysfsDevice("host", SysfsResource.of(64 * 1024, 0, 256 * 1024));
		assertThat(run("verify", "--pin", pinWithSizes().toString(), "--destination-only", "--destination",
				host.toString()))
			.isEqualTo(1);
		assertThat(this.out.toString()).isEqualTo("INCONSISTENT\nFIELD_MISMATCH destination header bar2 size: the "
				+ "destination's bar2 decodes 256K, pinned as 128K\n");
	}

	@Test
	void cannotDecideWithExitCode3WhenTheDestinationDoesNotShowTheSizesThePinRecords() throws IOException {
		// a config file alone: nothing shows the sizes
		assertThat(run("verify", "--pin", pinWithSizes().toString(), "--destination-only", "--destination",
				this.sysfs.toString()))
			.isEqualTo(3);
		assertThat(this.err.toString()).isEqualTo("cfgspace: cannot compare, nothing was decided: the pin records "
				+ "the size of bar0, bar2, bar4, bar5, rom, but the destination does not show it (a dump cannot); send "
				+ "the device's sysfs resource file beside its config, or lspci -vv text\n");
		assertThat(this.out.toString()).startsWith("INCONSISTENT\nCANNOT_COMPARE destination header size: the pin "
				+ "records the size of bar0, bar2, bar4, bar5, rom, but the destination does not show it");
		assertThat(this.out.toString().lines()).hasSize(2);
	}

	@Test
	void aDifferenceBesideWhatCannotBeComparedIsStillExitCode1() throws IOException {
		Path moved = write("moved", IntelDsa.withPowerManagementAt(0xA0));
		assertThat(run("verify", "--pin", pinWithSizes().toString(), "--destination-only", "--destination",
				moved.toString()))
			.isEqualTo(1);
		assertThat(this.err.toString()).isEmpty();
		assertThat(this.out.toString()).contains("\nOFFSET_MISMATCH destination standard 0x090: ")
			.contains("\nCANNOT_COMPARE destination header size: ");
	}

	@Test
	void rejectsAMalformedResourceFileWithExitCode2NamingIt() throws IOException {
		Path host = sysfsDevice("host", "0x0000000000001000 0x0000000000001fff 0x0000000000040200\n");
		assertThat(run("verify", "--pin", pinWithSizes().toString(), "--destination-only", "--destination",
				host.toString()))
			.isEqualTo(2);
		assertThat(this.err.toString()).isEqualTo("cfgspace: " + host.resolveSibling("resource") + ": a sysfs "
				+ "resource file has a line per resource, at least 7 (the BARs and the ROM); this one has 1\n");
		assertThat(this.out.toString()).isEmpty();
	}

	@Test
	void readsNoResourceFileBesideAFileNotNamedConfig() throws IOException {
		Path host = sysfsDevice("host", "not a resource file\n");
		Path copy = Files.copy(host, host.resolveSibling("config.bin"));
		assertThat(run("verify", "--pin", this.pin.toString(), "--destination-only", "--destination", copy.toString()))
			.isZero();
	}

	// offline, a pin that adds a synthesized PASID capability (width 20, privileged mode)
	// which only an IOMMU with PASID support can back

	@Test
	void synthesizedPasidIsConsistentWhenTheDestinationVtdSupportsIt() throws IOException {
		String ecap = Long.toHexString(VTD_PASID | VTD_PASID_WIDTH_20 | VTD_SUPERVISOR_REQUESTS);
		assertThat(verifySynthesizedPasid("--destination-iommu-vtd", "0x0:0x" + ecap)).isZero();
		assertThat(this.out.toString()).isEqualTo("CONSISTENT\n");
	}

	@Test
	void synthesizedPasidIsInconsistentWhenTheDestinationIommuIsNotDescribed() throws IOException {
		assertThat(verifySynthesizedPasid()).isEqualTo(1);
		assertThat(this.out.toString()).startsWith("INCONSISTENT\nIOMMU_UNKNOWN destination -: ");
	}

	@Test
	void synthesizedPasidIsInconsistentWhenIommufdReportsNarrowerPasids() throws IOException {
		assertThat(verifySynthesizedPasid("--destination-iommu-iommufd", "16:4:pri:ats")).isEqualTo(1);
		assertThat(this.out.toString()).contains("IOMMU_LACKS_CAPABILITY destination extended 0x200: ")
			.contains("it needs maxPasidWidth 20, the IOMMU offers 16");
	}

	@Test
	void synthesizedPasidOverAQuirkRangeIsInconsistent() throws IOException {
		Path quirks = write("quirks.json", "[{\"vendorId\":32902,\"deviceId\":2853,\"allGaps\":false,"
				+ "\"ranges\":[{\"start\":512,\"end\":528}],\"reason\":\"registers outside capabilities\"}]");
		String ecap = Long.toHexString(VTD_PASID | VTD_PASID_WIDTH_20 | VTD_SUPERVISOR_REQUESTS);
		assertThat(verifySynthesizedPasid("--destination-iommu-vtd", "0:" + ecap, "--quirks", quirks.toString()))
			.isEqualTo(1);
		assertThat(this.out.toString()).contains("SYNTHESIZED_IN_HIDDEN_REGISTERS destination extended 0x200: ");
	}

	// online: the service decides and records

	@Test
	void onlineAnswersConsistentWithExitCode0AndSendsBothSides() throws IOException {
		startService().answer(200, StandInService.consistent(7));
		assertThat(verifyOnline("--vm-id", "vm-1", "--destination-iommu-iommufd", "20:6:pri:ats")).isZero();
		assertThat(this.out.toString()).isEqualTo("CONSISTENT (verification 7)\n");
		StandInService.Request request = this.service.lastVerification();
		assertThat(request.authorization()).isEqualTo("Bearer t0k");
		Map<String, Object> body = request.json();
		assertThat(body).containsEntry("modelKey", "8086:0b25")
			.containsEntry("pinVersion", 3L)
			.containsEntry("vmId", "vm-1");
		String hex = HexFormat.of().formatHex(IntelDsa.config());
		assertThat(object(body.get("source"))).containsEntry("view", "physical").containsEntry("dump", hex);
		assertThat(object(body.get("destination"))).containsEntry("dump", hex)
			.containsEntry("iommu", Map.of("iommufd",
					Map.of("maxPasidLog2", 20L, "capabilities", 6L, "pageRequests", true, "deviceTlb", true)));
	}

	@Test
	void onlinePrintsTheFindingsOfAnInconsistentVerdictWithExitCode1() throws IOException {
		startService().answer(200, StandInService.inconsistent(42));
		assertThat(verifyOnline()).isEqualTo(1);
		assertThat(this.out.toString()).isEqualTo("INCONSISTENT (verification 42)\n"
				+ "OFFSET_MISMATCH destination extended 0x230: the PASID capability is at 0x240 on the destination,"
				+ " but pinned at 0x230\n" + "PIN_DEPRECATED pin -: the pinned version is deprecated (warning)\n");
	}

	@Test
	void onlineSendsTheResourceFileBesideTheDumpAndLspciTextThatGaveSizesAsItIs() throws IOException {
		startService().answer(200, StandInService.consistent(16));
		String lspciVv = Corpus.printedVerbose(IntelDsa.CORPUS_NAME);
		Path source = write("dsa.lspci-vvvxxxx", lspciVv);
		Path destination = sysfsDevice("host", IntelDsa.resource());
		assertThat(run("verify", "--server", this.service.url(), "--token", "t0k", "--model", "8086:0b25",
				"--pin-version", "3", "--source", source.toString(), "--destination", destination.toString()))
			.isZero();
		Map<String, Object> body = this.service.lastVerification().json();
		assertThat(object(body.get("source"))).containsOnlyKeys("view", "dump").containsEntry("dump", lspciVv);
		assertThat(object(body.get("destination"))).containsEntry("dump", HexFormat.of().formatHex(IntelDsa.config()))
			.containsEntry("resource", IntelDsa.resource());
	}

	@Test
	void onlineSendsLspciTextWithoutSizesAsHex() throws IOException {
		startService().answer(200, StandInService.consistent(17));
		assertThat(verifyOnline()).isZero();
		assertThat(object(this.service.lastVerification().json().get("source"))).containsOnlyKeys("view", "dump")
			.containsEntry("dump", HexFormat.of().formatHex(IntelDsa.config()));
	}

	@Test
	void onlineCannotDecideWithExitCode3WhenTheServiceCouldNotCompare() throws IOException {
		startService().answer(200, StandInService.cannotCompare(18));
		assertThat(verifyOnline()).isEqualTo(3);
		assertThat(this.err.toString()).isEqualTo("cfgspace: cannot compare, nothing was decided: the pin records "
				+ "the size of bar0, bar2, but the destination does not show it (verification 18)\n");
		assertThat(this.out.toString()).isEqualTo("INCONSISTENT (verification 18)\nCANNOT_COMPARE destination header "
				+ "size: the pin records the size of bar0, bar2, but the destination does not show it\n");
	}

	@Test
	void onlinePrintsTheServiceAnswerWithJson() throws IOException {
		startService().answer(200, StandInService.inconsistent(42));
		assertThat(verifyOnline("--json")).isEqualTo(1);
		assertThat(this.out.toString().strip()).isEqualTo(Json.canonical(Json.parse(StandInService.inconsistent(42))));
	}

	@Test
	void cannotDecideWhenTheDatabaseIsDown() throws IOException {
		startService().answer(503, StandInService.problem(503, "database-unavailable", "try again later"));
		assertThat(verifyOnline()).isEqualTo(3);
		assertThat(this.err.toString()).contains("HTTP 503 database-unavailable: try again later; nothing was decided");
		assertThat(this.out.toString()).isEmpty();
	}

	@Test
	void cannotDecideWhenTheServiceDoesNotAnswerInTime() throws IOException {
		startService().silent();
		long started = System.nanoTime();
		assertThat(verifyOnline("--timeout", "1")).isEqualTo(3);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
		assertThat(this.err.toString()).contains("no answer within 1.0 s (the deadline is --timeout)");
	}

	@Test
	void cannotDecideWhenTheServiceIsUnreachable() throws IOException {
		String url;
		try (StandInService gone = StandInService.start()) {
			url = gone.url();
		}
		assertThat(run("verify", "--server", url, "--token", "t0k", "--model", "8086:0b25", "--pin-version", "3",
				"--destination-only", "--destination", this.sysfs.toString()))
			.isEqualTo(3);
		assertThat(this.err.toString()).contains("nothing was decided");
	}

	@Test
	void cannotDecideWhenAStoredLayoutFailedItsIntegrityCheck() throws IOException {
		startService().answer(409, StandInService.problem(409, "layout-integrity-violation", "altered"));
		assertThat(verifyOnline()).isEqualTo(3);
	}

	@Test
	void onlineRejectsWhatTheServiceCallsBadInputWithExitCode2() throws IOException {
		startService().answer(400, StandInService.problem(400, "malformed-dump", "the dump is empty"));
		assertThat(verifyOnline()).isEqualTo(2);
		assertThat(this.err.toString()).isEqualTo("cfgspace: POST " + this.service.url()
				+ "/api/v1/verifications: HTTP 400 malformed-dump: the dump is empty\n");
	}

	@Test
	void onlineSendsThePinAsTheSourceWhenCheckingTheDestinationOnly() throws IOException {
		startService().pin(IntelDsa.layout()).answer(200, StandInService.consistent(8));
		assertThat(run("verify", "--server", this.service.url(), "--token", "t0k", "--model", "8086:0b25",
				"--pin-version", "3", "--destination-only", "--destination", this.sysfs.toString()))
			.isZero();
		assertThat(this.service.requests()).extracting(StandInService.Request::method).containsExactly("GET", "POST");
		Map<String, Object> source = object(this.service.lastVerification().json().get("source"));
		assertThat(source).containsEntry("view", "virtual");
		assertThat(LayoutDocument.fromJson(source.get("layout"))).isEqualTo(IntelDsa.layout());
	}

	@Test
	void onlineChecksLocalFilesBeforeAskingTheService() throws IOException {
		startService();
		assertThat(run("verify", "--server", this.service.url(), "--token", "t0k", "--model", "8086:0b25",
				"--pin-version", "3", "--destination-only", "--destination", "/nonexistent"))
			.isEqualTo(2);
		assertThat(this.service.requests()).isEmpty();
	}

	// idempotency: one verdict per migration attempt, however often the answer is lost

	@Test
	void retriesOnceWithTheSameIdempotencyKeyWhenTheAnswerNeverComesAndGetsTheRecordedVerdict() throws IOException {
		startService().losesTheFirstAnswer(StandInService.Loss.NEVER_ANSWERED)
			.answer(200, StandInService.consistent(11));
		long started = System.nanoTime();
		assertThat(verifyOnline("--timeout", "2.5", "--idempotency-key", "vm-1.attempt-7:0000:6a:01.0")).isZero();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2500));
		assertThat(this.out.toString()).isEqualTo("CONSISTENT (verification 11)\n");
		assertThat(this.service.requests()).extracting(StandInService.Request::idempotencyKey)
			.containsExactly("vm-1.attempt-7:0000:6a:01.0", "vm-1.attempt-7:0000:6a:01.0");
		assertThat(this.service.requests().get(1).body()).isEqualTo(this.service.requests().get(0).body());
		assertThat(this.service.recorded()).isEqualTo(1);
		assertThat(this.err.toString()).contains("no answer within 1.")
			.contains("retrying once with the same Idempotency-Key")
			.contains("answered with the verdict it had recorded");
	}

	@Test
	void retriesOnceWithTheSameIdempotencyKeyAfterADroppedConnection() throws IOException {
		startService().losesTheFirstAnswer(StandInService.Loss.CONNECTION_DROPPED)
			.answer(200, StandInService.inconsistent(12));
		assertThat(verifyOnline("--idempotency-key", "k-1")).isEqualTo(1);
		assertThat(this.out.toString()).startsWith("INCONSISTENT (verification 12)\n");
		assertThat(this.service.requests()).hasSize(2);
		assertThat(this.service.recorded()).isEqualTo(1);
	}

	@Test
	void neverSendsAVerificationTwiceWithoutAnIdempotencyKey() throws IOException {
		startService().losesTheFirstAnswer(StandInService.Loss.CONNECTION_DROPPED);
		assertThat(verifyOnline()).isEqualTo(3);
		assertThat(this.service.requests()).hasSize(1);
		assertThat(this.service.requests().get(0).idempotencyKey()).isNull();
		assertThat(this.err.toString()).contains("nothing was decided").doesNotContain("retrying");
	}

	@Test
	void reportsAnIdempotencyKeyReusedForAnotherRequestWithExitCode2() throws IOException {
		startService().answer(200, StandInService.consistent(13));
		assertThat(verifyOnline("--idempotency-key", "k-2", "--vm-id", "vm-1")).isZero();
		assertThat(verifyOnline("--idempotency-key", "k-2", "--vm-id", "vm-2")).isEqualTo(2);
		assertThat(this.err.toString()).contains("HTTP 409 idempotency-key-reused");
		assertThat(this.service.recorded()).isEqualTo(1);
	}

	@Test
	void rejectsAMalformedIdempotencyKeyOrTimeoutBeforeAskingTheService() throws IOException {
		startService();
		assertThat(verifyOnline("--idempotency-key", "no spaces")).isEqualTo(2);
		assertThat(verifyOnline("--idempotency-key", "k".repeat(201))).isEqualTo(2);
		assertThat(verifyOnline("--timeout", "0")).isEqualTo(2);
		assertThat(run("verify", "--pin", this.pin.toString(), "--destination-only", "--destination",
				this.sysfs.toString(), "--pin-cache", this.directory.toString()))
			.isEqualTo(2);
		assertThat(this.err.toString().lines()).hasSize(4)
			.anyMatch((line) -> line.startsWith("cfgspace: --idempotency-key: expected 1 to 200"));
		assertThat(this.service.requests()).isEmpty();
	}

	// the pin cache: a registry outage refuses only what cannot be verified here

	@Test
	void cachesTheFetchedPinAndVerifiesAgainstItWhenTheServiceIsDown() throws IOException {
		Path cache = this.directory.resolve("cache/pins");
		startService().pin(IntelDsa.layout()).answer(200, StandInService.consistent(14));
		assertThat(verifyDestinationOnline(cache, this.sysfs)).isZero();
		assertThat(cache.resolve("8086%3A0b25.v3.json")).exists();
		try (var files = Files.list(cache)) {
			assertThat(files).hasSize(1);
		}
		this.service.close();
		this.out.getBuffer().setLength(0);
		assertThat(verifyDestinationOnline(cache, this.sysfs)).isZero();
		assertThat(this.out.toString()).isEqualTo("CONSISTENT (offline, not recorded)\n");
		assertThat(this.err.toString()).contains("cfgspace: WARNING: OFFLINE VERDICT CONSISTENT, NOT RECORDED")
			.contains("cannot connect")
			.contains(IntelDsa.layout().fingerprint());
	}

	@Test
	void anOfflineVerdictOnTheCachedPinStillRefusesAMovedCapability() throws IOException {
		Path cache = cachedPin();
		Path moved = write("moved", IntelDsa.withPowerManagementAt(0xA0));
		assertThat(verifyDestinationOnline(cache, moved, "http://127.0.0.1:1")).isEqualTo(1);
		assertThat(this.out.toString()).startsWith("INCONSISTENT (offline, not recorded)\nOFFSET_MISMATCH destination "
				+ "standard 0x090: the Power Management capability is at 0x0a0");
	}

	@Test
	void usesACachedPinWithoutFetchingItAgain() throws IOException {
		Path cache = cachedPin();
		startService().answer(200, StandInService.consistent(15));
		assertThat(verifyDestinationOnline(cache, this.sysfs)).isZero();
		assertThat(this.service.requests()).extracting(StandInService.Request::method).containsExactly("POST");
		assertThat(LayoutDocument.fromJson(object(this.service.lastVerification().json().get("source")).get("layout")))
			.isEqualTo(IntelDsa.layout());
	}

	@Test
	void verifiesAgainstTheCachedPinWhenTheServiceAnswersTooLateOrFails() throws IOException {
		Path cache = cachedPin();
		startService().silent();
		assertThat(run("verify", "--server", this.service.url(), "--token", "t0k", "--model", "8086:0b25",
				"--pin-version", "3", "--destination-only", "--destination", this.sysfs.toString(), "--pin-cache",
				cache.toString(), "--timeout", "0.5"))
			.isZero();
		assertThat(this.err.toString()).contains("OFFLINE VERDICT CONSISTENT").contains("no answer within 0.");
		this.service.close();
		startService().answer(503, StandInService.problem(503, "database-unavailable", "try again later"));
		assertThat(verifyDestinationOnline(cache, this.sysfs)).isZero();
		assertThat(this.err.toString()).contains("HTTP 503 database-unavailable");
	}

	@Test
	void anOfflineVerdictOnTheCachedPinCannotDecideWithoutTheSizesThePinRecords() throws IOException {
		Path cache = this.directory.resolve("sized-pins");
		startService().pin(IntelDsa.layoutWithSizes()).answer(200, StandInService.consistent(19));
		Path host = sysfsDevice("host", IntelDsa.resource());
		assertThat(verifyDestinationOnline(cache, host)).isZero();
		this.service.close();
		this.out.getBuffer().setLength(0);
		this.err.getBuffer().setLength(0);
		assertThat(verifyDestinationOnline(cache, this.sysfs)).isEqualTo(3);
		assertThat(this.err.toString().lines()).hasSize(2)
			.satisfies((lines) -> assertThat(lines.get(0))
				.startsWith("cfgspace: cannot compare, nothing was decided: "
						+ "the pin records the size of bar0, bar2, bar4, bar5, rom")
				.endsWith(" (offline, not recorded)"))
			.satisfies((lines) -> assertThat(lines.get(1))
				.startsWith("cfgspace: WARNING: OFFLINE VERDICT INCONSISTENT, NOT RECORDED"));
		assertThat(this.out.toString()).startsWith("INCONSISTENT (offline, not recorded)\nCANNOT_COMPARE destination ");
	}

	@Test
	void neverOverrulesAServiceThatFoundItsOwnCopyAltered() throws IOException {
		Path cache = cachedPin();
		startService().answer(409, StandInService.problem(409, "layout-integrity-violation", "altered"));
		assertThat(verifyDestinationOnline(cache, this.sysfs)).isEqualTo(3);
		assertThat(this.err.toString()).doesNotContain("OFFLINE");
	}

	@Test
	void cannotDecideWhenTheServiceIsDownAndNoPinIsCached() throws IOException {
		Path cache = this.directory.resolve("empty-cache");
		assertThat(verifyDestinationOnline(cache, this.sysfs, "http://127.0.0.1:1")).isEqualTo(3);
		assertThat(this.err.toString()).contains("cannot connect")
			.contains("holds no cached pin 8086:0b25 v3 to verify against here");
		assertThat(this.out.toString()).isEmpty();
	}

	@Test
	void discardsACachedPinWhoseLayoutNoLongerMatchesItsFingerprint() throws IOException {
		Path cache = cachedPin();
		Path file = cache.resolve("8086%3A0b25.v3.json");
		// the Power Management capability moved in the cached copy only
		String altered = Files.readString(file).replace("\"offset\":144", "\"offset\":160");
		assertThat(altered).isNotEqualTo(Files.readString(file));
		Files.writeString(file, altered);
		assertThat(verifyDestinationOnline(cache, this.sysfs, "http://127.0.0.1:1")).isEqualTo(3);
		assertThat(this.err.toString()).contains("WARNING: discarded the corrupt cached pin " + file)
			.contains("does not match")
			.contains("holds no cached pin");
		assertThat(file).doesNotExist();
	}

	@Test
	void discardsACachedPinStoredUnderAnotherKeyOrTruncated() throws IOException {
		Path cache = cachedPin();
		Path file = cache.resolve("8086%3A0b25.v3.json");
		String text = Files.readString(file);
		Files.writeString(file, text.replace("\"version\":3", "\"version\":4"));
		assertThat(new PinCache(cache, new PrintWriter(this.err, true)).read("8086:0b25", 3)).isNull();
		assertThat(file).doesNotExist();
		Files.writeString(file, text.substring(0, text.length() / 2));
		assertThat(new PinCache(cache, new PrintWriter(this.err, true)).read("8086:0b25", 3)).isNull();
		assertThat(file).doesNotExist();
		assertThat(this.err.toString().lines()).hasSize(2).allMatch((line) -> line.contains("discarded"));
	}

	@Test
	void namesCacheFilesSoThatNoKeyLeavesTheDirectory() {
		PinCache cache = new PinCache(this.directory, new PrintWriter(this.err, true));
		assertThat(cache.file("15b3:101d:15b3:0047:r00@pf", 2).getFileName())
			.hasToString("15b3%3A101d%3A15b3%3A0047%3Ar00%40pf.v2.json");
		assertThat(cache.file("../../etc/x", 1).getParent()).isEqualTo(this.directory);
	}

	/** A cache holding pin 8086:0b25 v3, filled by the CLI from a service now gone. */
	private Path cachedPin() throws IOException {
		Path cache = this.directory.resolve("pins");
		try (StandInService registry = StandInService.start()) {
			registry.pin(IntelDsa.layout()).answer(200, StandInService.consistent(1));
			assertThat(verifyDestinationOnline(cache, this.sysfs, registry.url())).isZero();
		}
		assertThat(cache.resolve("8086%3A0b25.v3.json")).exists();
		this.out.getBuffer().setLength(0);
		this.err.getBuffer().setLength(0);
		return cache;
	}

	/** A pin that records the DSA's BAR sizes. */
	private Path pinWithSizes() throws IOException {
		return write("sized-pin.json", LayoutDocument.write(IntelDsa.layoutWithSizes()));
	}

	/** The DSA's directory as sysfs has it: its config file, and this resource file. */
	private Path sysfsDevice(String name, String resource) throws IOException {
		Path device = Files.createDirectories(this.directory.resolve(name));
		Files.writeString(device.resolve("resource"), resource);
		return Files.write(device.resolve("config"), IntelDsa.config());
	}

	private int verifyDestinationOnline(Path cache, Path destination) {
		return verifyDestinationOnline(cache, destination, this.service.url());
	}

	private int verifyDestinationOnline(Path cache, Path destination, String url) {
		return run("verify", "--server", url, "--token", "t0k", "--model", "8086:0b25", "--pin-version", "3",
				"--destination-only", "--destination", destination.toString(), "--pin-cache", cache.toString(),
				"--timeout", "2");
	}

	private int run(String... args) {
		return Cli.run(new PrintWriter(this.out, true), new PrintWriter(this.err, true), args);
	}

	private StandInService startService() throws IOException {
		this.service = StandInService.start();
		return this.service;
	}

	private int verifyOnline(String... more) {
		List<String> args = new ArrayList<>(List.of("verify", "--server", this.service.url(), "--token", "t0k",
				"--model", "8086:0b25", "--pin-version", "3", "--source", this.lspci.toString(), "--destination",
				this.sysfs.toString()));
		args.addAll(List.of(more));
		return run(args.toArray(String[]::new));
	}

	private int verifySynthesizedPasid(String... more) throws IOException {
		ConfigSpaceBuilder physical = expressEndpoint(0x8086, 0x0b25).size(4096);
		LayoutBlock pasid = expressEndpoint(0x8086, 0x0b25).with(0x200, pasid(20, !EXECUTE, PRIVILEGED)).block(0x200);
		LayoutBlock synthesized = new LayoutBlock(pasid.space(), pasid.offset(), pasid.id(), pasid.version(),
				pasid.length(), 0, pasid.name(), Origin.SYNTHESIZED, pasid.fields());
		Layout pinned = LayoutComposer.compose(physical.parse(), List.of(), List.of(synthesized));
		Path device = write("device.hex", HexFormat.of().formatHex(physical.bytes()));
		Path synthesizedPin = write("synthesized-pin.json", LayoutDocument.write(pinned));
		List<String> args = new ArrayList<>(List.of("verify", "--pin", synthesizedPin.toString(), "--destination-only",
				"--destination", device.toString()));
		args.addAll(List.of(more));
		return run(args.toArray(String[]::new));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> object(Object json) {
		assertThat(json).isInstanceOf(Map.class);
		return (Map<String, Object>) json;
	}

	private Path write(String name, byte[] bytes) throws IOException {
		return Files.write(this.directory.resolve(name), bytes);
	}

	private Path write(String name, String text) throws IOException {
		return Files.writeString(this.directory.resolve(name), text);
	}

}
