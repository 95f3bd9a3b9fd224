package io.cfgspace.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

/**
 * Compared bytes: the value under its mask, and how the layout document carries it (in
 * the canonical form and the fingerprint, read strictly).
 */
class ByteMaskTest {

	/** The sample's Express block, with its byte at +5 compared in full. */
	private static final ByteMask ONE_BYTE = ByteMask.fromHex("0000000000ff", "000000000066");

	private static Layout withCompare(ByteMask compare) {
		Layout sample = Layouts.sample();
		return new Layout(sample.identity(), sample.coverage(),
				List.of(Layouts.EXPRESS.withCompare(compare), Layouts.PASID), sample.findings());
	}

	@SuppressWarnings("unchecked")
	private static String changed(Consumer<Map<String, Object>> change) {
		Map<String, Object> document = (Map<String, Object>) Json.parse(LayoutDocument.write(withCompare(ONE_BYTE)));
		document.remove("fingerprint");
		change.accept((Map<String, Object>) ((List<Object>) document.get("blocks")).get(0));
		return Json.canonical(document);
	}

	private static void assertRefused(String document, String message) {
		assertThatThrownBy(() -> LayoutDocument.read(document)).isInstanceOf(LayoutFormatException.class)
			.hasMessage(message);
	}

	@Test
	void clearsValueBitsOutsideTheMask() {
		ByteMask mask = new ByteMask(new byte[] { (byte) 0xF0, 0x01 }, new byte[] { (byte) 0xAB, (byte) 0xFF });

		assertThat(mask.valueHex()).isEqualTo("a001");
		assertThat(mask).isEqualTo(ByteMask.fromHex("f001", "a001"))
			.hasSameHashCodeAs(ByteMask.fromHex("f001", "a001"));
	}

	@Test
	void recordsTheBytesOfAConfigSpaceUnderTheMask() {
		byte[] config = { 0x09, 0x70, 0x0C, 0x01, (byte) 0x85, 0x66 };

		ByteMask mask = ByteMask.over(config, 2, new byte[] { 0x00, 0x0F, (byte) 0xFF });

		assertThat(mask.maskHex()).isEqualTo("000fff");
		assertThat(mask.valueHex()).isEqualTo("000185");
	}

	@Test
	void findsTheFirstMaskedByteThatDiffers() {
		ByteMask mask = ByteMask.fromHex("00ff0f", "006605");

		assertThat(mask.firstDifference(new byte[] { 0x40, 0x66, 0x75 }, 0)).isEqualTo(-1);
		assertThat(mask.firstDifference(new byte[] { 0x40, 0x67, 0x76 }, 0)).isEqualTo(1);
		assertThat(mask.maskedHex(new byte[] { 0x40, 0x67, 0x76 }, 0)).isEqualTo("006706");
	}

	@Test
	void refusesMasksThatCompareNothingOrDoNotFitTheirValue() {
		assertThatThrownBy(() -> ByteMask.fromHex("0000", "0000")).hasMessageContaining("selects no bit");
		assertThatThrownBy(() -> ByteMask.fromHex("ff", "0000")).hasMessageContaining("differ in length");
		assertThatThrownBy(() -> ByteMask.fromHex("", "")).hasMessageContaining("lower-case hex");
		assertThatThrownBy(() -> ByteMask.fromHex("FF", "00")).hasMessageContaining("lower-case hex");
		assertThatThrownBy(() -> ByteMask.fromHex("fff", "000")).hasMessageContaining("lower-case hex");
		assertThatThrownBy(() -> ByteMask.over(new byte[4], 2, new byte[] { 1, 1, 1 }))
			.hasMessageContaining("past the end");
	}

	@Test
	void aBlockComparesNoMoreThanItsBytesAndNeverSynthesizedOnes() {
		assertThatThrownBy(() -> Layouts.PASID.withCompare(ByteMask.fromHex("ff".repeat(9), "00".repeat(9))))
			.hasMessageContaining("run past the block's 8 bytes");
		assertThatThrownBy(() -> Layouts.PASID.withOrigin(Origin.SYNTHESIZED).withCompare(ONE_BYTE))
			.hasMessageContaining("synthesized");
	}

