package io.cfgspace.configspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.cfgspace.configspace.read.Dumps;
import io.cfgspace.layout.LayoutBlock;
import io.cfgspace.layout.Space;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The parser against the oracle: for every device of every corpus dump, the capabilities
 * {@code lspci -F FILE -vvv} prints (offset, extended version, name) equal the blocks the
 * parser reports, in chain order. pciutils must be installed; without lspci this fails.
 * It reads the repository's corpus and, when given ({@code -Dcfgspace.shared-corpus}), a
 * wider one whose dumps cannot be redistributed.
 */
class LspciDifferentialTest {

	private static final Pattern CAPABILITY = Pattern
		.compile("^\\s+Capabilities: \\[([0-9a-f]+)(?: v(\\d+))?\\] (.*)$");

	static Stream<Path> dumps() {
		return Stream.concat(Corpus.dumps().stream(), Corpus.sharedDumps().stream());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("dumps")
	void agreesWithLspci(Path dump) throws Exception {
		Map<String, List<String>> expected = lspci(dump);
		List<DeviceDump> devices = Dumps.read(Files.readAllBytes(dump));
		assertThat(devices).as("devices in %s", dump).hasSize(expected.size());
		for (DeviceDump device : devices) {
			String address = normalized(device.address());
			assertThat(expected).as("lspci's devices in %s", dump.getFileName()).containsKey(address);
			List<String> lspciCapabilities = expected.get(address);
			List<LayoutBlock> blocks = ConfigSpaceParser.parse(device.configSpace()).blocks();
			List<String> ours = new ArrayList<>();
			for (int j = 0; j < blocks.size(); j++) {
				LayoutBlock block = blocks.get(j);
				String line = (j < lspciCapabilities.size()) ? lspciCapabilities.get(j) : "";
				String text = line.substring(line.indexOf("] ") + 2);
				// lspci's line starts with our name; the rest is its decoded detail
				ours.add(position(block) + " " + (text.startsWith(block.name()) ? text : block.name()));
			}
			assertThat(ours).as("device %s of %s", address, dump.getFileName())
				.containsExactlyElementsOf(lspciCapabilities);
		}
	}

	private static String position(LayoutBlock block) {
		return (block.space() == Space.STANDARD) ? String.format("[%02x]", block.offset())
				: String.format("[%03x v%d]", block.offset(), block.version());
	}

	private static String normalized(String address) {
		return address.toLowerCase(Locale.ROOT).replaceFirst("^0000:", "");
	}

	/**
	 * The capability lines lspci prints, per device; lines such as "<chain looped>" are
	 * not capabilities.
	 */
	static Map<String, List<String>> lspci(Path dump) throws IOException, InterruptedException {
		Process process = new ProcessBuilder("lspci", "-F", dump.toString(), "-vvv")
			.redirectError(ProcessBuilder.Redirect.DISCARD)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as("lspci exit code for %s", dump).isZero();
		Map<String, List<String>> devices = new LinkedHashMap<>();
		List<String> current = null;
		for (String line : output.split("\n")) {
			if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0))) {
				current = new ArrayList<>();
				devices.put(normalized(line.substring(0, line.indexOf(' '))), current);
				continue;
			}
			Matcher matcher = CAPABILITY.matcher(line);
			if (matcher.matches() && !matcher.group(3).startsWith("<")) {
				String position = (matcher.group(2) != null) ? "[" + matcher.group(1) + " v" + matcher.group(2) + "]"
						: "[" + matcher.group(1) + "]";
				current.add(position + " " + matcher.group(3));
			}
		}
		return devices;
	}

}
