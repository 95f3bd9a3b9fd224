package io.cfgspace.cli;

import java.io.PrintWriter;

/**
 * Why a command could not give its answer, with the exit code that says so: unusable
 * input (2) or could not decide (3). The message is one line for an operator.
 */
final class CommandFailure extends Exception {

	private final int exitCode;

	private CommandFailure(int exitCode, String message) {
		super(message, null, false, false);
		this.exitCode = exitCode;
	}

	/** A file, an argument or the request was wrong; trying again will not help. */
	static CommandFailure unusable(String message) {
		return new CommandFailure(Cli.UNUSABLE_INPUT, message);
	}

	/** Nothing was decided (the server is away, slow or refused to answer). */
	static CommandFailure undecided(String message) {
		return new CommandFailure(Cli.UNDECIDED, message);
	}

	int exitCode() {
		return this.exitCode;
	}

	/** Prints the one-line message and gives the exit code. */
	int report(PrintWriter err) {
		err.println("cfgspace: " + getMessage());
		err.flush();
		return this.exitCode;
	}

}
