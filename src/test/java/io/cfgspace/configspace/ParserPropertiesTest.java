package io.cfgspace.configspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;

import io.cfgspace.configspace.read.Dumps;
import io.cfgspace.layout.Json;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutBlock;
import io.cfgspace.layout.LayoutDocument;
import io.cfgspace.layout.Space;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What holds for any bytes at all: parsing never throws, every chain walk ends, and a
 * layout survives its document unchanged. Inputs are random dumps, random dumps with
 * linked (and often looping or overlapping) chains planted in them, and real corpus dumps
 * with bytes of their capabilities flipped. Each property runs over fresh seeds
 * ({@link SeededRandom}); a failure names its seed, {@code -Dcfgspace.seed=N} replays it.
 * <p>
 * Each property fails when the code it covers is broken (mutations made by hand, one run
 * of 500/300 seeds each, 2026-12-07; failing seeds out of the property's tries):
 * <table>
 * <caption>property, mutation, result</caption>
 * <tr>
 * <td>parsingRandomBytesNeverThrows</td>
 * <td>the standard walk ignores that a dump has fewer than 256 bytes</td>
 * <td>56/500, ArrayIndexOutOfBounds</td>
 * </tr>
 * <tr>
 * <td>parsingLinkedChainsNeverThrows</td>
 * <td>the extended walk no longer checks that the next header is inside the dump</td>
 * <td>72/500, ArrayIndexOutOfBounds</td>
 * </tr>
 * <tr>
 * <td>parsingMutatedCorpusDumpsNeverThrows</td>
 * <td>a standard next pointer keeps its reserved low bits (mask 0xFF for 0xFC)</td>
 * <td>3/500, ArrayIndexOutOfBounds</td>
 * </tr>
 * <tr>
 * <td>everyChainWalkEndsAndVisitsEachOffsetOnce</td>
 * <td>the extended walk follows a pointer into 0x00..0xFF</td>
 * <td>3/300, offset outside its space</td>
 * </tr>
 * <tr>
 * <td>aParsedLayoutSurvivesItsDocument</td>
 * <td>the reader keeps 3 bits of an extended version</td>
 * <td>102/500, fingerprint mismatch</td>
 * </tr>
 * <tr>
 * <td>theDocumentIsTheCanonicalFormOfItsJson</td>
 * <td>the writer puts subsystemVendorId before subsystemId</td>
 * <td>114/300, documents differ</td>
 * </tr>
 * </table>
 */
class ParserPropertiesTest {

	private static final List<ConfigSpace> CORPUS = corpus();

	private static List<ConfigSpace> corpus() {
		List<ConfigSpace> spaces = new ArrayList<>();
		for (var file : Corpus.dumps()) {
			Dumps.read(Corpus.bytes(file.getFileName().toString().replaceFirst("\\.lspci$", "")))
				.forEach((device) -> spaces.add(device.configSpace()));
		}
		return List.copyOf(spaces);
	}

	static LongStream tries500() {
		return SeededRandom.seeds(500);
	}

	static LongStream tries300() {
		return SeededRandom.seeds(300);
	}

	@ParameterizedTest(name = "seed {0}")
	@MethodSource("tries500")
	void parsingRandomBytesNeverThrows(long seed) {
		byte[] bytes = randomDump(SeededRandom.of(seed));
		SeededRandom.check(seed, () -> {
			Layout layout = ConfigSpaceParser.parse(ConfigSpace.of(bytes));

			assertThat(layout.coverage().bytes()).isEqualTo(bytes.length);
		});
	}

	@ParameterizedTest(name = "seed {0}")
	@MethodSource("tries500")
	void parsingLinkedChainsNeverThrows(long seed) {
		byte[] bytes = linkedChains(SeededRandom.of(seed));
		SeededRandom.check(seed, () -> {
			Layout layout = ConfigSpaceParser.parse(ConfigSpace.of(bytes));

			assertThat(layout.coverage().bytes()).isEqualTo(bytes.length);
		});
	}

	@ParameterizedTest(name = "seed {0}")
	@MethodSource("tries500")
	void parsingMutatedCorpusDumpsNeverThrows(long seed) {
		SeededRandom.check(seed, () -> {
			byte[] bytes = mutatedCorpus(SeededRandom.of(seed));
			Layout layout = ConfigSpaceParser.parse(ConfigSpace.of(bytes));

			assertThat(layout.coverage().bytes()).isEqualTo(bytes.length);
		});
	}

	@ParameterizedTest(name = "seed {0}")
	@MethodSource("tries300")
	void everyChainWalkEndsAndVisitsEachOffsetOnce(long seed) {
		SeededRandom.check(seed, () -> {
			byte[] bytes = anyDump(SeededRandom.of(seed));
			Layout layout = assertTimeoutPreemptively(Duration.ofSeconds(10),
					() -> ConfigSpaceParser.parse(ConfigSpace.of(bytes)));

			for (Space space : Space.values()) {
				List<LayoutBlock> blocks = layout.blocks(space);
				Set<Integer> offsets = new HashSet<>();
				for (LayoutBlock block : blocks) {
					assertThat(offsets.add(block.offset())).as("%s offset 0x%x visited once", space, block.offset())
						.isTrue();
					assertThat(space.contains(block.offset())).isTrue();
					assertThat(block.offset() % 4).isZero();
				}
				assertThat(blocks.size()).isLessThanOrEqualTo((space.end() - space.start()) / 4);
			}
		});
	}

	@ParameterizedTest(name = "seed {0}")
	@MethodSource("tries500")
	void aParsedLayoutSurvivesItsDocument(long seed) {
		SeededRandom.check(seed, () -> {
			Layout layout = ConfigSpaceParser.parse(ConfigSpace.of(anyDump(SeededRandom.of(seed))));

			String document = LayoutDocument.write(layout);
			Layout read = LayoutDocument.read(document);

			assertThat(read).isEqualTo(layout);
			assertThat(read.fingerprint()).isEqualTo(layout.fingerprint());
			assertThat(LayoutDocument.write(read)).isEqualTo(document);
		});
	}

	@ParameterizedTest(name = "seed {0}")
	@MethodSource("tries300")
	void theDocumentIsTheCanonicalFormOfItsJson(long seed) {
		SeededRandom.check(seed, () -> {
			Layout layout = ConfigSpaceParser.parse(ConfigSpace.of(anyDump(SeededRandom.of(seed))));

			assertThat(LayoutDocument.write(layout)).isEqualTo(Json.canonical(LayoutDocument.toJson(layout)));
		});
	}

	static byte[] anyDump(SeededRandom random) {
		return switch (random.between(0, 2)) {
			case 0 -> randomDump(random);
			case 1 -> linkedChains(random);
			default -> mutatedCorpus(random);
		};
	}

	static byte[] randomDump(SeededRandom random) {
		return random.bytes(random.oneOf(64, 256, 4096));
	}

	/**
	 * Random bytes with a PCI Express capability at the head of a standard chain and an
	 * extended chain from 0x100, at random dword offsets: chains overlap, loop and point
	 * anywhere. IDs lean to those with length rules and decoders, and the first registers
	 * of each capability to values those rules treat specially (small lengths, all-ones).
	 */
	static byte[] linkedChains(SeededRandom random) {
		byte[] noise = random.bytes(4096);
		List<Integer> standardIds = random.list(0, 12,
				(r) -> r.chance(50) ? r.between(0x00, 0x16) : Integer.valueOf(0xFF));
		List<Integer> standardSlots = random.list(13, 13, (r) -> r.between(0x40 / 4, 0xFC / 4));
		List<Integer> extendedIds = random.list(0, 16, (r) -> switch (r.between(0, 2)) {
			case 0 ->
				r.oneOf(0x00, 0x01, 0x02, 0x0B, 0x0D, 0x0F, 0x10, 0x13, 0x15, 0x16, 0x17, 0x1B, 0x1D, 0x23, 0x24, 0x26);
			case 1 -> r.between(0x0000, 0x003B);
			default -> r.between(0, 0xFFFF);
		});
		List<Integer> extendedSlots = random.list(16, 16, (r) -> r.between(0x100 / 4, 0xFFC / 4));
		List<Long> registers = random.list(16, 16, (r) -> switch (r.between(0, 2)) {
			case 0 -> r.between(0L, 0xFFFF_FFFFL);
			case 1 -> ((long) r.between(0, 0x20) << 20) | 0x1E98;
			default -> r.oneOf(0L, 0xFFFF_FFFFL, 0x0000_0020L, 0x07FF_0200L, 0x0000_00E0L, 0x0000_2F20L);
		});
		int size = random.oneOf(256, 0x180, 4096, 4096, 4096);
		return linked(noise, standardIds, standardSlots, extendedIds, extendedSlots, registers, size);
	}

	private static byte[] linked(byte[] noise, List<Integer> standardIds, List<Integer> standardSlots,
			List<Integer> extendedIds, List<Integer> extendedSlots, List<Long> registers, int size) {
		byte[] bytes = noise.clone();
		bytes[0x06] |= 0x10;
		bytes[0x0E] &= (byte) 0x83;
		List<Integer> ids = new ArrayList<>(standardIds);
		ids.add(0, 0x10);
		int head = ((bytes[0x0E] & 0x7F) == 2) ? 0x14 : 0x34;
		bytes[head] = (byte) (standardSlots.get(0) * 4);
		for (int i = 0; i < ids.size(); i++) {
			int at = standardSlots.get(i) * 4;
			int next = (i + 1 < ids.size()) ? standardSlots.get(i + 1) * 4 : 0;
			bytes[at] = (byte) (int) ids.get(i);
			bytes[at + 1] = (byte) next;
			if (at + 4 <= 0x100 && i > 0) {
				putDword(bytes, at, (registers.get(i) << 16) | (bytes[at] & 0xFF) | ((long) next << 8));
			}
		}
		for (int i = 0; i < extendedIds.size(); i++) {
			int at = (i == 0) ? 0x100 : extendedSlots.get(i) * 4;
			int next = (i + 1 < extendedIds.size()) ? extendedSlots.get(i + 1) * 4 : 0;
			if (at + 8 <= 0x1000) {
				putDword(bytes, at + 4, registers.get(i));
			}
			putDword(bytes, at, extendedIds.get(i) | ((bytes[at + 2] & 0xFL) << 16) | ((long) next << 20));
		}
		return Arrays.copyOf(bytes, size);
	}

	private static void putDword(byte[] bytes, int at, long value) {
		for (int b = 0; b < 4; b++) {
			bytes[at + b] = (byte) (value >>> (8 * b));
		}
	}

	/** A real dump with bytes of its capability chains and registers changed. */
	static byte[] mutatedCorpus(SeededRandom random) {
		ConfigSpace device = random.oneOf(CORPUS);
		List<Integer> positions = random.list(1, 8, (r) -> r.between(0, Integer.MAX_VALUE - 1));
		List<Integer> values = random.list(8, 8,
				(r) -> r.chance(50) ? r.between(0, 0xFF) : Integer.valueOf(r.oneOf(0x00, 0xFF, 0x10, 0x40, 0x01)));
		return mutated(device, positions, values);
	}

	private static byte[] mutated(ConfigSpace device, List<Integer> positions, List<Integer> values) {
		byte[] bytes = device.toByteArray();
		List<LayoutBlock> blocks = ConfigSpaceParser.parse(device).blocks();
		for (int i = 0; i < positions.size(); i++) {
			int position = positions.get(i);
			int at;
			if (blocks.isEmpty() || position % 5 == 0) {
				// the capabilities pointer, the status register or anywhere past the
				// header
				int[] places = { 0x34, 0x06, 0x0E, 0x40 + position % Math.max(1, bytes.length - 0x40) };
				at = places[(position / 5) % places.length];
			}
			else {
				LayoutBlock block = blocks.get(position % blocks.size());
				at = block.offset() + (position / blocks.size()) % Math.max(1, Math.min(block.length(), 16));
			}
			if (at < bytes.length) {
				bytes[at] = (byte) (int) values.get(i);
			}
		}
		return bytes;
	}

}
