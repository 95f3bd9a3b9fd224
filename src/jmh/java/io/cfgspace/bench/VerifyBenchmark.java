package io.cfgspace.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.cfgspace.configspace.ConfigSpace;
import io.cfgspace.configspace.ConfigSpaceParser;
import io.cfgspace.configspace.read.Dumps;
import io.cfgspace.layout.BlockRef;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutBlock;
import io.cfgspace.layout.LayoutComposer;
import io.cfgspace.layout.Origin;
import io.cfgspace.layout.Space;
import io.cfgspace.verification.core.ComparedPin;
import io.cfgspace.verification.core.IommuSupport;
import io.cfgspace.verification.core.Quirk;
import io.cfgspace.verification.core.SideView;
import io.cfgspace.verification.core.Verdict;
import io.cfgspace.verification.core.Verifier;
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
 * Verify one device pair against its pin (target: median under 20 µs). Both physical
 * dumps are parsed beforehand, as the service holds them, and the pin's comparison is
 * worked out once, as the service keeps it; the pin hides the device's PASID and
 * synthesizes one behind the last extended capability, so every check runs: composition
 * of both sides, block and field comparison, chain order, identity, every read-only byte,
 * room, quirks and the destination IOMMU. The verdict is CONSISTENT, so nothing stops
 * early.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class VerifyBenchmark {

	private static final int PASID = 0x001B;

	/** VT-d ECAP: PASID (bit 40), 20-bit PASIDs (PSS 39:35 = 19), ERS, SRS, PRS, DT. */
	private static final long ECAP = (1L << 40) | (19L << 35) | (1L << 31) | (1L << 30) | (1L << 29) | (1L << 2)
			| 0xCBL;

	@Param({ "intel-dsa-spr-rciep", "amd-fiji-gpu" })
	public String device;

	private ComparedPin pin;

	private SideView source;

	private SideView destination;

	private List<Quirk> quirks;

	@Setup
	public void load() throws IOException {
		Path corpus = Path.of(System.getProperty("cfgspace.corpus", "corpus/pci"));
		byte[] dump = Files.readAllBytes(corpus.resolve(this.device + ".lspci"));
		// two parses: the sides share no objects, as two hosts' dumps would not
		Layout sourceLayout = parse(dump);
		Layout destinationLayout = parse(dump);
		LayoutBlock physicalPasid = sourceLayout.blocks(Space.EXTENDED)
			.stream()
			.filter((block) -> block.id() == PASID)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException(this.device + " has no PASID capability"));
		int free = sourceLayout.blocks(Space.EXTENDED).stream().mapToInt(LayoutBlock::end).max().orElseThrow();
		LayoutBlock synthesized = new LayoutBlock(Space.EXTENDED, (free + 7) & ~7, PASID, physicalPasid.version(),
				physicalPasid.length(), 0, physicalPasid.name(), Origin.SYNTHESIZED, physicalPasid.fields());
		// worked out once per pin, as the service keeps it
		this.pin = ComparedPin.of(
				LayoutComposer.compose(sourceLayout, List.of(BlockRef.of(physicalPasid)), List.of(synthesized)));
		IommuSupport iommu = IommuSupport.fromVtd(0, ECAP);
		this.source = new SideView.Physical(sourceLayout, null, null, iommu);
		this.destination = new SideView.Physical(destinationLayout, null, null, iommu);
		// a quirk for another device: looked at, never applies
		this.quirks = List.of(new Quirk(0x19A2, 0x0700, null, true, List.of(), "be2net: registers in every gap"));
		Verdict verdict = verify();
		if (!verdict.consistent()) {
			throw new IllegalStateException(this.device + " does not verify against its own pin: " + verdict);
		}
	}

	@Benchmark
	public Verdict verify() {
		return Verifier.verify(this.pin, false, this.source, this.destination, this.quirks);
	}

	private Layout parse(byte[] dump) {
		ConfigSpace configSpace = Dumps.read(dump).get(0).configSpace();
		if (configSpace.size() != ConfigSpace.EXTENDED_SIZE) {
			throw new IllegalStateException(this.device + " is not a 4096-byte dump");
		}
		return ConfigSpaceParser.parse(configSpace);
	}

}
