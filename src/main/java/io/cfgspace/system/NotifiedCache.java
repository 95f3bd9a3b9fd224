package io.cfgspace.system;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Values read from the database, kept while nothing they depend on has changed: each is
 * stamped with the change epoch seen before it was read, and is used again only while the
 * epoch is the same and the value is younger than the maximum age. A negative epoch means
 * changes cannot be heard right now, and every read goes to the database.
 */
public final class NotifiedCache<K, V> {

	private final LongSupplier epochs;

	private final LongSupplier nanoClock;

	private final long maxAgeNanos;

	private final int maxEntries;

	private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();

	public NotifiedCache(LongSupplier epochs, LongSupplier nanoClock, long maxAgeNanos, int maxEntries) {
		this.epochs = epochs;
		this.nanoClock = nanoClock;
		this.maxAgeNanos = maxAgeNanos;
		this.maxEntries = maxEntries;
	}

	/** The kept value, or the loaded one (kept when changes can be heard). */
	public V get(K key, Function<? super K, ? extends V> load) {
		// read before loading: a change committed after the load bumps the epoch, so the
		// value stamped here is never used past it, however late the notice arrives
		long epoch = this.epochs.getAsLong();
		long now = this.nanoClock.getAsLong();
		if (epoch >= 0) {
			Entry<V> kept = this.entries.get(key);
			if (kept != null && kept.epoch == epoch && now - kept.readAt < this.maxAgeNanos) {
				return kept.value;
			}
		}
		V value = load.apply(key);
		if (epoch >= 0) {
			if (this.entries.size() >= this.maxEntries) {
				this.entries.clear();
			}
			this.entries.put(key, new Entry<>(value, epoch, now));
		}
		return value;
	}

	private record Entry<V>(V value, long epoch, long readAt) {

	}

}
