package io.cfgspace.system;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * A background thread with a database connection of its own, beside the shared pool, so
 * that it never waits behind requests for one (the verdict writer, the change feed). It
 * runs while the application context runs.
 */
public abstract class ConnectionThread implements SmartLifecycle, DisposableBean {

	private final String name;

	private final HikariDataSource ownPool;

	private final DataSource connections;

	private final Duration stopWait;

	private volatile boolean running;

	private volatile Thread thread;

	/**
	 * @param driverProperties on top of the shared pool's
	 * @param stopWait how long stopping waits for {@link #work()} to return
	 */
	protected ConnectionThread(DataSource shared, String name, Map<String, String> driverProperties,
			Duration stopWait) {
		this.name = name;
		this.ownPool = ownPool(shared, name, driverProperties);
		this.connections = (this.ownPool != null) ? this.ownPool : shared;
		this.stopWait = stopWait;
	}

	/**
	 * A pool of one with the shared pool's settings; {@code null} when the data source is
	 * not a Hikari pool, and the thread takes its connections from it.
	 */
	private static HikariDataSource ownPool(DataSource shared, String name, Map<String, String> driverProperties) {
		try {
			if (!shared.isWrapperFor(HikariDataSource.class)) {
				return null;
			}
			// the settings one by one, not HikariConfig.copyStateTo: that shares the
			// driver properties object, and the properties below would leak into the
			// shared pool
			HikariConfig settings = shared.unwrap(HikariDataSource.class);
			HikariConfig config = new HikariConfig();
			config.setPoolName(name);
			config.setJdbcUrl(settings.getJdbcUrl());
			if (settings.getDriverClassName() != null) {
				config.setDriverClassName(settings.getDriverClassName());
			}
			config.setDataSourceClassName(settings.getDataSourceClassName());
			config.setDataSource(settings.getDataSource());
			config.setUsername(settings.getUsername());
			config.setPassword(settings.getPassword());
			config.setSchema(settings.getSchema());
			config.setCatalog(settings.getCatalog());
			config.setConnectionInitSql(settings.getConnectionInitSql());
			config.setConnectionTimeout(settings.getConnectionTimeout());
			config.setValidationTimeout(settings.getValidationTimeout());
			config.setMaxLifetime(settings.getMaxLifetime());
			config.setKeepaliveTime(settings.getKeepaliveTime());
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

	/** Where the thread's connection comes from. */
	protected final DataSource connections() {
		return this.connections;
	}

	/** The thread's work: returns soon after {@link #running()} turns false. */
	protected abstract void work();

	/** False once the context stops. */
	protected final boolean running() {
		return this.running;
	}

	@Override
	public void start() {
		this.running = true;
		Thread worker = new Thread(this::work, this.name);
		worker.setDaemon(true);
		worker.start();
		this.thread = worker;
	}

	@Override
	public void stop() {
		this.running = false;
		Thread worker = this.thread;
		if (worker != null) {
			try {
				worker.join(this.stopWait.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.thread = null;
	}

	/**
	 * After the last stop only: a stopped thread may be started again (a test context
	 * is).
	 */
	@Override
	public void destroy() {
		if (this.ownPool != null) {
			this.ownPool.close();
		}
	}

	@Override
	public boolean isRunning() {
		return this.thread != null;
	}

}
