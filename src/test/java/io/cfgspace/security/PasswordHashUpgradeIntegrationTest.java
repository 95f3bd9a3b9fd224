package io.cfgspace.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.cfgspace.IntegrationTest;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * A database from before V14, whose admin's password is a bare bcrypt hash, upgraded by
 * the migrations: the admin still signs in with the same password.
 */
@IntegrationTest
class PasswordHashUpgradeIntegrationTest {

	@Autowired
	DataSource dataSource;

	@Autowired
	PasswordEncoder passwords;

	@Test
	void anUpgradedDatabasesAdminStillSignsIn() throws Exception {
		HikariDataSource shared = this.dataSource.unwrap(HikariDataSource.class);
		String name = "cfgspace_upgrade_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		JdbcTemplate server = new JdbcTemplate(shared);
		server.execute("create database " + name);
		try {
			DriverManagerDataSource upgraded = new DriverManagerDataSource(
					shared.getJdbcUrl().replaceFirst("^(jdbc:postgresql://[^/?]+)/?[^?]*", "$1/" + name),
					shared.getUsername(), shared.getPassword());
			Flyway.configure().dataSource(upgraded).locations("classpath:db/migration").target("11").load().migrate();
			JdbcTemplate before = new JdbcTemplate(upgraded);
			Instant created = Instant.parse("2026-01-05T10:00:00Z");
			before.update("insert into app_user (username, password_hash, role, created_at) values (?, ?, ?, ?)",
					"admin", new BCryptPasswordEncoder().encode("old-admin-password"), "admin",
					Timestamp.from(created));

			Flyway.configure().dataSource(upgraded).locations("classpath:db/migration").load().migrate();

			String hash = before.queryForObject("select password_hash from app_user where username = 'admin'",
					String.class);
			assertThat(hash).startsWith("{bcrypt}$2");
			assertThat(this.passwords.matches("old-admin-password", hash)).isTrue();
			assertThat(this.passwords.matches("another-password", hash)).isFalse();
			assertThat(before.queryForObject(
					"select must_change_password from app_user where username = 'admin' and disabled_at is null",
					Boolean.class))
				.as("an account from before is neither disabled nor made to change its password")
				.isFalse();
			assertThat(before
				.queryForObject("select password_changed_at from app_user where username = 'admin'", Timestamp.class)
				.toInstant()).isEqualTo(created);
		}
		finally {
			server.execute("drop database if exists " + name + " with (force)");
		}
	}

}
