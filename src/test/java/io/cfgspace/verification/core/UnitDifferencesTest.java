package io.cfgspace.verification.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.cfgspace.configspace.ConfigSpace;
import io.cfgspace.configspace.ConfigSpaceMap;
import io.cfgspace.configspace.ConfigSpaceParser;
import io.cfgspace.configspace.Corpus;
import io.cfgspace.configspace.DeviceDump;
import io.cfgspace.configspace.read.Dumps;
import io.cfgspace.layout.Identity;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutValidator;
import io.cfgspace.verification.core.Finding.Severity;
import org.junit.jupiter.api.Test;

/**
 * Where the corpus holds several units of one model (the same vendor, device, subsystem,
 * revision and class, captured on different slots, machines or dates), each is verified
 * against a pin of the first, and every bit that differs between them is classified:
 * state by the register tables, a per-unit value, a quirk range, or read-only. Gaps are
 * compared, so this is where a device that keeps live registers outside its capabilities
 * shows up as a false rejection.
 *
 * <p>
 * Every read-only difference found is listed below with what it is. Only one model is a
 * passthrough endpoint that two real units of show, the RTL8168; its one difference is
 * the Synopsys DesignWare core's live port logic, which the seeded quirk covers (V7). The
 * others are not units of one passthrough model, and their differences are real.
 */
class UnitDifferencesTest {

	/**
	 * The quirk db/migration/V7 seeds: the DesignWare Port Logic registers at
	 * 0x700..0x8ff of the RTL8111/8168.
	 */
	private static final Quirk DESIGNWARE_PORT_LOGIC = new Quirk(0x10EC, 0x8168, null, false,
			List.of(new Quirk.Range(0x700, 0x900)), "DesignWare Port Logic");

	/** The models whose units differ in read-only bits, where, and why. */
	private static final Map<String, Explained> EXPLAINED = Map.of("1000:0021", new Explained(
			"functions 0 and 1 of one multifunction SCSI device: INTA and INTB", List.of(new Quirk.Range(0x3D, 0x3E))),
			"1014:0188",
			new Explained(
					"PCI-X bridges of one platform: their secondary buses differ (PCI-X Secondary Status"
							+ " 64-bit and 133 MHz bits), and they keep device-specific registers at 0x60..0x6b",
					List.of(new Quirk.Range(0xA2, 0xA4), new Quirk.Range(0x60, 0x6C))),
			"10de:05b1",
			new Explained(
					"downstream ports 0 and 2 of one NF200 switch: port number, slot number and"
							+ " de-emphasis, which the switch mirrors at 0x400, 0x800 and 0xc00",
					List.of(new Quirk.Range(0x60, 0x9C), new Quirk.Range(0x400, 0x1000))),
			"16c3:edda",
			new Explained(
					"three FPGA builds of one prototype endpoint: Flit Mode Supported and Device"
							+ " Capabilities 3 differ, which a guest driver reads",
					List.of(new Quirk.Range(0x72, 0x74), new Quirk.Range(0x304, 0x308))),
			"1957:0070",
			new Explained("three root ports of one P2020 SoC, with the controller's own registers in the gaps",
					List.of(new Quirk.Range(0x43C, 0x440), new Quirk.Range(0x4E8, 0x500))),
			"8086:9d10",
			new Explained(
					"root port #1 of Sunrise Point-LP captured on two machines: Intel keeps private"
							+ " registers in the gaps of its root ports",
					List.of(new Quirk.Range(0x328, 0x354), new Quirk.Range(0x450, 0x454))));

	private record Explained(String why, List<Quirk.Range> where) {

	}

	private record Unit(String name, DeviceDump dump) {

	}

