package io.cfgspace.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code hooks/libvirt/cfgspace} as libvirt would: a process with the domain XML on
 * stdin, here over a fake sysfs tree and with a stand-in for the cfgspace service. The
 * CLI runs from the test classpath, so the test does not depend on the packaged jar.
 */
class LibvirtHookTest {

	private static final Path HOOK = Path.of("hooks/libvirt/cfgspace").toAbsolutePath();

	private static final String ADDRESS = "0000:6a:01.0";

	@TempDir
	Path directory;

	private StandInService service;

	private Path cli;

	private Path sysfs;

	private Path config;

	private Path pins;

	private Path syslog;

	record Run(int exit, String stdout, String stderr) {

	}

	@BeforeEach
	void host() throws IOException {
		this.service = StandInService.start().pin(IntelDsa.layout());
		this.sysfs = this.directory.resolve("sys");
		Path device = Files.createDirectories(this.sysfs.resolve("bus/pci/devices/" + ADDRESS));
		Files.write(device.resolve("config"), IntelDsa.config());
		this.cli = script("cfgspace", "exec \"$CFGSPACE_TEST_JAVA\" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC "
				+ "-cp \"$CFGSPACE_TEST_CLASSPATH\" io.cfgspace.cli.Cli \"$@\"");
		this.config = configure("server=" + this.service.url(), "token = \"t0k\"", "# a comment", "timeout=5");
		this.pins = this.directory.resolve("cache/pins");
		this.syslog = this.directory.resolve("syslog");
	}

	@AfterEach
	void stop() {
		this.service.close();
	}

	@Test
	void isInstallableAsIs() {
		assertThat(Files.isExecutable(HOOK)).isTrue();
	}

	@Test
	void letsTheMigrationGoOnWhenTheDeviceMatchesItsPin() throws Exception {
		this.service.answer(200, StandInService.consistent(7));
		Run run = migrate("dsa-guest.xml", Map.of());
		assertThat(run.stderr()).isEmpty();
		assertThat(run.exit()).isZero();
		assertThat(run.stdout()).isEmpty();
		assertThat(this.service.requests()).extracting(StandInService.Request::path)
			.containsExactly("/api/v1/device-models/8086:0b25/pins/3", "/api/v1/verifications");
		StandInService.Request verification = this.service.lastVerification();
		assertThat(verification.authorization()).isEqualTo("Bearer t0k");
		Map<String, Object> body = verification.json();
		assertThat(body).containsEntry("modelKey", "8086:0b25")
			.containsEntry("pinVersion", 3L)
			.containsEntry("vmId", "dsa-guest")
			.containsEntry("deviceAddress", ADDRESS)
			.containsKey("destinationHost")
			.doesNotContainKey("sourceHost");
		assertThat(object(body.get("destination"))).containsEntry("view", "physical")
			.containsEntry("dump", HexFormat.of().formatHex(IntelDsa.config()))
			.doesNotContainKey("iommu");
		assertThat(object(body.get("source"))).containsEntry("view", "virtual").containsKey("layout");
	}

	@Test
	void refusesAnInconsistentDeviceWithOneLineNamingTheFindingAndTheVerdict() throws Exception {
		this.service.answer(200, StandInService.inconsistent(42));
		Run run = migrate("dsa-guest.xml", Map.of());
		assertThat(run.exit()).isNotZero();
		assertThat(run.stdout()).isEmpty();
		assertThat(run.stderr()).isEqualTo("cfgspace: migration of dsa-guest refused: device 0000:6a:01.0: the PASID"
				+ " capability is at 0x240 on the destination, but pinned at 0x230 (verdict 42, see GET"
				+ " /api/v1/verifications/42)\n");
		assertThat(syslog()).contains("migration of dsa-guest: device 0000:6a:01.0: the PASID capability");
	}

	@Test
	void failsClosedWhenTheServiceIsDown() throws Exception {
		this.service.close();
		Run run = migrate("dsa-guest.xml", Map.of());
		assertThat(run.exit()).isNotZero();
		assertThat(run.stdout()).isEmpty();
		assertThat(run.stderr())
			.startsWith("cfgspace: migration of dsa-guest refused: device 0000:6a:01.0, pin 8086:0b25 v3: GET "
					+ this.service.url())
			.contains("cannot connect")
			.contains(this.pins + " holds no cached pin 8086:0b25 v3")
			.endsWith("(the hook fails closed)\n");
		assertThat(run.stderr().lines()).hasSize(1);
	}

