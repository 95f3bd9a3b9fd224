package io.cfgspace.cli;

import java.time.Duration;

import picocli.CommandLine.Option;

/**
 * The options of a command that talks to the service: where it is, the API token, and the
 * deadline for every request together. A picocli mixin, so that each command spells,
 * defaults and checks them alike.
 *
 * <p>
 * Only whether {@code --server} is required differs: {@code verify} without it verifies
 * offline, every other command cannot work without the service. picocli marks an option
 * required once for every command that mixes it in, so the two kinds are two small
 * subclasses rather than a check in each command.
 */
abstract class ServiceOptions {

	private static final double MIN_TIMEOUT_SECONDS = 0.1;

	// an hour is already far past what a hook or an operator waits for
	private static final double MAX_TIMEOUT_SECONDS = 3600;

	@Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:CFGSPACE_TOKEN}",
			description = "an API token (default: $CFGSPACE_TOKEN)")
	private String token;

	@Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
			description = "the deadline for all requests together, e.g. 2.5; give up (exit 3) when it passes "
					+ "(default: ${DEFAULT-VALUE})")
	private double timeout;

	/** The {@code --server} URL as given, or {@code null}. */
	abstract String server();

	/**
	 * The deadline; refuses one that no request could meet or that no caller waits for.
	 */
	Duration timeout() throws CommandFailure {
		if (!(this.timeout >= MIN_TIMEOUT_SECONDS && this.timeout <= MAX_TIMEOUT_SECONDS)) {
			throw CommandFailure.unusable("--timeout: expected " + MIN_TIMEOUT_SECONDS + " to " + MAX_TIMEOUT_SECONDS
					+ " seconds, got " + this.timeout);
		}
		return Duration.ofMillis(Math.round(this.timeout * 1000));
	}

	/** A client for the service whose deadline starts now. */
	VerificationClient client() throws CommandFailure {
		if (server() == null) {
			throw CommandFailure.unusable("give --server URL");
		}
		return VerificationClient.of(server(), this.token, timeout());
	}

	/** For the commands that cannot work without the service. */
	static final class Required extends ServiceOptions {

		@Option(names = "--server", paramLabel = "URL", required = true,
				description = "the cfgspace service, e.g. https://cfgspace:8080")
		private String server;

		@Override
		String server() {
			return this.server;
		}

	}

	/** For {@code verify}: with {@code --server} it verifies online, else offline. */
	static final class Online extends ServiceOptions {

		@Option(names = "--server", paramLabel = "URL",
				description = "online: the cfgspace service, e.g. https://cfgspace:8080; without it, verify offline "
						+ "with --pin")
		private String server;

		@Override
		String server() {
			return this.server;
		}

	}

}
