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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import javax.xml.parsers.DocumentBuilderFactory;

import io.cfgspace.Api;
import io.cfgspace.IntegrationTest;
import io.cfgspace.configspace.Corpus;
import io.cfgspace.layout.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * From plan to a VM's start, against the running service: the planner places the Intel
 * DSA's synthesized PASID, the plan is pinned, vmm-config tells QEMU where, and the
 * libvirt hook at {@code prepare begin} lets a recorded domain XML start with that
 * fragment and refuses it without.
 */
@IntegrationTest
class VmmStartGateIntegrationTest {

	private static final Path HOOK = Path.of("hooks/libvirt/cfgspace").toAbsolutePath();

	private static final String ADDRESS = "0000:6a:01.0";

	private static final String PROFILE = "qemu-11.0-virt-9.1";

	@LocalServerPort
	int port;

	@TempDir
	Path directory;

	String key;

	String token;

	int device;

	Path cli;

	Path sysfs;

	record Run(int exit, String stdout, String stderr) {

	}

	@BeforeEach
	void pinAPlan() throws IOException {
		this.token = (String) Api.admin(this.port)
			.post("/api/v1/tokens", Json.canonical(Map.of("name", "hook " + System.nanoTime(), "role", "operator")))
			.expect(201)
			.map()
			.get("token");
		Api operator = Api.anonymous(this.port).bearer(this.token);
		// a device ID no other test of this database took yet: they all draw from 8086's
		int device;
		Api.Response created;
		do {
			device = ThreadLocalRandom.current().nextInt(0x1000, 0xFFFF);
			this.key = String.format("8086:%04x", device);
			created = operator.post("/api/v1/device-models",
					Json.canonical(Map.of("key", this.key, "displayName", "DSA")));
		}
		while (created.status() == 409);
		created.expect(201);
		this.device = device;
		String dump = dump();
		Map<String, Object> plan = operator
			.post("/api/v1/plans",
					Json.canonical(Map.of(
							"variants", List.of(dump), "hide", List.of(Map.of("space", "extended", "id", 27L)),
							"synthesize", List.of(Map.of("id", 27L, "fields", Map.of("maxPasidWidth", 20L,
									"privilegedModeSupported", true, "executePermissionSupported", false))))))
			.expect(200)
			.map();
		operator
			.post("/api/v1/device-models/" + this.key + "/pins", Json.canonical(Map.of("layout", plan.get("layout"))))
			.expect(201);
		this.sysfs = this.directory.resolve("sys");
		Path config = Files.createDirectories(this.sysfs.resolve("bus/pci/devices/" + ADDRESS)).resolve("config");
		Files.write(config, HexFormat.of().parseHex(dump));
		this.cli = script("cfgspace", "exec \"$CFGSPACE_TEST_JAVA\" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC "
				+ "-cp \"$CFGSPACE_TEST_CLASSPATH\" io.cfgspace.cli.Cli \"$@\"");
	}

	@Test
	void aDomainThatCarriesTheFragmentStartsAndOneWithoutIsRefused() throws Exception {
		String fragment = fragment();
		assertThat(fragment).contains("<qemu:property name=\"x-vpasid-cap-offset\" type=\"unsigned\" value=\"560\"/>");
		String configured = withOverride(domain(true), fragment);
		assertWellFormedInQemuNamespace(configured);
		assertThat(virtXmlValidate(configured)).as("libvirt's own RelaxNG schema (virt-xml-validate)").isZero();
		assertThat(virtXmlValidate(withOverride(domain(true), fragment.replace("type=\"unsigned\"", "type=\"hex\""))))
			.as("the schema check can fail")
			.isNotZero();

		assertThat(start(configured, Map.of())).isEqualTo(new Run(0, "", ""));

		Run refused = start(domain(true), Map.of());
		assertThat(refused.exit()).isNotZero();
		assertThat(refused.stdout()).isEmpty();
		List<String> lines = refused.stderr().lines().toList();
		assertThat(lines.get(0)).isEqualTo("cfgspace: start of dsa-guest refused: device " + ADDRESS + " (pin "
				+ this.key + " v1): the domain does not configure " + PROFILE
				+ " to build the pinned layout: x-vpasid-cap-offset"
				+ " is not set (needs 560) in <qemu:override> for alias ua-dsa0");
		assertThat(lines.get(1)).startsWith("cfgspace: add to the domain XML (virsh edit dsa-guest;");
		assertThat(String.join("\n", lines.subList(2, lines.size())) + "\n").isEqualTo(fragment);

		Run reportOnly = start(domain(true), Map.of("CFGSPACE_HOOK_MODE", "report-only"));
		assertThat(reportOnly.exit()).isZero();
		assertThat(reportOnly.stderr()).startsWith("cfgspace: REPORT-ONLY MODE, NOTHING ENFORCED: start of dsa-guest"
				+ " WOULD HAVE BEEN REFUSED: device " + ADDRESS);
	}

