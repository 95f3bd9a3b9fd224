package io.cfgspace.inventory.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
		byte[] gpuMoved = Devices.skylakeWithMovedPri(0x191e);
		byte[] dsa = Devices.config(Devices.DSA, 0x0b25);
		byte[] dsaMoved = Devices.dsaWithMovedLtr(0x0b25);
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
		List<IommuSupport> iommus = List.of(IommuSupport.fromIommufd(20, 6, true, true),
				IommuSupport.fromVtd(0, (1L << 40) | (19L << 35)), IommuSupport.fromIommufd(8, 0, false, false));
		this.fleet = new ArrayList<>();
		for (int h = 0; h < this.hosts; h++) {
			List<HostDevice> devices = new ArrayList<>();
			for (int d = 0; d < 8; d++) {
				byte[] config = (d < 4) ? ((h % 7 == 0 && d == 0) ? gpuMoved : gpu)
						: ((h % 11 == 0 && d == 7) ? dsaMoved : dsa);
				Layout layout = Devices.layout(config);
				devices.add(new HostDevice(String.format("0000:%02x:00.0", d + 1), layout, layout.fingerprint(),
						"vfio-pci", null));
			}
			Instant seen = (h % 20 == 0) ? NOW.minusSeconds(3600) : NOW.minusSeconds(60);
			this.fleet.add(new Host(String.format("host-%04d", h), devices, iommus.get(h % iommus.size()), seen));
		}
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