	@Test
	void failsClosedWhenTheServiceCannotDecideAndThePinCacheIsOff() throws Exception {
		this.service.answer(503, StandInService.problem(503, "database-unavailable", "try again later"));
		Run run = migrate("dsa-guest.xml", Map.of("CFGSPACE_PIN_CACHE", "off"));
		assertThat(run.exit()).isNotZero();
		assertThat(run.stderr()).contains("HTTP 503 database-unavailable").contains("the hook fails closed");
		assertThat(this.pins).doesNotExist();
	}

	@Test
	void letsTheMigrationGoOnWithAWarningWhenFailOpenIsSet() throws Exception {
		this.service.close();
		Run run = migrate("dsa-guest.xml", Map.of("CFGSPACE_HOOK_FAIL_OPEN", "1"));
		assertThat(run.exit()).isZero();
		assertThat(run.stdout()).isEmpty();
		assertThat(run.stderr()).contains("WARNING: FAIL-OPEN: migrating dsa-guest UNVERIFIED: device 0000:6a:01.0");
	}

	@Test
	void failOpenNeverLetsAnInconsistentDeviceThrough() throws Exception {
		this.service.answer(200, StandInService.inconsistent(42));
		configure("server=" + this.service.url(), "token=t0k", "fail_open=1");
		Run run = migrate("dsa-guest.xml", Map.of());
		assertThat(run.exit()).isNotZero();
		assertThat(run.stderr()).startsWith("cfgspace: migration of dsa-guest refused: device 0000:6a:01.0: the PASID");
	}

	@Test
	void readsItsExampleConfigurationWithoutAWord() throws Exception {
		this.service.answer(200, StandInService.consistent(7));
		String example = Files.readString(HOOK.resolveSibling("hook.conf.example"))
			.replaceFirst("(?m)^server=.*$", "server=" + this.service.url())
			.replaceFirst("(?m)^pin_cache=.*$", "pin_cache=" + this.pins);
		configure(example);
		Run run = migrate("dsa-guest.xml", Map.of("CFGSPACE_PIN_CACHE", ""));
		assertThat(run).isEqualTo(new Run(0, "", ""));
		assertThat(this.service.lastVerification().authorization()).isEqualTo("Bearer cfs_replace_me");
		assertThat(this.pins.resolve("8086%3A0b25.v3.json")).exists();
	}

	@Test
	void doesNothingForAnyOtherOperation() throws Exception {
		Path touched = this.directory.resolve("cli-was-run");
		this.cli = script("marker", "touch '" + touched + "'");
		for (List<String> call : List.of(List.of("dsa-guest", "prepare", "end", "-"),
				List.of("dsa-guest", "start", "begin", "-"), List.of("dsa-guest", "migrate", "end", "-"),
				List.of("dsa-guest", "release", "end", "-"))) {
			Run run = hook(xml("dsa-guest.xml"), Map.of(), call.toArray(String[]::new));
			assertThat(run).isEqualTo(new Run(0, "", ""));
		}
		assertThat(touched).doesNotExist();
		assertThat(this.service.requests()).isEmpty();
	}

	@Test
	void refusesAPassthroughDeviceWithoutAPin() throws Exception {
		Run run = migrate("unpinned-guest.xml", Map.of());
		assertThat(run.exit()).isNotZero();
		assertThat(run.stderr()).startsWith(
				"cfgspace: migration of unpinned-guest refused: device 0000:6a:01.0 has no cfgspace pin in the domain"
						+ " metadata");
		assertThat(this.service.requests()).isEmpty();
	}

	@Test
	void letsAnUnpinnedDeviceGoUncheckedWhenAllowed() throws Exception {
		configure("server=" + this.service.url(), "token=t0k", "allow_unpinned=yes");
		Run run = migrate("unpinned-guest.xml", Map.of());
		assertThat(run.exit()).isZero();
		assertThat(run.stderr()).contains("WARNING: 0000:6a:01.0 of unpinned-guest has no cfgspace pin; not checked");
	}

	@Test
	void findsThePinByTheHostdevAlias() throws Exception {
		this.service.answer(200, StandInService.consistent(9));
		Run run = migrate("alias-guest.xml", Map.of());
		assertThat(run.exit()).as(run.stderr()).isZero();
		assertThat(this.service.lastVerification().json()).containsEntry("deviceAddress", ADDRESS);
	}

