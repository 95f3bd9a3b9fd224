package io.cfgspace.ui;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.LoadState;
import com.microsoft.playwright.options.RequestOptions;
import io.cfgspace.Api;
import io.cfgspace.IntegrationTest;
import io.cfgspace.configspace.ConfigSpace;
import io.cfgspace.configspace.ConfigSpaceParser;
import io.cfgspace.configspace.Corpus;
import io.cfgspace.configspace.ResourceSizes;
import io.cfgspace.configspace.read.Dumps;
import io.cfgspace.layout.Json;
import io.cfgspace.layout.Layout;
import io.cfgspace.registry.DeviceModelService;
import io.cfgspace.registry.FirstFormatPins;
import io.cfgspace.registry.ModelKey;
import io.cfgspace.registry.PinService;
import io.cfgspace.verification.VerificationRecord;
import io.cfgspace.verification.VerificationService;
import io.cfgspace.verification.core.Finding;
import io.cfgspace.verification.core.FindingCode;
import io.cfgspace.verification.core.SideView;
import io.cfgspace.verification.core.Verdict;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin UI in a real browser: Debian's Chromium driven by Playwright, against the
 * whole service on its real database. One browser for the class, one context (cookies,
 * session) per test. Each test leaves a screenshot in the build directory's
 * {@code screenshots/}.
 */
@IntegrationTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminUiBrowserTest extends BrowserTest {

	/** Intel DSA: 12 capabilities, PASID at 0x230 (4096-byte lspci -xxxx dump). */
	static final String DSA = "intel-dsa-spr-rciep";

	static final String SKYLAKE = "intel-skylake-gt2-igpu";

	/** Intel 82576 PF: Device Serial Number at 0x140, ARI at 0x150, SR-IOV at 0x160. */
	static final String NIC = "intel-82576-nic-pf";

	/**
	 * Its sysfs resource file, with the sizes lspci -vv prints for it: BARs 0 to 3, the
	 * ROM, and VF BARs 0 and 3 for 8 VFs of 16K each.
	 */
	static final String NIC_RESOURCE = """
			0x00000000e0800000 0x00000000e081ffff 0x0000000000040200
			0x00000000e0000000 0x00000000e03fffff 0x0000000000040200
			0x0000000000001020 0x000000000000103f 0x0000000000040101
			0x00000000e0840000 0x00000000e0843fff 0x0000000000040200
			0x0000000000000000 0x0000000000000000 0x0000000000000000
			0x0000000000000000 0x0000000000000000 0x0000000000000000
			0x00000000c7800000 0x00000000c7bfffff 0x0000000000046200
			0x00000000e0900000 0x00000000e091ffff 0x000000000014220c
			0x0000000000000000 0x0000000000000000 0x0000000000000000
			0x0000000000000000 0x0000000000000000 0x0000000000000000
			0x00000000e0920000 0x00000000e093ffff 0x000000000014220c
			0x0000000000000000 0x0000000000000000 0x0000000000000000
			0x0000000000000000 0x0000000000000000 0x0000000000000000
			""";

	static final String ADMIN_PASSWORD = "admin-test-password";

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	VerificationService verifications;

	@Autowired
	DeviceModelService models;

	@Autowired
	PinService pins;

	/** Last, so that the dashboard shows what the other tests pinned and verified. */
	@Test
	@Order(Integer.MAX_VALUE)
	void signsInAndShowsTheDashboard() {
		try (BrowserContext context = this.chromium.context()) {
			Page page = context.newPage();
			page.navigate(this.chromium.url("/ui/models"));
			assertThat(page.url()).as("an anonymous visitor is sent to the sign-in form").endsWith("/ui/login");
			page.fill("input[name=username]", "admin");
			page.fill("input[name=password]", "wrong");
			Chromium.submit(page, "button[type=submit]");
			assertThat(page.locator(".alert.error").textContent()).contains("Wrong user name or password");
			this.chromium.signIn(page, "admin", ADMIN_PASSWORD);
			page.navigate(this.chromium.url("/ui"));
			long models = this.jdbc.queryForObject("select count(*) from device_model", Long.class);
			assertThat(Long.parseLong(page.textContent("#model-count"))).isEqualTo(models);
			assertThat(page.textContent("header.top")).contains("admin")
				.contains("Pin from a dump")
				.contains("API tokens");
			long failures = this.jdbc.queryForObject("select count(*) from verification where verdict = 'INCONSISTENT'"
					+ " and created_at >= now() - interval '24 hours'", Long.class);
			assertThat(Long.parseLong(page.textContent("#inconsistent-24h"))).isEqualTo(failures);
			if (failures > 0) {
				assertThat(page.locator("table.list tbody tr").first().textContent()).containsPattern("[A-Z]+_[A-Z]+");
			}
			Chromium.screenshot(page, "dashboard");
		}
	}

	/** A hypervisor's own token: bound to its host, shown with it. */
	@Test
	void letsAnAdminIssueAReporterTokenForOneHost() {
		String host = "hv-ui-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
		try (BrowserContext context = this.chromium.context()) {
			Page page = context.newPage();
			this.chromium.signIn(page, "admin", ADMIN_PASSWORD);
			page.navigate(this.chromium.url("/ui/tokens"));
			page.fill("input[name=name]", "ui test reporter " + host);
			page.selectOption("select[name=kind]", "reporter");
			page.fill("input[name=hostName]", host);
			Chromium.submit(page, "button:has-text('Issue')");
			assertThat(page.textContent("#issued")).contains("reports host " + host);
			String secret = page.textContent("#issued pre").strip();
			Locator row = page.locator("#tokens tr:has-text('ui test reporter " + host + "')");
			assertThat(row.locator("td.kind").textContent()).isEqualTo("reporter");
			assertThat(row.locator("td.grant").textContent()).isEqualTo("reports host " + host);
			Chromium.screenshot(page, "tokens-reporter");

			Api reporter = Api.anonymous(this.port).bearer(secret);
			String report = Json.canonical(Map.of("devices", List.of()));
			reporter.send("PUT", "/api/v1/hosts/" + host + "/report", "application/json", report).expect(201);
			reporter.send("PUT", "/api/v1/hosts/" + host + "-other/report", "application/json", report)
				.problem(403, "host-mismatch");
			reporter.get("/api/v1/device-models").problem(403, "forbidden");

			// a reporter without its host is refused with the form's problem page
			page.navigate(this.chromium.url("/ui/tokens"));
			page.fill("input[name=name]", "ui test reporter without a host");
			page.selectOption("select[name=kind]", "reporter");
			Response refused = page.waitForNavigation(() -> page.click("button:has-text('Issue')"));
			assertThat(refused.status()).isEqualTo(400);
			assertThat(page.textContent(".problem-code")).isEqualTo("invalid-request");
		}
	}

	@Test
	void letsAnAdminIssueATokenAndEditQuirks() {
		try (BrowserContext context = this.chromium.context()) {
			Page page = context.newPage();
			this.chromium.signIn(page, "admin", ADMIN_PASSWORD);
			page.navigate(this.chromium.url("/ui/tokens"));
			page.fill("input[name=name]", "ui test hook");
			page.selectOption("select[name=role]", "verifier");
			Chromium.submit(page, "button:has-text('Issue')");
			String secret = page.textContent("#issued pre").strip();
			assertThat(secret).startsWith("cfs_");
			// the secret works against the API, once shown
			Api.anonymous(this.port).bearer(secret).get("/api/v1/device-models").expect(200);
			page.navigate(this.chromium.url("/ui/tokens"));
			assertThat(page.locator("#issued").count()).as("shown once").isZero();
			Chromium.submit(page, "#tokens tr:has-text('ui test hook') button:has-text('Revoke')");
			Api.anonymous(this.port).bearer(secret).get("/api/v1/device-models").expect(401);

			int device = ThreadLocalRandom.current().nextInt(0x1000, 0xFFFF);
			page.navigate(this.chromium.url("/ui/quirks"));
			page.fill("input[name=vendorId]", "zz");
			page.fill("input[name=deviceId]", "0710");
			page.fill("input[name=reason]", "bad");
			Response refused = page.waitForNavigation(() -> page.click("button:has-text('Add')"));
			assertThat(refused.status()).isEqualTo(400);
			assertThat(page.textContent(".problem-code")).isEqualTo("invalid-request");
			page.navigate(this.chromium.url("/ui/quirks"));
			page.fill("input[name=vendorId]", "19a2");
			page.fill("input[name=deviceId]", String.format("%04x", device));
			page.fill("input[name=ranges]", "0x400-0x440");
			page.fill("input[name=reason]", "ui test: registers in a gap");
			Chromium.submit(page, "button:has-text('Add')");
			String row = page.locator("#quirks tr:has-text('ui test: registers in a gap')").textContent();
			assertThat(row).contains(String.format("19a2:%04x", device)).contains("0x400–0x440");
			assertThat(Api.admin(this.port).get("/api/v1/quirks").body()).contains("ui test: registers in a gap");
			Chromium.screenshot(page, "quirks");
		}
	}

	@Test
	void showsWhatEachVmmMustBeToldOnThePinsPageAndEditsProfiles() {
		int device = ThreadLocalRandom.current().nextInt(0x1000, 0xFFFF);
		String key = String.format("8086:%04x", device);
		Api operator = Api.admin(this.port).withRole("operator");
		operator.post("/api/v1/device-models", Json.canonical(Map.of("key", key, "displayName", "DSA for VMMs")))
			.expect(201);
		// the DSA's PASID hidden at 0x230 and the VMM's own in its place
		operator
			.post("/api/v1/device-models/" + key + "/pins",
					Json.canonical(Map.of(
							"dump", Corpus.hexAs("intel-dsa-spr-rciep", 0x8086,
									device),
							"hidden", List.of(Map.of("space", "extended", "offset", 0x230L)), "synthesized",
							List.of(Map.of("space", "extended", "offset", 0x230L, "id", 27L, "version", 1L, "length",
									8L, "fields", Map.of("maxPasidWidth", 20L, "executePermissionSupported", false,
											"privilegedModeSupported", true))))))
			.expect(201);
		try (BrowserContext context = this.chromium.context()) {
			Page page = context.newPage();
			this.chromium.signIn(page, "admin", ADMIN_PASSWORD);
			page.navigate(this.chromium.url("/ui/models/" + key + "/pins/1"));
			page.selectOption("#vmm-profile", "qemu-11.0-virt-9.1");
			page.fill("#vmm-config input[name=alias]", "ua-dsa0");
			Chromium.submit(page, "#vmm-config button:has-text('Show')");
			assertThat(page.textContent("#vmm-properties")).contains("x-vpasid-cap-offset").contains("560 (0x230)");
			assertThat(page.textContent("#vmm-override")).contains("<qemu:device alias=\"ua-dsa0\">")
				.contains("<qemu:property name=\"x-vpasid-cap-offset\" type=\"unsigned\" value=\"560\"/>");
			assertThat(page.textContent("#vmm-command-line"))
				.isEqualTo("-device vfio-pci,host=DDDD:BB:DD.F,id=ua-dsa0,x-vpasid-cap-offset=560");
			Chromium.screenshot(page, "pin-vmm-configuration");
			page.selectOption("#vmm-profile", "qemu-9.1-machine-9.1");
			Chromium.submit(page, "#vmm-config button:has-text('Show')");
			assertThat(page.textContent("#vmm-refusals")).contains("qemu-9.1-machine-9.1 cannot build this pin")
				.contains("cannot synthesize the Process Address Space ID (PASID) at 0x230");
			assertThat(page.locator("#vmm-override").count()).isZero();

			String name = "ui-test-" + device;
			page.navigate(this.chromium.url("/ui/vmm-profiles"));
			assertThat(page.textContent("#profile-qemu-9\\.1-machine-9\\.0")).contains("hw_compat_9_0")
				.contains("compared");
			page.fill("#profile-document", "{\"name\": \"" + name + "\", \"vmm\": \"qemu\"}");
			Response refused = page.waitForNavigation(() -> page.click("button:has-text('Save')"));
			assertThat(refused.status()).isEqualTo(400);
			assertThat(page.textContent(".problem-code")).isEqualTo("invalid-vmm-profile");
			page.navigate(this.chromium.url("/ui/vmm-profiles"));
			page.fill("#profile-document", "{\"name\": \"" + name + "\", \"vmm\": \"qemu\", \"match\": null,"
					+ " \"vendorSpecificBodies\": \"unknown\", \"source\": \"a ui test\"}");
			Chromium.submit(page, "button:has-text('Save')");
			assertThat(page.textContent("#profile-" + name)).contains("named by hosts only").contains("a ui test");
			Chromium.screenshot(page, "vmm-profiles");
			Chromium.submit(page, "#profile-" + name + " button:has-text('Delete')");
			assertThat(page.locator("#profile-" + name).count()).isZero();
			Api.admin(this.port).get("/api/v1/vmm-profiles/" + name).problem(404, "vmm-profile-not-found");
		}
	}

	@Test
	void pinsALayoutFromACorpusDumpThroughThePlanner() throws Exception {
		String key = "8086:0b25@ui" + ThreadLocalRandom.current().nextInt(1_000_000);
		try (BrowserContext context = this.chromium.context()) {
			Page page = context.newPage();
			this.chromium.signIn(page, "admin", ADMIN_PASSWORD);
			page.navigate(this.chromium.url("/ui/models"));
			page.fill("input[name=key]", key);
			page.fill("input[name=displayName]", "Intel DSA (UI test)");
			Chromium.submit(page, "button:has-text('Create')");
			assertThat(page.textContent("h1")).contains(key);
			page.navigate(this.chromium.url("/ui/models?q=" + key.substring(key.indexOf('@'))));
			assertThat(page.locator("#models tbody tr").count()).isEqualTo(1);
			Chromium.submit(page, "#models a:text('" + key + "')");
			Chromium.submit(page, "text=Pin from a dump…");
			assertThat(page.inputValue("input[name=model]")).isEqualTo(key);
			page.fill("textarea[name=dump]", Files.readString(Corpus.dump(DSA), StandardCharsets.ISO_8859_1));
			page.check("input[name=hide][value='extended:0x1b']");
			page.check("input[name=pasid]");
			page.fill("input[name=pasidWidth]", "20");
			page.check("input[name=pasidPrivileged]");
			Chromium.submit(page, "#run-planner");
			assertThat(page.locator("#plan-error").count()).isZero();
			assertThat(page.locator("#explanation li").count()).isGreaterThanOrEqualTo(2);
			assertThat(page.textContent("#explanation")).contains("PASID");
			String proposed = page.textContent("#proposed-fingerprint").strip();
			Locator synthesized = page.locator("#proposal svg g.block.synthesized");
			Locator hidden = page.locator("#proposal svg g.block.hidden");
			assertThat(synthesized.count()).isEqualTo(1);
			assertThat(hidden.getAttribute("data-offset")).isEqualTo(String.valueOf(0x230));
			Chromium.screenshot(page, "pin-from-dump-plan");
			Chromium.submit(page, "#pin-button");
			assertThat(page.locator("#pinned").textContent()).contains("version 1");
			assertThat(page.textContent("#fingerprint").strip()).isEqualTo(proposed);
			Chromium.screenshot(page, "pin-from-dump-pinned");
		}
		// the pin is real: the API reads back what the browser pinned
		Map<?, ?> pin = Api.admin(this.port).get("/api/v1/device-models/" + key + "/pins/1").expect(200).map();
		assertThat(((Map<?, ?>) pin.get("layout")).get("blocks").toString()).contains("synthesized").contains("hidden");
	}

	@Test
	void showsAFailedVerificationWithTheDifferingBlockHighlighted() {
		int device = ThreadLocalRandom.current().nextInt(0x1000, 0xFFFF);
		String key = String.format("8086:%04x", device);
		Api admin = Api.admin(this.port);
		admin.post("/api/v1/device-models", Json.canonical(Map.of("key", key, "displayName", "Model " + key)))
			.expect(201);
		String dump = Corpus.hexAs(SKYLAKE, 0x8086, device);
		admin
			.post("/api/v1/device-models/" + key + "/pins",
					Json.canonical(Map.of("dump", dump, "synthesized", List.of(pasidAt(0xFF8)))))
			.expect(201);
		// the destination's VMM puts its PASID 8 bytes lower than the pin says
		Map<String, Object> request = Map.of("modelKey", key, "pinVersion", 1L, "vmId", "vm-ui-1", "sourceHost", "hv-1",
				"destinationHost", "hv-2", "source", Map.of("view", "physical", "dump", dump), "destination",
				Map.of("view", "physical", "dump", dump, "synthesized", List.of(pasidAt(0xFF0)), "iommu",
						Map.of("iommufd", Map.of("maxPasidLog2", 20L, "capabilities", 0L))));
		Map<?, ?> verdict = admin.post("/api/v1/verifications", Json.canonical(request)).expect(200).map();
		assertThat(verdict.get("verdict")).isEqualTo("INCONSISTENT");
		Object id = verdict.get("id");
		try (BrowserContext context = this.chromium.context()) {
			Page page = context.newPage();
			this.chromium.signIn(page, "admin", ADMIN_PASSWORD);
			page.navigate(this.chromium.url("/ui/verifications?verdict=INCONSISTENT&vm=vm-ui-1&model=" + key));
			Chromium.submit(page, "#verifications a:text('" + id + "')");
			assertThat(page.textContent("#verdict")).isEqualTo("INCONSISTENT");
			Locator differing = page.locator(".map:has(h3:text('Destination')) svg g.block.differs");
			assertThat(differing.count()).isGreaterThanOrEqualTo(1);
			assertThat(differing.first().getAttribute("data-offset")).isEqualTo(String.valueOf(0xFF8));
			assertThat(page.locator(".map:has(h3:text('Source')) svg g.block.differs").count()).isZero();
			assertThat(page.locator(".map:has(h3:text('Destination')) svg rect.marker").count())
				.as("the place the destination shows instead")
				.isEqualTo(1);
			page.locator("#findings a[href='#destination-block-extended-0xff8']").first().click();
			assertThat(page.url()).endsWith("#destination-block-extended-0xff8");
			assertThat(page.locator("#destination-block-extended-0xff8").getAttribute("class")).contains("differs");
			page.evaluate("window.scrollTo(0, 0)");
			Chromium.screenshot(page, "failed-verification");
		}
	}

	@Test
	void letsAnAdminManageUsersWhoMustChangeTheFirstPassword() {
		String user = "ui-user-" + ThreadLocalRandom.current().nextInt(1_000_000);
		String first = "first-password-from-the-admin";
		String own = "the-users-own-password";
		try (BrowserContext adminContext = this.chromium.context();
				BrowserContext userContext = this.chromium.context()) {
			Page admin = adminContext.newPage();
			this.chromium.signIn(admin, "admin", ADMIN_PASSWORD);
			Chromium.submit(admin, "header.top a:has-text('Users')");
			assertThat(admin.url()).endsWith("/ui/users");
			admin.fill("#create-user input[name=username]", user);
			admin.selectOption("#create-user select[name=role]", "operator");
			admin.fill("#create-user input[name=password]", "too-short");
			Response refused = admin.waitForNavigation(() -> admin.click("#create-user button[type=submit]"));
			assertThat(refused.status()).isEqualTo(400);
			assertThat(admin.textContent(".problem-code")).isEqualTo("weak-password");
			admin.navigate(this.chromium.url("/ui/users"));
			admin.fill("#create-user input[name=username]", user);
			admin.selectOption("#create-user select[name=role]", "operator");
			admin.fill("#create-user input[name=password]", first);
			Chromium.submit(admin, "#create-user button[type=submit]");
			String row = "#users tr[data-user='" + user + "']";
			assertThat(admin.textContent(row)).contains("enabled").contains("must change");
			Chromium.screenshot(admin, "users");

			// the first sign-in leads to the password page, and every other page back to
			// it
			Page page = userContext.newPage();
			this.chromium.signIn(page, user, first);
			assertThat(page.url()).endsWith("/ui/password");
			assertThat(page.locator("#password-required").count()).isOne();
			page.navigate(this.chromium.url("/ui/models"));
			assertThat(page.url()).endsWith("/ui/password");
			page.fill("#change-password input[name=currentPassword]", first);
			page.fill("#change-password input[name=newPassword]", own);
			Chromium.submit(page, "#change-password button[type=submit]");
			assertThat(page.url()).doesNotContain("/ui/password");
			Response models = page.navigate(this.chromium.url("/ui/models"));
			assertThat(models.status()).isEqualTo(200);
			assertThat(page.url()).endsWith("/ui/models");
			assertThat(page.textContent("header.top")).contains("Pin from a dump");
			admin.navigate(this.chromium.url("/ui/users"));
			assertThat(admin.textContent(row)).doesNotContain("must change");

			admin.selectOption(row + " select[name=role]", "viewer");
			Chromium.submit(admin, row + " button:has-text('Change role')");
			assertThat(Api.admin(this.port).get("/api/v1/users/" + user).map()).containsEntry("role", "viewer");
			page.navigate(this.chromium.url("/ui/models"));
			assertThat(page.textContent("header.top")).as("the new role applies to the open session")
				.doesNotContain("Pin from a dump");

			Chromium.submit(admin, row + " button:has-text('Disable')");
			assertThat(admin.textContent(row)).contains("disabled");
			try (BrowserContext again = this.chromium.context()) {
				Page refusedSignIn = again.newPage();
				refusedSignIn.navigate(this.chromium.url("/ui/login"));
				refusedSignIn.fill("input[name=username]", user);
				refusedSignIn.fill("input[name=password]", own);
				Chromium.submit(refusedSignIn, "button[type=submit]");
				assertThat(refusedSignIn.url()).as("a disabled user cannot sign in").contains("/ui/login");
			}
			page.navigate(this.chromium.url("/ui/models"));
			assertThat(page.url()).as("the open session of a disabled user ends").contains("/ui/login");

			Chromium.submit(admin, row + " button:has-text('Enable')");
			admin.fill(row + " input[name=password]", "reset-password-from-admin");
			Chromium.submit(admin, row + " button:has-text('Reset password')");
			assertThat(admin.textContent(row)).contains("enabled").contains("must change");
			try (BrowserContext again = this.chromium.context()) {
				Page afterReset = again.newPage();
				this.chromium.signIn(afterReset, user, "reset-password-from-admin");
				assertThat(afterReset.url()).endsWith("/ui/password");
			}
		}
	}

	@Test
	void aViewerCannotReachOperatorActions() {
		String viewer = "viewer-ui-" + ThreadLocalRandom.current().nextInt(1_000_000);
		Api.createUser(this.port, viewer, "viewer", "viewer-password");
		try (BrowserContext context = this.chromium.context()) {
			Page page = context.newPage();
			this.chromium.signIn(page, viewer, "viewer-password");
			assertThat(page.textContent("header.top")).contains(viewer)
				.doesNotContain("Pin from a dump")
				.doesNotContain("API tokens")
				.doesNotContain("Quirks");
			page.navigate(this.chromium.url("/ui/models"));
			assertThat(page.locator("input[name=key]").count()).as("no form to create a model").isZero();
			for (String path : List.of("/ui/pin", "/ui/tokens", "/ui/quirks")) {
				Response response = page.navigate(this.chromium.url(path));
				assertThat(response.status()).as(path).isEqualTo(403);
				assertThat(page.textContent("#forbidden")).contains("viewer");
			}
			// a hand-made form post, with the session's valid CSRF token, is refused by
			// role
			String csrf = page.getAttribute("form.who input[name=_csrf]", "value");
			assertThat(csrf).isNotBlank();
			APIResponse posted = page.request()
				.post(this.chromium.url("/ui/models"),
						RequestOptions.create()
							.setMaxRedirects(0)
							.setForm(FormData.create()
								.set("_csrf", csrf)
								.set("key", "8086:0b25@forged")
								.set("displayName", "x")));
			assertThat(posted.status()).isEqualTo(403);
			assertThat(this.jdbc.queryForObject("select count(*) from device_model where model_key = ?", Long.class,
					"8086:0b25@forged"))
				.isZero();
			page.navigate(this.chromium.url("/ui/pin"));
			Chromium.screenshot(page, "viewer-forbidden");
		}
	}

	@Test
	void mapsEveryBlockOfACorpusDeviceAtItsOffsetAndA256ByteDumpAsUnknown() throws Exception {
		String key = "8086:0b25@map" + ThreadLocalRandom.current().nextInt(1_000_000);
		Api admin = Api.admin(this.port);
		admin.post("/api/v1/device-models", Json.canonical(Map.of("key", key, "displayName", "DSA map"))).expect(201);
		Map<?, ?> pin = admin
			.post("/api/v1/device-models/" + key + "/pins",
					Json.canonical(Map.of("dump", Files.readString(Corpus.dump(DSA), StandardCharsets.ISO_8859_1))))
			.expect(201)
			.map();
		List<?> blocks = (List<?>) ((Map<?, ?>) pin.get("layout")).get("blocks");
		assertThat(blocks).hasSizeGreaterThanOrEqualTo(10);
		try (BrowserContext context = this.chromium.context()) {
			Page page = context.newPage();
			this.chromium.signIn(page, "admin", ADMIN_PASSWORD);
			page.navigate(this.chromium.url("/ui/models/" + key + "/pins/1"));
			String html = page.content();
			for (Object item : blocks) {
				Map<?, ?> block = (Map<?, ?>) item;
				int offset = ((Number) block.get("offset")).intValue();
				int length = ((Number) block.get("length")).intValue();
				boolean standard = "standard".equals(block.get("space"));
				Matcher rect = firstRect(html, standard ? "standard" : "extended", offset);
				assertThat(rect.find()).as("a rectangle for %s at %d", block.get("name"), offset).isTrue();
				String tag = rect.group();
				int base = standard ? 0 : 0x100;
				int perRow = standard ? 64 : 128;
				int pixels = standard ? 6 : 3;
				assertThat(attribute(tag, "x")).as("x of %s", block.get("name"))
					.isEqualTo(48 + (offset - base) % perRow * pixels);
				assertThat(attribute(tag, "y")).as("y of %s", block.get("name"))
					.isEqualTo((offset - base) / perRow * (standard ? 24 : 13));
				assertThat(attribute(tag, "data-length")).isEqualTo(length);
				assertThat(page.locator("#block-" + block.get("space") + "-0x" + Integer.toHexString(offset)).count())
					.as("a row of decoded fields")
					.isEqualTo(1);
			}
			assertThat(page.locator("svg g.block[data-offset='" + 0x230 + "'] title").first().textContent())
				.as("the tooltip decodes the fields")
				.contains("Process Address Space ID")
				.contains("maxPasidWidth = 20");
			Chromium.screenshot(page, "layout-map-dsa");

			byte[] config = Dumps.read(Corpus.bytes(DSA)).get(0).configSpace().toByteArray();
			page.navigate(this.chromium.url("/ui/parse"));
			page.fill("textarea[name=dump]", HexFormat.of().formatHex(config, 0, 256));
			Chromium.submit(page, "#draw");
			Locator extended = page.locator("figure.grid[data-space=extended]");
			assertThat(extended.getAttribute("data-coverage")).isEqualTo("unknown");
			assertThat(extended.textContent()).contains("unknown: the dump did not capture extended space");
			assertThat(extended.locator("g.block").count()).isZero();
			assertThat(page.locator("figure.grid[data-space=standard] g.block.physical").count()).isEqualTo(3);
			Chromium.screenshot(page, "layout-map-256-bytes");
		}
	}

	@Test
	void pinsADeviceWithDeclaredStateAndAnExemptSerialNumberAndShowsTheRegisterAVerdictNames() throws Exception {
		String key = "8086:10c9@dsn" + ThreadLocalRandom.current().nextInt(1_000_000);
		String reason = "ui test: the firmware keeps a live counter in Min_Gnt";
		try (BrowserContext context = this.chromium.context()) {
			Page page = context.newPage();
			this.chromium.signIn(page, "admin", ADMIN_PASSWORD);
			page.navigate(this.chromium.url("/ui/models"));
			page.fill("input[name=key]", key);
			page.fill("input[name=displayName]", "Intel 82576 (UI test)");
			Chromium.submit(page, "button:has-text('Create')");
			page.navigate(this.chromium.url("/ui/pin?model=" + key));
			page.fill("textarea[name=dump]", Files.readString(Corpus.dump(NIC), StandardCharsets.ISO_8859_1));
			page.fill("textarea[name=resource]", NIC_RESOURCE);
			page.uncheck("input[name=pasid]");
			page.fill("input[name='state[0].offset']", "0x3e");
			page.selectOption("select[name='state[0].width']", "1");
			page.fill("input[name='state[0].mask']", "0xff");
			page.fill("input[name='state[0].reason']", reason);
			// a 2-byte register at an odd offset: the form comes back naming the row
			page.fill("input[name='state[1].offset']", "0x3d");
			page.selectOption("select[name='state[1].width']", "2");
			page.fill("input[name='state[1].mask']", "0xffff");
			page.fill("input[name='state[1].reason']", "misaligned on purpose");
			Response refused = page.waitForNavigation(() -> page.click("#run-planner"));
			page.waitForLoadState(LoadState.LOAD);
			assertThat(refused.status()).isEqualTo(422);
			assertThat(page.textContent("#plan-error")).contains("Nothing was pinned")
				.contains("State row 2 (offset 0x3d)")
				.contains("starts at a multiple of 2");
			assertThat(page.locator("#proposal").count()).isZero();
			assertThat(page.inputValue("input[name='state[0].reason']")).as("what was typed comes back")
				.isEqualTo(reason);
			assertThat(page.inputValue("input[name='state[1].offset']")).isEqualTo("0x3d");
			assertThat(page.inputValue("select[name=perUnit]")).as("the serial number's block, no treatment yet")
				.isEqualTo("extended 0x140=none");
			Chromium.screenshot(page, "pin-from-dump-declaration-refused");

			for (String field : List.of("offset", "mask", "reason")) {
				page.fill("input[name='state[1]." + field + "']", "");
			}
			page.selectOption("select[name=perUnit]", "extended 0x140=exempt");
			Chromium.submit(page, "#run-planner");
			assertThat(page.locator("#plan-error").count()).isZero();
			Locator proposal = page.locator("#proposal");
			assertThat(proposal.locator("svg g.mark.state[data-register='0x03c'] title").textContent())
				.contains("Min_Gnt 0x03e")
				.contains(reason);
			assertThat(proposal.locator("svg g.mark.per-unit.exempt[data-register='0x144']").count()).isEqualTo(1);
			assertThat(proposal.locator("#bars tr[data-resource=bar0]").textContent()).contains("128K");
			String proposed = page.textContent("#proposed-fingerprint").strip();
			Chromium.screenshot(page, "pin-from-dump-declarations");
			Chromium.submit(page, "#pin-button");
			assertThat(page.locator("#pinned").textContent()).contains("version 1");
			assertThat(page.textContent("#fingerprint").strip()).isEqualTo(proposed);

			// the pin page: both declarations on the map, in the tables beside it
			Locator state = page.locator("svg g.mark.state[data-register='0x03c']");
			assertThat(state.locator("title").textContent()).contains(reason).contains("bits 0xff");
			assertThat(state.locator("rect").getAttribute("data-start")).isEqualTo(String.valueOf(0x3c));
			assertThat(state.locator("rect").getAttribute("data-end")).isEqualTo(String.valueOf(0x40));
			Locator serial = page.locator("svg g.mark.per-unit[data-register='0x144']");
			assertThat(serial.getAttribute("data-treatment")).isEqualTo("exempt");
			assertThat(serial.locator("title").textContent()).contains("Serial Number")
				.contains("every verification warns");
			assertThat(page.textContent("#state-declarations tbody")).contains("0x03e")
				.contains("0xff")
				.contains("Min_Gnt")
				.contains(reason);
			assertThat(page.textContent("#per-unit tbody")).contains("Device Serial Number at extended 0x140")
				.contains("Serial Number 0x144")
				.contains("exempt");
			assertThat(page.locator("#bars tbody tr").allTextContents())
				.anySatisfy((row) -> assertThat(row.replaceAll("\\s+", " ").strip()).isEqualTo("bar1 memory32 no 4M"))
				.anySatisfy((row) -> assertThat(row.replaceAll("\\s+", " ").strip()).isEqualTo("bar2 io – 32"))
				.anySatisfy((row) -> assertThat(row.replaceAll("\\s+", " ").strip())
					.isEqualTo("bar4 memory32 no not implemented"))
				.anySatisfy(
						(row) -> assertThat(row.replaceAll("\\s+", " ").strip()).isEqualTo("vf-bar0 memory64 no 16K"));
			assertThat(page.locator("#first-format").count()).isZero();
			Chromium.screenshot(page, "pin-with-declarations");
		}

		// another unit on the destination: another serial number, and another Next
		// Function Number in its ARI Capability register, which no decoder reads
		byte[] source = Dumps.read(Corpus.bytes(NIC)).get(0).configSpace().toByteArray();
		byte[] destination = source.clone();
		destination[0x144] ^= 0x01;
		destination[0x155] = 0x02;
		ResourceSizes sizes = ResourceSizes.fromSysfs(NIC_RESOURCE);
		VerificationRecord record = this.verifications
			.verifyAll(List.of(new VerificationService.Request(ModelKey.parse(key), 1, "vm-ui-dsn", "01:00.0", "hv-a",
					"hv-b", physical(source, sizes), physical(destination, sizes))), "admin", null)
			.records()
			.get(0);
		assertThat(record.verdict()).isEqualTo(Verdict.Outcome.INCONSISTENT);
		assertThat(record.findings()).extracting(Finding::code)
			.containsExactlyInAnyOrder(FindingCode.FIELD_MISMATCH, FindingCode.PER_UNIT_VALUE);
		try (BrowserContext context = this.chromium.context()) {
			Page page = context.newPage();
			this.chromium.signIn(page, "admin", ADMIN_PASSWORD);
			page.navigate(this.chromium.url("/ui/verifications/" + record.id()));
			Locator mismatch = page.locator("#findings tr[data-code=FIELD_MISMATCH]");
			assertThat(mismatch.locator("td.register").textContent()).contains("ARI Capability")
				.contains("0x154")
				.contains("bits 0x0300");
			assertThat(mismatch.textContent()).contains("0x0100").contains("0x0200");
			Locator warning = page.locator("#findings tr[data-code=PER_UNIT_VALUE]");
			assertThat(warning.getAttribute("class")).isEqualTo("warning");
			assertThat(warning.locator(".badge").textContent()).isEqualTo("warning");

			Locator register = page
				.locator(".map:has(h3:text('Destination')) svg g.mark.register[data-register='0x154']");
			assertThat(register.locator("rect.outline").getAttribute("data-start")).isEqualTo(String.valueOf(0x154));
			assertThat(register.locator("rect.outline").getAttribute("data-end")).isEqualTo(String.valueOf(0x156));
			assertThat(register.locator("rect.bits").count()).as("only the byte whose bits differ is filled")
				.isEqualTo(1);
			assertThat(register.locator("rect.bits").getAttribute("data-start")).isEqualTo(String.valueOf(0x155));
			assertThat(register.locator("title").textContent())
				.contains("ARI Capability (0x154) bits 0x0300: 0x0200, pinned as 0x0100");
			assertThat(page.locator(".map:has(h3:text('Source')) svg g.mark.register").count()).isZero();
			assertThat(page.locator(".map:has(h3:text('Destination')) svg g.block.differs")
				.evaluateAll("blocks => blocks.map(b => b.getAttribute('data-offset'))"))
				.as("ARI, and the serial number the warning names")
				.isEqualTo(List.of(String.valueOf(0x140), String.valueOf(0x150)));
			mismatch.locator("a.register-offset").click();
			assertThat(page.url()).endsWith("#destination-register-0x154");
			page.evaluate("window.scrollTo(0, 0)");
			Chromium.screenshot(page, "verification-register");
		}
	}

	@Test
	void showsThatAFirstFormatPinCannotBeComparedWith() {
		String key = "8086:0b25@v1-" + ThreadLocalRandom.current().nextInt(1_000_000);
		this.models.create(ModelKey.parse(key), "first format", null, "admin");
		Layout parsed = ConfigSpaceParser.parse(Dumps.read(Corpus.bytes(DSA)).get(0).configSpace());
		FirstFormatPins.store(this.jdbc, key,
				new Layout(parsed.identity(), parsed.coverage(), parsed.blocks(), parsed.findings()));
		byte[] bytes = Dumps.read(Corpus.bytes(DSA)).get(0).configSpace().toByteArray();
		VerificationRecord record = this.verifications
			.verifyAll(
					List.of(new VerificationService.Request(ModelKey.parse(key), 1, "vm-ui-v1", null, "hv-a", "hv-b",
							physical(bytes, ResourceSizes.UNKNOWN), physical(bytes, ResourceSizes.UNKNOWN))),
					"admin", null)
			.records()
			.get(0);
		assertThat(record.findings()).extracting(Finding::code).contains(FindingCode.CANNOT_COMPARE);
		try (BrowserContext context = this.chromium.context()) {
			Page page = context.newPage();
			this.chromium.signIn(page, "admin", ADMIN_PASSWORD);
			page.navigate(this.chromium.url("/ui/models/" + key + "/pins/1"));
			assertThat(page.textContent("#first-format")).contains("records no read-only bytes")
				.contains("cannot compare")
				.contains("Pin a new version from a dump");
			assertThat(page.locator("#first-format a").getAttribute("href")).endsWith("/ui/pin?model=" + key);
			assertThat(page.locator("svg g.mark").count()).isZero();
			Chromium.screenshot(page, "pin-first-format");
			page.navigate(this.chromium.url("/ui/verifications/" + record.id()));
			Locator cannot = page.locator("#findings tr[data-code=CANNOT_COMPARE]").first();
			assertThat(cannot.getAttribute("class")).isEqualTo("cannot-compare");
			assertThat(cannot.textContent()).contains("no decision").contains("Pin a new version from a dump");
			assertThat(page.locator("svg g.block.differs").count()).as("about the whole side: no place to mark")
				.isZero();
			Chromium.screenshot(page, "verification-cannot-compare");
		}
	}

	/** A physical side as a host reports it: its dump, with the BAR sizes it knows. */
	private static SideView physical(byte[] bytes, ResourceSizes sizes) {
		return new SideView.Physical(ConfigSpaceParser.parse(ConfigSpace.of(bytes), sizes), null, null, null, bytes);
	}

	/** The first rectangle of the block at this offset in this space's SVG. */
	private static Matcher firstRect(String html, String space, int offset) {
		int svg = html.indexOf("<svg", html.indexOf("data-space=\"" + space + "\""));
		int end = html.indexOf("</svg>", svg);
		return Pattern.compile("<rect[^>]*data-offset=\"" + offset + "\"[^>]*data-start=\"" + offset + "\"[^>]*>")
			.matcher(html.substring(svg, end));
	}

	private static int attribute(String tag, String name) {
		Matcher value = Pattern.compile("\\s" + name + "=\"(\\d+)\"").matcher(tag);
		assertThat(value.find()).as("%s in %s", name, tag).isTrue();
		return Integer.parseInt(value.group(1));
	}

	private static Map<String, Object> pasidAt(long offset) {
		return Map.of("space", "extended", "offset", offset, "id", 0x1BL, "version", 1L, "length", 8L, "fields",
				Map.of("maxPasidWidth", 16L, "executePermissionSupported", false, "privilegedModeSupported", false));
	}

}
