package io.cfgspace.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutBlock;
import io.cfgspace.layout.Space;
import io.cfgspace.planning.Variants;
import io.cfgspace.planning.core.CapabilityRef;
import io.cfgspace.planning.core.Plan;
import io.cfgspace.planning.core.Planner;
import io.cfgspace.planning.core.SynthesisRequest;
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
 * Plans PASID, PRI and ATS for 8 variants of one device model, each a parsed 4096-byte
 * config space (target: median under 200 µs). The variants are a corpus device, three
 * copies with another BAR (other hosts) and four with a VSEC linked in past the end of
 * the extended chain (other firmware). {@code intel-dsa-spr-rciep} hides its own PASID,
 * PRI and ATS (their places are reused); {@code mellanox-cx3pro-pf} has none (lowest
 * fitting offsets).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PlanBenchmark {

	private static final List<SynthesisRequest> PASID_PRI_ATS = List.of(SynthesisRequest.pasid(20, true, true),
			SynthesisRequest.pri(512), SynthesisRequest.ats(0, true));

	private static final List<CapabilityRef> HIDE = List.of(new CapabilityRef(Space.EXTENDED, 0x1B),
			new CapabilityRef(Space.EXTENDED, 0x13), new CapabilityRef(Space.EXTENDED, 0x0F));

	@Param({ "intel-dsa-spr-rciep", "mellanox-cx3pro-pf" })
	public String device;

	private List<Layout> variants;

	@Setup
	public void load() {
		byte[] config = Variants.corpus(this.device);
		if (config.length != 4096) {
			throw new IllegalStateException(this.device + " is not a 4096-byte dump");
		}
		List<Layout> layouts = new ArrayList<>();
		layouts.add(Variants.parse(config));
		for (int host = 1; host <= 3; host++) {
			layouts.add(Variants.parse(Variants.withByte(config, 0x13, 0xf0 + host)));
		}
		List<LayoutBlock> chain = layouts.get(0).blocks(Space.EXTENDED);
		int last = chain.get(chain.size() - 1).offset();
		byte[] firmware = config;
		for (int k = 0; k < 4; k++) {
			int at = 0x400 + 0x100 * k;
			firmware = Variants.withVsec(firmware, last, at, 0x42 + k, 0x20);
			last = at;
			layouts.add(Variants.parse(firmware));
		}
		this.variants = List.copyOf(layouts);
		// fail here, not in the measurement, when the planner refuses
		plan();
	}

	@Benchmark
	public Plan plan() {
		return Planner.plan(this.variants, HIDE, PASID_PRI_ATS, List.of(), false);
	}

}
