package io.cfgspace.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import io.cfgspace.configspace.ConfigSpaceParser;
import io.cfgspace.configspace.DeviceDump;
import io.cfgspace.configspace.DumpFormatException;
import io.cfgspace.configspace.read.Dumps;
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
		description = { "Reads a config-space dump (lspci -x/-xxx/-xxxx text, a sysfs config file, hex or base64)",
				"and prints each device's header and capabilities in lspci's style." })
final class ParseCommand implements Callable<Integer> {

	/** Far above any dump (a 4096-byte lspci -xxxx dump is about 14 KiB per device). */
	private static final long MAX_INPUT_BYTES = 16L * 1024 * 1024;

	@Spec
	private CommandSpec spec;

	@Parameters(index = "0", paramLabel = "FILE|-", description = "the dump; - reads standard input")
	private String file;

	@Option(names = "--json",
			description = "print the canonical cfgspace-layout/1 document (a JSON array for several devices)")
	private boolean json;

	@Override
	public Integer call() {
		PrintWriter out = this.spec.commandLine().getOut();
		PrintWriter err = this.spec.commandLine().getErr();
		List<DeviceDump> devices;
		try {
			devices = Dumps.read(read());
		}
		catch (DumpFormatException | IOException ex) {
			err.println("cfgspace: " + name() + ": " + message(ex));
			return Cli.UNUSABLE_INPUT;
		}
		List<Layout> layouts = devices.stream().map((device) -> ConfigSpaceParser.parse(device.configSpace())).toList();
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

	private byte[] read() throws IOException {
		if ("-".equals(this.file)) {
			byte[] input = System.in.readNBytes((int) MAX_INPUT_BYTES + 1);
			return checkSize(input.length, input);
		}
		Path path = Path.of(this.file);
		if (Files.isDirectory(path)) {
			throw new IOException("is a directory");
		}
		checkSize(Files.size(path), null);
		return Files.readAllBytes(path);
	}

	private static byte[] checkSize(long size, byte[] input) throws IOException {
		if (size > MAX_INPUT_BYTES) {
			throw new IOException("larger than " + MAX_INPUT_BYTES + " bytes; not a config-space dump");
		}
		return input;
	}

	private String name() {
		return "-".equals(this.file) ? "<stdin>" : this.file;
	}

	private static String message(Exception ex) {
		if (ex instanceof NoSuchFileException) {
			return "no such file";
		}
		return (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
	}

}
