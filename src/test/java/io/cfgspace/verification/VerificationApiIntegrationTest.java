package io.cfgspace.verification;

import static io.cfgspace.verification.Fixtures.asMap;
import static io.cfgspace.verification.Fixtures.findings;
import static io.cfgspace.verification.Fixtures.iommufd;
import static io.cfgspace.verification.Fixtures.pasidAt;
import static io.cfgspace.verification.Fixtures.physical;
import static io.cfgspace.verification.Fixtures.vtd;
import static io.cfgspace.verification.Fixtures.with;
import static io.cfgspace.verification.Fixtures.withIommu;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.cfgspace.Api;
import io.cfgspace.IntegrationTest;
import io.cfgspace.layout.Json;
import io.cfgspace.verification.Fixtures.PinnedDevice;
import io.cfgspace.verification.Fixtures.Request;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Verifying migrations over REST: verdicts and their findings, the stored audit, the
 * batch, and who may ask.
 */
@IntegrationTest
class VerificationApiIntegrationTest {

	private static final String VERIFICATIONS = "/api/v1/verifications";

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	Api operator;

	Api verifier;

	PinnedDevice device;

	@BeforeEach
	void pinned() {
		this.operator = Api.anonymous(this.port).withRole("operator");
		this.verifier = Api.anonymous(this.port).withRole("verifier");
		this.device = PinnedDevice.create(this.operator);
	}

	@Test
	void sidesThatMatchThePinAreConsistentAndTheVerdictIsStored() {
		Request request = this.device.request()
			.with("vmId", "vm-" + UUID.randomUUID())
			.with("deviceAddress", "0000:6a:01.0")
			.with("sourceHost", "host-17")
			.with("destinationHost", "host-23");
		long before = rows();

		Api.Response answered = this.verifier.post(VERIFICATIONS, request.json()).expect(200);

		Map<String, Object> verdict = answered.map();
		assertThat(verdict).containsEntry("verdict", "CONSISTENT")
			.containsEntry("modelKey", this.device.key())
			.containsEntry("pinVersion", 1L)
			.containsEntry("fingerprint", this.device.pin().get("fingerprint"))
			.containsEntry("deviceAddress", "0000:6a:01.0")
			.containsEntry("sourceHost", "host-17")
			.containsEntry("destinationHost", "host-23");
		assertThat(findings(verdict)).isEmpty();
		assertThat(verdict.get("caller").toString()).startsWith("token:");
		assertThat(rows()).isEqualTo(before + 1);
		Map<String, Object> stored = this.verifier.get(VERIFICATIONS + "/" + verdict.get("id")).expect(200).map();
		assertThat(stored).isEqualTo(verdict);
		assertThat(this.jdbc.queryForObject("select verdict from verification where id = ?", String.class,
				verdict.get("id")))
			.isEqualTo("CONSISTENT");
	}

	@Test
	void theGuestViewAsALayoutDocumentIsComparedWithoutOrigins() {
		Map<String, Object> virtual = Map.of("view", "virtual", "layout", this.device.layout(), "iommu", iommufd(20));
		Map<String, Object> verdict = this.verifier
			.post(VERIFICATIONS, this.device.request().destination(virtual).json())
			.expect(200)
			.map();
		assertThat(verdict).containsEntry("verdict", "CONSISTENT");
		assertThat(findings(verdict)).isEmpty();
	}

