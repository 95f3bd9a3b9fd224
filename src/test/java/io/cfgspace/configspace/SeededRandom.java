package io.cfgspace.configspace;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.LongStream;

import org.junit.jupiter.api.function.Executable;

/**
 * Random inputs for property tests, each drawn from one seed so that a failure can be
 * replayed exactly: a property is a {@code @ParameterizedTest} over {@link #seeds(int)},
 * its body runs in {@link #check(long, Executable)}, which names the seed in the failure.
 * <p>
 * Every run draws fresh seeds (a fixed list would test the same inputs forever);
 * {@code -Dcfgspace.seed=N} runs seed N alone, {@code -Dcfgspace.seeds=BASE} replays a
 * whole run. There is no shrinking: inputs are small enough to read, and the seed
 * reproduces them byte for byte.
 */
public final class SeededRandom {

	private static final long RUN = runSeed();

	/** Values the parser and readers treat specially; drawn more often than chance. */
	private static final byte[] EDGE_BYTES = { 0x00, (byte) 0xFF, 0x01, 0x7F, (byte) 0x80 };

	private final Random random;

	private SeededRandom(long seed) {
		this.random = new Random(seed);
	}

	public static SeededRandom of(long seed) {
		return new SeededRandom(seed);
	}

	private static long runSeed() {
		String base = System.getProperty("cfgspace.seeds");
		return (base != null) ? Long.parseLong(base) : new SplittableRandom().nextLong();
	}

	/**
	 * The seeds of one property: {@code tries} of them, or only the one given with
	 * {@code -Dcfgspace.seed=N}.
	 */
	public static LongStream seeds(int tries) {
		String one = System.getProperty("cfgspace.seed");
		if (one != null && !one.isBlank()) {
			return LongStream.of(Long.parseLong(one.strip()));
		}
		SplittableRandom run = new SplittableRandom(RUN);
		return LongStream.generate(run::nextLong).limit(tries);
	}

	/**
	 * Runs a property for one seed; whatever it throws comes back as a failure that says
	 * how to replay the seed.
	 */
	public static void check(long seed, Executable property) {
		try {
			property.execute();
		}
		catch (Throwable ex) {
			throw new AssertionError("seed " + seed + " (replay with -Dcfgspace.seed=" + seed + "): " + ex, ex);
		}
	}

	public int between(int min, int max) {
		return this.random.nextInt(min, max + 1);
	}

	public long between(long min, long max) {
		return this.random.nextLong(min, max + 1);
	}

	public boolean chance(int percent) {
		return this.random.nextInt(100) < percent;
	}

	@SafeVarargs
	public final <T> T oneOf(T... choices) {
		return choices[this.random.nextInt(choices.length)];
	}

	public <T> T oneOf(List<T> choices) {
		return choices.get(this.random.nextInt(choices.size()));
	}

	public char oneOf(String characters) {
		return characters.charAt(this.random.nextInt(characters.length()));
	}

	/**
	 * {@code size} random bytes; one array in eight is filled from the edge values
	 * instead.
	 */
	public byte[] bytes(int size) {
		byte[] bytes = new byte[size];
		if (chance(12)) {
			for (int i = 0; i < size; i++) {
				bytes[i] = EDGE_BYTES[this.random.nextInt(EDGE_BYTES.length)];
			}
		}
		else {
			this.random.nextBytes(bytes);
		}
		return bytes;
	}

	public String text(String alphabet, int maxLength) {
		StringBuilder text = new StringBuilder();
		int length = between(0, maxLength);
		for (int i = 0; i < length; i++) {
			text.append(oneOf(alphabet));
		}
		return text.toString();
	}

	public <T> List<T> list(int minSize, int maxSize, Function<SeededRandom, T> element) {
		int size = between(minSize, maxSize);
		List<T> list = new ArrayList<>(size);
		for (int i = 0; i < size; i++) {
			list.add(element.apply(this));
		}
		return list;
	}

}