	@Test
	void unitsOfOneModelDifferOnlyInStatePerUnitValuesQuirksAndWhatIsExplained() throws IOException {
		Map<String, List<Unit>> models = new TreeMap<>();
		for (Path file : Corpus.dumps()) {
			List<DeviceDump> dumps = Dumps.read(Files.readAllBytes(file));
			for (int i = 0; i < dumps.size(); i++) {
				DeviceDump dump = dumps.get(i);
				Identity id = ConfigSpaceParser.parse(dump).identity();
				String model = String.format("%04x:%04x %s:%s r%02x class %06x, %d bytes", id.vendorId(), id.deviceId(),
						id.subsystemVendorId(), id.subsystemId(), id.revisionId(), id.classCode(),
						dump.configSpace().size());
				models.computeIfAbsent(model, (k) -> new ArrayList<>())
					.add(new Unit(file.getFileName() + ((dumps.size() > 1) ? "#" + i : ""), dump));
			}
		}
		StringBuilder report = new StringBuilder();
		List<String> unexplained = new ArrayList<>();
		int compared = 0;
		for (Map.Entry<String, List<Unit>> model : models.entrySet()) {
			List<Unit> units = distinct(model.getValue());
			if (units.size() < 2) {
				continue;
			}
			Unit first = units.get(0);
			Layout pin = ConfigSpaceParser.parse(first.dump());
			if (!LayoutValidator.problems(pin).isEmpty()) {
				// a 256-byte dump of a device that has extended space: no pin can be made
				// of it
				report.append("== ").append(model.getKey()).append(": not pinnable, not compared\n");
				continue;
			}
			Explained explained = EXPLAINED.get(model.getKey().substring(0, 9));
			report.append("== ").append(model.getKey()).append(": ").append(first.name()).append('\n');
			for (Unit other : units.subList(1, units.size())) {
				compared++;
				Verdict verdict = Verifier.verify(pin, false, physical(first), physical(other),
						List.of(DESIGNWARE_PORT_LOGIC));
				report.append("   ")
					.append(other.name())
					.append(": ")
					.append(classify(pin, first, other))
					.append(" -> ")
					.append(verdict.outcome())
					.append('\n');
				for (Finding finding : verdict.findings()) {
					if (finding.severity() != Severity.ERROR) {
						continue;
					}
					report.append("      ").append(finding.message()).append('\n');
					Integer at = (finding.register() != null) ? finding.register() : finding.offset();
					boolean known = explained != null && at != null
							&& explained.where().stream().anyMatch((range) -> range.start() <= at && at < range.end());
					if (!known) {
						unexplained.add(model.getKey() + " " + other.name() + ": " + finding.message());
					}
				}
				if (explained != null) {
					assertThat(verdict.consistent()).as("%s: %s", other.name(), explained.why()).isFalse();
				}
			}
		}
		System.out.print(report);
		assertThat(unexplained).as("read-only differences between units of one model").isEmpty();
		assertThat(compared).isGreaterThan(10);
	}

	@Test
	void theDesignWarePortLogicQuirkIsWhatTwoRtl8168UnitsNeed() throws IOException {
		List<DeviceDump> tree = Dumps.read(Files.readAllBytes(Corpus.dump("tree-asus-p6t6")));
		DeviceDump first = tree.stream().filter((d) -> "07:00.0".equals(d.address())).findFirst().orElseThrow();
		DeviceDump second = tree.stream().filter((d) -> "08:00.0".equals(d.address())).findFirst().orElseThrow();
		Layout pin = ConfigSpaceParser.parse(first);
		SideView source = new SideView.Physical(pin, null, null, null, first.configSpace().toByteArray());
		SideView destination = new SideView.Physical(ConfigSpaceParser.parse(second), null, null, null,
				second.configSpace().toByteArray());

		Verdict without = Verifier.verify(pin, false, source, destination, List.of());
		Verdict with = Verifier.verify(pin, false, source, destination, List.of(DESIGNWARE_PORT_LOGIC));

		// PCIE_PORT_DEBUG0: the LTSSM state and link counters of each unit
		assertThat(without.findings()).singleElement()
			.satisfies((finding) -> assertThat(finding.register()).isEqualTo(0x728));
		assertThat(with.findings()).isEmpty();
	}

	/** Counts of the differing bits by class, against the first unit's map. */
	private static String classify(Layout pin, Unit first, Unit other) {
		ConfigSpace a = first.dump().configSpace();
		ConfigSpace b = other.dump().configSpace();
		ConfigSpaceMap map = ConfigSpaceMap.of(a, pin);
		Map<String, Integer> bits = new LinkedHashMap<>();
		for (String kind : List.of("state", "per-unit", "quirk", "read-only")) {
			bits.put(kind, 0);
		}
		for (int at = 0; at < Math.min(a.size(), b.size()); at++) {
			int different = a.u8(at) ^ b.u8(at);
			int state = different & map.state(at);
			int perUnit = different & ~state & map.perUnit(at);
			int quirk = (pin.identity().vendorId() == 0x10EC && at >= 0x700 && at < 0x900)
					? different & ~state & ~perUnit : 0;
			bits.merge("state", Integer.bitCount(state), Integer::sum);
			bits.merge("per-unit", Integer.bitCount(perUnit), Integer::sum);
			bits.merge("quirk", Integer.bitCount(quirk), Integer::sum);
			bits.merge("read-only", Integer.bitCount(different & ~state & ~perUnit & ~quirk), Integer::sum);
		}
		return "differing bits " + bits;
	}

	private static List<Unit> distinct(List<Unit> units) {
		List<Unit> distinct = new ArrayList<>();
		for (Unit unit : units) {
			if (distinct.stream().noneMatch((d) -> d.dump().configSpace().equals(unit.dump().configSpace()))) {
				distinct.add(unit);
			}
		}
		return distinct;
	}

	private static SideView physical(Unit unit) {
		return new SideView.Physical(ConfigSpaceParser.parse(unit.dump()), null, null, null,
				unit.dump().configSpace().toByteArray());
	}

}
