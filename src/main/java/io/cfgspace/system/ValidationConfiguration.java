package io.cfgspace.system;

import java.lang.annotation.ElementType;

import jakarta.validation.Path;
import jakarta.validation.TraversableResolver;

import org.springframework.boot.validation.autoconfigure.ValidationConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Bean validation checks request bodies, which are plain records: nothing in them is a
 * lazily loaded JPA property, so asking JPA whether each one is loaded (Hibernate
 * Validator's default with JPA present) only costs time, a lot of it for a 512-device
 * batch.
 */
@Configuration(proxyBeanMethods = false)
class ValidationConfiguration {

	@Bean
	ValidationConfigurationCustomizer everythingReachable() {
		return (configuration) -> configuration.traversableResolver(new TraversableResolver() {

			@Override
			public boolean isReachable(Object bean, Path.Node property, Class<?> rootType, Path pathToProperty,
					ElementType elementType) {
				return true;
			}

			@Override
			public boolean isCascadable(Object bean, Path.Node property, Class<?> rootType, Path pathToProperty,
					ElementType elementType) {
				return true;
			}

		});
	}

}
