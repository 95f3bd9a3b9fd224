package io.cfgspace.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.cfgspace.configspace.ConfigSpace;
import io.cfgspace.configspace.ConfigSpaceParser;
import io.cfgspace.configspace.read.Dumps;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutDocument;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parse + decode + canonicalize one 4096-byte config space (target: median under 2 µs).
 * {@code parse} walks both chains and decodes every capability;
 * {@code parseAndCanonicalize} adds the canonical text of the layout (what the fingerprint
 * hashes); {@code parseAndCanonicalDocument} the whole canonical {@code cfgspace-layout/1}
 * document with its fingerprint; {@code fingerprint} is the SHA-256 of a parsed layout.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ParseBenchmark {

	@Param({ "intel-dsa-spr-rciep", "samsung-pm174x-nvme-pf" })
	public String device;

	private ConfigSpace configSpace;

	private Layout layout;

	@Setup
	public void load() throws IOException {
		Path corpus = Path.of(System.getProperty("cfgspace.corpus", "corpus/pci"));
		this.configSpace = Dumps.read(Files.readAllBytes(corpus.resolve(this.device + ".lspci")))
			.get(0)
			.configSpace();
		if (this.configSpace.size() != ConfigSpace.EXTENDED_SIZE) {
			throw new IllegalStateException(this.device + " is not a 4096-byte dump");
		}
		this.layout = ConfigSpaceParser.parse(this.configSpace);
	}

	@Benchmark
	public Layout parse() {
		return ConfigSpaceParser.parse(this.configSpace);
	}

	@Benchmark
	public String parseAndCanonicalize() {
		return LayoutDocument.canonicalContent(ConfigSpaceParser.parse(this.configSpace));
	}

	@Benchmark
	public String parseAndCanonicalDocument() {
		return LayoutDocument.write(ConfigSpaceParser.parse(this.configSpace));
	}

	@Benchmark
	public String fingerprint() {
		return this.layout.fingerprint();
	}

}