	@Test
	void sendsTheVtdRegistersSysfsShowsForTheDevice() throws Exception {
		Path vtd = Files.createDirectories(this.sysfs.resolve("bus/pci/devices/" + ADDRESS + "/iommu/intel-iommu"));
		Files.writeString(vtd.resolve("cap"), "d2008c40660462\n");
		Files.writeString(vtd.resolve("ecap"), "f050da\n");
		this.service.answer(200, StandInService.consistent(10));
		assertThat(migrate("dsa-guest.xml", Map.of()).exit()).isZero();
		assertThat(object(this.service.lastVerification().json().get("destination"))).containsEntry("iommu",
				Map.of("vtd", Map.of("capability", "0xd2008c40660462", "extendedCapability", "0xf050da")));
	}

	@Test
	void refusesWhenNoServiceIsConfigured() throws Exception {
		configure("# nothing here");
		Run run = migrate("dsa-guest.xml", Map.of());
		assertThat(run.exit()).isNotZero();
		assertThat(run.stderr()).contains("no cfgspace server or token configured");
	}

	@Test
	void refusesADomainXmlItCannotRead() throws Exception {
		String entity = "<?xml version='1.0'?><!DOCTYPE domain [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
				+ "<domain><name>&x;</name><devices><hostdev mode='subsystem' type='pci'/></devices></domain>";
		Run run = hook(entity.getBytes(StandardCharsets.UTF_8), Map.of(), "dsa-guest", "migrate", "begin", "-");
		assertThat(run.exit()).isNotZero();
		assertThat(run.stderr()).startsWith("cfgspace: migration of dsa-guest refused: cannot read the domain XML: ");
		assertThat(this.service.requests()).isEmpty();
	}

	@Test
	void doesNotStartTheCliForADomainWithoutPassthroughDevices() throws Exception {
		Path touched = this.directory.resolve("cli-was-run");
		this.cli = script("marker", "touch '" + touched + "'");
		String plain = new String(xml("unpinned-guest.xml"), StandardCharsets.UTF_8)
			.replaceAll("(?s)<hostdev .*</hostdev>", "");
		assertThat(hook(plain.getBytes(StandardCharsets.UTF_8), Map.of(), "plain", "migrate", "begin", "-"))
			.isEqualTo(new Run(0, "", ""));
		assertThat(touched).doesNotExist();
	}

	// the deadline: libvirt waits on a hook forever

