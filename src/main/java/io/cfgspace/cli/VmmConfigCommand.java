package io.cfgspace.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.cfgspace.layout.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cfgspace vmm-config}: what a host's VMM must be told so that it builds a pinned
 * layout exactly, from the service's {@code GET .../pins/{version}/vmm-config}.
 */
@Command(name = "vmm-config", mixinStandardHelpOptions = true,
		description = {
				"Prints what the VMM of a profile must be told to build a pin: the device properties, libvirt's",
				"<qemu:override> for the hostdev's alias and the command line. Exit 1 when the profile cannot",
				"build the pin (the reasons are printed), 2 unusable input, 3 the service could not answer." })
final class VmmConfigCommand implements Callable<Integer> {

	@Spec
	private CommandSpec spec;

	@Mixin
	private ServiceOptions.Required service;

	@Option(names = "--model", paramLabel = "KEY", required = true, description = "the device model")
	private String model;

	@Option(names = "--pin-version", paramLabel = "N", required = true, description = "the pinned version")
	private int version;

	@Option(names = "--profile", paramLabel = "NAME", required = true,
			description = "the host's VMM profile (GET /api/v1/vmm-profiles lists them)")
	private String profile;

	@Option(names = "--alias", paramLabel = "ALIAS", defaultValue = "hostdev0",
			description = "the hostdev's <alias name>, e.g. ua-dsa0 (default: ${DEFAULT-VALUE})")
	private String alias;

	@Option(names = "--address", paramLabel = "DDDD:BB:DD.F", description = "the device's host address")
	private String address;

	@Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
			description = "text (default), libvirt (the <qemu:override> alone), command-line, or json")
	private String format;

	@Override
	public Integer call() {
		PrintWriter out = this.spec.commandLine().getOut();
		PrintWriter err = this.spec.commandLine().getErr();
		try {
			if (!List.of("text", "libvirt", "command-line", "json").contains(this.format)) {
				throw CommandFailure.unusable("--format must be text, libvirt, command-line or json");
			}
			Map<String, Object> config;
			try {
				config = this.service.client()
					.vmmConfig(this.model, this.version, this.profile, this.alias, this.address);
			}
			catch (ServiceUnreachable ex) {
				throw ex.failure();
			}
			catch (CommandFailure ex) {
				if (ex.getMessage().contains("HTTP 422 vmm-cannot-build")) {
					err.println("cfgspace: " + ex.getMessage());
					err.flush();
					return Cli.NEGATIVE;
				}
				throw ex;
			}
			print(config, out);
			out.flush();
			return 0;
		}
		catch (CommandFailure ex) {
			return ex.report(err);
		}
	}

	@SuppressWarnings("unchecked")
	private void print(Map<String, Object> config, PrintWriter out) {
		Map<String, Object> libvirt = (Map<String, Object>) config.get("libvirt");
		String override = (libvirt != null) ? (String) libvirt.get("override") : null;
		switch (this.format) {
			case "json" -> out.println(Json.canonical(config));
			case "libvirt" -> {
				if (override != null) {
					out.print(override);
				}
			}
			case "command-line" -> out.println(config.get("commandLine"));
			default -> {
				out.println("pin " + config.get("modelKey") + " v" + config.get("pinVersion") + " ("
						+ config.get("fingerprint") + ") on VMM profile " + config.get("profile"));
				List<Object> properties = (List<Object>) config.get("properties");
				if (properties.isEmpty()) {
					out.println("device properties: none needed");
				}
				for (Object item : properties) {
					Map<String, Object> property = (Map<String, Object>) item;
					Map<String, Object> block = (Map<String, Object>) property.get("block");
					out.println("device property " + property.get("name") + "=" + property.get("value") + " (the "
							+ block.get("name") + " at 0x" + Long.toHexString((Long) block.get("offset")) + ")");
				}
				if (override != null) {
					out.println(
							"libvirt domain XML (<domain xmlns:qemu=\"http://libvirt.org/schemas/domain/qemu/1.0\">):");
					out.print(override);
				}
				out.println("command line: " + config.get("commandLine"));
				for (Object note : (List<Object>) config.get("notes")) {
					out.println("note: " + note);
				}
			}
		}
	}

}
