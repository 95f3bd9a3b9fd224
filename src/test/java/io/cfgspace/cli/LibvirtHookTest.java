package io.cfgspace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
		assertThat(run.stderr()).isEqualTo("cfgspace: refusing migration of dsa-guest: device 0000:6a:01.0 does not"
				+ " match pin 8086:0b25 v3 (verification 42): OFFSET_MISMATCH destination extended 0x230: the PASID"
				+ " capability is at 0x240 on the destination, but pinned at 0x230\n");
	}

	@Test
	void failsClosedWhenTheServiceIsDown() throws Exception {
		this.service.close();
		Run run = migrate("dsa-guest.xml", Map.of());
		assertThat(run.exit()).isNotZero();
		assertThat(run.stdout()).isEmpty();
		assertThat(run.stderr())
			.startsWith("cfgspace: refusing migration of dsa-guest: device 0000:6a:01.0, pin " + "8086:0b25 v3: GET "
					+ this.service.url())
			.endsWith("(nothing was decided; the hook fails closed)\n");
	}

	@Test
	void failsClosedWhenTheServiceCannotDecide() throws Exception {
		this.service.answer(503, StandInService.problem(503, "database-unavailable", "try again later"));
		Run run = migrate("dsa-guest.xml", Map.of());
		assertThat(run.exit()).isNotZero();
		assertThat(run.stderr()).contains("HTTP 503 database-unavailable").contains("the hook fails closed");
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
		assertThat(run.stderr()).contains("refusing migration of dsa-guest: device 0000:6a:01.0 does not match");
	}

	@Test
	void doesNothingForAnyOtherOperation() throws Exception {
		Path touched = this.directory.resolve("cli-was-run");
		this.cli = script("marker", "touch '" + touched + "'");
		for (List<String> call : List.of(List.of("dsa-guest", "prepare", "begin", "-"),
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
				"cfgspace: refusing migration of unpinned-guest: device 0000:6a:01.0 has no cfgspace pin in the domain"
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
		assertThat(run.stderr()).startsWith("cfgspace: refusing migration of dsa-guest: cannot read the domain XML: ");
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
