package io.cfgspace;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The whole service on a random port, on the tests' real PostgreSQL. All integration
 * tests share this one configuration, so that they share one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "cfgspace.local-database.enabled=false", "cfgspace.admin-password=admin-test-password" })
@Import(TestDatabaseConfiguration.class)
public @interface IntegrationTest {

}
