package io.cfgspace.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.cfgspace.layout.Coverage.Extent;

import org.junit.jupiter.api.Test;

/**
 * The layout document: canonical writing, the fingerprint, and a strict reader whose
 * every refusal names the JSON path at fault. The sample is a {@code cfgspace-layout/1}
 * document, which records no bytes and must read and hash as it always did; the recorded
 * sample is a {@code cfgspace-layout/2} one.
 */
class LayoutDocumentTest {

	private static String sha256(String text) throws Exception {
		return "sha256:" + HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> member(Map<String, Object> object, String key) {
		return (Map<String, Object>) object.get(key);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> block(Map<String, Object> document, int index) {
		return (Map<String, Object>) ((List<Object>) document.get("blocks")).get(index);
	}

	/**
	 * The sample document, changed; without its fingerprint unless the change keeps it.
	 */
	@SuppressWarnings("unchecked")
	private static String changed(Consumer<Map<String, Object>> change) {
		Map<String, Object> document = (Map<String, Object>) Json.parse(LayoutDocument.write(Layouts.sample()));
		document.remove("fingerprint");
		change.accept(document);
		return Json.canonical(document);
	}

	private static void assertRefused(String document, String message) {
		assertThatThrownBy(() -> LayoutDocument.read(document)).isInstanceOf(LayoutFormatException.class)
			.hasMessage(message);
	}

	@Test
	void writesTheCanonicalForm() throws Exception {
		Layout layout = Layouts.sample();

		assertThat(LayoutDocument.write(layout))
			.isEqualTo(Layouts.CANONICAL_WITHOUT_FINGERPRINT.formatted(sha256(Layouts.FINGERPRINT_CONTENT)));
	}

	@Test
	void theFastWriterGivesWhatTheGenericCanonicalWriterGives() {
		Layout layout = Layouts.sample();

		assertThat(LayoutDocument.write(layout)).isEqualTo(Json.canonical(LayoutDocument.toJson(layout)));
	}

	@Test
	void theFingerprintIsSha256OfTheContentWithoutNamesFindingsOrItself() throws Exception {
		assertThat(Layouts.sample().fingerprint()).isEqualTo(sha256(Layouts.FINGERPRINT_CONTENT));
	}

	@Test
	void aWrittenDocumentReadsBackToTheSameLayout() {
		Layout layout = Layouts.sample();

		Layout read = LayoutDocument.read(LayoutDocument.write(layout));

		assertThat(read).isEqualTo(layout);
		assertThat(read.fingerprint()).isEqualTo(layout.fingerprint());
	}

	@Test
	void readsAnyMemberOrderAndWhiteSpaceToTheSameFingerprint() {
		Layout layout = Layouts.sample();
		String pretty = """
				{
				  "identity" : { "vendorId" : 32902, "subsystemVendorId" : 32902, "subsystemId" : 0,
				                 "revisionId" : 1, "multifunction" : false, "headerType" : 0,
				                 "deviceId" : 2853, "classCode" : 557056, "capabilitiesPointer" : 64 },
				  "format" : "cfgspace-layout/1",
				  "fingerprint" : "%s",
				  "findings" : [ { "space" : "extended", "offset" : 258,
				                   "message" : "a \\"quoted\\" message\\twith a tab", "code" : "POINTER_MISALIGNED" } ],
				  "coverage" : { "standard" : "captured", "extended" : "captured", "bytes" : 4096 },
				  "blocks" : [
				    { "space" : "standard", "origin" : "physical", "offset" : 64, "next" : 0, "name" : "Express",
				      "length" : 44, "id" : 16, "fields" : { "version" : 2, "functionLevelReset" : true } },
				    { "version" : 1, "space" : "extended", "origin" : "hidden", "offset" : 256, "next" : 0,
				      "name" : "Process Address Space ID (PASID)", "length" : 8, "id" : 27,
				      "fields" : { "maxPasidWidth" : 20, "executePermissionSupported" : true } }
				  ]
				}
				""".formatted(layout.fingerprint());

		Layout read = LayoutDocument.read(pretty);

		assertThat(read).isEqualTo(layout);
		assertThat(read.fingerprint()).isEqualTo(layout.fingerprint());
		assertThat(LayoutDocument.write(read)).isEqualTo(LayoutDocument.write(layout));
	}

	@Test
	void theFingerprintIsStable() {
		assertThat(Layouts.sample().fingerprint()).isEqualTo(Layouts.sample().fingerprint())
			.startsWith("sha256:")
			.hasSize(7 + 64);
	}

	@Test
	void namesAndFindingsAreLeftOutOfTheFingerprint() {
		Layout layout = Layouts.sample();
		Layout renamed = new Layout(layout.identity(), layout.coverage(),
				List.of(rename(Layouts.EXPRESS, "Express (v2) Endpoint"), rename(Layouts.PASID, "PASID")), List.of());

		assertThat(renamed.fingerprint()).isEqualTo(layout.fingerprint());
		assertThat(LayoutDocument.write(renamed)).isNotEqualTo(LayoutDocument.write(layout));
	}

	private static LayoutBlock rename(LayoutBlock block, String name) {
		return new LayoutBlock(block.space(), block.offset(), block.id(), block.version(), block.length(), block.next(),
				name, block.origin(), block.fields());
	}

	@Test
	void everythingAGuestCanObserveChangesTheFingerprint() {
		Layout layout = Layouts.sample();
		Identity identity = layout.identity();
		List<Layout> variants = List.of(
				new Layout(
						new Identity(identity.vendorId(), identity.deviceId(), 0x02, identity.classCode(), 0, false,
								identity.subsystemVendorId(), identity.subsystemId(), 0x40),
						layout.coverage(), layout.blocks(), layout.findings()),
				new Layout(new Identity(identity.vendorId(), identity.deviceId(), 0x01, identity.classCode(), 0, false,
						null, null, 0x40), layout.coverage(), layout.blocks(), layout.findings()),
				new Layout(identity, new Coverage(4096, Extent.CAPTURED, Extent.UNKNOWN), layout.blocks(),
						layout.findings()),
				new Layout(identity, layout.coverage(),
						List.of(Layouts.EXPRESS, Layouts.PASID.withOrigin(Origin.SYNTHESIZED)), layout.findings()),
				new Layout(identity, layout.coverage(), List.of(Layouts.EXPRESS, Layouts.PASID.withNext(0x200)),
						layout.findings()),
				new Layout(identity, layout.coverage(), List.of(Layouts.PASID, Layouts.EXPRESS), layout.findings()),
				new Layout(identity, layout.coverage(), List.of(Layouts.EXPRESS), layout.findings()),
				new Layout(identity, layout.coverage(), List.of(Layouts.EXPRESS,
						new LayoutBlock(Space.EXTENDED, 0x100, 0x1B, 1, 8, 0, "Process Address Space ID (PASID)",
								Origin.HIDDEN, Map.of("maxPasidWidth", 16L, "executePermissionSupported", true))),
						layout.findings()));

		List<String> fingerprints = new ArrayList<>(variants.stream().map(Layout::fingerprint).toList());
		fingerprints.add(layout.fingerprint());

		assertThat(fingerprints).doesNotHaveDuplicates();
	}

	@Test
	void findingsAndTheFingerprintAreOptionalWhenReading() {
		String bare = changed((document) -> document.remove("findings"));

		Layout read = LayoutDocument.read(bare);

		assertThat(read.findings()).isEmpty();
		assertThat(read.blocks()).isEqualTo(Layouts.sample().blocks());
	}

	@Test
	void refusesAFingerprintThatDoesNotMatchTheContent() {
		String fingerprint = "sha256:" + "0".repeat(64);
		String document = changed((json) -> json.put("fingerprint", fingerprint));

		assertThatThrownBy(() -> LayoutDocument.read(document)).isInstanceOf(LayoutFormatException.class)
			.hasMessage("$.fingerprint: " + fingerprint + " does not match the document's content, which hashes to "
					+ Layouts.sample().fingerprint());
	}

	@Test
	void refusesContentEditedUnderItsFingerprint() {
		String original = LayoutDocument.write(Layouts.sample());
		String edited = original.replace("\"maxPasidWidth\":20", "\"maxPasidWidth\":16");

		assertThat(edited).isNotEqualTo(original);
		assertThatThrownBy(() -> LayoutDocument.read(edited)).isInstanceOf(LayoutFormatException.class)
			.hasMessageStartingWith("$.fingerprint: " + Layouts.sample().fingerprint() + " does not match");
	}

	@Test
	void aRenamedBlockKeepsItsFingerprintWhenRead() {
		String renamed = LayoutDocument.write(Layouts.sample()).replace("\"name\":\"Express\"", "\"name\":\"PCIe\"");

		assertThat(LayoutDocument.read(renamed).blocks().get(0).name()).isEqualTo("PCIe");
	}

	@Test
	void refusesUnknownMembersByPath() {
		assertRefused(changed((document) -> document.put("colour", "blue")), "$.colour: unknown member");
		assertRefused(changed((document) -> member(document, "identity").put("serial", 1L)),
				"$.identity.serial: unknown member");
		assertRefused(changed((document) -> member(document, "coverage").put("partial", true)),
				"$.coverage.partial: unknown member");
		assertRefused(changed((document) -> block(document, 1).put("colour", "blue")),
				"$.blocks[1].colour: unknown member");
	}

	@Test
	void refusesMissingMembersByPath() {
		assertRefused(changed((document) -> document.remove("identity")), "$.identity: required member is missing");
		assertRefused(changed((document) -> member(document, "identity").remove("deviceId")),
				"$.identity.deviceId: required member is missing");
		assertRefused(changed((document) -> block(document, 0).remove("length")),
				"$.blocks[0].length: required member is missing");
		assertRefused(changed((document) -> block(document, 1).remove("version")),
				"$.blocks[1].version: required member is missing");
	}

	@Test
	void refusesWrongTypesByPath() {
		assertRefused(changed((document) -> member(document, "identity").put("vendorId", "8086")),
				"$.identity.vendorId: expected an integer, got a string");
		assertRefused(changed((document) -> member(document, "identity").put("multifunction", 0L)),
				"$.identity.multifunction: expected a boolean, got an integer");
		assertRefused(changed((document) -> block(document, 0).put("offset", new java.math.BigDecimal("64.0"))),
				"$.blocks[0].offset: expected an integer, got a non-integer number");
		assertRefused(changed((document) -> document.put("blocks", Map.of())),
				"$.blocks: expected an array, got an object");
		assertRefused(changed((document) -> block(document, 0).put("name", null)),
				"$.blocks[0].name: expected a string, got null");
		assertRefused(changed((document) -> member(block(document, 0), "fields").put("version", "2")),
				"$.blocks[0].fields.version: expected an integer or a boolean, got a string");
		assertRefused("[]", "$: expected an object, got an array");
	}

	@Test
	void refusesNumbersOutOfRangeByPath() {
		assertRefused(changed((document) -> member(document, "identity").put("vendorId", 0x10000L)),
				"$.identity.vendorId: 65536 is out of range 0..65535");
		assertRefused(changed((document) -> member(document, "identity").put("headerType", 0x80L)),
				"$.identity.headerType: 128 is out of range 0..127");
		assertRefused(changed((document) -> block(document, 0).put("offset", -4L)),
				"$.blocks[0].offset: -4 is out of range 0..4095");
		assertRefused(changed((document) -> block(document, 0).put("id", 0x100L)),
				"$.blocks[0].id: 256 is out of range 0..255");
		assertRefused(changed((document) -> block(document, 1).put("id", 0x10000L)),
				"$.blocks[1].id: 65536 is out of range 0..65535");
		assertRefused(changed((document) -> block(document, 1).put("version", 16L)),
				"$.blocks[1].version: 16 is out of range 0..15");
		assertRefused(changed((document) -> member(document, "coverage").put("bytes", 4097L)),
				"$.coverage.bytes: 4097 is out of range 0..4096");
		assertRefused(changed((document) -> member(document, "identity").put("vendorId", Long.MAX_VALUE)),
				"$.identity.vendorId: 9223372036854775807 is out of range 0..65535");
	}

	@Test
	void refusesAVersionOnAStandardBlock() {
		assertRefused(changed((document) -> block(document, 0).put("version", 1L)),
				"$.blocks[0].version: standard capabilities have no version");
	}

	@Test
	void refusesUnknownNamesOfEnumeratedValuesByPath() {
		assertRefused(changed((document) -> document.put("format", "cfgspace-layout/3")),
				"$.format: expected \"cfgspace-layout/2\", got \"cfgspace-layout/3\"");
		assertRefused(changed((document) -> block(document, 0).put("origin", "virtual")),
				"$.blocks[0].origin: unknown origin 'virtual' (physical, synthesized or hidden)");
		assertRefused(changed((document) -> block(document, 0).put("space", "legacy")),
				"$.blocks[0].space: unknown space 'legacy' (standard or extended)");
		assertRefused(changed((document) -> member(document, "coverage").put("extended", "partial")),
				"$.coverage.extended: unknown coverage 'partial' (captured, unknown or not-applicable)");
		assertThatThrownBy(() -> LayoutDocument.read(changed((document) -> {
			@SuppressWarnings("unchecked")
			Map<String, Object> finding = (Map<String, Object>) ((List<Object>) document.get("findings")).get(0);
			finding.put("code", "BAD_THING");
		}))).isInstanceOf(LayoutFormatException.class).hasMessageStartingWith("$.findings[0].code: ");
	}

	@Test
	void refusesTextThatIsNotJsonNamingTheCharacter() {
		assertThatThrownBy(() -> LayoutDocument.read("{\"format\":\"cfgspace-layout/1\",}"))
			.isInstanceOf(LayoutFormatException.class)
			.hasMessage("JSON expected a quoted object key at character 30");
	}

	@Test
	void refusesNestingTooDeep() {
		String deep = "{\"format\":" + "[".repeat(200) + "]".repeat(200) + "}";

		assertThatThrownBy(() -> LayoutDocument.read(deep)).isInstanceOf(LayoutFormatException.class)
			.hasMessage("JSON nesting deeper than 64 levels at character 74");
	}

	@SuppressWarnings("unchecked")
	private static String recordedChanged(Consumer<Map<String, Object>> change) {
		Map<String, Object> document = (Map<String, Object>) Json.parse(LayoutDocument.write(Layouts.recorded()));
		document.remove("fingerprint");
		change.accept(document);
		return Json.canonical(document);
	}

	@Test
	void aRecordedLayoutWritesItsBytesBarsStateAndTreatmentsCanonically() {
		Layout layout = Layouts.recorded();
		String written = LayoutDocument.write(layout);

		assertThat(written).isEqualTo(Json.canonical(LayoutDocument.toJson(layout)))
			.startsWith("{\"bars\":[{\"prefetchable\":true,\"resource\":\"bar0\",\"size\":65536,\"type\":\"memory64\"},"
					+ "{\"prefetchable\":false,\"resource\":\"rom\",\"type\":\"rom\"}],")
			.contains("\"origin\":\"physical\",\"perUnit\":\"exempt\",\"space\":\"extended\"")
			.contains("\"format\":\"cfgspace-layout/2\"")
			.contains("\"image\":{\"bytes\":\"8680250b0000")
			.endsWith(",\"stateTables\":1},\"state\":[{\"mask\":65280,\"offset\":512,\"reason\":\"a live counter\","
					+ "\"width\":4}]}");
		assertThat(LayoutDocument.read(written)).isEqualTo(layout);
	}

	@Test
	void everyRecordedThingChangesTheFingerprint() {
		String fingerprint = Layouts.recorded().fingerprint();

		assertThat(List.of(recordedChanged(
				(d) -> member(d, "image").put("bytes", "00" + ((String) member(d, "image").get("bytes")).substring(2))),
				recordedChanged((d) -> member(d, "image").put("stateTables", 2L)),
				recordedChanged((d) -> bar(d, 0).put("size", 4096L)),
				recordedChanged((d) -> bar(d, 1).remove("prefetchable")),
				recordedChanged((d) -> state(d).put("reason", "another reason")),
				recordedChanged((d) -> state(d).put("mask", 0xFFL)),
				recordedChanged((d) -> block(d, 1).put("perUnit", "synthesized"))))
			.allSatisfy((document) -> {
				try {
					assertThat(LayoutDocument.read(document).fingerprint()).isNotEqualTo(fingerprint);
				}
				catch (LayoutFormatException ex) {
					// a change the reader refuses also never passes for the same layout
					assertThat(ex.getMessage()).startsWith("$.bars[1]");
				}
			});
	}

	@Test
	void refusesRecordedBytesThatAreNotTheCapturedConfigSpace() {
		assertRefused(recordedChanged((d) -> member(d, "image").put("bytes", "8680")),
				"$.image.bytes: an image holds 64 to 4096 bytes of config space, this one has 2");
		assertRefused(recordedChanged((d) -> member(d, "coverage").put("bytes", 256L)),
				"$.image.bytes: 4096 bytes, but the coverage says 256 were captured");
		assertRefused(recordedChanged((d) -> member(d, "image").put("bytes", "XY".repeat(4096))),
				"$.image.bytes: expected lower-case hex, two digits a byte");
		assertRefused(recordedChanged((d) -> d.remove("image")), "$.image: required member is missing");
	}

	@Test
	void refusesBarsAndDeclarationsThatCannotBe() {
		assertRefused(recordedChanged((d) -> bar(d, 0).put("type", "memory16")),
				"$.bars[0]: unknown BAR type 'memory16' (memory32, memory64, io or rom)");
		assertRefused(recordedChanged((d) -> bar(d, 0).put("type", "io")),
				"$.bars[0]: only a memory BAR is prefetchable");
		assertRefused(recordedChanged((d) -> state(d).put("width", 3L)),
				"$.state[0]: a register is 1, 2 or 4 bytes wide, not 3");
		assertRefused(recordedChanged((d) -> state(d).put("offset", 0x202L)),
				"$.state[0]: a 4-byte register starts at a multiple of 4, not at 0x202");
		assertRefused(recordedChanged((d) -> state(d).put("reason", "")),
				"$.state[0]: give a reason of 1 to 500 characters");
		assertRefused(recordedChanged((d) -> block(d, 1).put("perUnit", "forgotten")),
				"$.blocks[1].perUnit: unknown per-unit treatment 'forgotten' (hidden, synthesized or exempt)");
	}

	@Test
	void aFirstFormatDocumentHasNoRecordedMembers() {
		assertRefused(changed((d) -> d.put("image", Map.of("bytes", "00", "stateTables", 1L))),
				"$.image: unknown member");
		assertRefused(changed((d) -> block(d, 0).put("perUnit", "exempt")),
				"$.blocks[0].perUnit: cfgspace-layout/1 has no per-unit treatments");
		assertRefused(changed((d) -> block(d, 0).put("compare", Map.of("mask", "ff", "value", "00"))),
				"$.blocks[0].compare: cfgspace-layout/1 compare masks are no longer read: every read-only byte is"
						+ " compared now; pin a new version from a dump");
		assertThat(LayoutDocument.read(LayoutDocument.write(Layouts.sample())).image()).isNull();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> bar(Map<String, Object> document, int index) {
		return (Map<String, Object>) ((List<Object>) document.get("bars")).get(index);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> state(Map<String, Object> document) {
		return (Map<String, Object>) ((List<Object>) document.get("state")).get(0);
	}

}
