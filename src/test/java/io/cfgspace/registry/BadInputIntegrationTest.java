package io.cfgspace.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.cfgspace.Api;
import io.cfgspace.IntegrationTest;
import io.cfgspace.layout.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

/** Unusable input is a 4xx problem that says what is wrong, never a 500. */
@IntegrationTest
class BadInputIntegrationTest {

	@LocalServerPort
	int port;

	Api operator;

	String pins;

	@BeforeEach
	void model() {
		this.operator = Api.anonymous(this.port).withRole("operator");
		String key = Fixtures.createModel(this.operator, String.format("8086:%04x", Fixtures.freshDeviceId()));
		this.pins = "/api/v1/device-models/" + key + "/pins";
	}

	@Test
	void namesAnUnknownMember() {
		String detail = (String) this.operator
			.post("/api/v1/device-models", "{\"key\":\"8086:1234\",\"displayName\":\"x\",\"colour\":\"red\"}")
			.problem(400, "malformed-request")
			.map()
			.get("detail");
		assertThat(detail).contains("colour");
	}

	@Test
	void namesAWrongType() {
		String detail = (String) this.operator.post("/api/v1/parse", "{\"dump\":42}")
			.problem(400, "malformed-request")
			.map()
			.get("detail");
		assertThat(detail).contains("dump");
	}

	@Test
	void refusesBrokenJson() {
		this.operator.post("/api/v1/parse", "{\"dump\":").problem(400, "malformed-request");
		this.operator.post("/api/v1/parse", "").problem(400, "malformed-request");
	}

	@Test
	void namesTheLineOfAMalformedDump() {
		String detail = (String) this.operator
			.post("/api/v1/parse", Json.canonical(Map.of("dump", "00:02.0 VGA\n00: 86 80 zz\n")))
			.problem(400, "malformed-dump")
			.map()
			.get("detail");
		assertThat(detail).startsWith("line 2:");
		this.operator.post("/api/v1/parse", Json.canonical(Map.of("dump", "\u0000\u0001")))
			.problem(400, "malformed-dump");
	}

	@Test
	void namesThePathOfAMalformedLayout() {
		String detail = (String) this.operator
			.post(this.pins, "{\"layout\":{\"format\":\"cfgspace-layout/1\",\"identity\":{}}}")
			.problem(400, "malformed-layout")
			.map()
			.get("detail");
		assertThat(detail).startsWith("$.");
	}

	@Test
	void refusesAWrongContentType() {
		this.operator.send("POST", "/api/v1/parse", "text/plain", "00: 86 80").problem(415, "unsupported-media-type");
	}

	@Test
	void refusesAnOversizedBody() {
		String huge = "{\"dump\":\"" + "0".repeat(5 * 1024 * 1024) + "\"}";
		this.operator.post("/api/v1/parse", huge).problem(413, "payload-too-large");
	}

	@Test
	void refusesAnOversizedDump() {
		String big = "{\"dump\":\"" + "0".repeat(600 * 1024) + "\"}";
		this.operator.post("/api/v1/parse", big).problem(400, "invalid-request");
	}

	@Test
	void refusesAnUnknownMethod() {
		Api.admin(this.port).send("PUT", "/api/v1/tokens", null, null).problem(405, "method-not-allowed");
	}

}
