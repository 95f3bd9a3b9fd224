package io.cfgspace.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cfgspace.configspace.ConfigSpaceParser;
import io.cfgspace.configspace.DeviceDump;
import io.cfgspace.configspace.DumpFormatException;
import io.cfgspace.configspace.read.DumpFormat;
import io.cfgspace.configspace.read.Dumps;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutBlock;
import io.cfgspace.layout.LayoutDocument;
import io.cfgspace.layout.Space;

/**
 * Any bytes a host may send as a dump: the reader either refuses them with
 * {@link DumpFormatException} or gives devices whose chain walks end, visit each offset
 * once and survive their layout document. Seeds are real corpus dumps in every format
 * (lspci text, sysfs binary, hex, base64) and a capability pointing at itself.
 */
class DumpParserFuzzTest {

	/** Far above what any dump takes; a walk that runs this long does not end. */
	private static final Duration WALK_LIMIT = Duration.ofSeconds(5);

	@FuzzTest(maxDuration = "20s")
	void anyDumpParsesOrIsRefused(byte[] input) {
		long start = System.nanoTime();
		for (DeviceDump device : readOrRefuse(() -> Dumps.read(input))) {
			Layout layout = walk(device);
			String document = LayoutDocument.write(layout);
			assertThat(LayoutDocument.read(document)).isEqualTo(layout);
		}
		// the detected format is one guess; a caller may also name the format
		for (DumpFormat format : DumpFormat.values()) {
			readOrRefuse(() -> Dumps.read(input, format)).forEach(DumpParserFuzzTest::walk);
		}
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WALK_LIMIT);
	}

	private interface Reading {

		List<DeviceDump> read();

	}

	private static List<DeviceDump> readOrRefuse(Reading reading) {
		try {
			List<DeviceDump> devices = reading.read();
			assertThat(devices).isNotEmpty();
			return devices;
		}
		catch (DumpFormatException refused) {
			assertThat(refused.getMessage()).isNotBlank();
			return List.of();
		}
	}

	/** Each chain visits an offset at most once, inside its space. */
	private static Layout walk(DeviceDump device) {
		Layout layout = ConfigSpaceParser.parse(device.configSpace());
		assertThat(layout.coverage().bytes()).isEqualTo(device.configSpace().size());
		for (Space space : Space.values()) {
			Set<Integer> offsets = new HashSet<>();
			for (LayoutBlock block : layout.blocks(space)) {
				assertThat(offsets.add(block.offset())).as("0x%x visited once", block.offset()).isTrue();
				assertThat(space.contains(block.offset())).isTrue();
			}
		}
		return layout;
	}

}