	@Test
	void theDocumentCarriesTheMaskBeforeTheFieldsAndReadsItBack() {
		Layout layout = withCompare(ONE_BYTE);

		String written = LayoutDocument.write(layout);

		assertThat(written)
			.startsWith("{\"blocks\":[{\"compare\":{\"mask\":\"0000000000ff\",\"value\":\"000000000066\"},\"fields\":");
		assertThat(written).isEqualTo(Json.canonical(LayoutDocument.toJson(layout)));
		assertThat(LayoutDocument.read(written)).isEqualTo(layout);
		assertThat(LayoutDocument.read(written).blocks().get(0).compare()).isEqualTo(ONE_BYTE);
	}

	@Test
	void aMaskIsPartOfTheFingerprintAndItsAbsenceChangesNothing() {
		Layout sample = Layouts.sample();

		assertThat(sample.fingerprint()).isEqualTo(Fingerprint.of(Layouts.sample()));
		assertThat(LayoutDocument.canonicalContent(sample)).isEqualTo(Layouts.FINGERPRINT_CONTENT);
		assertThat(withCompare(ONE_BYTE).fingerprint()).isNotEqualTo(sample.fingerprint())
			.isNotEqualTo(withCompare(ByteMask.fromHex("0000000000ff", "000000000067")).fingerprint())
			.isNotEqualTo(withCompare(ByteMask.fromHex("00000000000f", "000000000006")).fingerprint());
		assertThat(LayoutDocument.canonicalContent(withCompare(ONE_BYTE))).contains("\"compare\":");
	}

	@Test
	void hidingABlockKeepsItsCompareBytes() {
		assertThat(Layouts.EXPRESS.withCompare(ONE_BYTE).withOrigin(Origin.HIDDEN).withNext(0x80).compare())
			.isEqualTo(ONE_BYTE);
	}

	@Test
	void refusesMalformedComparedBytesByPath() {
		assertRefused(changed((block) -> block.put("compare", "ff")),
				"$.blocks[0].compare: expected an object, got a string");
		assertRefused(changed((block) -> block.put("compare", Map.of("mask", "ff"))),
				"$.blocks[0].compare.value: required member is missing");
		assertRefused(changed((block) -> block.put("compare", Map.of("mask", "ff", "value", "00", "bits", 8L))),
				"$.blocks[0].compare.bits: unknown member");
		assertRefused(changed((block) -> block.put("compare", Map.of("mask", 255L, "value", "00"))),
				"$.blocks[0].compare.mask: expected a string, got an integer");
		assertRefused(changed((block) -> block.put("compare", Map.of("mask", "FF", "value", "00"))),
				"$.blocks[0].compare.mask: the mask must be lower-case hex, two digits a byte, got \"FF\"");
		assertRefused(changed((block) -> block.put("compare", Map.of("mask", "ff", "value", "0"))),
				"$.blocks[0].compare.value: the value must be lower-case hex, two digits a byte, got \"0\"");
		assertRefused(changed((block) -> block.put("compare", Map.of("mask", "ffff", "value", "00"))),
				"$.blocks[0].compare.value: 1 bytes, but the mask has 2");
		assertRefused(changed((block) -> block.put("compare", Map.of("mask", "0f", "value", "10"))),
				"$.blocks[0].compare.value: byte 0 sets bits outside the mask");
		assertRefused(changed((block) -> block.put("compare", Map.of("mask", "00", "value", "00"))),
				"$.blocks[0].compare.mask: the mask selects no bit, so it compares nothing");
		assertRefused(
				changed((block) -> block.put("compare", Map.of("mask", "ff".repeat(45), "value", "00".repeat(45)))),
				"$.blocks[0].compare.mask: 45 bytes run past the block's length of 44");
		assertRefused(changed((block) -> block.put("origin", "synthesized")),
				"$.blocks[0].compare: a synthesized block has no device bytes to compare");
	}

}
