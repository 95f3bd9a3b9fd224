package io.cfgspace.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code cfgspace report}: tells the inventory which passthrough devices this host has.
 * Reads {@code bus/pci/devices/*} under the sysfs root: each device bound to one of the
 * passthrough drivers (vfio-pci unless {@code --driver} says otherwise), its
 * {@code config} file, its {@code resource} file (the BAR sizes, which config space
 * cannot show) and its {@code driver} link; and the host's IOMMU. Run it as root: sysfs
 * shows other users only the first 64 bytes of config space. Sending the same report
 * again only refreshes the host's "last seen", so a timer can run it every few minutes.
 */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
		description = { "Reports this host's passthrough devices (bound to vfio-pci, or to --driver) and its IOMMU "
				+ "to the cfgspace inventory (the token: this host's reporter token, or one issued with mayReport). Run it as root, e.g. from a "
				+ "systemd timer every few minutes.",
				"Reads each device's config and resource (BAR sizes) files and driver link under "
						+ "SYSFS-ROOT/bus/pci/devices/ADDR/, and the VT-d registers under its iommu/intel-iommu/.",
				"Exit codes: 0 reported, 2 unusable input or refused, 3 the service could not be reached or "
						+ "failed (nothing was recorded)." })
final class ReportCommand implements Callable<Integer> {

	private static final String ADDRESS = "[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\\.[0-7]";

	@Spec
	private CommandSpec spec;

	@Mixin
	private ServiceOptions.Required service;

	@Option(names = "--host", paramLabel = "NAME",
			description = "this host's name in the inventory (default: the kernel's host name)")
	private String host;

	@Option(names = "--sysfs-root", paramLabel = "DIR", defaultValue = "/sys",
			description = "where sysfs is mounted (default: /sys)")
	private Path sysfs;

	@Option(names = "--driver", paramLabel = "NAME",
			description = "report devices bound to this driver (repeatable; default: vfio-pci)")
	private List<String> drivers;

	@Option(names = "--host-iommu-vtd", paramLabel = "CAP:ECAP",
			description = "this host's Intel VT-d CAP and ECAP registers (default: read from sysfs)")
	private String vtd;

	@Option(names = "--host-iommu-iommufd", paramLabel = "LOG2:CAPS[:pri][:ats]",
			description = "what iommufd IOMMU_GET_HW_INFO reports on this host")
	private String iommufd;

	@Option(names = "--vmm-version", paramLabel = "TEXT", description = "the VMM, e.g. 'qemu 8.2.2'")
	private String vmmVersion;

	@Option(names = "--qemu", paramLabel = "PATH",
			description = "learn the VMM version from '<PATH> --version', e.g. /usr/bin/qemu-system-x86_64")
	private String qemu;

	@Option(names = "--machine-type", paramLabel = "NAME",
			description = "the machine type this host's VMs use, e.g. pc-q35-9.2: with the VMM version it finds the"
					+ " host's VMM profile")
	private String machineType;

	@Option(names = "--vmm-profile", paramLabel = "NAME",
			description = "this host's VMM profile, overriding what the VMM version and machine type resolve to")
	private String vmmProfile;

	/**
	 * One device as sysfs shows it; {@code resource} is the text of its resource file, or
	 * {@code null} when it has none.
	 */
	record Device(String address, byte[] config, String resource, String driver, Path iommu) {

	}

	@Override
	public Integer call() {
		PrintWriter out = this.spec.commandLine().getOut();
		PrintWriter err = this.spec.commandLine().getErr();
		try {
			String name = hostName();
			Set<String> bound = new TreeSet<>((this.drivers != null) ? this.drivers : List.of("vfio-pci"));
			List<Device> devices = devices(this.sysfs, bound);
			for (Device device : devices) {
				if (device.config().length < 4096) {
					err.println("cfgspace: warning: " + device.address() + ": sysfs shows " + device.config().length
							+ " bytes of config space, not 4096 (run as root); the inventory cannot compare it");
				}
			}
			Map<String, Object> body = new LinkedHashMap<>();
			String version = (this.vmmVersion == null && this.qemu != null) ? HookStartCommand.versionOf(this.qemu)
					: this.vmmVersion;
			if (this.vmmProfile != null) {
				body.put("vmmProfile", this.vmmProfile);
			}
			if (this.machineType != null) {
				body.put("machineType", this.machineType);
			}
			if (version != null) {
				body.put("vmmVersion", version);
			}
			IommuOption iommu = iommu(devices);
			if (iommu != null) {
				body.put("iommu", iommu.toJson());
			}
			List<Object> reported = new ArrayList<>();
			for (Device device : devices) {
				Map<String, Object> item = new LinkedHashMap<>();
				item.put("address", device.address());
				item.put("dump", HexFormat.of().formatHex(device.config()));
				if (device.resource() != null) {
					item.put("resource", device.resource());
				}
				if (device.driver() != null) {
					item.put("driver", device.driver());
				}
				reported.add(item);
			}
			body.put("devices", reported);
			Map<String, Object> answer = this.service.client().report(name, body);
			out.println("host " + name + ": " + answer.get("outcome") + ", " + devices.size() + " device(s) bound to "
					+ String.join(", ", bound));
			printUnmodelled(answer, out);
			out.flush();
			return 0;
		}
		catch (CommandFailure ex) {
			return ex.report(err);
		}
	}

