package io.cfgspace.configspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import io.cfgspace.configspace.read.Dumps;

/**
 * The corpus of real lspci dumps in the repository ({@code corpus/pci}, sources and
 * licences in its SOURCES.md).
 */
public final class Corpus {

	private Corpus() {
	}

	public static Path directory() {
		Path directory = Path.of(System.getProperty("cfgspace.corpus", "corpus/pci"));
		if (!Files.isDirectory(directory)) {
			throw new IllegalStateException(
					"the PCI dump corpus is missing at " + directory.toAbsolutePath() + " (set -Dcfgspace.corpus=...)");
		}
		return directory;
	}

	/** Every {@code *.lspci} file, sorted by name. */
	public static List<Path> dumps() {
		return dumps(directory());
	}

	/**
	 * The dumps of a wider corpus given with {@code -Dcfgspace.shared-corpus=DIR} (CI
	 * gives {@code ../shared/corpus/pci}), none when not given; a directory given but
	 * missing fails, so that CI cannot lose it unnoticed.
	 */
	public static List<Path> sharedDumps() {
		String given = System.getProperty("cfgspace.shared-corpus", "");
		if (given.isBlank()) {
			return List.of();
		}
		Path directory = Path.of(given);
		if (!Files.isDirectory(directory)) {
			throw new IllegalStateException("the shared PCI dump corpus is missing at " + directory.toAbsolutePath()
					+ " (given with -Dcfgspace.shared-corpus)");
		}
		return dumps(directory);
	}

	private static List<Path> dumps(Path directory) {
		try (Stream<Path> files = Files.list(directory)) {
			return files.filter((file) -> file.getFileName().toString().endsWith(".lspci")).sorted().toList();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static Path dump(String name) {
		return directory().resolve(name + ".lspci");
	}

	/**
	 * {@code NAME.lspci-vvv}: the verbose text lspci printed for the device, when kept.
	 */
	public static Path verboseText(String name) {
		return directory().resolve(name + ".lspci-vvv");
	}

	/**
	 * What {@code lspci -vvvxxxx} printed for a device: its verbose text, which starts
	 * with the device line, then the dump's hex lines.
	 */
	public static String printedVerbose(String name) {
		try {
			List<String> verbose = Files.readAllLines(verboseText(name));
			List<String> dump = Files.readAllLines(dump(name));
			if (!verbose.get(0).equals(dump.get(0))) {
				throw new IllegalStateException(name + ": the verbose text is of another device line");
			}
			return String.join("\n", verbose) + "\n" + String.join("\n", dump.subList(1, dump.size())) + "\n";
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The first device of a corpus dump as hex, under another vendor and device ID: a
	 * real layout under an identity no other test uses.
	 */
	public static String hexAs(String name, int vendorId, int deviceId) {
		byte[] config = Dumps.read(bytes(name)).get(0).configSpace().toByteArray();
		config[0] = (byte) vendorId;
		config[1] = (byte) (vendorId >> 8);
		config[2] = (byte) deviceId;
		config[3] = (byte) (deviceId >> 8);
		return HexFormat.of().formatHex(config);
	}

	public static byte[] bytes(String name) {
		try {
			return Files.readAllBytes(dump(name));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
