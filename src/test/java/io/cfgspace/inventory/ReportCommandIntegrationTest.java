package io.cfgspace.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.cfgspace.Api;
import io.cfgspace.IntegrationTest;
import io.cfgspace.configspace.ConfigSpace;
import io.cfgspace.configspace.ConfigSpaceParser;
import io.cfgspace.configspace.ResourceSizes;
import io.cfgspace.configspace.SysfsResource;
import io.cfgspace.layout.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code cfgspace report} over a fake sysfs tree against the running service: devices
 * bound to vfio-pci are reported with their config space and the BAR sizes of their
 * resource file, the VT-d registers sysfs shows become the host's IOMMU, and the same
 * report again changes nothing.
 */
@IntegrationTest
class ReportCommandIntegrationTest {

	@LocalServerPort
	int port;

	@TempDir
	Path directory;

	Path sysfs;

	String token;

	String host;

	int gpu;

	int dsa;

	/** The Skylake iGPU's BARs: 16M of registers, 256M of aperture, 64 I/O ports. */
	static final String SKYLAKE_RESOURCE = SysfsResource.of(16 << 20, 0, 256 << 20, 0, 64);

	record Run(int exit, String out, String err) {

	}

	@BeforeEach
	void host() throws IOException {
		this.host = "r" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
		// the host's own token, as the README's setup issues one per host
		this.token = (String) Api.admin(this.port)
			.post("/api/v1/tokens",
					Json.canonical(Map.of("name", "report " + this.host, "kind", "reporter", "hostName", this.host)))
			.expect(201)
			.map()
			.get("token");
		this.gpu = ThreadLocalRandom.current().nextInt(0x1000, 0x8000);
		this.dsa = ThreadLocalRandom.current().nextInt(0x8000, 0xFFFF);
		this.sysfs = this.directory.resolve("sys");
		device("0000:01:00.0", Devices.config(Devices.SKYLAKE, this.gpu), SKYLAKE_RESOURCE, "vfio-pci");
		device("0000:02:00.0", Devices.config(Devices.SKYLAKE, this.gpu), SKYLAKE_RESOURCE, "i915");
		// a kernel without the resource file, or a tree that lost it: sent without sizes
		device("0000:03:00.0", Devices.config(Devices.DSA, this.dsa), null, "vfio-pci");
		device("0000:04:00.0", Devices.config(Devices.DSA, this.dsa), null, null);
	}

	private void device(String address, byte[] config, String resource, String driver) throws IOException {
		Path device = Files.createDirectories(this.sysfs.resolve("bus/pci/devices/" + address));
		Files.write(device.resolve("config"), config);
		if (resource != null) {
			Files.writeString(device.resolve("resource"), resource);
		}
		if (driver != null) {
			Files.createSymbolicLink(device.resolve("driver"), Path.of("../../../../bus/pci/drivers/" + driver));
		}
		Path vtd = Files.createDirectories(device.resolve("iommu/intel-iommu"));
		Files.writeString(vtd.resolve("cap"), "d2008c40660462\n");
		Files.writeString(vtd.resolve("ecap"), "f050da\n");
	}

