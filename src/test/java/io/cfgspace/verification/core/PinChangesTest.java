package io.cfgspace.verification.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.cfgspace.configspace.ConfigSpaceBuilder;
import io.cfgspace.layout.BlockRef;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutBlock;
import io.cfgspace.layout.LayoutComposer;
import io.cfgspace.layout.Origin;
import io.cfgspace.layout.Space;
import io.cfgspace.verification.core.PinChanges.Change;
import io.cfgspace.verification.core.PinChanges.Kind;
import org.junit.jupiter.api.Test;

/**
 * What an approver of a four-eyes proposal is shown: the Intel DSA (PASID at 0x230) as
 * pinned, against versions that add, drop, move or change its PASID.
 */
class PinChangesTest {

	private static final Layout DSA = VmmBuildTest.layout("intel-dsa-spr-rciep");

	private static final LayoutBlock PHYSICAL_PASID = ConfigSpaceBuilder.blockAt(DSA, 0x230);

	@Test
	void theSameLayoutChangesNothing() {
		assertThat(PinChanges.between(DSA, VmmBuildTest.layout("intel-dsa-spr-rciep"))).isEmpty();
	}

	@Test
	void aSynthesizedBlockIsAddedAndARemovedOneIsNamed() {
		Layout withExtra = LayoutComposer.compose(DSA, List.of(), List.of(pasid(0xff8, 20)));
		assertThat(PinChanges.between(DSA, withExtra)).containsExactly(new Change(Kind.ADDED, Space.EXTENDED, 0xff8,
				PHYSICAL_PASID.name(), null, null, "Process Address Space ID (PASID) v1 at 0xff8, 8 bytes"));
		assertThat(PinChanges.between(withExtra, DSA)).extracting(Change::kind, Change::offset, Change::what)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.REMOVED, 0xff8, null));
	}

	@Test
	void aBlockAtAnotherOffsetIsMovedAndAChangedFieldNamesBothValues() {
		Layout before = LayoutComposer.compose(DSA, List.of(), List.of(pasid(0xff0, 20)));
		Layout after = LayoutComposer.compose(DSA, List.of(), List.of(pasid(0xff8, 16)));
		assertThat(PinChanges.between(before, after)).containsExactly(
				new Change(Kind.MOVED, Space.EXTENDED, 0xff0, PHYSICAL_PASID.name(), "offset", "0xff0", "0xff8"),
				new Change(Kind.CHANGED, Space.EXTENDED, 0xff0, PHYSICAL_PASID.name(), "maxPasidWidth", "20", "16"));
	}

	@Test
	void aHiddenBlockIsAChangedOrigin() {
		Layout hidden = LayoutComposer.compose(DSA, List.of(new BlockRef(Space.EXTENDED, 0x230)), List.of());
		assertThat(PinChanges.between(DSA, hidden)).contains(
				new Change(Kind.CHANGED, Space.EXTENDED, 0x230, PHYSICAL_PASID.name(), "origin", "physical", "hidden"));
	}

	@Test
	void aSecondBlockAtAPlaceChangesTheChainOrderOfItsSpace() {
		Layout synthesizedOverHidden = VmmBuildTest.dsaWithPasidSynthesizedAt(0x230);
		assertThat(PinChanges.between(DSA, synthesizedOverHidden)).filteredOn((c) -> c.capability() == null)
			.singleElement()
			.satisfies((chain) -> {
				assertThat(chain.kind()).isEqualTo(Kind.CHANGED);
				assertThat(chain.space()).isEqualTo(Space.EXTENDED);
				assertThat(chain.what()).isEqualTo("chain order");
				assertThat(chain.proposed()).endsWith("0x230 -> 0x240 -> 0x230");
			});
	}

	private static LayoutBlock pasid(int offset, long width) {
		Map<String, Object> fields = new HashMap<>(PHYSICAL_PASID.fields());
		fields.put("maxPasidWidth", width);
		return new LayoutBlock(Space.EXTENDED, offset, PHYSICAL_PASID.id(), PHYSICAL_PASID.version(),
				PHYSICAL_PASID.length(), 0, PHYSICAL_PASID.name(), Origin.SYNTHESIZED, fields);
	}

}
