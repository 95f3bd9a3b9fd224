package io.cfgspace.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * A newcomer's database: when no {@code spring.datasource.url} (or
 * {@code SPRING_DATASOURCE_URL}) is set, the service starts an embedded PostgreSQL 17
 * that keeps its data in a local folder across restarts. Any configured URL switches to
 * that server instead.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(LocalDatabaseConfiguration.NoDatabaseConfigured.class)
class LocalDatabaseConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(LocalDatabaseConfiguration.class);

	@Bean(destroyMethod = "close")
	EmbeddedPostgres localPostgres(@Value("${cfgspace.local-database.directory}") Path directory) throws IOException {
		Files.createDirectories(directory);
		logger.info("No spring.datasource.url set: starting a local PostgreSQL with its data in {}",
				directory.toAbsolutePath());
		return EmbeddedPostgres.builder().setDataDirectory(directory).setCleanDataDirectory(false).start();
	}

	@Bean
	DataSource dataSource(EmbeddedPostgres localPostgres) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(localPostgres.getJdbcUrl("postgres", "postgres"));
		dataSource.setUsername("postgres");
		dataSource.setPoolName("local-postgres");
		return dataSource;
	}

	static class NoDatabaseConfigured implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			Environment environment = context.getEnvironment();
			return !environment.containsProperty("spring.datasource.url")
					&& environment.getProperty("cfgspace.local-database.enabled", Boolean.class, true);
		}

	}

}