	@Test
	void aSynthesizedPasidAtAnotherOffsetIsAnOffsetMismatch() {
		Map<String, Object> destination = with(withIommu(physical(this.device.dump()), iommufd(20)), "synthesized",
				List.of(pasidAt(0xFF0, Fixtures.PINNED_PASID_WIDTH)));
		Map<String, Object> verdict = this.verifier
			.post(VERIFICATIONS, this.device.request().destination(destination).json())
			.expect(200)
			.map();
		assertThat(verdict).containsEntry("verdict", "INCONSISTENT");
		assertThat(findings(verdict))
			.anySatisfy((finding) -> assertThat(finding).containsEntry("code", "OFFSET_MISMATCH")
				.containsEntry("severity", "ERROR")
				.containsEntry("side", "DESTINATION")
				.containsEntry("space", "extended")
				.containsEntry("offset", 0xFF8L)
				.containsEntry("expected", "0xff8")
				.containsEntry("actual", "0xff0"));
		assertThat(findings(verdict)).allSatisfy((finding) -> assertThat(finding).containsEntry("side", "DESTINATION"));
	}

	@Test
	void anIommuWithTooFewPasidBitsCannotBackThePin() {
		Map<String, Object> destination = withIommu(physical(this.device.dump()), vtd(10));
		Map<String, Object> verdict = this.verifier
			.post(VERIFICATIONS, this.device.request().destination(destination).json())
			.expect(200)
			.map();
		assertThat(verdict).containsEntry("verdict", "INCONSISTENT");
		assertThat(findings(verdict)).singleElement()
			.satisfies((finding) -> assertThat(finding).containsEntry("code", "IOMMU_LACKS_CAPABILITY")
				.containsEntry("side", "DESTINATION")
				.containsEntry("field", "maxPasidWidth")
				.containsEntry("expected", "16")
				.containsEntry("actual", "10")
				.containsEntry("offset", Fixtures.PINNED_PASID_OFFSET));
		// the same registers with enough PASID bits back it
		Map<String, Object> wide = withIommu(physical(this.device.dump()), vtd(20));
		assertThat(this.verifier.post(VERIFICATIONS, this.device.request().destination(wide).json()).expect(200).map())
			.containsEntry("verdict", "CONSISTENT");
	}

	@Test
	void aSynthesizedPasidNeedsTheDestinationIommuDescribed() {
		Map<String, Object> verdict = this.verifier
			.post(VERIFICATIONS, this.device.request().destination(physical(this.device.dump())).json())
			.expect(200)
			.map();
		assertThat(verdict).containsEntry("verdict", "INCONSISTENT");
		assertThat(findings(verdict)).singleElement()
			.satisfies((finding) -> assertThat(finding).containsEntry("code", "IOMMU_UNKNOWN")
				.containsEntry("side", "DESTINATION")
				.containsEntry("space", null)
				.containsEntry("offset", null));
	}

	@Test
	void aDumpWithoutExtendedSpaceIsNeverConsistent() {
		Map<String, Object> shortSide = withIommu(physical(Fixtures.standardSpaceOnly(this.device.dump())),
				iommufd(20));
		Map<String, Object> verdict = this.verifier
			.post(VERIFICATIONS, this.device.request().destination(shortSide).json())
			.expect(200)
			.map();
		assertThat(verdict).containsEntry("verdict", "INCONSISTENT");
		assertThat(findings(verdict)).extracting((finding) -> finding.get("code")).contains("STRUCTURE_INVALID");
		assertThat(findings(verdict)).filteredOn((finding) -> finding.get("code").equals("STRUCTURE_INVALID"))
			.allSatisfy((finding) -> assertThat(finding).containsEntry("side", "DESTINATION"));
		// both sides short: still never consistent
		Map<String, Object> both = this.verifier
			.post(VERIFICATIONS, this.device.request().source(shortSide).destination(shortSide).json())
			.expect(200)
			.map();
		assertThat(both).containsEntry("verdict", "INCONSISTENT");
	}

	@Test
	void aDeprecatedPinStillVerifiesWithAWarning() {
		this.operator
			.post("/api/v1/device-models/" + this.device.key() + "/pins/1/deprecation",
					Json.canonical(Map.of("reason", "firmware 2")))
			.expect(200);
		Map<String, Object> verdict = this.verifier.post(VERIFICATIONS, this.device.request().json()).expect(200).map();
		assertThat(verdict).containsEntry("verdict", "CONSISTENT");
		assertThat(findings(verdict)).singleElement()
			.satisfies((finding) -> assertThat(finding).containsEntry("code", "PIN_DEPRECATED")
				.containsEntry("severity", "WARNING")
				.containsEntry("side", "PIN"));
	}

