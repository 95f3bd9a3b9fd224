package io.cfgspace.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class NotifiedCacheTest {

	private final AtomicLong epoch = new AtomicLong();

	private final AtomicLong now = new AtomicLong();

	private final AtomicInteger reads = new AtomicInteger();

	private final NotifiedCache<String, Integer> cache = new NotifiedCache<>(this.epoch::get, this.now::get, 100, 2);

	@Test
	void keepsAReadWhileNothingChanged() {
		assertThat(read("a")).isEqualTo(1);
		this.now.addAndGet(99);
		assertThat(read("a")).isEqualTo(1);
		assertThat(this.reads).hasValue(1);
	}

	@Test
	void readsAgainAfterAChange() {
		read("a");
		this.epoch.incrementAndGet();
		assertThat(read("a")).isEqualTo(2);
		assertThat(read("a")).isEqualTo(2);
	}

	@Test
	void readsAgainAtTheMaximumAge() {
		read("a");
		this.now.addAndGet(100);
		assertThat(read("a")).isEqualTo(2);
	}

	@Test
	void aChangeDuringTheReadOutlivesNothingReadBeforeIt() {
		// the change commits while the value is being read: the notice may come before
		// or after the value is stored, and the stored value must not survive either way
		assertThat(this.cache.get("a", (key) -> {
			this.epoch.incrementAndGet();
			return this.reads.incrementAndGet();
		})).isEqualTo(1);
		assertThat(read("a")).isEqualTo(2);
	}

	@Test
	void keepsNothingWhileChangesCannotBeHeard() {
		this.epoch.set(-1);
		read("a");
		read("a");
		assertThat(this.reads).hasValue(2);
		this.epoch.set(5);
		read("a");
		assertThat(read("a")).isEqualTo(3);
	}

	@Test
	void aFullCacheKeepsNoMoreThanItsSize() {
		for (String key : List.of("a", "b", "c")) {
			read(key);
		}
		for (String key : List.of("a", "b", "c")) {
			read(key);
		}
		// two of three values at most were kept: at least one of the second reads loaded
		assertThat(this.reads.get()).isGreaterThan(3);
	}

	@Test
	void aFailedReadIsNotKept() {
		try {
			this.cache.get("a", (key) -> {
				throw new IllegalStateException("not found");
			});
		}
		catch (IllegalStateException expected) {
		}
		assertThat(read("a")).isEqualTo(1);
	}

	private int read(String key) {
		return this.cache.get(key, (k) -> this.reads.incrementAndGet());
	}

}
