package io.cfgspace.cli;

import java.io.PrintWriter;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
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
 * {@code cfgspace audit}: an admin's view of the verdict audit's monthly partitions, and
 * archiving old months. The service does the work
 * ({@code /api/v1/verifications/partitions}), so two operators on two hosts detach
 * through the same lock and the same audit record.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
		description = { "The verdict audit's monthly partitions (the token needs the admin role).",
				"Exit codes: 0 done, 2 unusable input or refused, 3 the service could not be reached or failed." },
		subcommands = { AuditCommand.Partitions.class, AuditCommand.Detach.class })
final class AuditCommand {

	private static final String ROW = "%-8s  %-8s  %10s  %s%n";

	@Command(name = "partitions", mixinStandardHelpOptions = true,
			description = "Lists every month of the audit, oldest first: attached (read by listings), detached "
					+ "(archived: a plain table an operator may dump and drop) and the default partition, which holds "
					+ "verdicts whose month had no partition yet.")
	static final class Partitions implements Callable<Integer> {

		@Spec
		private CommandSpec spec;

		@Mixin
		private ServiceOptions.Required service;

		@Option(names = "--json", description = "print the service's answer as JSON")
		private boolean json;

		@Override
		public Integer call() {
			PrintWriter out = this.spec.commandLine().getOut();
			try {
				Map<String, Object> answer = this.service.client().auditPartitions();
				if (this.json) {
					out.println(Json.canonical(answer));
				}
				else {
					out.printf(ROW, "MONTH", "STATE", "ROWS", "TABLE");
					for (Object item : (List<?>) answer.get("items")) {
						print((Map<?, ?>) item, out);
					}
				}
				out.flush();
				return 0;
			}
			catch (CommandFailure ex) {
				return ex.report(this.spec.commandLine().getErr());
			}
		}

		private static void print(Map<?, ?> partition, PrintWriter out) {
			Object month = partition.get("month");
			StringBuilder table = new StringBuilder(String.valueOf(partition.get("table")));
			if (partition.get("firstId") != null) {
				table.append(" (ids ").append(partition.get("firstId")).append('-').append(partition.get("lastId"));
				table.append(')');
			}
			if (partition.get("detachedAt") != null) {
				table.append(", detached ")
					.append(partition.get("detachedAt"))
					.append(" by ")
					.append(partition.get("detachedBy"));
			}
			// an estimate of PostgreSQL's, for a month that is over, reads as one
			String rows = (Boolean.FALSE.equals(partition.get("rowsCounted")) ? "~" : "") + partition.get("rows");
			out.printf(ROW, (month != null) ? month : "-", partition.get("state"), rows, table);
		}

	}

	@Command(name = "detach", mixinStandardHelpOptions = true,
			description = "Detaches every month of the audit before --before. Never deletes: each month stays a "
					+ "table verification_YYYY_MM that refuses UPDATE, DELETE and TRUNCATE, for an operator to "
					+ "pg_dump and then drop. Running it again detaches nothing more.")
	static final class Detach implements Callable<Integer> {

		@Spec
		private CommandSpec spec;

		@Mixin
		private ServiceOptions.Required service;

		@Option(names = "--before", paramLabel = "YYYY-MM", required = true,
				description = "detach every month before this one, e.g. 2026-01; not after the current month")
		private String before;

		@Option(names = "--json", description = "print the service's answer as JSON")
		private boolean json;

		@Override
		public Integer call() {
			PrintWriter out = this.spec.commandLine().getOut();
			PrintWriter err = this.spec.commandLine().getErr();
			try {
				checkMonth(this.before);
				Map<String, Object> answer;
				try {
					answer = this.service.client().detachAuditPartitions(this.before);
				}
				catch (CommandFailure ex) {
					if (ex.exitCode() == Cli.UNDECIDED) {
						// unlike a verification, the detach may have happened without its
						// answer; asking again is safe because a detached month stays so
						err.println("cfgspace: " + ex.getMessage());
						err.println("cfgspace: the months may have been detached all the same; "
								+ "'cfgspace audit partitions' shows them, and running detach again is safe");
						err.flush();
						return ex.exitCode();
					}
					throw ex;
				}
				if (this.json) {
					out.println(Json.canonical(answer));
				}
				else {
					print(answer, out);
				}
				out.flush();
				return 0;
			}
			catch (CommandFailure ex) {
				return ex.report(err);
			}
		}

		private static void print(Map<String, Object> answer, PrintWriter out) {
			List<?> detached = (List<?>) answer.get("detached");
			if (detached.isEmpty()) {
				out.println("nothing to detach: no attached month before " + answer.get("before"));
				return;
			}
			for (Object item : detached) {
				Map<?, ?> partition = (Map<?, ?>) item;
				Object rows = partition.get("rows");
				out.println("detached " + partition.get("month") + ": table " + partition.get("table") + ", " + rows
						+ (Long.valueOf(1).equals(rows) ? " row" : " rows") + ", kept (not deleted)");
			}
			out.println("to archive a month: pg_dump -t TABLE, check the dump, then drop the table");
		}

		/** Checked here so that a typo is refused before anything is sent. */
		private static void checkMonth(String text) throws CommandFailure {
			String why = "--before: expected a month as YYYY-MM, e.g. 2026-01, got '" + text + "'";
			if (!text.matches("[0-9]{4}-[0-9]{2}")) {
				throw CommandFailure.unusable(why);
			}
			try {
				YearMonth.parse(text);
			}
			catch (DateTimeParseException ex) {
				throw CommandFailure.unusable(why);
			}
		}

	}

}
