package io.cfgspace.inventory.core;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.cfgspace.inventory.Devices;
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
 * The pure part of {@code POST /api/v1/placements} for a scheduler filter: a VM with 8
 * passthrough devices (4 Skylake iGPUs pinned with a synthesized PASID, 4 Intel DSAs
 * pinned as shipped) against 1,000 hosts with 8 devices each (target: under 200 ms). The
 * fleet has a few device variants (a moved PRI, a moved LTR) and three IOMMUs, every
 * twentieth host stale, so most hosts fit and the rest are rejected with findings. Each
 * invocation is a fresh {@link Placer}: the verdicts of every pin, fingerprint and IOMMU
 * are computed again, as a request would.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PlacementBenchmark {

	private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

	@Param({ "1000" })
	public int hosts;

	private List<Host> fleet;

	private List<PinnedDevice> vm;

	@Setup
	public void fleet() {
		byte[] gpu = Devices.config(Devices.SKYLAKE, 0x191e);
		byte[] dsa = Devices.config(Devices.DSA, 0x0b25);
		PinnedDevice gpuPin = new PinnedDevice(null, "8086:191e", 1, Devices.pinWithPasid(gpu, 16), false, List.of());
		PinnedDevice dsaPin = new PinnedDevice(null, "8086:0b25", 1, Devices.layout(dsa), false, List.of());
		this.vm = List.of(gpuPin, gpuPin, gpuPin, gpuPin, dsaPin, dsaPin, dsaPin, dsaPin);
		this.fleet = BenchmarkFleet.hosts(this.hosts, NOW);
		Placement check = place();
		if (check.fits().isEmpty() || check.rejections().isEmpty()) {
			throw new IllegalStateException("the fleet should have hosts that fit and hosts that do not");
		}
		System.out.printf("%n%d fit, %d rejected, %d stale%n", check.fits().size(), check.rejections().size(),
				check.stale().size());
	}

	@Benchmark
	public Placement place() {
		return new Placer(this.fleet, NOW.minusSeconds(900)).place(this.vm);
	}

}
