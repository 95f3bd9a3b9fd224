package io.cfgspace.verification.core;

import static io.cfgspace.configspace.ConfigSpaceBuilder.expressEndpoint;
import static io.cfgspace.configspace.ConfigSpaceBuilder.extended;
import static io.cfgspace.configspace.ConfigSpaceBuilder.standard;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import io.cfgspace.configspace.ConfigSpace;
import io.cfgspace.configspace.ConfigSpaceBuilder;
import io.cfgspace.configspace.ConfigSpaceMap;
import io.cfgspace.configspace.ConfigSpaceParser;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutBlock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A capability without a register table (an ID the catalog does not know, a
 * vendor-specific structure, a DVSEC) has every bit of its body compared: no bit of it is
 * state, and a change of any one of them is refused. Each seed builds one random such
 * structure; a failure names its seed, which rebuilds it exactly.
 */
class UnknownCapabilitiesTest {

	/** Where the structure's vendor-defined body starts: after what its decoder reads. */
	private record Unknown(ConfigSpaceBuilder device, int offset, int bodyFrom) {

	}

	static IntStream seeds() {
		return IntStream.rangeClosed(1, 200);
	}

	@ParameterizedTest(name = "seed {0}")
	@MethodSource("seeds")
	void everyBodyBitOfAStructureWithoutATableIsCompared(int seed) {
		Random random = new Random(seed);
		Unknown unknown = unknown(random);
		ConfigSpace config = unknown.device().build();
		Layout layout = ConfigSpaceParser.parse(config);
		assertThat(layout.findings()).isEmpty();
		ConfigSpaceMap map = ConfigSpaceMap.of(config, layout);
		LayoutBlock block = layout.blocks()
			.stream()
			.filter((b) -> b.offset() == unknown.offset())
			.findFirst()
			.orElseThrow();

		for (int at = unknown.offset() + unknown.bodyFrom(); at < block.end(); at++) {
			assertThat(map.compared(at)).as("bits compared at 0x%x of %s", at, block.name()).isEqualTo(0xFF);
			assertThat(map.state(at)).isZero();
		}
		int flipped = unknown.offset() + unknown.bodyFrom()
				+ random.nextInt(block.end() - unknown.offset() - unknown.bodyFrom());
		byte[] bytes = config.toByteArray();
		bytes[flipped] ^= (byte) (1 << random.nextInt(8));
		Verdict verdict = Verifier.verify(layout, false,
				new SideView.Physical(layout, null, null, null, config.toByteArray()),
				new SideView.Physical(ConfigSpaceParser.parse(ConfigSpace.of(bytes)), null, null, null, bytes),
				List.of());
		assertThat(verdict.consistent()).isFalse();
		assertThat(verdict.findings()).singleElement()
			.satisfies((finding) -> assertThat(finding.offset()).isEqualTo(unknown.offset()));
	}

	private static Unknown unknown(Random random) {
		byte[] body = new byte[4 + 4 * random.nextInt(14)];
		random.nextBytes(body);
		return switch (random.nextInt(5)) {
			// an extended ID beyond every one the catalog knows: it reaches to the next
			// capability
			case 0 -> extendedCapability(extended(0x0032 + random.nextInt(0xFFCD), 1 + random.nextInt(15)), 4, body);
			// a standard ID beyond the catalog, likewise
			case 1 -> standardCapability(standard(0x16 + random.nextInt(0xE9)), 2, body);
			// Vendor Specific (0x09): the length byte at +2 counts the whole structure
			case 2 -> standardCapability(standard(0x09).u8(0x02, 3 + body.length), 3, body);
			// VSEC: the header at +4, whose length counts the whole structure
			case 3 -> extendedCapability(extended(0x000B, 1).u32(0x04,
					random.nextInt(0x10000) | ((long) random.nextInt(16) << 16) | ((long) (8 + body.length) << 20)), 8,
					body);
			// DVSEC: Header 1 at +4 (with the length), Header 2 at +8
			default -> extendedCapability(
					extended(0x0023, 1)
						.u32(0x04,
								random.nextInt(0x10000) | ((long) random.nextInt(16) << 16)
										| ((long) (10 + body.length) << 20))
						.u16(0x08, random.nextInt(0x10000)),
					10, body);
		};
	}

	private static Unknown standardCapability(ConfigSpaceBuilder.Capability capability, int bodyFrom, byte[] body) {
		for (int i = 0; i < body.length; i++) {
			capability.u8(bodyFrom + i, body[i]);
		}
		// the next capability bounds a structure of unknown length
		ConfigSpaceBuilder device = expressEndpoint(0x8086, 0x1234).with(0x80, capability)
			.with(0xC0, standard(0x01))
			.size(4096);
		return new Unknown(device, 0x80, bodyFrom);
	}

	private static Unknown extendedCapability(ConfigSpaceBuilder.Capability capability, int bodyFrom, byte[] body) {
		for (int i = 0; i < body.length; i++) {
			capability.u8(bodyFrom + i, body[i]);
		}
		ConfigSpaceBuilder device = expressEndpoint(0x8086, 0x1234).with(0x100, extended(0x0018, 1))
			.with(0x200, capability)
			.with(0x400, extended(0x0003, 1))
			.size(4096);
		return new Unknown(device, 0x200, bodyFrom);
	}

}