	@Test
	void anUnknownModelOrVersionIsNotFoundAndNothingIsStored() {
		long before = rows();
		String unknown = String.format("10ee:%04x", Fixtures.freshDeviceId());
		this.verifier.post(VERIFICATIONS, this.device.request().model(unknown).json()).problem(404, "model-not-found");
		this.verifier.post(VERIFICATIONS, this.device.request().version(9).json()).problem(404, "pin-not-found");
		this.verifier.post(VERIFICATIONS, this.device.request().model("nonsense").json())
			.problem(400, "invalid-model-key");
		this.verifier.get(VERIFICATIONS + "/" + Long.MAX_VALUE).problem(404, "verification-not-found");
		this.verifier.get(VERIFICATIONS + "/latest").problem(400, "invalid-request");
		assertThat(rows()).isEqualTo(before);
	}

	@Test
	void aSideThatCannotBeReadIsRefusedAndNothingIsStored() {
		long before = rows();
		Request request = this.device.request();
		Map<String, Object> both = with(physical(this.device.dump()), "layout", this.device.layout());
		this.verifier.post(VERIFICATIONS, request.destination(both).json()).problem(400, "invalid-request");
		this.verifier.post(VERIFICATIONS, request.source(Map.of("view", "physical")).json())
			.problem(400, "invalid-request");
		this.verifier
			.post(VERIFICATIONS,
					request.source(with(with(physical(this.device.dump()), "view", "virtual"), "synthesized",
							List.of(pasidAt(0xFF8, 16))))
						.json())
			.problem(400, "invalid-request");
		this.verifier.post(VERIFICATIONS, request.source(with(physical(this.device.dump()), "view", "guest")).json())
			.problem(400, "invalid-request");
		Map<String, Object> twoIommus = Map.of("iommufd", Map.of("maxPasidLog2", 20L, "capabilities", 0L), "vtd",
				Map.of("capability", "0x0", "extendedCapability", "0x0"));
		this.verifier
			.post(VERIFICATIONS, request.destination(withIommu(physical(this.device.dump()), twoIommus)).json())
			.problem(400, "invalid-request");
		this.verifier.post(VERIFICATIONS, request.source(physical("00: zz")).json()).problem(400, "malformed-dump");
		this.verifier
			.post(VERIFICATIONS, request.source(with(physical(this.device.dump()), "hidden", nullList())).json())
			.problem(400, "invalid-request");
		this.verifier
			.post(VERIFICATIONS, request.source(with(physical(this.device.dump()), "synthesized", nullList())).json())
			.problem(400, "invalid-request");
		this.verifier
			.post(VERIFICATIONS,
					request.source(Map.of("view", "virtual", "layout", Map.of("format", "cfgspace-layout/9"))).json())
			.problem(400, "malformed-layout");
		this.verifier.post(VERIFICATIONS, request.json().replace("\"view\":\"physical\"", "\"view\":1"))
			.problem(400, "malformed-request");
		this.verifier.post(VERIFICATIONS, "{\"modelKey\":\"" + this.device.key() + "\"}")
			.problem(400, "invalid-request");
		assertThat(rows()).isEqualTo(before);
	}

	@Test
	void listsVerdictsByFilterNewestFirstOnePageAtATime() {
		String vm = "vm-" + UUID.randomUUID();
		String source = "src-" + UUID.randomUUID();
		Map<String, Object> moved = with(withIommu(physical(this.device.dump()), iommufd(20)), "synthesized",
				List.of(pasidAt(0xFF0, Fixtures.PINNED_PASID_WIDTH)));
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			Request request = this.device.request()
				.with("vmId", vm)
				.with("sourceHost", source)
				.with("destinationHost", "dst-" + i);
			if (i % 2 == 1) {
				request = request.destination(moved);
			}
			ids.add((Long) this.verifier.post(VERIFICATIONS, request.json()).expect(200).map().get("id"));
		}
		List<Long> newestFirst = new ArrayList<>(ids);
		Collections.reverse(newestFirst);

