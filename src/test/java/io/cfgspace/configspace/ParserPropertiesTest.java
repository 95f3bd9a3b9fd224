package io.cfgspace.configspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.cfgspace.configspace.read.Dumps;
import io.cfgspace.layout.Json;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutBlock;
import io.cfgspace.layout.LayoutDocument;
import io.cfgspace.layout.Space;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * What holds for any bytes at all: parsing never throws, every chain walk ends, and a
 * layout survives its document unchanged. Inputs are random dumps, random dumps with
 * linked (and often looping or overlapping) chains planted in them, and real corpus dumps
 * with bytes of their capabilities flipped.
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

	@Property(tries = 500)
	void parsingRandomBytesNeverThrows(@ForAll("randomDumps") byte[] bytes) {
		Layout layout = ConfigSpaceParser.parse(ConfigSpace.of(bytes));

		assertThat(layout.coverage().bytes()).isEqualTo(bytes.length);
	}

	@Property(tries = 500)
	void parsingLinkedChainsNeverThrows(@ForAll("linkedChains") byte[] bytes) {
		Layout layout = ConfigSpaceParser.parse(ConfigSpace.of(bytes));

		assertThat(layout.coverage().bytes()).isEqualTo(bytes.length);
	}

	@Property(tries = 500)
	void parsingMutatedCorpusDumpsNeverThrows(@ForAll("mutatedCorpus") byte[] bytes) {
		Layout layout = ConfigSpaceParser.parse(ConfigSpace.of(bytes));

		assertThat(layout.coverage().bytes()).isEqualTo(bytes.length);
	}

	@Property(tries = 300)
	void everyChainWalkEndsAndVisitsEachOffsetOnce(@ForAll("anyDump") byte[] bytes) {
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
	}

	@Property(tries = 500)
	void aParsedLayoutSurvivesItsDocument(@ForAll("anyDump") byte[] bytes) {
		Layout layout = ConfigSpaceParser.parse(ConfigSpace.of(bytes));

		String document = LayoutDocument.write(layout);
		Layout read = LayoutDocument.read(document);

		assertThat(read).isEqualTo(layout);
		assertThat(read.fingerprint()).isEqualTo(layout.fingerprint());
		assertThat(LayoutDocument.write(read)).isEqualTo(document);
	}

	@Property(tries = 300)
	void theDocumentIsTheCanonicalFormOfItsJson(@ForAll("anyDump") byte[] bytes) {
		Layout layout = ConfigSpaceParser.parse(ConfigSpace.of(bytes));

		assertThat(LayoutDocument.write(layout)).isEqualTo(Json.canonical(LayoutDocument.toJson(layout)));
	}

	@Provide
	Arbitrary<byte[]> anyDump() {
		return Arbitraries.oneOf(randomDumps(), linkedChains(), mutatedCorpus());
	}

	@Provide
	Arbitrary<byte[]> randomDumps() {
		return Arbitraries.of(64, 256, 4096).flatMap((size) -> Arbitraries.bytes().array(byte[].class).ofSize(size));
	}

	/**
	 * Random bytes with a PCI Express capability at the head of a standard chain and an
	 * extended chain from 0x100, at random dword offsets: chains overlap, loop and point
	 * anywhere. IDs lean to those with length rules and decoders, and the first registers
	 * of each capability to values those rules treat specially (small lengths, all-ones).
	 */
	@Provide
	Arbitrary<byte[]> linkedChains() {
		Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofSize(4096);
		Arbitrary<List<Integer>> standardIds = Arbitraries
			.oneOf(Arbitraries.integers().between(0x00, 0x16), Arbitraries.of(0xFF))
			.list()
			.ofMaxSize(12);
		Arbitrary<List<Integer>> standardSlots = Arbitraries.integers().between(0x40 / 4, 0xFC / 4).list().ofSize(13);
		Arbitrary<List<Integer>> extendedIds = Arbitraries
			.oneOf(Arbitraries.of(0x00, 0x01, 0x02, 0x0B, 0x0D, 0x0F, 0x10, 0x13, 0x15, 0x16, 0x17, 0x1B, 0x1D, 0x23,
					0x24, 0x26), Arbitraries.integers().between(0x0000, 0x003B),
					Arbitraries.integers().between(0, 0xFFFF))
			.list()
			.ofMaxSize(16);
		Arbitrary<List<Integer>> extendedSlots = Arbitraries.integers().between(0x100 / 4, 0xFFC / 4).list().ofSize(16);
		Arbitrary<List<Long>> registers = Arbitraries
			.oneOf(Arbitraries.longs().between(0, 0xFFFF_FFFFL),
					Arbitraries.integers().between(0, 0x20).map((length) -> ((long) length << 20) | 0x1E98),
					Arbitraries.of(0L, 0xFFFF_FFFFL, 0x0000_0020L, 0x07FF_0200L, 0x0000_00E0L, 0x0000_2F20L))
			.list()
			.ofSize(16);
		Arbitrary<Integer> size = Arbitraries.of(256, 0x180, 4096, 4096, 4096);
		return Combinators.combine(noise, standardIds, standardSlots, extendedIds, extendedSlots, registers, size)
			.as(ParserPropertiesTest::linked);
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
	@Provide
	Arbitrary<byte[]> mutatedCorpus() {
		Arbitrary<ConfigSpace> device = Arbitraries.of(CORPUS);
		Arbitrary<List<Integer>> positions = Arbitraries.integers()
			.between(0, Integer.MAX_VALUE)
			.list()
			.ofMinSize(1)
			.ofMaxSize(8);
		Arbitrary<List<Integer>> values = Arbitraries
			.oneOf(Arbitraries.integers().between(0, 0xFF), Arbitraries.of(0x00, 0xFF, 0x10, 0x40, 0x01))
			.list()
			.ofSize(8);
		return Combinators.combine(device, positions, values).as(ParserPropertiesTest::mutated);
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
