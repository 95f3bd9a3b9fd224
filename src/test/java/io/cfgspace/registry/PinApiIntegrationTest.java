package io.cfgspace.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.cfgspace.Api;
import io.cfgspace.IntegrationTest;
import io.cfgspace.configspace.Corpus;
import io.cfgspace.layout.Json;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutDocument;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

@IntegrationTest
class PinApiIntegrationTest {

	@LocalServerPort
	int port;

	Api operator;

	int device;

	String key;

	String dump;

	@BeforeEach
	void model() {
		this.operator = Api.anonymous(this.port).withRole("operator");
		this.device = Fixtures.freshDeviceId();
		this.key = Fixtures.createModel(this.operator, String.format("8086:%04x", this.device));
		this.dump = Fixtures.dumpAs(Fixtures.SKYLAKE, 0x8086, this.device);
	}

	private String pins() {
		return "/api/v1/device-models/" + this.key + "/pins";
	}

	@Test
	void pinsALayoutDocumentAndGivesTheSameVersionBackForTheSameContent() {
		Map<String, Object> parsed = this.operator.post("/api/v1/parse", Json.canonical(Map.of("dump", this.dump)))
			.expect(200)
			.map();
		Object document = asMap(((List<?>) parsed.get("devices")).get(0)).get("layout");

		Api.Response first = this.operator.post(pins(), Json.canonical(Map.of("layout", document))).expect(201);
		assertThat(first.map()).containsEntry("version", 1L).containsEntry("deprecated", false);
		assertThat(first.location()).endsWith(pins() + "/1");
		assertThat(first.map().get("pinnedBy").toString()).startsWith("token:");

		Api.Response again = this.operator.post(pins(), Json.canonical(Map.of("layout", document))).expect(200);
		assertThat(again.map()).containsEntry("version", 1L)
			.containsEntry("fingerprint", first.map().get("fingerprint"));
		// pinning the dump itself is the same content again
		this.operator.post(pins(), Fixtures.pinBody(this.dump)).expect(200);
	}

	@Test
	void pinsADumpWithHiddenAndSynthesizedBlocks() {
		// hide the physical PASID at 0x100 and put the VMM's own at 0xff8
		String body = Json.canonical(Map.of("dump", this.dump, "hidden",
				List.of(Map.of("space", "extended", "offset", 0x100L)), "synthesized",
				List.of(Map.of("space", "extended", "offset", 0xFF8L, "id", 0x1BL, "version", 1L, "length", 8L,
						"fields", Map.of("maxPasidWidth", 20L, "executePermissionSupported", true,
								"privilegedModeSupported", false)))));
		Map<String, Object> pin = this.operator.post(pins(), body).expect(201).map();
		Layout layout = LayoutDocument.fromJson(pin.get("layout"));
		assertThat(layout.fingerprint()).isEqualTo(pin.get("fingerprint"));
		assertThat(layout.blocks(io.cfgspace.layout.Space.EXTENDED))
			.extracting((b) -> b.offset() + "/" + b.origin().json() + "/" + b.id() + "/" + b.next())
			.containsExactly("256/physical/0/512", "512/physical/15/768", "768/physical/19/4088",
					"4088/synthesized/27/0", "256/hidden/27/512");

		Map<String, Object> read = this.operator.get(pins() + "/1").expect(200).map();
		assertThat(read.get("layout")).isEqualTo(pin.get("layout"));
	}

