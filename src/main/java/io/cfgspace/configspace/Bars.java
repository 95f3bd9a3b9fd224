package io.cfgspace.configspace;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import io.cfgspace.configspace.capability.BaseAddressRegisters;
import io.cfgspace.configspace.capability.BaseAddressRegisters.Kind;
import io.cfgspace.layout.Bar;
import io.cfgspace.layout.Bar.Resource;
import io.cfgspace.layout.Identity;
import io.cfgspace.layout.LayoutBlock;
import io.cfgspace.layout.Space;

/**
 * The BARs of a function, its expansion ROM and any SR-IOV VF BARs, as a guest sizes
 * them: the type from each register's read-only bits, the size from what the kernel
 * reported. Which registers are listed depends on the read-only bits alone (every slot
 * but the upper halves of 64-bit BARs), never on the addresses software wrote, so two
 * dumps of one device list the same BARs.
 */
final class Bars {

	private static final int SRIOV = 0x0010;

	private static final int SRIOV_TOTAL_VFS = 0x0E;

	private static final int SRIOV_VF_BAR0 = 0x24;

	private Bars() {
	}

	static List<Bar> of(ConfigSpace configSpace, int headerType, List<LayoutBlock> blocks, ResourceSizes sizes) {
		List<Bar> bars = new ArrayList<>();
		switch (headerType) {
			case Identity.TYPE_ENDPOINT -> {
				slots(configSpace, 0x10, 6, Resource::bar, sizes, 1, bars);
				bars.add(new Bar(Resource.ROM, Bar.Type.ROM, false, sizes.size(Resource.ROM).orElse(null)));
			}
			case Identity.TYPE_BRIDGE -> {
				slots(configSpace, 0x10, 2, Resource::bar, sizes, 1, bars);
				bars.add(new Bar(Resource.ROM, Bar.Type.ROM, false, sizes.size(Resource.ROM).orElse(null)));
			}
			default -> {
				// a CardBus bridge has no BARs a guest sizes
			}
		}
		for (LayoutBlock block : blocks) {
			if (block.space() == Space.EXTENDED && block.id() == SRIOV
					&& configSpace.has(block.offset() + SRIOV_VF_BAR0, 24)) {
				int totalVfs = configSpace.u16(block.offset() + SRIOV_TOTAL_VFS);
				slots(configSpace, block.offset() + SRIOV_VF_BAR0, 6, Resource::vfBar, sizes, totalVfs, bars);
			}
		}
		return bars;
	}

	/**
	 * {@code divisor}: the kernel reports a VF BAR as the space of all TotalVFs VFs; a
	 * guest sizes one.
	 */
	private static void slots(ConfigSpace configSpace, int first, int count, IntFunction<Resource> name,
			ResourceSizes sizes, int divisor, List<Bar> bars) {
		for (int i = 0; i < count; i++) {
			long value = configSpace.has(first + 4 * i, 4) ? configSpace.u32(first + 4 * i) : 0;
			Kind kind = BaseAddressRegisters.kind(value);
			Bar.Type type = switch (kind) {
				case IO -> Bar.Type.IO;
				case MEMORY32 -> Bar.Type.MEMORY32;
				case MEMORY64 -> Bar.Type.MEMORY64;
			};
			Resource resource = name.apply(i);
			Long size = sizes.size(resource).map((total) -> perFunction(total, divisor)).orElse(null);
			bars.add(new Bar(resource, type, BaseAddressRegisters.prefetchable(value), size));
			if (kind == Kind.MEMORY64) {
				i++;
			}
		}
	}

	private static Long perFunction(long total, int divisor) {
		if (divisor <= 0 || total % divisor != 0) {
			// a VF BAR the kernel did not size for TotalVFs: unknown, never a guess
			return (total == 0) ? 0L : null;
		}
		return total / divisor;
	}

}
