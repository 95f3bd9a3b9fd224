package io.cfgspace.system;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Hears PostgreSQL announce changes to what requests read every time (API tokens, quirks,
 * pin deprecations: triggers NOTIFY {@value #CHANNEL} at commit), so that every service
 * node can keep those reads in {@link NotifiedCache}s and still never use a value a
 * committed change made wrong. Each change, and each time the listener may have missed
 * one (a lost connection), starts a new epoch. While the listener cannot prove it is
 * listening (no heartbeat answered for {@value #TRUST_MILLIS} ms), the epoch is negative
 * and caches read through.
 */
@Component
public class ChangeFeed extends ConnectionThread {

	static final String CHANNEL = "cfgspace_changes";

	private static final int HEARTBEAT_MILLIS = 500;

	private static final long TRUST_MILLIS = 2000;

	private static final Log logger = LogFactory.getLog(ChangeFeed.class);

	private final long maxAgeNanos;

	private final AtomicLong epoch = new AtomicLong();

	private volatile long lastHeartbeat = System.nanoTime() - TimeUnit.DAYS.toNanos(1);

	private volatile boolean listening;

	ChangeFeed(DataSource dataSource, MeterRegistry meters, @Value("${cfgspace.cache.max-age:60s}") Duration maxAge) {
		// a short socket timeout: a heartbeat lost in a silent network fails
		// fast, and the listener reconnects instead of waiting half a minute
		super(dataSource, "cfgspace-change-feed",
				Map.of("socketTimeout", "5", "ApplicationName", "cfgspace-change-feed"), Duration.ofSeconds(5));
		this.maxAgeNanos = maxAge.toNanos();
		Gauge.builder("cfgspace.change.feed.listening", () -> (epoch() >= 0) ? 1 : 0)
			.description("1 while changes are heard and cached reads are used; 0 while every read goes to the database")
			.register(meters);
	}

	/** The current change epoch; negative while changes cannot be heard. */
	public long epoch() {
		if (!this.listening || System.nanoTime() - this.lastHeartbeat > TimeUnit.MILLISECONDS.toNanos(TRUST_MILLIS)) {
			return -1;
		}
		return this.epoch.get();
	}

	/**
	 * A change made by this node: takes effect here at its commit, without waiting for
	 * the notice to come back.
	 */
	public void changedHere() {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			this.epoch.incrementAndGet();
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				ChangeFeed.this.epoch.incrementAndGet();
			}
		});
	}

	/**
	 * A cache of reads that a change announced on this feed can make wrong; values are
	 * read again at the latest after {@code cfgspace.cache.max-age}, which bounds what no
	 * notice announces (tampering with the triggers switched off).
	 */
	public <K, V> NotifiedCache<K, V> cache(int maxEntries) {
		return new NotifiedCache<>(this::epoch, System::nanoTime, this.maxAgeNanos, maxEntries);
	}

	@Override
	protected void work() {
		boolean warned = false;
		while (running()) {
			try (Connection connection = connections().getConnection();
					Statement statement = connection.createStatement()) {
				connection.setAutoCommit(true);
				statement.execute("listen " + CHANNEL);
				// whatever changed while nobody listened was not heard
				this.epoch.incrementAndGet();
				if (warned) {
					logger.info("Change feed listens again; cached reads are used again");
					warned = false;
				}
				PGConnection notices = connection.unwrap(PGConnection.class);
				while (running()) {
					statement.execute("select 1");
					this.lastHeartbeat = System.nanoTime();
					this.listening = true;
					PGNotification[] heard = notices.getNotifications(HEARTBEAT_MILLIS);
					if (heard != null && heard.length > 0) {
						this.epoch.incrementAndGet();
					}
				}
			}
			catch (SQLException | RuntimeException ex) {
				this.listening = false;
				this.epoch.incrementAndGet();
				if (!warned) {
					logger.warn("Change feed lost the database (" + ex.getMessage()
							+ "); every read goes to the database until it listens again");
					warned = true;
				}
				pause();
			}
		}
		this.listening = false;
	}

	private void pause() {
		try {
			Thread.sleep(HEARTBEAT_MILLIS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
