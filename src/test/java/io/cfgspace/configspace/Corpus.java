package io.cfgspace.configspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The shared corpus of real lspci dumps, found beside the checkout. */
public final class Corpus {

	private Corpus() {
	}

	public static Path directory() {
		Path directory = Path.of(System.getProperty("cfgspace.corpus", "../shared/corpus/pci"));
		if (!Files.isDirectory(directory)) {
			throw new IllegalStateException(
					"the PCI dump corpus is missing at " + directory.toAbsolutePath() + " (set -Dcfgspace.corpus=...)");
		}
		return directory;
	}

	/** Every {@code *.lspci} file, sorted by name. */
	public static List<Path> dumps() {
		try (Stream<Path> files = Files.list(directory())) {
			return files.filter((file) -> file.getFileName().toString().endsWith(".lspci")).sorted().toList();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static Path dump(String name) {
		return directory().resolve(name + ".lspci");
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
