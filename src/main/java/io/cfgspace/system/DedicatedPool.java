package io.cfgspace.system;

import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * A one-connection pool to the service's database for a thread that must never wait for
 * the shared pool: the verdict writer, the change listener.
 */
public final class DedicatedPool {

	private DedicatedPool() {
	}

	/**
	 * A copy of the shared pool's settings with one connection and the given driver
	 * properties on top; {@code null} when the data source is not a Hikari pool.
	 */
	public static HikariDataSource of(DataSource shared, String name, Map<String, String> driverProperties) {
		try {
			if (!shared.isWrapperFor(HikariDataSource.class)) {
				return null;
			}
			// the settings one by one, not HikariConfig.copyStateTo: that shares the
			// driver properties object, and the properties below would leak into the
			// shared
			// pool
			HikariConfig settings = shared.unwrap(HikariDataSource.class);
			HikariConfig config = new HikariConfig();
			config.setPoolName(name);
			config.setJdbcUrl(settings.getJdbcUrl());
			if (settings.getDriverClassName() != null) {
				config.setDriverClassName(settings.getDriverClassName());
			}
			config.setUsername(settings.getUsername());
			config.setPassword(settings.getPassword());
			config.setConnectionTimeout(settings.getConnectionTimeout());
			config.setValidationTimeout(settings.getValidationTimeout());
			config.setMaximumPoolSize(1);
			config.setMinimumIdle(0);
			Properties properties = new Properties();
			properties.putAll(settings.getDataSourceProperties());
			properties.putAll(driverProperties);
			config.setDataSourceProperties(properties);
			return new HikariDataSource(config);
		}
		catch (SQLException ex) {
			return null;
		}
	}

}
