package io.cfgspace.inventory.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.cfgspace.inventory.Devices;
import io.cfgspace.layout.Layout;
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
 * The pure part of {@code POST /api/v1/hosts/{name}/drain-check}: 64 VMs of 8, 4, 4 and
 * 2+2 devices (Skylake iGPUs pinned with a synthesized PASID, Intel DSAs as shipped)
 * placed together over 1,000 hosts with 4 GPUs and 4 DSAs each (target: under 500 ms
 * p50). The fleet is {@link PlacementBenchmark}'s: moved capabilities, three IOMMUs,
 * every twentieth host stale. Each invocation is a fresh {@link Placer}, every VM's
 * choices and the joint search, as a request would.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DrainBenchmark {

	private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	@Param({ "1000" })
	public int hosts;

	@Param({ "64" })
	public int vms;

	/**
	 * {@code alike}: the 64 VMs use 2 pins (one GPU, one DSA), as VMs cloned from a few
	 * templates do; {@code distinct}: every VM's pins have versions of their own, so no
	 * VM's choices are reused and every pin is verified against every fingerprint.
	 */
	@Param({ "alike", "distinct" })
	public String pins;

	private List<Host> fleet;

	private List<List<PinnedDevice>> drained;

	@Setup
	public void fleet() {
		byte[] gpu = Devices.config(Devices.SKYLAKE, 0x191e);
		byte[] dsa = Devices.config(Devices.DSA, 0x0b25);
		Layout gpuLayout = Devices.pinWithPasid(gpu, 16);
		Layout dsaLayout = Devices.layout(dsa);
		this.drained = new ArrayList<>();
		for (int v = 0; v < this.vms; v++) {
			int version = "alike".equals(this.pins) ? 1 : v + 1;
			PinnedDevice gpuPin = new PinnedDevice(null, "8086:191e", version, gpuLayout, false, List.of());
			PinnedDevice dsaPin = new PinnedDevice(null, "8086:0b25", version, dsaLayout, false, List.of());
			this.drained.add(switch (v % 4) {
				case 0 -> List.of(gpuPin, gpuPin, gpuPin, gpuPin, dsaPin, dsaPin, dsaPin, dsaPin);
				case 1 -> List.of(gpuPin, gpuPin, gpuPin, gpuPin);
				case 2 -> List.of(dsaPin, dsaPin, dsaPin, dsaPin);
				default -> List.of(gpuPin, gpuPin, dsaPin, dsaPin);
			});
		}
		this.fleet = BenchmarkFleet.hosts(this.hosts, NOW);
		DrainPlan check = drain();
		if (!check.drainable() || !check.proven()) {
			throw new IllegalStateException("the drain should place every VM, proven");
		}
		System.out.printf("%n%d of %d VMs placed, proven %s, %d steps%n", check.placed(), check.vms().size(),
				check.proven(), check.steps());
	}

	@Benchmark
	public DrainPlan drain() {
		Placer placer = new Placer(this.fleet, NOW.minusSeconds(900));
		List<Placer.Choices> choices = new ArrayList<>();
		for (List<PinnedDevice> vm : this.drained) {
			choices.add(placer.choices(vm, Set.of("host-0001")));
		}
		return DrainPlan.of(placer.hosts(), choices, DrainSearch.DEFAULT_BUDGET);
	}

}
