package io.cfgspace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.cfgspace.Api;
import io.cfgspace.IntegrationTest;
import io.cfgspace.configspace.Corpus;
import io.cfgspace.configspace.read.Dumps;
import io.cfgspace.layout.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The impact check against a running service: a firmware candidate that moves a physical
 * capability breaks exactly the pinned versions that have it elsewhere.
 */
@IntegrationTest
class ImpactCommandIntegrationTest {

	@LocalServerPort
	int port;

	@TempDir
	Path directory;

	Api operator;

	String token;

	int device;

	String key;

	@BeforeEach
	void model() {
		this.token = (String) Api.admin(this.port)
			.post("/api/v1/tokens", Json.canonical(Map.of("name", "impact " + System.nanoTime(), "role", "operator")))
			.expect(201)
			.map()
			.get("token");
		this.operator = Api.anonymous(this.port).bearer(this.token);
		this.device = ThreadLocalRandom.current().nextInt(0x1000, 0xFFFF);
		this.key = String.format("8086:%04x", this.device);
		this.operator.post("/api/v1/device-models", Json.canonical(Map.of("key", this.key, "displayName", "DSA")))
			.expect(201);
	}

	/**
	 * Intel DSA under this test's device ID; moved: Latency Tolerance Reporting at 0x1a0
	 * instead of 0x150.
	 */
	private String dump(boolean moved) {
		byte[] bytes = Dumps.read(Corpus.bytes("intel-dsa-spr-rciep")).get(0).configSpace().toByteArray();
		bytes[2] = (byte) this.device;
		bytes[3] = (byte) (this.device >> 8);
		if (moved) {
			System.arraycopy(bytes, 0x150, bytes, 0x1a0, 8);
			Arrays.fill(bytes, 0x150, 0x158, (byte) 0);
			// AER's next pointer (bits 31:20 of its header) now leads to 0x1a0
			bytes[0x102] = (byte) (bytes[0x102] & 0x0F);
			bytes[0x103] = 0x1a;
		}
		return HexFormat.of().formatHex(bytes);
	}

	private int impact(String dump, StringWriter out) throws Exception {
		return impact(Files.writeString(this.directory.resolve("candidate.hex"), dump), out);
	}

	private int impact(Path file, StringWriter out) {
		return Cli.run(new PrintWriter(out, true), new PrintWriter(out, true), "impact", "--server",
				"http://127.0.0.1:" + this.port, "--token", this.token, "--model", this.key, "--dump", file.toString());
	}

	@Test
	void aMovedCapabilityBreaksExactlyThePinsThatHaveItElsewhere() throws Exception {
		String pins = "/api/v1/device-models/" + this.key + "/pins";
		this.operator.post(pins, Json.canonical(Map.of("dump", dump(false)))).expect(201);
		this.operator.post(pins, Json.canonical(Map.of("dump", dump(true)))).expect(201);

		StringWriter out = new StringWriter();
		assertThat(impact(dump(true), out)).as(out::toString).isEqualTo(1);
		assertThat(out.toString()).contains("version 1: BROKEN")
			.contains("OFFSET_MISMATCH")
			.contains("version 2: presentable");

		StringWriter same = new StringWriter();
		assertThat(impact(dump(false), same)).isEqualTo(1);
		assertThat(same.toString()).contains("version 1: presentable").contains("version 2: BROKEN");

		// once version 1 is deprecated it is no longer a roll-out concern
		this.operator.post(pins + "/1/deprecation", "{}").expect(200);
		StringWriter after = new StringWriter();
		assertThat(impact(dump(true), after)).isZero();
		assertThat(after.toString()).doesNotContain("version 1").contains("version 2: presentable");
	}

	@Test
	void sendsTheBarSizesOfTheResourceFileBesideASysfsConfigFile() throws Exception {
		String pins = "/api/v1/device-models/" + this.key + "/pins";
		this.operator.post(pins, Json.canonical(Map.of("dump", dump(false), "resource", IntelDsa.resource())))
			.expect(201);
		Path sysfs = Files.createDirectories(this.directory.resolve("0000:6a:01.0"));
		Path config = Files.write(sysfs.resolve("config"), HexFormat.of().parseHex(dump(false)));

		StringWriter unsized = new StringWriter();
		assertThat(impact(config, unsized)).as(unsized::toString).isEqualTo(1);
		assertThat(unsized.toString()).contains("version 1: BROKEN").contains("CANNOT_COMPARE");

		Files.writeString(sysfs.resolve("resource"), IntelDsa.resource());
		StringWriter sized = new StringWriter();
		assertThat(impact(config, sized)).as(sized::toString).isZero();
		assertThat(sized.toString()).contains("version 1: presentable");
	}

	@Test
	void anUnreadableDumpIsUnusableInput() throws Exception {
		assertThat(impact("not a dump", new StringWriter())).isEqualTo(2);
	}

}