	@Test
	void refusesAnotherOffsetAndAProfileThatCannotBuildThePin() throws Exception {
		String elsewhere = withOverride(domain(true), fragment().replace("value=\"560\"", "value=\"0xff8\""));
		assertThat(start(elsewhere, Map.of()).stderr()).startsWith("cfgspace: start of dsa-guest refused: device "
				+ ADDRESS + " (pin " + this.key + " v1): the domain does not configure " + PROFILE
				+ " to build the pinned layout: x-vpasid-cap-offset is 0xff8 (needs 560)");
		Run cannot = start(withOverride(domain(true), fragment()),
				Map.of("CFGSPACE_VMM_PROFILE", "qemu-9.1-machine-9.1"));
		assertThat(cannot.exit()).isNotZero();
		assertThat(cannot.stderr()).isEqualTo("cfgspace: start of dsa-guest refused: device " + ADDRESS + " (pin "
				+ this.key + " v1): VMM profile qemu-9.1-machine-9.1 cannot build the pin: qemu-9.1-machine-9.1 cannot"
				+ " synthesize the Process Address Space ID (PASID) at 0x230 the pin has\n");
	}

	@Test
	void withoutMetadataTheModelsCurrentPinIsRequired() throws Exception {
		String unpinned = domain(false);
		assertThat(start(withOverride(unpinned, fragment()), Map.of()))
			.isEqualTo(new Run(0, "", "cfgspace: WARNING: device " + ADDRESS
					+ ": no pin in the domain metadata, so the current pin of " + this.key + " (v1) is required\n"));
		assertThat(start(unpinned, Map.of()).exit()).isNotZero();
	}

	@Test
	void aProposalNobodyApprovedIsNotTheCurrentPin() throws Exception {
		String fragment = fragment();
		Api.admin(this.port)
			.send("PUT", "/api/v1/device-models/" + this.key + "/four-eyes", "application/json",
					Json.canonical(Map.of("required", true)))
			.expect(200);
		Api operator = Api.anonymous(this.port).bearer(this.token);
		Map<String, Object> narrower = operator
			.post("/api/v1/plans",
					Json.canonical(Map.of(
							"variants", List.of(dump()), "hide", List.of(Map.of("space", "extended", "id", 27L)),
							"synthesize", List.of(Map.of("id", 27L, "fields", Map.of("maxPasidWidth", 16L,
									"privilegedModeSupported", true, "executePermissionSupported", false))))))
			.expect(200)
			.map();
		Map<String, Object> proposed = operator
			.post("/api/v1/device-models/" + this.key + "/pins",
					Json.canonical(Map.of("layout", narrower.get("layout"))))
			.expect(201)
			.map();
		assertThat(proposed).containsEntry("version", 2L).containsEntry("state", "proposed");
		String unpinned = withOverride(domain(false), fragment);
		assertThat(start(unpinned, Map.of()).stderr()).as("v2 is only proposed").contains("(v1) is required");

		String approver = "approver-" + System.nanoTime();
		Api.createUser(this.port, approver, "operator", "approver-password");
		Api.anonymous(this.port)
			.basic(approver, "approver-password")
			.post("/api/v1/device-models/" + this.key + "/pins/2/approval", null)
			.expect(200);
		assertThat(start(unpinned, Map.of()).stderr()).as("v2 is approved").contains("(v2) is required");
	}

	@Test
	void failsClosedWhenTheServiceCannotBeReached() throws Exception {
		Path conf = Files.writeString(this.directory.resolve("down.conf"),
				"server=http://127.0.0.1:9\ntoken=" + this.token + "\nprofile=" + PROFILE + "\npin_cache=off\n");
		Run run = start(withOverride(domain(true), fragment()), Map.of("CFGSPACE_HOOK_CONFIG", conf.toString()));
		assertThat(run.exit()).isNotZero();
		assertThat(run.stderr()).startsWith("cfgspace: start of dsa-guest refused: ")
			.contains("cannot connect")
			.endsWith("(the hook fails closed)\n");
	}

