package io.cfgspace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.testcontainers.DockerClientFactory;

/**
 * The one PostgreSQL of a test JVM. With a Docker engine, Testcontainers provides it
 * ({@link TestDatabaseConfiguration}). Without one, {@code -Dcfgspace.test.database-url}
 * names an external server on which a fresh database is created for this run (CI uses the
 * machine's server this way); otherwise an embedded PostgreSQL 17 starts once. Never a
 * skip: every database test runs on a real PostgreSQL.
 */
public final class TestDatabase {

	static final String EXTERNAL_URL_PROPERTY = "cfgspace.test.database-url";

	private static Connection info;

	private TestDatabase() {
	}

	/** JDBC coordinates of a database. */
	public record Connection(String url, String username, String password) {
	}

	static boolean dockerAvailable() {
		if (System.getProperty(EXTERNAL_URL_PROPERTY) != null) {
			return false;
		}
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/** The database for this JVM when Docker is not used. */
	public static synchronized Connection connection() {
		if (info == null) {
			String external = System.getProperty(EXTERNAL_URL_PROPERTY);
			info = (external != null && !external.isBlank()) ? freshDatabaseOn(external) : embedded();
		}
		return info;
	}

	private static Connection embedded() {
		try {
			EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					postgres.close();
				}
				catch (IOException ex) {
					// the JVM is going away; the temporary data directory goes with it
				}
			}));
			return new Connection(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot start the embedded PostgreSQL for tests", ex);
		}
	}

	private static Connection freshDatabaseOn(String serverUrl) {
		String name = "cfgspace_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		String user = System.getProperty("cfgspace.test.database-user", "postgres");
		String password = System.getProperty("cfgspace.test.database-password", "");
		try (java.sql.Connection admin = DriverManager.getConnection(serverUrl, user, password);
				Statement statement = admin.createStatement()) {
			statement.execute("create database " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cannot create a test database on " + serverUrl, ex);
		}
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			try (java.sql.Connection admin = DriverManager.getConnection(serverUrl, user, password);
					Statement statement = admin.createStatement()) {
				statement.execute("drop database if exists " + name + " with (force)");
			}
			catch (SQLException ex) {
				// best effort: a leftover test database is named cfgspace_test_* and
				// harmless
			}
		}));
		String base = serverUrl.replaceFirst("^(jdbc:postgresql://[^/?]+)/?[^?]*", "$1/" + name);
		return new Connection(base, user, password);
	}

}