	@Test
	void refusesWithinItsDeadlineWhenTheServiceNeverAnswers() throws Exception {
		this.service.silent();
		configure("server=" + this.service.url(), "token=t0k", "deadline=3");
		long started = System.nanoTime();
		Run run = migrate("dsa-guest.xml", Map.of());
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(3000 + 2500));
		assertThat(run.exit()).as(run.toString()).isNotZero();
		assertThat(run.stdout()).isEmpty();
		assertThat(run.stderr().lines()).singleElement()
			.satisfies((line) -> assertThat(line).startsWith("cfgspace: migration of dsa-guest refused: ")
				// which one depends on how fast the JVMs start, the last when the machine
				// is busy
				.containsAnyOf("no answer within", "no decision within the hook's deadline of 3 s",
						"the hook's deadline of 3 s left no time to check it")
				.endsWith("(the hook fails closed)"));
	}

	@Test
	void killsTheWholeCheckWhenItsDeadlinePasses() throws Exception {
		Path pid = this.directory.resolve("verify.pid");
		Path java = this.cli;
		this.cli = script("hanging-cfgspace", "if [ \"$1\" = verify ]; then echo $$ > '" + pid
				+ "'; exec sleep 60; fi\n" + "exec '" + java + "' \"$@\"");
		configure("server=" + this.service.url(), "token=t0k", "deadline=5");
		long started = System.nanoTime();
		Run run = migrate("dsa-guest.xml", Map.of());
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(5000 + 2500));
		assertThat(run.exit()).isNotZero();
		assertThat(run.stderr()).isEqualTo("cfgspace: migration of dsa-guest refused: no decision within the hook's"
				+ " deadline of 5 s (deadline= in " + this.config
				+ "); the check was stopped (the hook fails closed)\n");
		long hanging = Long.parseLong(Files.readString(pid).strip());
		// killed with the hook's process group; reaping it may take the system a moment
		await("the hanging check is gone").atMost(Duration.ofSeconds(2))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> ProcessHandle.of(hanging).filter(ProcessHandle::isAlive).isEmpty());
		Run failOpen = migrate("dsa-guest.xml", Map.of("CFGSPACE_HOOK_FAIL_OPEN", "1"));
		assertThat(failOpen.exit()).isZero();
		assertThat(failOpen.stderr())
			.contains("WARNING: FAIL-OPEN: migrating dsa-guest UNVERIFIED: no decision within");
	}

	// the pin cache: a registry outage refuses only what cannot be verified here

	@Test
	void letsTheMigrationGoOnWithALoudNoteWhenTheServiceIsDownAndThePinIsCached() throws Exception {
		this.service.answer(200, StandInService.consistent(7));
		assertThat(migrate("dsa-guest.xml", Map.of()).exit()).isZero();
		assertThat(this.pins.resolve("8086%3A0b25.v3.json")).exists();
		this.service.close();
		Run run = migrate("dsa-guest.xml", Map.of());
		assertThat(run.exit()).as(run.stderr()).isZero();
		assertThat(run.stdout()).isEmpty();
		assertThat(run.stderr())
			.startsWith("cfgspace: WARNING: OFFLINE VERDICT CONSISTENT, NOT RECORDED by the service: ")
			.contains("cached pin 8086:0b25 v3 (" + IntelDsa.layout().fingerprint());
		assertThat(syslog()).contains("OFFLINE VERDICT CONSISTENT, NOT RECORDED");
	}

	@Test
	void refusesAnInconsistentDeviceOnTheCachedPinSayingNothingWasRecorded() throws Exception {
		this.service.answer(200, StandInService.consistent(7));
		assertThat(migrate("dsa-guest.xml", Map.of()).exit()).isZero();
		this.service.close();
		Files.write(this.sysfs.resolve("bus/pci/devices/" + ADDRESS + "/config"), IntelDsa.withPowerManagementAt(0xA0));
		Run run = migrate("dsa-guest.xml", Map.of("CFGSPACE_HOOK_FAIL_OPEN", "1"));
		assertThat(run.exit()).isNotZero();
		assertThat(run.stderr()).isEqualTo("cfgspace: migration of dsa-guest refused: device 0000:6a:01.0: the Power"
				+ " Management capability is at 0x0a0 on the destination, but pinned at 0x090 (offline verdict against"
				+ " the cached pin 8086:0b25 v3; the service was unreachable and has NO RECORD of it)\n");
	}

	// report-only, for a rollout

	@Test
	void reportOnlyLetsAnInconsistentDeviceGoOnAndSaysSoLoudly() throws Exception {
		this.service.answer(200, StandInService.inconsistent(42));
		Run run = migrate("dsa-guest.xml", Map.of("CFGSPACE_HOOK_MODE", "report-only"));
		assertThat(run.exit()).isZero();
		assertThat(run.stdout()).isEmpty();
		String loud = "REPORT-ONLY MODE, NOTHING ENFORCED: migration of dsa-guest WOULD HAVE BEEN REFUSED: device"
				+ " 0000:6a:01.0: the PASID capability is at 0x240 on the destination, but pinned at 0x230 (verdict 42,"
				+ " see GET /api/v1/verifications/42); it goes on because mode=report-only";
		assertThat(run.stderr()).isEqualTo("cfgspace: " + loud + "\n");
		assertThat(syslog()).contains(loud);
	}

	@Test
	void reportOnlySaysSoEveryTimeEvenWhenNothingWouldBeRefused() throws Exception {
		this.service.answer(200, StandInService.consistent(7));
		configure("server=" + this.service.url(), "token=t0k", "mode=report-only");
		Run run = migrate("dsa-guest.xml", Map.of());
		assertThat(run).isEqualTo(new Run(0, "", "cfgspace: REPORT-ONLY MODE, NOTHING ENFORCED: migration of dsa-guest"
				+ " would have been allowed; mode=report-only\n"));
		this.service.close();
		Run undecided = migrate("dsa-guest.xml", Map.of("CFGSPACE_PIN_CACHE", "off"));
		assertThat(undecided.exit()).isZero();
		assertThat(undecided.stderr()).startsWith("cfgspace: REPORT-ONLY MODE, NOTHING ENFORCED: migration of"
				+ " dsa-guest WOULD HAVE BEEN REFUSED: device 0000:6a:01.0, pin 8086:0b25 v3: ");
	}

	@Test
	void refusesAModeItDoesNotKnow() throws Exception {
		Run run = migrate("dsa-guest.xml", Map.of("CFGSPACE_HOOK_MODE", "report"));
		assertThat(run.exit()).isNotZero();
		assertThat(run.stderr()).startsWith("cfgspace: migration of dsa-guest refused: mode 'report' is neither");
		assertThat(this.service.requests()).isEmpty();
	}

	// one idempotency key per migration attempt

	@Test
	void retriesALostAnswerWithTheSameIdempotencyKeyAndRecordsOneVerdict() throws Exception {
		this.service.losesTheFirstAnswer(StandInService.Loss.CONNECTION_DROPPED)
			.answer(200, StandInService.consistent(7));
		Run run = migrate("dsa-guest.xml", Map.of());
		assertThat(run.exit()).as(run.stderr()).isZero();
		assertThat(run.stderr()).isEmpty();
		List<String> keys = this.service.requests()
			.stream()
			.filter((request) -> request.method().equals("POST"))
			.map(StandInService.Request::idempotencyKey)
			.toList();
		assertThat(keys).hasSize(2).containsOnly(keys.get(0));
		assertThat(keys.get(0))
			.matches("cfgspace-hook:5f0c8b0e-3d1a-4c55-9a58-2d4b8f1c7e21:[0-9a-f]{32}:0000:6a:01\\.0");
		assertThat(this.service.recorded()).isEqualTo(1);
		assertThat(migrate("dsa-guest.xml", Map.of()).exit()).isZero();
		assertThat(this.service.lastVerification().idempotencyKey()).as("another attempt, another key")
			.isNotEqualTo(keys.get(0));
		assertThat(this.service.recorded()).isEqualTo(2);
	}

	private Run migrate(String domainXml, Map<String, String> environment) throws Exception {
		String name = domainXml.substring(0, domainXml.length() - ".xml".length());
		return hook(xml(domainXml), environment, name, "migrate", "begin", "-");
	}

	private Run hook(byte[] stdin, Map<String, String> environment, String... arguments) throws Exception {
		List<String> command = new ArrayList<>(List.of("bash", HOOK.toString()));
		command.addAll(List.of(arguments));
		ProcessBuilder builder = new ProcessBuilder(command).directory(this.directory.toFile());
		Map<String, String> env = builder.environment();
		env.keySet().removeIf((key) -> key.startsWith("CFGSPACE_") || key.equals("JAVA_TOOL_OPTIONS"));
		env.put("CFGSPACE_CLI", this.cli.toString());
		env.put("CFGSPACE_SYSFS_ROOT", this.sysfs.toString());
		env.put("CFGSPACE_HOOK_CONFIG", this.config.toString());
		env.put("CFGSPACE_TEST_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
		env.put("CFGSPACE_TEST_CLASSPATH", System.getProperty("java.class.path"));
		env.put("CFGSPACE_PIN_CACHE", this.pins.toString());
		env.put("CFGSPACE_LOGGER", script("logger", "printf '%s\\n' \"$*\" >> '" + this.syslog + "'").toString());
		env.put("TMPDIR", this.directory.toString());
		env.putAll(environment);
		Path stdout = this.directory.resolve("stdout");
		Path stderr = this.directory.resolve("stderr");
		builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
		Process process = builder.start();
		try (OutputStream in = process.getOutputStream()) {
			in.write(stdin);
		}
		catch (IOException ex) {
			// the hook may leave without reading its input; libvirt copes, so must the
			// test
		}
		if (!process.waitFor(120, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new AssertionError("the hook did not finish within 120 s");
		}
		return new Run(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
	}

	private static byte[] xml(String name) throws IOException {
		try (InputStream in = LibvirtHookTest.class.getResourceAsStream("/libvirt/" + name)) {
			assertThat(in).as(name).isNotNull();
			return in.readAllBytes();
		}
	}

	private String syslog() throws IOException {
		return Files.exists(this.syslog) ? Files.readString(this.syslog) : "";
	}

	private Path configure(String... lines) throws IOException {
		this.config = Files.writeString(this.directory.resolve("hook.conf"), String.join("\n", lines) + "\n");
		return this.config;
	}

	private Path script(String name, String body) throws IOException {
		Path script = Files.writeString(this.directory.resolve(name), "#!/bin/sh\n" + body + "\n",
				StandardCharsets.UTF_8);
		Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
		return script;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> object(Object json) {
		assertThat(json).isInstanceOf(Map.class);
		return (Map<String, Object>) json;
	}

}
