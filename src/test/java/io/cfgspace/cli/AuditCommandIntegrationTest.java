package io.cfgspace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import io.cfgspace.Api;
import io.cfgspace.IntegrationTest;
import io.cfgspace.layout.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code cfgspace audit partitions} and {@code audit detach} against the running service:
 * a month before {@code --before} is detached and kept, the month of {@code --before}
 * stays in the audit, and a bad month is refused before anything is sent. The tests share
 * one database, so these verdicts are of February and March 2002, months no other test
 * uses.
 */
@IntegrationTest
class AuditCommandIntegrationTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	private String admin;

	record Run(int exit, String out, String err) {

	}

	@BeforeEach
	void adminToken() {
		this.admin = token("admin");
	}

	@Test
	void detachesTheMonthsBeforeAndKeepsThemAsTables() {
		String vm = "audit-cli-" + UUID.randomUUID();
		long february = verdict(vm, "2002-02-28 23:59:59.999999+00");
		long march = verdict(vm, "2002-03-01 00:00:00+00");

		Run listed = cfgspace("audit", "partitions");
		assertThat(listed.exit()).as(listed.err()).isZero();
		assertThat(listed.out().lines().findFirst()).hasValueSatisfying(
				(header) -> assertThat(header.split("\\s+")).containsExactly("MONTH", "STATE", "ROWS", "TABLE"));
		String current = YearMonth.now(ZoneOffset.UTC).toString();
		assertThat(listed.out().lines().map((line) -> line.split("\\s+")))
			.anySatisfy((columns) -> assertThat(columns).startsWith(current, "attached"))
			.anySatisfy((columns) -> assertThat(columns).startsWith("-", "default"));

		Run detached = cfgspace("audit", "detach", "--before", "2002-03");
		assertThat(detached.exit()).as(detached.err()).isZero();
		assertThat(detached.out())
			.startsWith("detached 2002-02: table verification_2002_02, 1 row, kept (not deleted)\n");
		// kept as a table, out of the audit; the month of --before is still in it
		assertThat(this.jdbc.queryForObject("select count(*) from verification_2002_02 where id = ?", Long.class,
				february))
			.isOne();
		Api viewer = Api.anonymous(this.port).withRole("viewer");
		viewer.get("/api/v1/verifications/" + february).problem(410, "verification-detached");
		viewer.get("/api/v1/verifications/" + march).expect(200);

		Run after = cfgspace("audit", "partitions");
		assertThat(after.out().lines().map((line) -> line.split("\\s+")))
			.anySatisfy((columns) -> assertThat(columns).startsWith("2002-02", "detached", "1", "verification_2002_02",
					"(ids", february + "-" + february + "),", "detached"));

		Run again = cfgspace("audit", "detach", "--before", "2002-03");
		assertThat(again.exit()).isZero();
		assertThat(again.out()).isEqualTo("nothing to detach: no attached month before 2002-03\n");
	}

	@Test
	void refusesAMonthItCannotReadBeforeAskingTheService() throws IOException {
		try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			String nowhere = "http://127.0.0.1:" + closed.getLocalPort();
			closed.close();
			for (String month : new String[] { "2026-13", "2026-1", "January", "2026-01-01" }) {
				Run refused = run("audit", "detach", "--server", nowhere, "--token", this.admin, "--before", month);
				assertThat(refused.exit()).as(month).isEqualTo(Cli.UNUSABLE_INPUT);
				assertThat(refused.err())
					.isEqualTo("cfgspace: --before: expected a month as YYYY-MM, e.g. 2026-01, got '" + month + "'\n");
			}
			Run missing = run("audit", "detach", "--server", nowhere, "--token", this.admin);
			assertThat(missing.exit()).isEqualTo(Cli.UNUSABLE_INPUT);
			assertThat(missing.err()).startsWith("cfgspace: Missing required option: '--before=YYYY-MM'\n")
				.contains("Try 'cfgspace audit detach --help'");
		}
	}

	@Test
	void saysWhatTheServiceRefusedAndWhenItCannotBeReached() throws IOException {
		Run future = cfgspace("audit", "detach", "--before", "9999-01");
		assertThat(future.exit()).isEqualTo(Cli.UNUSABLE_INPUT);
		assertThat(future.err()).contains("HTTP 400 detach-month-not-past");

		this.admin = token("operator");
		Run operator = cfgspace("audit", "partitions");
		assertThat(operator.exit()).isEqualTo(Cli.UNUSABLE_INPUT);
		assertThat(operator.err()).contains("HTTP 403 forbidden");

		try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			String nowhere = "http://127.0.0.1:" + closed.getLocalPort();
			closed.close();
			Run unreachable = run("audit", "detach", "--server", nowhere, "--token", this.admin, "--before", "2002-03");
			assertThat(unreachable.exit()).isEqualTo(Cli.UNDECIDED);
			assertThat(unreachable.err().lines()).containsExactly(
					"cfgspace: POST " + nowhere + "/api/v1/verifications/partitions/detach: cannot connect; "
							+ "nothing was decided",
					"cfgspace: the months may have been detached all the same; 'cfgspace audit partitions' shows "
							+ "them, and running detach again is safe");
			assertThat(run("audit", "partitions", "--server", nowhere, "--token", this.admin).exit())
				.isEqualTo(Cli.UNDECIDED);
		}
	}

	private Run cfgspace(String... args) {
		String[] all = new String[args.length + 4];
		System.arraycopy(args, 0, all, 0, args.length);
		all[args.length] = "--server";
		all[args.length + 1] = "http://127.0.0.1:" + this.port;
		all[args.length + 2] = "--token";
		all[args.length + 3] = this.admin;
		return run(all);
	}

	private static Run run(String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exit = Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
		return new Run(exit, out.toString(), err.toString());
	}

	private String token(String role) {
		return (String) Api.admin(this.port)
			.post("/api/v1/tokens", Json.canonical(Map.of("name", "audit " + System.nanoTime(), "role", role)))
			.expect(201)
			.map()
			.get("token");
	}

	/** A verdict stored at that time, as the service stores one; returns its id. */
	private long verdict(String vm, String createdAt) {
		return this.jdbc.queryForObject("""
				insert into verification (created_at, caller, model_key, pin_version, fingerprint, vm_id, verdict,
				    findings)
				values (cast(? as timestamptz), 'audit-cli-test', '8086:0b25', 1, ?, ?, 'CONSISTENT', '[]')
				returning id""", Long.class, createdAt, "sha256:" + "0".repeat(64), vm);
	}

}