	@Test
	void listsVersionsAndDeprecatesOneWithoutRewritingIt() {
		this.operator.post(pins(), Fixtures.pinWithPasid(this.dump, 16)).expect(201);
		Map<String, Object> second = this.operator.post(pins(), Fixtures.pinWithPasid(this.dump, 20)).expect(201).map();
		assertThat(second).containsEntry("version", 2L);

		Map<String, Object> deprecated = this.operator
			.post(pins() + "/1/deprecation", Json.canonical(Map.of("reason", "firmware 2 moved AER")))
			.expect(200)
			.map();
		assertThat(deprecated).containsEntry("deprecated", true);
		assertThat(asMap(deprecated.get("deprecation"))).containsEntry("reason", "firmware 2 moved AER");
		// deprecating again keeps the first record
		this.operator.post(pins() + "/1/deprecation", Json.canonical(Map.of("reason", "other"))).expect(200);

		List<Object> versions = this.operator.get(pins()).expect(200).list("items");
		assertThat(versions).hasSize(2);
		assertThat(asMap(versions.get(0))).containsEntry("version", 1L).containsEntry("deprecated", true);
		assertThat(asMap(asMap(versions.get(0)).get("deprecation")).get("reason")).isEqualTo("firmware 2 moved AER");
		assertThat(asMap(versions.get(1))).containsEntry("version", 2L).containsEntry("deprecated", false);
		// still readable and verifiable
		assertThat(this.operator.get(pins() + "/1").expect(200).map()).containsEntry("deprecated", true);
	}

	@Test
	void findsALayoutByFingerprint() {
		Map<String, Object> pin = this.operator.post(pins(), Fixtures.pinBody(this.dump)).expect(201).map();
		String fingerprint = (String) pin.get("fingerprint");
		Map<String, Object> match = this.operator.get("/api/v1/layouts/" + fingerprint).expect(200).map();
		assertThat(match).containsEntry("fingerprint", fingerprint);
		assertThat(match.get("pins")).asList()
			.anySatisfy((p) -> assertThat(asMap(p)).containsEntry("modelKey", this.key).containsEntry("version", 1L));
		this.operator.get("/api/v1/layouts/sha256:" + "0".repeat(64)).problem(404, "layout-not-found");
		this.operator.get("/api/v1/layouts/md5:1234").problem(400, "invalid-fingerprint");
	}

	@Test
	void listsEveryProblemOfAnInvalidLayout() {
		// a synthesized block over the physical ATS, another over PRI, and a misaligned
		// one
		String body = Json
			.canonical(Map.of("dump", this.dump, "synthesized", List.of(block(0x200), block(0x304), block(0x402))));
		Map<String, Object> problem = this.operator.post(pins(), body).problem(400, "invalid-layout").map();
		assertThat(problem.get("problems")).asList()
			.extracting((p) -> asMap(p).get("code"))
			.containsExactlyInAnyOrder("MISALIGNED", "SYNTHESIZED_OVERLAPS_PHYSICAL", "SYNTHESIZED_OVERLAPS_PHYSICAL");
		assertThat(this.operator.get(pins()).expect(200).list("items")).isEmpty();
	}

	@Test
	void refusesAnIncompleteDumpAndAForeignDevice() {
		String shortDump = new String(Corpus.bytes("plx-pex9716-switch-downstream"));
		Map<String, Object> problem = this.operator.post(pins(), Fixtures.pinBody(shortDump))
			.problem(400, "invalid-layout")
			.map();
		assertThat(problem.get("problems")).asList()
			.extracting((p) -> asMap(p).get("code"))
			.containsExactlyInAnyOrder("INCOMPLETE_COVERAGE", "IDENTITY_MISMATCH");
	}

	@Test
	void refusesHidingABlockThatIsNotThere() {
		String body = Json
			.canonical(Map.of("dump", this.dump, "hidden", List.of(Map.of("space", "extended", "offset", 0x104L))));
		this.operator.post(pins(), body).problem(400, "invalid-layout");
	}

	@Test
	void saysWhatIsMissing() {
		this.operator.get(pins() + "/9").problem(404, "pin-not-found");
		this.operator
			.post(String.format("/api/v1/device-models/8086:%04x@nope/pins", this.device), Fixtures.pinBody(this.dump))
			.problem(404, "model-not-found");
		this.operator.post(pins(), "{}").problem(400, "invalid-request");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> asMap(Object json) {
		return (Map<String, Object>) json;
	}

	private static Map<String, Object> block(long offset) {
		return Map.of("space", "extended", "offset", offset, "id", 0x1BL, "version", 1L, "length", 8L);
	}

}
