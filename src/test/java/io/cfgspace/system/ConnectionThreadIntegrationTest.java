package io.cfgspace.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.cfgspace.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A connection thread's own pool: the shared pool's settings, its own driver properties.
 */
@IntegrationTest
class ConnectionThreadIntegrationTest {

	@Autowired
	DataSource dataSource;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void theSharedPoolKeepsItsDriverPropertiesAndTheThreadsShowTheirNames() throws Exception {
		assertThat(this.dataSource.unwrap(HikariDataSource.class).getDataSourceProperties())
			.doesNotContainKeys("ApplicationName", "reWriteBatchedInserts");
		assertThat(this.jdbc.queryForList(
				"select application_name from pg_stat_activity where datname = current_database()", String.class))
			.contains("cfgspace-change-feed");
	}

	@Test
	void takesTheSharedPoolsSettings() throws Exception {
		HikariDataSource configured = this.dataSource.unwrap(HikariDataSource.class);
		try (HikariDataSource shared = new HikariDataSource()) {
			shared.setJdbcUrl(configured.getJdbcUrl());
			shared.setUsername(configured.getUsername());
			shared.setPassword(configured.getPassword());
			shared.setSchema("pg_catalog");
			shared.setConnectionInitSql("set application_name = 'from-init-sql'");
			Idle thread = new Idle(shared);
			try (Connection connection = thread.connections().getConnection();
					ResultSet name = connection.createStatement().executeQuery("show application_name")) {
				assertThat(connection.getSchema()).isEqualTo("pg_catalog");
				assertThat(name.next()).isTrue();
				assertThat(name.getString(1)).isEqualTo("from-init-sql");
			}
			finally {
				thread.destroy();
			}
		}
	}

	private static final class Idle extends ConnectionThread {

		Idle(DataSource shared) {
			super(shared, "idle", Map.of(), Duration.ofSeconds(1));
		}

		@Override
		protected void work() {
		}

	}

}
