package io.cfgspace.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code cfgspace} command line. It runs without Spring so that it starts in a
 * fraction of a second on a hypervisor host.
 *
 * <p>
 * Exit codes: 0 success, 1 a negative answer (e.g. inconsistent), 2 unusable input, 3
 * could not decide.
 */
@Command(name = "cfgspace", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
		description = "Pins, plans and verifies the PCI config-space layout of passthrough devices.",
		subcommands = { ParseCommand.class, VerifyCommand.class, ImpactCommand.class, PlanCommand.class,
				HookDevicesCommand.class, HookStartCommand.class, ReportCommand.class, VmmConfigCommand.class,
				AuditCommand.class })
public final class Cli {

	public static final int NEGATIVE = 1;

	public static final int UNUSABLE_INPUT = 2;

	public static final int UNDECIDED = 3;

	public static void main(String[] args) {
		System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
	}

	static int run(PrintWriter out, PrintWriter err, String... args) {
		CommandLine commandLine = new CommandLine(new Cli()).setOut(out).setErr(err);
		commandLine.setParameterExceptionHandler((ex, arguments) -> {
			ex.getCommandLine().getErr().println("cfgspace: " + ex.getMessage());
			ex.getCommandLine()
				.getErr()
				.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName()
						+ " --help' for more information.");
			return UNUSABLE_INPUT;
		});
		// picocli's default for an unexpected exception is 1, which means "inconsistent"
		commandLine.setExecutionExceptionHandler((ex, line, parsed) -> {
			line.getErr().println("cfgspace: internal error, nothing was decided: " + ex);
			return UNDECIDED;
		});
		return commandLine.execute(args);
	}

	static final class Version implements CommandLine.IVersionProvider {

		@Override
		public String[] getVersion() {
			String version = Cli.class.getPackage().getImplementationVersion();
			return new String[] { "cfgspace " + ((version != null) ? version : "development build") };
		}

	}

}