		List<Object> seen = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			Map<String, Object> page = this.verifier
				.get(VERIFICATIONS + "?vm=" + vm + "&limit=2" + ((cursor != null) ? "&cursor=" + cursor : ""))
				.expect(200)
				.map();
			List<?> items = (List<?>) page.get("items");
			assertThat(items).hasSizeLessThanOrEqualTo(2);
			items.forEach((item) -> seen.add(asMap(item).get("id")));
			cursor = (String) page.get("nextCursor");
			pages++;
		}
		while (cursor != null);
		assertThat(pages).isEqualTo(3);
		assertThat(seen).containsExactlyElementsOf(newestFirst);

		assertThat(ids("?vm=" + vm + "&verdict=INCONSISTENT")).containsExactly(ids.get(3), ids.get(1));
		assertThat(ids("?vm=" + vm + "&verdict=CONSISTENT")).containsExactly(ids.get(4), ids.get(2), ids.get(0));
		assertThat(ids("?host=" + source)).containsExactlyElementsOf(newestFirst);
		assertThat(ids("?host=dst-3&vm=" + vm)).containsExactly(ids.get(3));
		assertThat(ids("?model=" + this.device.key().toUpperCase())).containsExactlyElementsOf(newestFirst);
		assertThat(ids("?model=" + this.device.key() + "&verdict=INCONSISTENT&host=" + source))
			.containsExactly(ids.get(3), ids.get(1));
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		assertThat(
				ids("?vm=" + vm + "&from=" + now.minus(1, ChronoUnit.HOURS) + "&to=" + now.plus(1, ChronoUnit.HOURS)))
			.containsExactlyElementsOf(newestFirst);
		assertThat(ids("?vm=" + vm + "&from=" + now.plus(1, ChronoUnit.HOURS))).isEmpty();
		assertThat(ids("?vm=" + vm + "&to=" + now.minus(1, ChronoUnit.HOURS))).isEmpty();

		this.verifier.get(VERIFICATIONS + "?cursor=abc").problem(400, "invalid-cursor");
		this.verifier.get(VERIFICATIONS + "?limit=0").problem(400, "invalid-request");
		this.verifier.get(VERIFICATIONS + "?limit=201").problem(400, "invalid-request");
		this.verifier.get(VERIFICATIONS + "?verdict=MAYBE").problem(400, "invalid-request");
		this.verifier.get(VERIFICATIONS + "?from=yesterday").problem(400, "invalid-request");
		this.verifier.get(VERIFICATIONS + "?model=8086").problem(400, "invalid-model-key");
	}

	@Test
	void pagesRunByTheVerdictsTimeThenByIdWhereIdsDisagreeWithTime() {
		// two nodes: one took its id first but decided a second later, and a batch of two
		// shares one time
		String vm = "vm-" + UUID.randomUUID();
		Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		long decidedLater = stored(vm, t.plusSeconds(2));
		long oldest = stored(vm, t);
		long batchFirst = stored(vm, t.plusSeconds(1));
		long batchSecond = stored(vm, t.plusSeconds(1));
		List<Object> newestFirst = List.of(decidedLater, batchSecond, batchFirst, oldest);

		assertThat(ids("?vm=" + vm)).isEqualTo(newestFirst);
		assertThat(ids("?host=src-" + vm)).isEqualTo(newestFirst);
		assertThat(ids("?host=dst-" + vm)).isEqualTo(newestFirst);
		assertThat(ids("?model=" + this.device.key() + "&from=" + t + "&to=" + t.plusSeconds(3)))
			.isEqualTo(newestFirst);
		List<Object> paged = new ArrayList<>();
		String cursor = null;
		do {
			Map<String, Object> page = this.verifier
				.get(VERIFICATIONS + "?vm=" + vm + "&limit=1" + ((cursor != null) ? "&cursor=" + cursor : ""))
				.expect(200)
				.map();
			((List<?>) page.get("items")).forEach((item) -> paged.add(asMap(item).get("id")));
			cursor = (String) page.get("nextCursor");
		}
		while (cursor != null);
		assertThat(paged).isEqualTo(newestFirst);

		// a number is not a cursor unless it names a verdict
		this.verifier.get(VERIFICATIONS + "?cursor=" + Long.MAX_VALUE).problem(400, "invalid-cursor");
	}

	/** A verdict as another node stored it: its id taken now, its time given. */
	private long stored(String vm, Instant at) {
		long id = this.jdbc.queryForObject("select nextval(pg_get_serial_sequence('verification', 'id'))", Long.class);
		this.jdbc.update("""
				insert into verification (id, created_at, caller, model_key, pin_version, fingerprint, vm_id,
				    source_host, destination_host, verdict, findings)
				values (?, ?, 'token:other-node', ?, 1, 'sha256:' || repeat('0', 64), ?, ?, ?, 'CONSISTENT', '[]')""",
				id, Timestamp.from(at), this.device.key(), vm, "src-" + vm, "dst-" + vm);
		return id;
	}

	@Test
	void aBatchAnswersOneVerdictPerItemAndAnOverallVerdict() {
		String vm = "drain-" + UUID.randomUUID();
		Map<String, Object> moved = with(withIommu(physical(this.device.dump()), iommufd(20)), "synthesized",
				List.of(pasidAt(0xFF0, Fixtures.PINNED_PASID_WIDTH)));
		List<Map<String, Object>> items = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			Request request = this.device.request().with("vmId", vm).with("deviceAddress", address(i));
			items.add(((i == 7 || i == 23) ? request.destination(moved) : request).toMap());
		}
		long before = rows();

		Map<String, Object> batch = this.verifier.post(VERIFICATIONS + "/batch", Json.canonical(Map.of("items", items)))
			.expect(200)
			.map();

		assertThat(batch).containsEntry("verdict", "INCONSISTENT")
			.containsEntry("consistent", 48L)
			.containsEntry("inconsistent", 2L);
		List<?> verdicts = (List<?>) batch.get("items");
		assertThat(verdicts).hasSize(50);
		for (int i = 0; i < 50; i++) {
			assertThat(asMap(verdicts.get(i))).containsEntry("deviceAddress", address(i))
				.containsEntry("verdict", (i == 7 || i == 23) ? "INCONSISTENT" : "CONSISTENT");
		}
		assertThat(rows()).isEqualTo(before + 50);
		assertThat(ids("?vm=" + vm + "&limit=200")).hasSize(50);

		Map<String, Object> allGood = this.verifier
			.post(VERIFICATIONS + "/batch", Json.canonical(Map.of("items", List.of(items.get(0), items.get(1)))))
			.expect(200)
			.map();
		assertThat(allGood).containsEntry("verdict", "CONSISTENT")
			.containsEntry("consistent", 2L)
			.containsEntry("inconsistent", 0L);
	}

	@Test
	void aBatchWithUnusableItemsIsRefusedWholeAndNothingIsStored() {
		List<Map<String, Object>> items = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			items.add(this.device.request().with("deviceAddress", address(i)).toMap());
		}
		items.set(2, this.device.request().source(with(physical(this.device.dump()), "view", "guest")).toMap());
		items.set(4, this.device.request().source(physical("00: zz")).toMap());
		items.set(6, this.device.request().model("nonsense").toMap());
		Map<String, Object> withoutVersion = new LinkedHashMap<>(this.device.request().toMap());
		withoutVersion.remove("pinVersion");
		items.set(9, withoutVersion);
		long before = rows();

		Map<String, Object> problem = this.verifier
			.post(VERIFICATIONS + "/batch", Json.canonical(Map.of("items", items)))
			.problem(400, "invalid-batch")
			.map();

		assertThat(problem.get("problems")).asList()
			.extracting((p) -> asMap(p).get("index"))
			.containsExactly(2L, 4L, 6L, 9L);
		assertThat(problem.get("problems")).asList()
			.extracting((p) -> asMap(p).get("detail").toString())
			.satisfiesExactly((two) -> assertThat(two).contains("source.view"), (four) -> assertThat(four).isNotBlank(),
					(six) -> assertThat(six).contains("nonsense"), (nine) -> assertThat(nine).contains("pinVersion"));
		assertThat(rows()).isEqualTo(before);

		// an unknown pin anywhere in the batch decides nothing either
		items.replaceAll((item) -> this.device.request().toMap());
		items.set(4, this.device.request().version(9).toMap());
		this.verifier.post(VERIFICATIONS + "/batch", Json.canonical(Map.of("items", items)))
			.problem(404, "pin-not-found");
		this.verifier.post(VERIFICATIONS + "/batch", Json.canonical(Map.of("items", List.of())))
			.problem(400, "invalid-request");
		assertThat(rows()).isEqualTo(before);
	}

	@Test
	void viewersReadVerdictsButOnlyVerifiersAskForThem() {
		Api viewer = Api.anonymous(this.port).withRole("viewer");
		String body = this.device.request().json();
		viewer.post(VERIFICATIONS, body).problem(403, "forbidden");
		viewer.post(VERIFICATIONS + "/batch", Json.canonical(Map.of("items", List.of(this.device.request().toMap()))))
			.problem(403, "forbidden");
		Api.anonymous(this.port).post(VERIFICATIONS, body).problem(401, "unauthenticated");

		Object id = this.verifier.post(VERIFICATIONS, body).expect(200).map().get("id");
		viewer.get(VERIFICATIONS + "/" + id).expect(200);
		viewer.get(VERIFICATIONS + "?model=" + this.device.key()).expect(200);
		// roles nest: an operator is a verifier too
		this.operator.post(VERIFICATIONS, body).expect(200);
	}

	@Test
	void theDatabaseRefusesToChangeOrDeleteAStoredVerdict() {
		Object id = this.verifier.post(VERIFICATIONS, this.device.request().json()).expect(200).map().get("id");
		assertThatThrownBy(() -> this.jdbc.update("update verification set verdict = 'INCONSISTENT' where id = ?", id))
			.isInstanceOf(DataAccessException.class)
			.hasMessageContaining(" is immutable")
			.hasMessageContaining("verification_");
		assertThatThrownBy(() -> this.jdbc.update("delete from verification where id = ?", id))
			.isInstanceOf(DataAccessException.class)
			.hasMessageContaining(" is immutable")
			.hasMessageContaining("verification_");
		assertThatThrownBy(() -> this.jdbc.execute("truncate verification")).isInstanceOf(DataAccessException.class);
		assertThat(this.verifier.get(VERIFICATIONS + "/" + id).expect(200).map()).containsEntry("verdict",
				"CONSISTENT");
	}

	private List<Object> ids(String query) {
		return this.verifier.get(VERIFICATIONS + query)
			.expect(200)
			.list("items")
			.stream()
			.map((item) -> asMap(item).get("id"))
			.toList();
	}

	private long rows() {
		return this.jdbc.queryForObject("select count(*) from verification", Long.class);
	}

	private static List<Object> nullList() {
		List<Object> list = new ArrayList<>();
		list.add(null);
		return list;
	}

	private static String address(int i) {
		return String.format("0000:%02x:00.0", i + 1);
	}

}
