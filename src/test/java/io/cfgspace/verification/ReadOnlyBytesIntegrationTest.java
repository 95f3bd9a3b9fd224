package io.cfgspace.verification;

import static io.cfgspace.verification.Fixtures.asMap;
import static io.cfgspace.verification.Fixtures.findings;
import static io.cfgspace.verification.Fixtures.physical;
import static io.cfgspace.verification.Fixtures.with;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.cfgspace.Api;
import io.cfgspace.IntegrationTest;
import io.cfgspace.configspace.ConfigSpace;
import io.cfgspace.configspace.ConfigSpaceParser;
import io.cfgspace.layout.Json;
import io.cfgspace.layout.Layout;
import io.cfgspace.registry.FirstFormatPins;
import io.cfgspace.verification.Fixtures.Request;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every read-only byte over REST: a pin made from a dump and its sysfs resource file,
 * with a declared state register and the Device Serial Number exempted, verified against
 * other units. The Intel 82576 PF: Device Serial Number at 0x140, BARs 0..3 and a ROM.
 */
@IntegrationTest
class ReadOnlyBytesIntegrationTest {

	/**
	 * 128K, 4M, 32 bytes of I/O and 16K, no BAR 4 and 5, a 4M ROM, 8 VFs' 16K BAR 0 and
	 * 3.
	 */
	private static final String RESOURCE = """
			0x00000000e0800000 0x00000000e081ffff 0x0000000000040200
			0x00000000e0000000 0x00000000e03fffff 0x0000000000040200
			0x0000000000001020 0x000000000000103f 0x0000000000040101
			0x00000000e0840000 0x00000000e0843fff 0x0000000000040200
			0x0000000000000000 0x0000000000000000 0x0000000000000000
			0x0000000000000000 0x0000000000000000 0x0000000000000000
			0x00000000c7800000 0x00000000c7bfffff 0x0000000000046200
			0x00000000e0844000 0x00000000e0863fff 0x000000000014220c
			0x0000000000000000 0x0000000000000000 0x0000000000000000
			0x0000000000000000 0x0000000000000000 0x0000000000000000
			0x00000000e0864000 0x00000000e0883fff 0x000000000014220c
			0x0000000000000000 0x0000000000000000 0x0000000000000000
			0x0000000000000000 0x0000000000000000 0x0000000000000000
			""";

	/**
	 * The SR-IOV capability's VF Migration State Array Offset (0x19c): read-only, but say
	 * the firmware places the array anew at every boot.
	 */
	private static final Map<String, Object> DECLARED = Map.of("offset", 0x19CL, "width", 4L, "mask", 0xFFFFFFFFL,
			"reason", "the firmware places the VF migration state array at boot");

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	Api operator;

	Api verifier;

	String key;

	String dump;

	@BeforeEach
	void model() {
		this.operator = Api.anonymous(this.port).withRole("operator");
		this.verifier = Api.anonymous(this.port).withRole("verifier");
		int device = Fixtures.freshDeviceId();
		this.key = String.format("8086:%04x", device);
		this.operator
			.post("/api/v1/device-models", Json.canonical(Map.of("key", this.key, "displayName", "Model " + this.key)))
			.expect(201);
		this.dump = Fixtures.dumpAs("intel-82576-nic-pf", 0x8086, device);
	}

	@Test
	void aPinRecordsItsBytesBarSizesDeclarationsAndTreatments() {
		Map<String, Object> layout = asMap(pin(true).expect(201).map().get("layout"));

		assertThat(layout).containsEntry("format", "cfgspace-layout/2");
		assertThat(asMap(layout.get("image"))).containsEntry("stateTables", 1L);
		assertThat(layout.get("bars")).asList()
			.contains(Map.of("resource", "bar0", "type", "memory32", "prefetchable", false, "size", 0x20000L),
					Map.of("resource", "rom", "type", "rom", "prefetchable", false, "size", 0x400000L),
					Map.of("resource", "vf-bar0", "type", "memory64", "prefetchable", false, "size", 0x4000L));
		assertThat(layout.get("state")).asList().containsExactly(DECLARED);
		assertThat(block(layout, 0x140)).containsEntry("perUnit", "exempt");
	}

	@Test
	void anotherUnitPassesWithAWarningAboutItsSerialNumber() {
		pin(true).expect(201);

		Map<String, Object> verdict = verify(this.dump, serial(this.dump, 0x42)).expect(200).map();

		assertThat(verdict).containsEntry("verdict", "CONSISTENT");
		assertThat(findings(verdict)).singleElement()
			.satisfies((finding) -> assertThat(finding).containsEntry("code", "PER_UNIT_VALUE")
				.containsEntry("severity", "WARNING")
				.containsEntry("field", "Serial Number")
				.containsEntry("register", 0x144L));
	}

	@Test
	void aReadOnlyBitNoDecoderNamesIsRefusedByItsRegister() {
		pin(true).expect(201);
		// ARI Capability at 0x154: Next Function Number 1 becomes 3
		String other = withByte(this.dump, 0x155, 0x03);

		Map<String, Object> verdict = verify(this.dump, other).expect(200).map();

		assertThat(verdict).containsEntry("verdict", "INCONSISTENT");
		assertThat(findings(verdict)).singleElement()
			.satisfies((finding) -> assertThat(finding).containsEntry("code", "FIELD_MISMATCH")
				.containsEntry("side", "DESTINATION")
				.containsEntry("capability", "Alternative Routing-ID Interpretation (ARI)")
				.containsEntry("field", "ARI Capability")
				.containsEntry("register", 0x154L)
				.containsEntry("mask", "0x0200")
				.containsEntry("expected", "0x0100")
				.containsEntry("actual", "0x0300"));
	}

