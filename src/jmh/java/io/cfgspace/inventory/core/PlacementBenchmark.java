package io.cfgspace.inventory.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.cfgspace.inventory.Devices;
import io.cfgspace.layout.Layout;
import io.cfgspace.verification.core.IommuSupport;
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
		byte[] gpuMoved = Devices.skylakeWithMovedPri(0x191e);
		byte[] dsa = Devices.config(Devices.DSA, 0x0b25);
		byte[] dsaMoved = Devices.dsaWithMovedLtr(0x0b25);
		PinnedDevice gpuPin = new PinnedDevice(null, "8086:191e", 1, Devices.pinWithPasid(gpu, 16), false, List.of());
		PinnedDevice dsaPin = new PinnedDevice(null, "8086:0b25", 1, Devices.layout(dsa), false, List.of());
		this.vm = List.of(gpuPin, gpuPin, gpuPin, gpuPin, dsaPin, dsaPin, dsaPin, dsaPin);
		List<IommuSupport> iommus = List.of(IommuSupport.fromIommufd(20, 6, true, true),
				IommuSupport.fromVtd(0, (1L << 40) | (19L << 35)), IommuSupport.fromIommufd(8, 0, false, false));
		this.fleet = new ArrayList<>();
		for (int h = 0; h < this.hosts; h++) {
			List<HostDevice> devices = new ArrayList<>();
			for (int d = 0; d < 8; d++) {
				byte[] config = (d < 4) ? ((h % 7 == 0 && d == 0) ? gpuMoved : gpu)
						: ((h % 11 == 0 && d == 7) ? dsaMoved : dsa);
				// each host parses its own copy, as the inventory holds them
				Layout layout = Devices.layout(config);
				devices.add(new HostDevice(String.format("0000:%02x:00.0", d + 1), layout, layout.fingerprint(),
						"vfio-pci", null));
			}
			Instant seen = (h % 20 == 0) ? NOW.minusSeconds(3600) : NOW.minusSeconds(60);
			this.fleet.add(new Host(String.format("host-%04d", h), devices, iommus.get(h % iommus.size()), seen));
		}
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
