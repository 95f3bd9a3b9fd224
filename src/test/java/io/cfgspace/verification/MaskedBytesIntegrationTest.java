package io.cfgspace.verification;

import static io.cfgspace.verification.Fixtures.asMap;
import static io.cfgspace.verification.Fixtures.findings;
import static io.cfgspace.verification.Fixtures.physical;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.cfgspace.Api;
import io.cfgspace.IntegrationTest;
import io.cfgspace.layout.Json;
import io.cfgspace.verification.Fixtures.Request;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Pinning the bytes of a capability the core cannot decode through a mask, and verifying
 * them over REST. The Skylake iGPU's Vendor Specific capability at 0x40 holds 12 bytes,
 * {@code 09 70 0c 01 85 66 61 7a ...}; the pin compares its byte at 0x45.
 */
@IntegrationTest
class MaskedBytesIntegrationTest {

	private static final String MASK = "0000000000ff";

	@LocalServerPort
	int port;

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
		this.dump = Fixtures.dumpAs(Fixtures.SKYLAKE, 0x8086, device);
	}

	@Test
	void verifiesTheMaskedBytesOfAVendorSpecificCapability() {
		Map<String, Object> pin = pin(compare("standard", 0x40)).expect(201).map();
		Map<String, Object> vendorSpecific = block(pin, 0x40);
		assertThat(vendorSpecific).containsEntry("compare", Map.of("mask", MASK, "value", "000000000066"));

		Map<String, Object> maskedByteDiffers = verify(withByte(this.dump, 0x45, 0x67));
		Map<String, Object> unmaskedByteDiffers = verify(withByte(this.dump, 0x46, 0x62));

		assertThat(maskedByteDiffers).containsEntry("verdict", "INCONSISTENT");
		assertThat(findings(maskedByteDiffers)).singleElement()
			.satisfies((finding) -> assertThat(finding).containsEntry("code", "BYTES_MISMATCH")
				.containsEntry("side", "DESTINATION")
				.containsEntry("space", "standard")
				.containsEntry("offset", 0x40L)
				.containsEntry("field", "bytes")
				.containsEntry("expected", "000000000066")
				.containsEntry("actual", "000000000067"));
		assertThat(unmaskedByteDiffers).containsEntry("verdict", "CONSISTENT");
		assertThat(findings(unmaskedByteDiffers)).isEmpty();
	}

	@Test
	void refusesToCompareABlockTheDumpDoesNotHave() {
		Map<String, Object> problem = pin(compare("extended", 0x400)).problem(400, "invalid-request").map();

		assertThat(problem.get("detail").toString()).contains("compare[0]").contains("extended 0x400");
	}

	private static Map<String, Object> compare(String space, long offset) {
		return Map.of("space", space, "offset", offset, "mask", MASK);
	}

	private Api.Response pin(Map<String, Object> compare) {
		return this.operator.post("/api/v1/device-models/" + this.key + "/pins",
				Json.canonical(Map.of("dump", this.dump, "compare", List.of(compare))));
	}

	private Map<String, Object> verify(String destinationDump) {
		Request request = new Request(this.key, 1, physical(this.dump), physical(destinationDump));
		return this.verifier.post("/api/v1/verifications", request.json()).expect(200).map();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> block(Map<String, Object> pin, long offset) {
		List<Object> blocks = (List<Object>) asMap(pin.get("layout")).get("blocks");
		return blocks.stream()
			.map(Fixtures::asMap)
			.filter((block) -> Long.valueOf(offset).equals(block.get("offset")))
			.findFirst()
			.orElseThrow();
	}

	private static String withByte(String hexDump, int offset, int value) {
		byte[] bytes = HexFormat.of().parseHex(hexDump);
		bytes[offset] = (byte) value;
		return HexFormat.of().formatHex(bytes);
	}

}