	@Test
	void theDeclaredStateIsNotCompared() {
		pin(true).expect(201);

		Map<String, Object> verdict = verify(this.dump, withByte(this.dump, 0x19D, 0x10)).expect(200).map();

		assertThat(verdict).containsEntry("verdict", "CONSISTENT");
		assertThat(findings(verdict)).isEmpty();
	}

	@Test
	void aSideWithoutTheBarSizesThePinRecordsCannotBeCompared() {
		pin(true).expect(201);
		Request request = new Request(this.key, 1, with(physical(this.dump), "resource", RESOURCE),
				physical(this.dump));

		Map<String, Object> verdict = this.verifier.post("/api/v1/verifications", request.json()).expect(200).map();

		assertThat(verdict).containsEntry("verdict", "INCONSISTENT");
		assertThat(findings(verdict)).extracting((finding) -> finding.get("code"), (finding) -> finding.get("side"))
			.contains(org.assertj.core.groups.Tuple.tuple("CANNOT_COMPARE", "DESTINATION"));
	}

	@Test
	void aPinFromBeforeByteComparisonCannotBeCompared() {
		Layout parsed = ConfigSpaceParser.parse(ConfigSpace.of(HexFormat.of().parseHex(this.dump)));
		FirstFormatPins.store(this.jdbc, this.key,
				new Layout(parsed.identity(), parsed.coverage(), parsed.blocks(), parsed.findings()));

		Map<String, Object> verdict = verify(this.dump, this.dump).expect(200).map();

		assertThat(verdict).containsEntry("verdict", "INCONSISTENT");
		assertThat(findings(verdict)).isNotEmpty().allSatisfy((finding) -> {
			assertThat(finding).containsEntry("code", "CANNOT_COMPARE");
			assertThat(finding.get("message").toString()).contains("cfgspace-layout/1");
		});
	}

	@Test
	void aSerialNumberWithoutATreatmentNamesTheChoices() {
		pin(false).expect(201);

		Map<String, Object> verdict = verify(this.dump, serial(this.dump, 0x42)).expect(200).map();

		assertThat(findings(verdict)).singleElement().satisfies((finding) -> {
			assertThat(finding).containsEntry("code", "PER_UNIT_VALUE_UNDECLARED").containsEntry("register", 0x144L);
			assertThat(finding.get("message").toString()).contains("hidden", "synthesized", "exempt");
		});
	}

	@Test
	void refusesDeclarationsThatCannotBe() {
		Map<String, Object> body = Map.of("dump", this.dump, "state",
				List.of(Map.of("offset", 0x140L, "width", 4L, "mask", 0xFFFF0000L, "reason", "a next pointer")));

		Map<String, Object> problem = this.operator.post(pins(), Json.canonical(body))
			.problem(400, "invalid-layout")
			.map();

		assertThat(problem.get("problems").toString()).contains("INVALID_DECLARATION", "capability header");
	}

	@Test
	void refusesToPinAFirstFormatLayout() {
		Map<String, Object> layout = asMap(Json
			.parse(this.verifier.post("/api/v1/parse", Json.canonical(Map.of("dump", this.dump))).expect(200).body()));
		Map<String, Object> document = asMap(asMap(((List<?>) layout.get("devices")).get(0)).get("layout"));
		document.remove("image");
		document.remove("bars");
		document.remove("state");
		document.remove("fingerprint");
		document.put("format", "cfgspace-layout/1");

		Map<String, Object> problem = this.operator.post(pins(), Json.canonical(Map.of("layout", document)))
			.problem(400, "invalid-layout")
			.map();

		assertThat(problem.get("problems").toString()).contains("NO_RECORDED_BYTES");
	}

	private Api.Response pin(boolean exempt) {
		Map<String, Object> body = exempt
				? Map.of("dump", this.dump, "resource", RESOURCE, "state", List.of(DECLARED), "perUnit",
						List.of(Map.of("space", "extended", "offset", 0x140L, "treatment", "exempt")))
				: Map.of("dump", this.dump, "resource", RESOURCE, "state", List.of(DECLARED));
		return this.operator.post(pins(), Json.canonical(body));
	}

	private Api.Response verify(String source, String destination) {
		Request request = new Request(this.key, 1, with(physical(source), "resource", RESOURCE),
				with(physical(destination), "resource", RESOURCE));
		return this.verifier.post("/api/v1/verifications", request.json());
	}

	private String pins() {
		return "/api/v1/device-models/" + this.key + "/pins";
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> block(Map<String, Object> layout, long offset) {
		return ((List<Map<String, Object>>) layout.get("blocks")).stream()
			.filter((block) -> block.get("offset").equals(offset))
			.findFirst()
			.orElseThrow();
	}

	/** The dump with another last byte of its serial number (0x140 + 4). */
	private static String serial(String hex, int lowByte) {
		return withByte(hex, 0x144, lowByte);
	}

	private static String withByte(String hex, int offset, int value) {
		byte[] bytes = HexFormat.of().parseHex(hex);
		bytes[offset] = (byte) value;
		return HexFormat.of().formatHex(bytes);
	}

}
