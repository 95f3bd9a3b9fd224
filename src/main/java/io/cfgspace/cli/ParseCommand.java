package io.cfgspace.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import io.cfgspace.configspace.ConfigSpaceParser;
import io.cfgspace.configspace.DeviceDump;
import io.cfgspace.layout.Json;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutDocument;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cfgspace parse FILE|-}: a dump in, its layout out. */
@Command(name = "parse", mixinStandardHelpOptions = true,
		description = {
				"Reads a config-space dump (lspci -x/-xxx/-xxxx text, a sysfs config file, hex or base64) and prints "
						+ "each device's header, BARs and capabilities in lspci's style.",
				"BAR sizes come from the resource file beside a sysfs config file (as in /sys/bus/pci/devices/ADDR/) "
						+ "or from lspci's -v lines; otherwise they are unknown." })
final class ParseCommand implements Callable<Integer> {

	@Spec
	private CommandSpec spec;

	@Parameters(index = "0", paramLabel = "FILE|-", description = "the dump; - reads standard input")
	private String file;

	@Option(names = "--json", description = "print the canonical layout document (a JSON array for several devices)")
	private boolean json;

	@Override
	public Integer call() {
		PrintWriter out = this.spec.commandLine().getOut();
		PrintWriter err = this.spec.commandLine().getErr();
		List<DeviceDump> devices;
		try {
			devices = "-".equals(this.file) ? InputFile.standardInputDump(InputFile.standardInput()).devices()
					: InputFile.dump(this.file, InputFile.read(this.file)).devices();
		}
		catch (CommandFailure ex) {
			return ex.report(err);
		}
		List<Layout> layouts = devices.stream().map(ConfigSpaceParser::parse).toList();
		if (this.json) {
			out.println((layouts.size() == 1) ? LayoutDocument.write(layouts.get(0))
					: Json.canonical(layouts.stream().map(LayoutDocument::toJson).toList()));
		}
		else {
			for (int i = 0; i < layouts.size(); i++) {
				if (i > 0) {
					out.println();
				}
				LspciStyle.print(devices.get(i).address(), layouts.get(i), out);
			}
		}
		out.flush();
		return 0;
	}

}
