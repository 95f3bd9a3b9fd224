package io.cfgspace;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.cfgspace.configspace.ConfigSpaceParser;
import io.cfgspace.configspace.Corpus;
import io.cfgspace.configspace.read.Dumps;
import io.cfgspace.inventory.Host;
import io.cfgspace.inventory.HostDevice;
import io.cfgspace.inventory.PinnedDevice;
import io.cfgspace.inventory.Placement;
import io.cfgspace.inventory.Placer;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutBlock;
import io.cfgspace.layout.LayoutComposer;
import io.cfgspace.layout.Origin;
import io.cfgspace.layout.Space;
import io.cfgspace.verification.IommuSupport;

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
		byte[] gpu = config("intel-skylake-gt2-igpu", 0x191e);
		byte[] gpuMoved = move(config("intel-skylake-gt2-igpu", 0x191e), 0x200, 0x300, 0x400, 16);
		byte[] dsa = config("intel-dsa-spr-rciep", 0x0b25);
		byte[] dsaMoved = move(config("intel-dsa-spr-rciep", 0x0b25), 0x100, 0x150, 0x1A0, 8);
		LayoutBlock pasid = new LayoutBlock(Space.EXTENDED, 0xFF8, 0x1B, 1, 8, 0, "Process Address Space ID (PASID)",
				Origin.SYNTHESIZED,
				Map.of("maxPasidWidth", 16L, "executePermissionSupported", false, "privilegedModeSupported", false));
		PinnedDevice gpuPin = new PinnedDevice(null, "8086:191e", 1,
				LayoutComposer.compose(layout(gpu), List.of(), List.of(pasid)), false, List.of());
		PinnedDevice dsaPin = new PinnedDevice(null, "8086:0b25", 1, layout(dsa), false, List.of());
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
				Layout layout = layout(config);
				devices.add(new HostDevice(String.format("0000:%02x:00.0", d + 1), layout, layout.fingerprint(),
						config, "vfio-pci", null));
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

	private static byte[] config(String corpusName, int deviceId) {
		byte[] bytes = Dumps.read(Corpus.bytes(corpusName)).get(0).configSpace().toByteArray();
		bytes[2] = (byte) deviceId;
		bytes[3] = (byte) (deviceId >> 8);
		return bytes;
	}

	private static byte[] move(byte[] bytes, int previous, int from, int to, int length) {
		System.arraycopy(bytes, from, bytes, to, length);
		Arrays.fill(bytes, from, from + length, (byte) 0);
		bytes[previous + 2] = (byte) ((bytes[previous + 2] & 0x0F) | ((to & 0x0F) << 4));
		bytes[previous + 3] = (byte) (to >> 4);
		return bytes;
	}

	private static Layout layout(byte[] bytes) {
		return ConfigSpaceParser.parse(Dumps.read(bytes).get(0).configSpace());
	}

}
