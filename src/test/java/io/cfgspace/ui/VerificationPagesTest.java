package io.cfgspace.ui;

import java.util.List;

import io.cfgspace.layout.Space;
import io.cfgspace.verification.core.Finding.Severity;
import io.cfgspace.verification.core.Finding.Side;
import io.cfgspace.verification.core.Finding;
import io.cfgspace.verification.core.FindingCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VerificationPagesTest {

	@Test
	void showsAFindingOfAnOlderVerdictWithoutRegisterOrMask() {
		Finding old = new Finding(FindingCode.FIELD_MISMATCH, Severity.ERROR, Side.DESTINATION, Space.EXTENDED, 0x100,
				"PASID", "maxPasidWidth", "20", "16", "the PASID differs");
		VerificationPages.FindingRow row = VerificationPages.FindingRow.of(old);
		assertThat(row.place()).isEqualTo("extended 0x100 PASID");
		assertThat(row.anchor()).isEqualTo("destination-block-extended-0x100");
		assertThat(row.register()).isNull();
		assertThat(row.registerAnchor()).isNull();
		assertThat(row.kind()).isEqualTo("error");
		assertThat(VerificationPages.registers(List.of(old), Side.DESTINATION)).isEmpty();
		assertThat(VerificationPages.marked(List.of(old), Side.DESTINATION)).containsExactly("extended-0x100");
	}

	@Test
	void marksTheRegisterAFindingNamesOnItsSideOnly() {
		Finding ari = new Finding(FindingCode.FIELD_MISMATCH, Severity.ERROR, Side.DESTINATION, Space.EXTENDED, 0x150,
				"ARI", "ARI Capability", "0x0100", "0x0200", "differs", 0x154, "0xff00");
		VerificationPages.FindingRow row = VerificationPages.FindingRow.of(ari);
		assertThat(row.register()).isEqualTo("0x154");
		assertThat(row.registerAnchor()).isEqualTo("destination-register-0x154");
		assertThat(VerificationPages.registers(List.of(ari), Side.DESTINATION)).singleElement().satisfies((mark) -> {
			assertThat(mark.register()).isEqualTo(0x154);
			assertThat(mark.mask()).isEqualTo("0xff00");
			assertThat(mark.title())
				.isEqualTo("FIELD_MISMATCH: ARI Capability (0x154) bits 0xff00: 0x0200, pinned as 0x0100");
		});
		assertThat(VerificationPages.registers(List.of(ari), Side.SOURCE)).isEmpty();
	}

	@Test
	void pointsAFindingInAGapAtItsRegisterNotAtTheHeader() {
		Finding gap = new Finding(FindingCode.FIELD_MISMATCH, Severity.ERROR, Side.SOURCE, Space.EXTENDED, null, null,
				"gap", "0x00", "0x01", "differs in a gap", 0x800, "0x01");
		VerificationPages.FindingRow row = VerificationPages.FindingRow.of(gap);
		assertThat(row.place()).isEqualTo("extended gap");
		assertThat(row.anchor()).isEqualTo("source-register-0x800");
		assertThat(VerificationPages.marked(List.of(gap), Side.SOURCE)).isEmpty();
	}

	@Test
	void showsCannotCompareAsAboutTheWholeSideAndPerUnitValueAsAWarning() {
		Finding cannot = new Finding(FindingCode.CANNOT_COMPARE, Severity.ERROR, Side.PIN, null, null, null, null, null,
				null, "the pin records no read-only bytes");
		VerificationPages.FindingRow row = VerificationPages.FindingRow.of(cannot);
		assertThat(row.place()).isEqualTo("–");
		assertThat(row.anchor()).isNull();
		assertThat(row.kind()).isEqualTo("cannot-compare");
		assertThat(VerificationPages.marked(List.of(cannot), Side.SOURCE)).isEmpty();

		Finding exempt = new Finding(FindingCode.PER_UNIT_VALUE, Severity.WARNING, Side.DESTINATION, Space.EXTENDED,
				0x140, "Device Serial Number", "Serial Number", "0x001b21ffff2b46e0", "0x001b21ffff2b46e1",
				"passes its Serial Number through", 0x144, null);
		assertThat(VerificationPages.FindingRow.of(exempt).kind()).isEqualTo("warning");
		assertThat(VerificationPages.registers(List.of(exempt), Side.DESTINATION)).singleElement()
			.satisfies((mark) -> assertThat(mark.mask()).isNull());
	}

}
