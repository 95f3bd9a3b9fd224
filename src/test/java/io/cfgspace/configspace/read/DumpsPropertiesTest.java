package io.cfgspace.configspace.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.LongStream;

import io.cfgspace.configspace.ConfigSpace;
import io.cfgspace.configspace.Corpus;
import io.cfgspace.configspace.DeviceDump;
import io.cfgspace.configspace.DumpFormatException;
import io.cfgspace.configspace.SeededRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever a user feeds in, reading a dump either gives devices or throws the one
 * documented exception, {@link DumpFormatException}. Each property runs over fresh seeds
 * ({@link SeededRandom}); a failure names its seed, {@code -Dcfgspace.seed=N} replays it.
 * <p>
 * Each property fails when the code it covers is broken (mutations made by hand, one run
 * each, 2026-12-07; failing seeds out of the property's tries):
 * <table>
 * <caption>property, mutation, result</caption>
 * <tr>
 * <td>randomBytesAreReadOrRefused</td>
 * <td>the size refusal of a binary dump spans two lines</td>
 * <td>257/500</td>
 * </tr>
 * <tr>
 * <td>randomTextIsReadOrRefused</td>
 * <td>base64's IllegalArgumentException is not turned into a DumpFormatException</td>
 * <td>478/500</td>
 * </tr>
 * <tr>
 * <td>damagedLspciTextIsReadOrRefused</td>
 * <td>a hex line ending in one digit is read past its end</td>
 * <td>29/500, StringIndexOutOfBounds</td>
 * </tr>
 * <tr>
 * <td>damagedHexAndBase64AreReadOrRefused</td>
 * <td>either of the two above</td>
 * <td>125/300 and 38/300</td>
 * </tr>
 * <tr>
 * <td>textIsReadAsItsBytesAre</td>
 * <td>the plain-hex fast path drops a trailing odd digit</td>
 * <td>2/500 (seed replayed alone: fails)</td>
 * </tr>
 * <tr>
 * <td>binaryDumpsOfTheSysfsSizesRoundTrip</td>
 * <td>the plain-hex fast path swaps the nibbles of a byte</td>
 * <td>200/200</td>
 * </tr>
 * </table>
 */
class DumpsPropertiesTest {

	private static final String LSPCI_ALPHABET = "0123456789abcdefABCDEFxg :.\n\r\t=+/";

	private static final String LSPCI_TEXT = new String(Corpus.bytes("intel-dsa-spr-rciep"), StandardCharsets.UTF_8);

	/** Reads the input, or refuses it the documented way; anything else fails. */
	private static void readsOrRefuses(byte[] input) {
		List<DeviceDump> devices;
		try {
			devices = Dumps.read(input);
		}
		catch (DumpFormatException ex) {
			assertThat(ex.getMessage()).isNotBlank().doesNotContain("\n");
			return;
		}
		assertThat(devices).isNotEmpty().allSatisfy((device) -> {
			assertThat(device.configSpace().size()).isBetween(ConfigSpace.HEADER_SIZE, ConfigSpace.EXTENDED_SIZE);
		});
	}

	static LongStream tries500() {
		return SeededRandom.seeds(500);
	}

	static LongStream tries300() {
		return SeededRandom.seeds(300);
	}

	static LongStream tries200() {
		return SeededRandom.seeds(200);
	}

	@ParameterizedTest(name = "seed {0}")
	@MethodSource("tries500")
	void randomBytesAreReadOrRefused(long seed) {
		byte[] input = randomBytes(SeededRandom.of(seed));
		SeededRandom.check(seed, () -> readsOrRefuses(input));
	}

	@ParameterizedTest(name = "seed {0}")
	@MethodSource("tries500")
	void randomTextIsReadOrRefused(long seed) {
		String input = SeededRandom.of(seed).text(LSPCI_ALPHABET, 3000);
		SeededRandom.check(seed, () -> readsOrRefuses(input.getBytes(StandardCharsets.UTF_8)));
	}

	@ParameterizedTest(name = "seed {0}")
	@MethodSource("tries500")
	void damagedLspciTextIsReadOrRefused(long seed) {
		String input = damagedLspciText(SeededRandom.of(seed));
		SeededRandom.check(seed, () -> readsOrRefuses(input.getBytes(StandardCharsets.UTF_8)));
	}

	@ParameterizedTest(name = "seed {0}")
	@MethodSource("tries300")
	void damagedHexAndBase64AreReadOrRefused(long seed) {
		String input = damagedEncodings(SeededRandom.of(seed));
		SeededRandom.check(seed, () -> readsOrRefuses(input.getBytes(StandardCharsets.UTF_8)));
	}

	/**
	 * The fast path for hex text reads what detection would, or leaves it to detection.
	 */
	@ParameterizedTest(name = "seed {0}")
	@MethodSource("tries500")
	void textIsReadAsItsBytesAre(long seed) {
		String input = damagedEncodings(SeededRandom.of(seed));
		SeededRandom.check(seed, () -> {
			Object fromText = outcome(() -> Dumps.read(input));
			Object fromBytes = outcome(() -> Dumps.read(input.getBytes(StandardCharsets.UTF_8)));
			assertThat(fromText).isEqualTo(fromBytes);
		});
	}

	private static Object outcome(java.util.function.Supplier<List<DeviceDump>> read) {
		try {
			return read.get()
				.stream()
				.map((device) -> HexFormat.of().formatHex(device.configSpace().toByteArray()))
				.toList();
		}
		catch (DumpFormatException ex) {
			return ex.getMessage();
		}
	}

	@ParameterizedTest(name = "seed {0}")
	@MethodSource("tries200")
	void binaryDumpsOfTheSysfsSizesRoundTrip(long seed) {
		SeededRandom random = SeededRandom.of(seed);
		byte[] bytes = random.bytes(random.oneOf(64, 128, 256, 4096));
		SeededRandom.check(seed, () -> {
			assertThat(Dumps.read(HexFormat.of().formatHex(bytes)).get(0).configSpace().toByteArray()).isEqualTo(bytes);
			assertThat(Dumps.read(Base64.getEncoder().encodeToString(bytes)).get(0).configSpace().toByteArray())
				.isEqualTo(bytes);
			assertThat(Dumps.read(LspciTextTest.hexLines(bytes)).get(0).configSpace().toByteArray()).isEqualTo(bytes);
		});
	}

	static byte[] randomBytes(SeededRandom random) {
		return random.bytes(random.chance(50) ? random.between(0, 5000) : random.oneOf(64, 128, 256, 4096));
	}

	/** The DSA corpus dump with characters deleted, inserted or replaced. */
	static String damagedLspciText(SeededRandom random) {
		List<Integer> places = random.list(1, 6, (r) -> r.between(0, LSPCI_TEXT.length()));
		List<Character> characters = random.list(6, 6, (r) -> r.oneOf("0f :.\n\r\tZ\u00b2"));
		List<Integer> kinds = random.list(6, 6, (r) -> r.between(0, 2));
		return damaged(LSPCI_TEXT, places, characters, kinds);
	}

	static String damagedEncodings(SeededRandom random) {
		byte[] bytes = random.bytes(random.oneOf(64, 128, 256, 4096, 100));
		String text = random.oneOf(HexFormat.of().formatHex(bytes), "0x" + HexFormat.of().formatHex(bytes),
				Base64.getEncoder().encodeToString(bytes), Base64.getMimeEncoder().encodeToString(bytes));
		List<Integer> places = random.list(0, 3, (r) -> r.between(0, 10_000));
		List<Character> characters = random.list(3, 3, (r) -> r.oneOf("0fZ=/+ \n-_\u000b\u001c\u00a0\uff10"));
		List<Integer> kinds = random.list(3, 3, (r) -> r.between(0, 2));
		return damaged(text, places, characters, kinds);
	}

	private static String damaged(String text, List<Integer> places, List<Character> with, List<Integer> kinds) {
		StringBuilder out = new StringBuilder(text);
		List<Integer> positions = new ArrayList<>(places);
		for (int i = 0; i < positions.size(); i++) {
			int at = positions.get(i) % (out.length() + 1);
			switch (kinds.get(i)) {
				case 0 -> out.insert(at, with.get(i).charValue());
				case 1 -> {
					if (at < out.length()) {
						out.deleteCharAt(at);
					}
				}
				default -> {
					if (at < out.length()) {
						out.setCharAt(at, with.get(i));
					}
				}
			}
		}
		return out.toString();
	}

}
