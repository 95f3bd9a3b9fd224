package io.cfgspace.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.cfgspace.configspace.ConfigSpaceParser;
import io.cfgspace.configspace.Corpus;
import io.cfgspace.configspace.read.Dumps;
import io.cfgspace.layout.BlockRef;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.PerUnit;
import io.cfgspace.layout.Space;
import io.cfgspace.layout.StateDeclaration;
import io.cfgspace.registry.ModelKey;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PinDeclarationsTest {

	@Test
	void readsRowsOfStateAndLeavesEmptyRowsOut() {
		List<String> problems = new ArrayList<>();
		List<StateDeclaration> state = PinDeclarations.state(List.of(row("0x3e", "1", "0xff", "firmware counts here"),
				row("", "4", "", ""), row("154", "2", "FF00", "ARI")), problems);
		assertThat(problems).isEmpty();
		assertThat(state).containsExactly(new StateDeclaration(0x3e, 1, 0xff, "firmware counts here"),
				new StateDeclaration(0x154, 2, 0xff00, "ARI"));
	}

	@Test
	void namesEveryBadRowAndWhatIsWrongWithIt() {
		List<String> problems = new ArrayList<>();
		List<StateDeclaration> state = PinDeclarations
			.state(List.of(row("zz", "3", "0x", ""), row("0x3d", "2", "0xff", "misaligned"),
					row("0x1000", "1", "0x1", "beyond"), row("0x3c", "1", "0x100", "too wide a mask")), problems);
		assertThat(state).isEmpty();
		assertThat(problems).hasSize(4);
		assertThat(problems.get(0)).startsWith("State row 1 (offset zz): ")
			.contains("the offset 'zz' is not hex", "the width is 1, 2 or 4 bytes, not '3'", "the mask '0x' is not hex",
					"give a reason");
		assertThat(problems.get(1)).startsWith("State row 2 (offset 0x3d): ").contains("starts at a multiple of 2");
		assertThat(problems.get(2)).contains("lies outside config space");
		assertThat(problems.get(3)).contains("the mask must select at least one of the register's 8 bits");
	}

	@Test
	void readsTreatmentsByBlockAndNoneAsNothingSaid() {
		List<String> problems = new ArrayList<>();
		Map<BlockRef, PerUnit> treatments = PinDeclarations
			.treatments(List.of("extended 0x140=exempt", "extended 0x200=none", "standard 0x40=synthesized"), problems);
		assertThat(problems).isEmpty();
		assertThat(treatments).containsExactly(Map.entry(new BlockRef(Space.EXTENDED, 0x140), PerUnit.EXEMPT),
				Map.entry(new BlockRef(Space.STANDARD, 0x40), PerUnit.SYNTHESIZED));
		PinDeclarations.treatments(List.of("extended 0x140=maybe", "0x140"), problems);
		assertThat(problems).hasSize(2).first().asString().contains("unknown per-unit treatment 'maybe'");
	}

	@Test
	void offersATreatmentForEachBlockWithPerUnitRegisters() {
		Layout nic = ConfigSpaceParser.parse(Dumps.read(Corpus.bytes(LayoutMapTest.NIC)).get(0).configSpace());
		List<PinDeclarations.PerUnitChoice> choices = PinDeclarations.choices(List.of(nic, nic),
				List.of("extended 0x140=exempt"));
		assertThat(choices).singleElement().satisfies((choice) -> {
			assertThat(choice.block()).isEqualTo("extended 0x140");
			assertThat(choice.name()).isEqualTo("Device Serial Number");
			assertThat(choice.registers()).isEqualTo("Serial Number 0x144");
			assertThat(choice.selected()).isEqualTo("exempt");
			assertThat(choice.value("none")).isEqualTo("extended 0x140=none");
		});
	}

	@Test
	void declaresAsPinRequestDoesOrSaysWhyNot() {
		Layout nic = ConfigSpaceParser.parse(Dumps.read(Corpus.bytes(LayoutMapTest.NIC)).get(0).configSpace());
		ModelKey key = ModelKey.parse("8086:10c9");
		List<String> problems = new ArrayList<>();
		Layout pinned = PinFlowPages.declare(nic, List.of(new StateDeclaration(0x3e, 1, 0xff, "firmware counts here")),
				Map.of(new BlockRef(Space.EXTENDED, 0x140), PerUnit.EXEMPT), key, problems);
		assertThat(problems).isEmpty();
		assertThat(pinned).isEqualTo(LayoutMapTest.nicWithDeclarations(PerUnit.EXEMPT));

		// the capability header at 0x140 is structure; the serial number needs its block
		// hidden to be hidden; the model must cover the device
		PinFlowPages.declare(nic, List.of(new StateDeclaration(0x140, 2, 0xffff, "not state")), Map.of(), key,
				problems);
		assertThat(problems).singleElement().asString().contains("covers a capability header");
		problems.clear();
		PinFlowPages.declare(nic, List.of(), Map.of(new BlockRef(Space.EXTENDED, 0x140), PerUnit.HIDDEN), key,
				problems);
		assertThat(problems).singleElement().asString().contains("tick it under Hide as well");
		problems.clear();
		PinFlowPages.declare(nic, List.of(), Map.of(), ModelKey.parse("8086:10ca"), problems);
		assertThat(problems).singleElement().asString().contains("which model 8086:10ca does not cover");
	}

	private static PinDeclarations.StateRow row(String offset, String width, String mask, String reason) {
		PinDeclarations.StateRow row = new PinDeclarations.StateRow();
		row.setOffset(offset);
		row.setWidth(width);
		row.setMask(mask);
		row.setReason(reason);
		return row;
	}

}
