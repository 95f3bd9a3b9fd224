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
 * {@code cfgspace impact}: before a firmware roll-out, which pinned versions of a model a
 * device with this dump could no longer present, and how many recent verifications ran
 * against each.
 */
@Command(name = "impact", mixinStandardHelpOptions = true,
		description = { "Asks the service which pinned versions of a device model a device with this dump",
				"(e.g. a firmware candidate) could not present.",
				"Exit codes: 0 every version presentable, 1 some are not, 2 unusable input, 3 could not decide." })
final class ImpactCommand implements Callable<Integer> {

	@Spec
	private CommandSpec spec;

	@Mixin
	private ServiceOptions.Required service;

	@Option(names = "--model", required = true, paramLabel = "KEY", description = "the device model key")
	private String model;

	@Option(names = "--dump", required = true, paramLabel = "FILE",
			description = "the candidate device's dump (lspci text, sysfs config with its resource file beside it,"
					+ " hex, base64)")
	private String dump;

	@Option(names = "--json", description = "print the service's answer as JSON")
	private boolean json;

	@Override
	public Integer call() {
		PrintWriter out = this.spec.commandLine().getOut();
		PrintWriter err = this.spec.commandLine().getErr();
		try {
			InputFile.Side side = InputFile.side(this.dump);
			if (side.bytes() == null) {
				throw CommandFailure.unusable(this.dump + ": a layout document; give the candidate device's dump");
			}
			VerificationClient client = this.service.client();
			Map<String, Object> answer = client.impact(this.model, side.request());
			List<?> versions = (List<?>) answer.get("versions");
			boolean allPresentable = true;
			if (this.json) {
				out.println(Json.canonical(answer));
			}
			for (Object item : versions) {
				Map<?, ?> version = (Map<?, ?>) item;
				boolean presentable = Boolean.TRUE.equals(version.get("presentable"));
				allPresentable &= presentable;
				if (!this.json) {
					out.printf("version %s: %s (%s verifications in the last 30 days)%n", version.get("version"),
							presentable ? "presentable" : "BROKEN", version.get("verificationsLast30Days"));
					for (Object finding : (List<?>) version.get("findings")) {
						Map<?, ?> f = (Map<?, ?>) finding;
						out.printf("\t%s: %s%n", f.get("code"), f.get("message"));
					}
				}
			}
			out.flush();
			return allPresentable ? 0 : 1;
		}
		catch (CommandFailure ex) {
			return ex.report(err);
		}
	}

}