	private Run report(String... extra) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		List<String> args = new java.util.ArrayList<>(List.of("report", "--server", "http://127.0.0.1:" + this.port));
		List<String> given = List.of(extra);
		Map<String, String> defaults = Map.of("--token", this.token, "--host", this.host, "--sysfs-root",
				this.sysfs.toString());
		defaults.forEach((option, value) -> {
			if (!given.contains(option)) {
				args.addAll(List.of(option, value));
			}
		});
		args.addAll(given);
		int exit = new CommandLine(new io.cfgspace.cli.Cli()).setOut(new PrintWriter(out, true))
			.setErr(new PrintWriter(err, true))
			.execute(args.toArray(String[]::new));
		return new Run(exit, out.toString(), err.toString());
	}

	@Test
	void learnsTheQemuVersionAndFindsTheHostsVmmProfile() throws java.io.IOException {
		java.nio.file.Path qemu = java.nio.file.Files.writeString(this.sysfs.resolveSibling("qemu-system-x86_64"),
				"#!/bin/sh\necho 'QEMU emulator version 10.1.2 (Debian 1:10.1.2+ds-1)'\n");
		qemu.toFile().setExecutable(true);
		Run run = report("--qemu", qemu.toString(), "--machine-type", "pc-q35-10.1");
		assertThat(run.exit()).as(run.err()).isZero();
		Map<String, Object> stored = Api.admin(this.port).get("/api/v1/hosts/" + this.host).expect(200).map();
		assertThat(stored).containsEntry("vmmVersion", "QEMU emulator version 10.1.2 (Debian 1:10.1.2+ds-1)")
			.containsEntry("machineType", "pc-q35-10.1")
			.containsEntry("vmmProfile", "qemu-9.1-machine-9.1");
		Run named = report("--qemu", qemu.toString(), "--vmm-profile", "qemu-9.1-machine-9.0");
		assertThat(named.exit()).as(named.err()).isZero();
		assertThat(Api.admin(this.port).get("/api/v1/hosts/" + this.host).expect(200).map()).containsEntry("vmmProfile",
				"qemu-9.1-machine-9.0");
		Run unknown = report("--vmm-profile", "qemu-7");
		assertThat(unknown.exit()).isEqualTo(2);
		assertThat(unknown.err()).contains("vmm-profile-not-found");
	}

	@Test
	void reportsTheVfioBoundDevicesAndTheirIommu() {
		Run first = report("--vmm-version", "qemu 9.2.0");
		assertThat(first.exit()).as(first.err()).isZero();
		assertThat(first.out()).contains("host " + this.host + ": CREATED, 2 device(s) bound to vfio-pci")
			.contains(String.format("  0000:01:00.0 unmodelled: no device model for 8086:%04x subsystem ", this.gpu))
			.contains(String.format("  0000:03:00.0 unmodelled: no device model for 8086:%04x subsystem ", this.dsa));

		Map<String, Object> stored = Api.admin(this.port).get("/api/v1/hosts/" + this.host).expect(200).map();
		assertThat(((List<?>) stored.get("devices")).stream().map((d) -> ((Map<?, ?>) d).get("address")).toList())
			.isEqualTo(List.of("0000:01:00.0", "0000:03:00.0"));
		// the fingerprint covers the BAR sizes: the service read the resource file sent
		ConfigSpace gpuConfig = ConfigSpace.of(Devices.config(Devices.SKYLAKE, this.gpu));
		ConfigSpace dsaConfig = ConfigSpace.of(Devices.config(Devices.DSA, this.dsa));
		assertThat(((List<?>) stored.get("devices")).stream().map((d) -> ((Map<?, ?>) d).get("fingerprint")).toList())
			.isEqualTo(
					List.of(ConfigSpaceParser.parse(gpuConfig, ResourceSizes.fromSysfs(SKYLAKE_RESOURCE)).fingerprint(),
							ConfigSpaceParser.parse(dsaConfig).fingerprint()));
		assertThat(stored.get("iommu"))
			.isEqualTo(Map.of("vtd", Map.of("capability", "0xd2008c40660462", "extendedCapability", "0xf050da")));
		assertThat(stored.get("vmmVersion")).isEqualTo("qemu 9.2.0");

		Run again = report("--vmm-version", "qemu 9.2.0");
		assertThat(again.exit()).as(again.err()).isZero();
		assertThat(again.out()).contains("UNCHANGED");

		Run other = report("--driver", "i915", "--host-iommu-iommufd", "20:0");
		assertThat(other.exit()).as(other.err()).isZero();
		assertThat(other.out()).contains("UPDATED, 1 device(s) bound to i915");
	}

	@Test
	void exitCodesTellUnusableInputFromAnUnreachableService() throws IOException {
		Run noSysfs = report("--sysfs-root", this.directory.resolve("nowhere").toString());
		assertThat(noSysfs.exit()).isEqualTo(2);
		assertThat(noSysfs.err()).contains("is not a directory");

		Run badHost = report("--host", "bad/name");
		assertThat(badHost.exit()).isEqualTo(2);

		device("0000:05:00.0", Devices.config(Devices.DSA, this.dsa), "0x0 0x0 0x0\n", "nvme");
		Run badResource = report("--driver", "nvme");
		assertThat(badResource.exit()).isEqualTo(2);
		assertThat(badResource.err()).isEqualTo("cfgspace: "
				+ this.sysfs.resolve("bus/pci/devices/0000:05:00.0/resource")
				+ ": a sysfs resource file has a line per resource, at least 7 (the BARs and the ROM); this one has 1\n");

		String viewer = (String) Api.admin(this.port)
			.post("/api/v1/tokens", Json.canonical(Map.of("name", "viewer " + System.nanoTime(), "role", "viewer")))
			.expect(201)
			.map()
			.get("token");
		Run refused = report("--token", viewer);
		assertThat(refused.exit()).isEqualTo(2);
		assertThat(refused.err()).contains("HTTP 403 forbidden");

		int closed;
		try (ServerSocket socket = new ServerSocket(0)) {
			closed = socket.getLocalPort();
		}
		StringWriter err = new StringWriter();
		int exit = new CommandLine(new io.cfgspace.cli.Cli()).setErr(new PrintWriter(err, true))
			.setOut(new PrintWriter(new StringWriter(), true))
			.execute("report", "--server", "http://127.0.0.1:" + closed, "--token", this.token, "--host", this.host,
					"--sysfs-root", this.sysfs.toString(), "--timeout", "2");
		assertThat(exit).as(err.toString()).isEqualTo(3);
		assertThat(err.toString()).contains("cannot connect");
	}

}
