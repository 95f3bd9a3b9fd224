package io.cfgspace.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code cfgspace hook-devices < domain.xml}: the libvirt hook's reading of a domain, so
 * that the hook itself stays plain bash. Prints one line per PCI device the domain passes
 * through: host address, model key and pin version, separated by tabs, {@code -} for both
 * when the domain's metadata names no pin for the device.
 */
@Command(name = "hook-devices", mixinStandardHelpOptions = true,
		description = { "Reads a libvirt domain XML on standard input and prints its PCI passthrough devices",
				"with the pins its <metadata> names (cfgspace:devices, namespace " + DomainXml.NAMESPACE + "):",
				"ADDRESS<tab>MODEL<tab>PIN, or - - for a device without a pin. Used by the libvirt hook." })
final class HookDevicesCommand implements Callable<Integer> {

	@Spec
	private CommandSpec spec;

	@Override
	public Integer call() {
		PrintWriter out = this.spec.commandLine().getOut();
		PrintWriter err = this.spec.commandLine().getErr();
		try {
			byte[] xml = DomainXml.read(System.in);
			List<DomainXml.PassthroughDevice> devices = DomainXml.devices(xml);
			for (DomainXml.PassthroughDevice device : devices) {
				out.println(device.address() + "\t" + ((device.model() != null) ? device.model() : "-") + "\t"
						+ ((device.pin() != null) ? device.pin() : "-"));
			}
			out.flush();
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

}
