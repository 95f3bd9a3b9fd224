package io.cfgspace.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import io.cfgspace.layout.Json;
import io.cfgspace.layout.Layout;
import io.cfgspace.verification.core.VmmBuild;
import io.cfgspace.verification.core.VmmProfile;
import io.cfgspace.verification.core.VmmProfileJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cfgspace hook-start < domain.xml}: the libvirt hook's check of a VM start. For
 * each PCI device the domain passes through it finds the pin (the domain's metadata, else
 * the model's current pin), the host's VMM profile, and what that VMM must be told to
 * build the pin; then it checks that the domain's {@code <qemu:override>} sets exactly
 * that on the hostdev's alias. libvirt's hook cannot change the XML at {@code prepare
 * begin}, so it only checks.
 *
 * <p>
 * One line per outcome, tab-separated, for the hook: {@code refused<tab>REASON},
 * {@code undecided<tab>REASON}, {@code note<tab>TEXT}, and for a refusal the fragment to
 * add, {@code fragment<tab>LINE} per line. Exit 0 when it could read the domain.
 */
@Command(name = "hook-start", mixinStandardHelpOptions = true,
		description = { "Reads a libvirt domain XML on standard input and checks that it configures the VMM to build",
				"every passed-through device's pinned layout (its <qemu:override>). Used by the libvirt hook at",
				"'prepare begin'. The current pin of a model is its highest version in force (not a four-eyes",
				"proposal nobody approved) that is not deprecated." })
final class HookStartCommand implements Callable<Integer> {

	@Spec
	private CommandSpec spec;

	@Mixin
	private ServiceOptions.Required service;

	@Option(names = "--sysfs-root", paramLabel = "DIR", defaultValue = "/sys", description = "default: /sys")
	private String sysfs;

	@Option(names = "--pin-cache", paramLabel = "DIR",
			description = "pins and profiles fetched, used when the service cannot be reached")
	private String pinCache;

	@Option(names = "--profile", paramLabel = "NAME",
			description = "this host's VMM profile; without it, the profile whose match rule describes the"
					+ " domain's emulator version and machine type")
	private String profile;

	@Option(names = "--vmm-version", paramLabel = "TEXT",
			description = "the emulator's version, as '<emulator> --version' prints it (default: run it)")
	private String vmmVersion;

	private PrintWriter out;

	@Override
	public Integer call() {
		this.out = this.spec.commandLine().getOut();
		PrintWriter err = this.spec.commandLine().getErr();
		try {
			byte[] xml = DomainXml.read(System.in);
			List<DomainXml.PassthroughDevice> devices = DomainXml.devices(xml);
			Map<String, Map<String, String>> overrides = DomainXml.overrides(xml);
			VerificationClient client = this.service.client().notesTo(err);
			PinCache cache = (this.pinCache != null) ? new PinCache(Path.of(this.pinCache), err) : null;
			VmmProfile vmm;
			try {
				vmm = profile(client, cache, xml);
			}
			catch (CommandFailure ex) {
				line("undecided", "the host's VMM profile: " + ex.getMessage());
				return 0;
			}
			for (DomainXml.PassthroughDevice device : devices) {
				try {
					check(device, vmm, overrides, client, cache);
				}
				catch (CommandFailure ex) {
					line("undecided", "device " + device.address() + ": " + ex.getMessage());
				}
			}
			this.out.flush();
			return 0;
		}
		catch (CommandFailure ex) {
			return ex.report(err);
		}
		catch (IOException ex) {
			err.println("cfgspace: cannot read standard input: " + ex.getMessage());
			err.flush();
			return Cli.UNUSABLE_INPUT;
		}
	}

	private void check(DomainXml.PassthroughDevice device, VmmProfile vmm, Map<String, Map<String, String>> overrides,
			VerificationClient client, PinCache cache) throws CommandFailure {
		String model = device.model();
		Integer version = device.pin();
		if (model == null) {
			byte[] config = readConfig(device.address());
			try {
				model = (String) object(client.lookup(HexFormat.of().formatHex(config)).get("model")).get("key");
				version = currentPin(client.pins(model));
			}
			catch (ServiceUnreachable ex) {
				throw ex.failure();
			}
			catch (CommandFailure ex) {
				line("refused", "device " + device.address() + " is of no pinned model: " + ex.getMessage());
				return;
			}
			if (version == null) {
				line("refused", "device " + device.address() + ", model " + model + ": no pinned version that is not"
						+ " deprecated");
				return;
			}
			line("note", "device " + device.address() + ": no pin in the domain metadata, so the current pin of "
					+ model + " (v" + version + ") is required");
		}
		Layout pin = pin(client, cache, model, version);
		VmmBuild build = VmmBuild.of(pin, vmm);
		String which = "device " + device.address() + " (pin " + model + " v" + version + ")";
		if (!build.buildable()) {
			line("refused",
					which + ": VMM profile " + vmm.name() + " cannot build the pin: " + build.refusals().get(0));
			return;
		}
		Set<String> controlled = build.controlledProperties();
		if (build.properties().isEmpty() && controlled.isEmpty()) {
			return;
		}
		String alias = device.alias();
		if (alias == null && !build.properties().isEmpty()) {
			line("refused", which + ": the hostdev has no <alias name='ua-...'/>, and " + vmm.name() + " must be told "
					+ describe(build) + " on it");
			fragment(build.libvirtOverride("ua-" + device.address().replaceAll("[:.]", "-")));
			return;
		}
		Map<String, String> set = overrides.getOrDefault(alias, Map.of());
		List<String> wrong = new ArrayList<>();
		for (VmmBuild.Property property : build.properties()) {
			String value = set.get(property.name());
			if (value == null) {
				wrong.add(property.name() + " is not set (needs " + property.value() + ")");
			}
			else if (!Long.valueOf(property.value()).equals(number(value))) {
				wrong.add(property.name() + " is " + value + " (needs " + property.value() + ")");
			}
		}
		for (String name : controlled) {
			if (set.containsKey(name) && build.properties().stream().noneMatch((p) -> p.name().equals(name))) {
				wrong.add(name + " is set to " + set.get(name) + ", but the pin has no block it places");
			}
		}
		if (!wrong.isEmpty()) {
			line("refused", which + ": the domain does not configure " + vmm.name() + " to build the pinned layout: "
					+ String.join("; ", wrong) + " in <qemu:override> for alias " + alias);
			fragment(build.libvirtOverride(alias));
		}
	}

	private static String describe(VmmBuild build) {
		return String.join(", ", build.properties().stream().map((p) -> p.name() + "=" + p.value()).toList());
	}

	private VmmProfile profile(VerificationClient client, PinCache cache, byte[] xml) throws CommandFailure {
		String name = this.profile;
		if (name == null) {
			String version = this.vmmVersion;
			if (version == null) {
				String emulator = DomainXml.emulator(xml);
				if (emulator == null) {
					throw CommandFailure.undecided("the domain names no <emulator>; set profile= in hook.conf");
				}
				version = versionOf(emulator);
			}
			String number = VmmProfile.versionIn(version);
			if (number == null) {
				throw CommandFailure.undecided("no version in '" + version + "'; set profile= in hook.conf");
			}
			String machine = DomainXml.machineType(xml);
			List<Object> found;
			try {
				found = list(client.vmmProfiles("qemu", number, machine).get("items"));
			}
			catch (ServiceUnreachable ex) {
				throw CommandFailure.undecided(ex.getMessage() + "; set profile= in hook.conf to check offline");
			}
			if (found.size() != 1) {
				throw CommandFailure.undecided(found.size() + " VMM profiles describe QEMU " + number + " with machine"
						+ " type " + machine + "; set profile= in hook.conf");
			}
			return VmmProfileJson.read(withoutStamps(object(found.get(0))), null);
		}
		Path cached = (cache != null) ? cache.directory().resolve("vmm-profile." + name + ".json") : null;
		try {
			Map<String, Object> served = withoutStamps(client.vmmProfile(name));
			VmmProfile read = VmmProfileJson.read(served, null);
			if (cached != null) {
				writeQuietly(cached, Json.canonical(served));
			}
			return read;
		}
		catch (ServiceUnreachable ex) {
			if (cached == null || !Files.isReadable(cached)) {
				throw ex.failure();
			}
			try {
				VmmProfile read = VmmProfileJson.read(Json.parse(Files.readString(cached)), null);
				line("note", "the service could not be reached; VMM profile " + name + " as cached in " + cached);
				return read;
			}
			catch (IOException | RuntimeException unreadable) {
				throw ex.failure();
			}
		}
	}

	private Layout pin(VerificationClient client, PinCache cache, String model, int version) throws CommandFailure {
		PinCache.CachedPin cached = (cache != null) ? cache.read(model, version) : null;
		if (cached != null) {
			return cached.layout();
		}
		try {
			Map<String, Object> served = client.pin(model, version);
			if (cache != null) {
				cache.write(model, version, served);
				PinCache.CachedPin written = cache.read(model, version);
				if (written != null) {
					return written.layout();
				}
			}
			return io.cfgspace.layout.LayoutDocument.read(Json.canonical(served.get("layout")));
		}
		catch (ServiceUnreachable ex) {
			throw CommandFailure.undecided(ex.getMessage() + ((cache != null)
					? ", and " + cache.directory() + " holds no cached pin " + model + " v" + version : ""));
		}
	}

	/**
	 * The highest version in force that is not deprecated, or {@code null}: a four-eyes
	 * proposal nobody approved yet is not in force.
	 */
	private static Integer currentPin(Map<String, Object> pins) {
		Integer current = null;
		for (Object item : list(pins.get("items"))) {
			Map<String, Object> pin = object(item);
			if (!Boolean.TRUE.equals(pin.get("deprecated")) && !"proposed".equals(pin.get("state"))
					&& pin.get("version") instanceof Long version && (current == null || version > current)) {
				current = version.intValue();
			}
		}
		return current;
	}

	private byte[] readConfig(String address) throws CommandFailure {
		Path config = Path.of(this.sysfs, "bus/pci/devices", address, "config");
		try {
			return Files.readAllBytes(config);
		}
		catch (IOException ex) {
			throw CommandFailure.undecided("cannot read " + config + ": " + ex.getMessage());
		}
	}

	/** What {@code <emulator> --version} prints (its first 4 KiB), within 3 s. */
	static String versionOf(String emulator) throws CommandFailure {
		try {
			Process process = new ProcessBuilder(emulator, "--version").redirectErrorStream(true).start();
			process.getOutputStream().close();
			if (!process.waitFor(3, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw CommandFailure.undecided(emulator + " --version did not answer within 3 s");
			}
			return new String(process.getInputStream().readNBytes(4096), StandardCharsets.UTF_8).strip();
		}
		catch (IOException ex) {
			throw CommandFailure.undecided("cannot run " + emulator + " --version: " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw CommandFailure.undecided("interrupted");
		}
	}

	private static Long number(String value) {
		try {
			return (value.startsWith("0x") || value.startsWith("0X")) ? Long.parseLong(value.substring(2), 16)
					: Long.parseLong(value);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static Map<String, Object> withoutStamps(Map<String, Object> served) {
		Map<String, Object> document = new java.util.LinkedHashMap<>(served);
		document.keySet().removeAll(Set.of("createdAt", "createdBy", "changedAt", "changedBy"));
		return document;
	}

	private static void writeQuietly(Path file, String text) {
		try {
			Files.createDirectories(file.getParent());
			Path temporary = Files.createTempFile(file.getParent(), ".profile", ".tmp");
			Files.writeString(temporary, text);
			Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
					java.nio.file.StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			// a profile not cached is fetched again next time
		}
	}

	private void fragment(String xml) {
		if (xml != null) {
			xml.lines().forEach((text) -> line("fragment", text));
		}
	}

	private void line(String kind, String text) {
		this.out.println(kind + "\t" + text.replace('\t', ' ').replace('\n', ' '));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> object(Object json) {
		return (json instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of();
	}

	@SuppressWarnings("unchecked")
	private static List<Object> list(Object json) {
		return (json instanceof List<?> list) ? (List<Object>) list : List.of();
	}

}