	private String dump() {
		return Corpus.hexAs(IntelDsa.CORPUS_NAME, 0x8086, this.device);
	}

	private String fragment() {
		Map<String, Object> config = Api.anonymous(this.port)
			.bearer(this.token)
			.get("/api/v1/device-models/" + this.key + "/pins/1/vmm-config?profile=" + PROFILE + "&alias=ua-dsa0")
			.expect(200)
			.map();
		@SuppressWarnings("unchecked")
		Map<String, Object> libvirt = (Map<String, Object>) config.get("libvirt");
		return (String) libvirt.get("override");
	}

	/** The recorded domain, pinned to this test's model (or not at all). */
	private String domain(boolean pinned) throws IOException {
		String xml;
		try (InputStream in = getClass().getResourceAsStream("/libvirt/dsa-guest.xml")) {
			xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		return pinned ? xml.replace("model=\"8086:0b25\" pin=\"3\"", "model=\"" + this.key + "\" pin=\"1\"")
				: xml.replaceAll("(?s)<cfgspace:devices.*</cfgspace:devices>", "");
	}

	/** The fragment as an operator adds it: before {@code </domain>}. */
	private static String withOverride(String domain, String fragment) {
		return domain.replace("</domain>", fragment + "</domain>");
	}

	private static void assertWellFormedInQemuNamespace(String xml) throws Exception {
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		factory.setNamespaceAware(true);
		factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
		Element override = (Element) factory.newDocumentBuilder()
			.parse(new java.io.ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
			.getElementsByTagNameNS("http://libvirt.org/schemas/domain/qemu/1.0", "override")
			.item(0);
		assertThat(override).isNotNull();
		assertThat(override.getParentNode().getLocalName()).isEqualTo("domain");
	}

	/**
	 * libvirt's own validator (Debian's libvirt-clients, with xmllint from libxml2-utils;
	 * .ci/run installs both) against its domain schema.
	 */
	private int virtXmlValidate(String xml) throws Exception {
		Path file = Files.writeString(this.directory.resolve("domain.xml"), xml);
		Process process = new ProcessBuilder("virt-xml-validate", file.toString(), "domain").redirectErrorStream(true)
			.redirectOutput(this.directory.resolve("validate.log").toFile())
			.start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return process.exitValue();
	}

	private Run start(String xml, Map<String, String> environment) throws Exception {
		Path conf = Files.writeString(this.directory.resolve("hook.conf"), "server=http://127.0.0.1:" + this.port
				+ "\ntoken=" + this.token + "\nprofile=" + PROFILE + "\ntimeout=20\ndeadline=60\n");
		List<String> command = new ArrayList<>(List.of("bash", HOOK.toString(), "dsa-guest", "prepare", "begin", "-"));
		ProcessBuilder builder = new ProcessBuilder(command).directory(this.directory.toFile());
		Map<String, String> env = builder.environment();
		env.keySet().removeIf((name) -> name.startsWith("CFGSPACE_") || name.equals("JAVA_TOOL_OPTIONS"));
		env.put("CFGSPACE_CLI", this.cli.toString());
		env.put("CFGSPACE_SYSFS_ROOT", this.sysfs.toString());
		env.put("CFGSPACE_HOOK_CONFIG", conf.toString());
		env.put("CFGSPACE_TEST_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
		env.put("CFGSPACE_TEST_CLASSPATH", System.getProperty("java.class.path"));
		env.put("CFGSPACE_PIN_CACHE", this.directory.resolve("pins").toString());
		env.put("CFGSPACE_HOOK_SYSLOG", "0");
		env.put("TMPDIR", this.directory.toString());
		env.putAll(environment);
		Path stdout = this.directory.resolve("stdout");
		Path stderr = this.directory.resolve("stderr");
		builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
		Process process = builder.start();
		try (OutputStream in = process.getOutputStream()) {
			in.write(xml.getBytes(StandardCharsets.UTF_8));
		}
		if (!process.waitFor(120, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new AssertionError("the hook did not finish within 120 s");
		}
		return new Run(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
	}

	private Path script(String name, String body) throws IOException {
		Path script = Files.writeString(this.directory.resolve(name), "#!/bin/sh\n" + body + "\n",
				StandardCharsets.UTF_8);
		Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
		return script;
	}

}
