package io.cfgspace.system;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.LongSupplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Values read from the database, kept while nothing they depend on has changed: each is
 * stamped with the change epoch seen before it was read, and is used again only while the
 * epoch is the same and the value is younger than the maximum age. A negative epoch means
 * changes cannot be heard right now, and every read goes to the database. Size and age
 * bounds are Caffeine's; the epoch rule is this class's own, as no cache library knows
 * when a value read before a commit became wrong.
 */
public final class NotifiedCache<K, V> {

	private final LongSupplier epochs;

	private final Cache<K, Entry<V>> entries;

	public NotifiedCache(LongSupplier epochs, LongSupplier nanoClock, long maxAgeNanos, int maxEntries) {
		this.epochs = epochs;
		// evictions run on the calling thread: a full cache is bounded at once, with no
		// pool thread behind it
		this.entries = Caffeine.newBuilder()
			.maximumSize(maxEntries)
			.expireAfterWrite(Duration.ofNanos(maxAgeNanos))
			.ticker(nanoClock::getAsLong)
			.executor(Runnable::run)
			.build();
	}

	/** The kept value, or the loaded one (kept when changes can be heard). */
	public V get(K key, Function<? super K, ? extends V> load) {
		// read before loading: a change committed after the load bumps the epoch, so the
		// value stamped here is never used past it, however late the notice arrives
		long epoch = this.epochs.getAsLong();
		if (epoch >= 0) {
			Entry<V> kept = this.entries.getIfPresent(key);
			if (kept != null && kept.epoch == epoch) {
				return kept.value;
			}
		}
		V value = load.apply(key);
		if (epoch >= 0) {
			this.entries.put(key, new Entry<>(value, epoch));
		}
		return value;
	}

	private record Entry<V>(V value, long epoch) {

	}

}
