package io.cfgspace.configspace.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import io.cfgspace.configspace.ConfigSpace;
import io.cfgspace.configspace.Corpus;
import io.cfgspace.configspace.DeviceDump;
import io.cfgspace.configspace.DumpFormatException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever a user feeds in, reading a dump either gives devices or throws the one
 * documented exception, {@link DumpFormatException}.
 */
class DumpsPropertiesTest {

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

	@Property(tries = 500)
	void randomBytesAreReadOrRefused(@ForAll("randomBytes") byte[] input) {
		readsOrRefuses(input);
	}

	@Property(tries = 500)
	void randomTextIsReadOrRefused(@ForAll("lspciAlphabetText") String input) {
		readsOrRefuses(input.getBytes(StandardCharsets.UTF_8));
	}

	@Property(tries = 500)
	void damagedLspciTextIsReadOrRefused(@ForAll("damagedLspciText") String input) {
		readsOrRefuses(input.getBytes(StandardCharsets.UTF_8));
	}

	@Property(tries = 300)
	void damagedHexAndBase64AreReadOrRefused(@ForAll("damagedEncodings") String input) {
		readsOrRefuses(input.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The fast path for hex text reads what detection would, or leaves it to detection.
	 */
	@Property(tries = 500)
	void textIsReadAsItsBytesAre(@ForAll("damagedEncodings") String input) {
		Object fromText = outcome(() -> Dumps.read(input));
		Object fromBytes = outcome(() -> Dumps.read(input.getBytes(StandardCharsets.UTF_8)));
		assertThat(fromText).isEqualTo(fromBytes);
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

	@Property(tries = 200)
	void binaryDumpsOfTheSysfsSizesRoundTrip(@ForAll("sysfsDumps") byte[] bytes) {
		assertThat(Dumps.read(HexFormat.of().formatHex(bytes)).get(0).configSpace().toByteArray()).isEqualTo(bytes);
		assertThat(Dumps.read(Base64.getEncoder().encodeToString(bytes)).get(0).configSpace().toByteArray())
			.isEqualTo(bytes);
		assertThat(Dumps.read(LspciTextTest.hexLines(bytes)).get(0).configSpace().toByteArray()).isEqualTo(bytes);
	}

	@Provide
	Arbitrary<byte[]> randomBytes() {
		return Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(5000),
				Arbitraries.of(64, 128, 256, 4096)
					.flatMap((size) -> Arbitraries.bytes().array(byte[].class).ofSize(size)));
	}

	@Provide
	Arbitrary<byte[]> sysfsDumps() {
		return Arbitraries.of(64, 128, 256, 4096)
			.flatMap((size) -> Arbitraries.bytes().array(byte[].class).ofSize(size));
	}

	@Provide
	Arbitrary<String> lspciAlphabetText() {
		return Arbitraries.strings().withChars("0123456789abcdefABCDEFxg :.\n\r\t=+/").ofMaxLength(3000);
	}

	/** The DSA corpus dump with characters deleted, inserted or replaced. */
	@Provide
	Arbitrary<String> damagedLspciText() {
		Arbitrary<List<Integer>> places = Arbitraries.integers()
			.between(0, LSPCI_TEXT.length())
			.list()
			.ofMinSize(1)
			.ofMaxSize(6);
		Arbitrary<List<Character>> characters = Arbitraries.chars().with("0f :.\n\r\tZ\u00b2").list().ofSize(6);
		Arbitrary<List<Integer>> kinds = Arbitraries.integers().between(0, 2).list().ofSize(6);
		return Combinators.combine(places, characters, kinds)
			.as((at, with, kind) -> damaged(LSPCI_TEXT, at, with, kind));
	}

	@Provide
	Arbitrary<String> damagedEncodings() {
		Arbitrary<String> encoded = Arbitraries.of(64, 128, 256, 4096, 100)
			.flatMap((size) -> Arbitraries.bytes().array(byte[].class).ofSize(size))
			.flatMap((bytes) -> Arbitraries.of(HexFormat.of().formatHex(bytes), "0x" + HexFormat.of().formatHex(bytes),
					Base64.getEncoder().encodeToString(bytes), Base64.getMimeEncoder().encodeToString(bytes)));
		Arbitrary<List<Integer>> places = Arbitraries.integers().between(0, 10_000).list().ofMaxSize(3);
		Arbitrary<List<Character>> characters = Arbitraries.chars()
			.with("0fZ=/+ \n-_\u000b\u001c\u00a0\uff10")
			.list()
			.ofSize(3);
		Arbitrary<List<Integer>> kinds = Arbitraries.integers().between(0, 2).list().ofSize(3);
		return Combinators.combine(encoded, places, characters, kinds)
			.as((text, at, with, kind) -> damaged(text, at, with, kind));
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
