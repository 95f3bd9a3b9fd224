package io.cfgspace;

import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * Wires the tests' PostgreSQL (see {@link TestDatabase}) into the application context.
 */
@TestConfiguration(proxyBeanMethods = false)
class TestDatabaseConfiguration {

	@Bean
	@ServiceConnection
	@Conditional(DockerAvailable.class)
	PostgreSQLContainer postgres() {
		return new PostgreSQLContainer("postgres:17");
	}

	@Bean
	@Conditional(NoDocker.class)
	DynamicPropertyRegistrar database() {
		return (registry) -> {
			TestDatabase.Connection connection = TestDatabase.connection();
			registry.add("spring.datasource.url", connection::url);
			registry.add("spring.datasource.username", connection::username);
			registry.add("spring.datasource.password", connection::password);
		};
	}

	static class DockerAvailable implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return TestDatabase.dockerAvailable();
		}

	}

	static class NoDocker implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return !TestDatabase.dockerAvailable();
		}

	}

}