	/**
	 * Placement never offers a device no model claims: whoever runs the report should
	 * know at once.
	 */
	private static void printUnmodelled(Map<String, Object> answer, PrintWriter out) {
		if (!(answer.get("host") instanceof Map<?, ?> host) || !(host.get("devices") instanceof List<?> stored)) {
			return;
		}
		for (Object device : stored) {
			if (device instanceof Map<?, ?> d && d.get("unmodelledReason") != null) {
				out.println("  " + d.get("address") + " unmodelled: " + d.get("unmodelledReason"));
			}
		}
	}

	private String hostName() throws CommandFailure {
		String name = this.host;
		if (name == null) {
			try {
				name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
			}
			catch (IOException ex) {
				throw CommandFailure.unusable("cannot read the host name (" + ex.getMessage() + "); give --host NAME");
			}
		}
		if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,254}")) {
			throw CommandFailure.unusable("--host: '" + name + "' is not a host name (A-Z a-z 0-9 . _ -)");
		}
		return name;
	}

	/** The devices bound to one of the drivers, by address. */
	static List<Device> devices(Path sysfs, Set<String> drivers) throws CommandFailure {
		Path root = sysfs.resolve("bus/pci/devices");
		if (!Files.isDirectory(root)) {
			throw CommandFailure.unusable(root + " is not a directory; is sysfs mounted there (--sysfs-root)?");
		}
		List<Device> devices = new ArrayList<>();
		try (Stream<Path> entries = Files.list(root)) {
			for (Path entry : entries.sorted().toList()) {
				String address = entry.getFileName().toString();
				if (!address.matches(ADDRESS)) {
					continue;
				}
				String driver = driver(entry);
				if (driver == null || !drivers.contains(driver)) {
					continue;
				}
				devices.add(new Device(address, config(entry), resource(entry), driver,
						entry.resolve("iommu/intel-iommu")));
			}
		}
		catch (IOException ex) {
			throw CommandFailure.unusable("cannot list " + root + ": " + ex.getMessage());
		}
		return devices;
	}

	/**
	 * The bound driver: the last segment of the {@code driver} link, or null when
	 * unbound.
	 */
	private static String driver(Path device) throws CommandFailure {
		Path link = device.resolve("driver");
		if (!Files.isSymbolicLink(link)) {
			return null;
		}
		try {
			return Files.readSymbolicLink(link).getFileName().toString();
		}
		catch (IOException ex) {
			throw CommandFailure.unusable("cannot read " + link + ": " + ex.getMessage());
		}
	}

	private static byte[] config(Path device) throws CommandFailure {
		Path file = device.resolve("config");
		try {
			byte[] bytes = Files.readAllBytes(file);
			if (bytes.length < 64 || bytes.length > 4096) {
				throw CommandFailure.unusable(file + " has " + bytes.length + " bytes; expected 64 to 4096");
			}
			return bytes;
		}
		catch (IOException ex) {
			throw CommandFailure.unusable("cannot read " + file + ": " + ex.getMessage());
		}
	}

	/** The device's resource file, checked as the service will read it. */
	private static String resource(Path device) throws CommandFailure {
		Path file = device.resolve("resource");
		return Files.isReadable(file) ? InputFile.resource(file).text() : null;
	}

	/**
	 * The option, or the VT-d registers sysfs shows for the devices. The inventory keeps
	 * one IOMMU per host, so devices behind units that differ need the option.
	 */
	private IommuOption iommu(List<Device> devices) throws CommandFailure {
		IommuOption given = IommuOption.of("host", this.vtd, this.iommufd);
		if (given != null) {
			return given;
		}
		Set<String> registers = new TreeSet<>();
		for (Device device : devices) {
			Path cap = device.iommu().resolve("cap");
			Path ecap = device.iommu().resolve("ecap");
			if (Files.isReadable(cap) && Files.isReadable(ecap)) {
				try {
					registers.add(Files.readString(cap).strip() + ":" + Files.readString(ecap).strip());
				}
				catch (IOException ex) {
					throw CommandFailure.unusable("cannot read " + device.iommu() + ": " + ex.getMessage());
				}
			}
		}
		if (registers.size() > 1) {
			throw CommandFailure.unusable("the devices sit behind VT-d units with different registers " + registers
					+ "; give the weakest as --host-iommu-vtd CAP:ECAP");
		}
		if (registers.isEmpty()) {
			return null;
		}
		this.vtd = registers.iterator().next();
		return IommuOption.of("host", this.vtd, null);
	}

}
