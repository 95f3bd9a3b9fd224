package io.cfgspace.inventory.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.cfgspace.inventory.Devices;
import io.cfgspace.layout.Layout;
import io.cfgspace.verification.core.IommuSupport;

/**
 * The fleet the placement and drain benchmarks place on: hosts of 4 Skylake GPUs and 4
 * Intel DSAs, some with a moved capability, three IOMMU kinds, every 20th host stale.
 */
final class BenchmarkFleet {

	private BenchmarkFleet() {
	}

	static List<Host> hosts(int count, Instant now) {
		byte[] gpu = Devices.config(Devices.SKYLAKE, 0x191e);
		byte[] gpuMoved = Devices.skylakeWithMovedPri(0x191e);
		byte[] dsa = Devices.config(Devices.DSA, 0x0b25);
		byte[] dsaMoved = Devices.dsaWithMovedLtr(0x0b25);
		List<IommuSupport> iommus = List.of(IommuSupport.fromIommufd(20, 6, true, true),
				IommuSupport.fromVtd(0, (1L << 40) | (19L << 35)), IommuSupport.fromIommufd(8, 0, false, false));
		List<Host> fleet = new ArrayList<>();
		for (int h = 0; h < count; h++) {
			List<HostDevice> devices = new ArrayList<>();
			for (int d = 0; d < 8; d++) {
				byte[] config = (d < 4) ? ((h % 7 == 0 && d == 0) ? gpuMoved : gpu)
						: ((h % 11 == 0 && d == 7) ? dsaMoved : dsa);
				// each host parses its own copy, as the inventory holds them
				Layout layout = Devices.layout(config);
				devices.add(new HostDevice(String.format("0000:%02x:00.0", d + 1), layout, layout.fingerprint(),
						"vfio-pci", null));
			}
			Instant seen = (h % 20 == 0) ? now.minusSeconds(3600) : now.minusSeconds(60);
			fleet.add(new Host(String.format("host-%04d", h), devices, iommus.get(h % iommus.size()), seen));
		}
		return fleet;
	}

}
