package io.cfgspace.verification.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.cfgspace.configspace.ConfigSpace;
import io.cfgspace.configspace.ConfigSpaceMap.Place;
import io.cfgspace.configspace.ConfigSpaceMap;
import io.cfgspace.configspace.ConfigSpaceParser;
import io.cfgspace.configspace.Corpus;
import io.cfgspace.configspace.DeviceDump;
import io.cfgspace.configspace.read.Dumps;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutValidator;
import org.junit.jupiter.api.Test;

/**
 * Every single-bit change of every real 4 KiB config space in the corpus, verified
 * against a pin of the unchanged device: a verdict must reject every read-only bit a
 * guest can read, and accept every bit the state tables call runtime state. The pure
 * verifier runs in-process, over both cores.
 */
class BitFlipTest {

	@Test
	void rejectsEveryReadOnlyFlipAndAcceptsEveryStateFlip() throws java.io.IOException {
		List<DeviceDump> devices = new ArrayList<>();
		List<String> names = new ArrayList<>();
		List<String> unusable = new ArrayList<>();
		for (Path file : Corpus.dumps()) {
			List<DeviceDump> dumps = Dumps.read(java.nio.file.Files.readAllBytes(file));
			for (int i = 0; i < dumps.size(); i++) {
				DeviceDump dump = dumps.get(i);
				String name = file.getFileName() + ((dumps.size() > 1) ? "#" + i : "");
				if (dump.configSpace().size() != ConfigSpace.EXTENDED_SIZE) {
					continue;
				}
				if (!LayoutValidator.problems(ConfigSpaceParser.parse(dump)).isEmpty()) {
					// no pin can be made of it: every verification is refused whatever
					// flips
					unusable.add(name);
					continue;
				}
				devices.add(dump);
				names.add(name);
			}
		}
		Map<String, long[]> counts = new ConcurrentHashMap<>();
		List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
		AtomicLong verifications = new AtomicLong();
		java.util.stream.IntStream.range(0, devices.size()).parallel().forEach((d) -> {
			byte[] bytes = devices.get(d).configSpace().toByteArray();
			Layout pin = ConfigSpaceParser.parse(devices.get(d));
			ComparedPin compared = ComparedPin.of(pin);
			ConfigSpaceMap map = ConfigSpaceMap.of(pin);
			SideView source = new SideView.Physical(pin, null, null, null, bytes);
			for (int at = 0; at < bytes.length; at++) {
				Place place = map.place(at);
				String where = (place.block() != null) ? place.block().name()
						: (place.space() == null) ? "(header)" : "(gap)";
				long[] count = counts.computeIfAbsent(where, (k) -> new long[3]);
				for (int bit = 0; bit < 8; bit++) {
					boolean state = ((map.state(at) | map.declared(at)) & (1 << bit)) != 0;
					byte[] flipped = bytes.clone();
					flipped[at] ^= (byte) (1 << bit);
					ConfigSpace config = ConfigSpace.of(flipped);
					// the same BAR sizes: a bit of config space cannot change them
					SideView destination = new SideView.Physical(
							ConfigSpaceParser.parse(config, devices.get(d).sizes()), null, null, null, flipped);
					Verdict verdict = Verifier.verify(compared, false, source, destination, List.of());
					verifications.incrementAndGet();
					synchronized (count) {
						count[0]++;
						count[verdict.consistent() ? 2 : 1]++;
					}
					if (verdict.consistent() != state) {
						wrong.add(names.get(d) + " 0x" + Integer.toHexString(at) + " bit " + bit + " (" + where + ", "
								+ place.name() + "): "
								+ (state ? "state, but rejected: " + verdict.findings() : "read-only, but accepted"));
					}
				}
			}
		});
		print(counts, devices.size(), verifications.get(), unusable);
		assertThat(wrong).as("flips the verdict got wrong").isEmpty();
		assertThat(devices).hasSizeGreaterThan(50);
	}

	private static void print(Map<String, long[]> counts, int devices, long verifications, List<String> unusable) {
		StringBuilder out = new StringBuilder();
		out.append(String.format("bit flips over %d corpus devices of 4096 bytes, %d verifications%n", devices,
				verifications));
		out.append(String.format("%-55s %10s %10s %16s%n", "capability", "flips", "rejected", "accepted (state)"));
		new TreeMap<>(counts).forEach((where, count) -> out
			.append(String.format("%-55s %10d %10d %16d%n", where, count[0], count[1], count[2])));
		out.append("not pinnable, so not flipped: ").append(unusable).append('\n');
		System.out.print(out);
	}

}
