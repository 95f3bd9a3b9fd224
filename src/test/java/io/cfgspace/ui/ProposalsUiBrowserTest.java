package io.cfgspace.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import io.cfgspace.Api;
import io.cfgspace.IntegrationTest;
import io.cfgspace.configspace.Corpus;
import io.cfgspace.layout.Json;
import org.junit.jupiter.api.Test;

/**
 * Four-eyes pinning in Debian's Chromium: one operator proposes a new version of the
 * Intel DSA through the planner, a second one reads what it changes against the version
 * in force and approves it.
 */
@IntegrationTest
class ProposalsUiBrowserTest extends BrowserTest {

	private static final String PASSWORD = "four-eyes-ui-password";

	@Test
	void anotherOperatorSeesWhatAProposalChangesAndApprovesIt() {
		int device = ThreadLocalRandom.current().nextInt(0x1000, 0xFFFF);
		String key = String.format("8086:%04x", device);
		String dump = Corpus.hexAs(AdminUiBrowserTest.DSA, 0x8086, device);
		Api admin = Api.admin(this.port);
		admin.post("/api/v1/device-models", Json.canonical(Map.of("key", key, "displayName", "DSA, four-eyes")))
			.expect(201);
		admin.post("/api/v1/device-models/" + key + "/pins", Json.canonical(Map.of("dump", dump))).expect(201);
		admin
			.send("PUT", "/api/v1/device-models/" + key + "/four-eyes", "application/json",
					Json.canonical(Map.of("required", true)))
			.expect(200);
		String alice = "alice-ui-" + device;
		String bob = "bob-ui-" + device;
		Api.createUser(this.port, alice, "operator", PASSWORD);
		Api.createUser(this.port, bob, "operator", PASSWORD);
		String proposal = "#proposal-" + key.replace(":", "\\:") + "-v2";

		try (BrowserContext context = this.chromium.context()) {
			Page page = context.newPage();
			this.chromium.signIn(page, alice, PASSWORD);
			page.navigate(this.chromium.url("/ui/pin?model=" + key));
			page.fill("textarea[name=dump]", dump);
			page.check("input[name=hide][value='extended:0x1b']");
			page.check("input[name=pasid]");
			page.fill("input[name=pasidWidth]", "20");
			page.check("input[name=pasidPrivileged]");
			Chromium.submit(page, "#run-planner");
			Chromium.submit(page, "#pin-button");
			assertThat(page.textContent("#pinned")).contains("Proposed as version 2").contains("not in force");

			Chromium.submit(page, "header.top nav a:has-text('Proposals')");
			assertThat(page.url()).endsWith("/ui/proposals");
			Locator own = page.locator(proposal);
			assertThat(own.locator(".proposer").textContent()).isEqualTo(alice);
			assertThat(own.locator("form.approve").count()).as("no Approve button for the proposer").isZero();
			assertThat(own.locator(".own").textContent()).contains("another operator approves it");
			Chromium.screenshot(page, "proposals-own");

			// a forged approval with the session's CSRF token: the service refuses it
			String csrf = page.getAttribute("form.who input[name=_csrf]", "value");
			APIResponse forged = page.request()
				.post(this.chromium.url("/ui/models/" + key + "/pins/2/approval"),
						RequestOptions.create().setMaxRedirects(0).setForm(FormData.create().set("_csrf", csrf)));
			assertThat(forged.status()).isEqualTo(403);
			assertThat(forged.text()).contains("self-approval").contains("was proposed by " + alice);
		}

		try (BrowserContext context = this.chromium.context()) {
			Page page = context.newPage();
			this.chromium.signIn(page, bob, PASSWORD);
			Chromium.submit(page, "header.top nav a:has-text('Proposals')");
			Locator card = page.locator(proposal);
			assertThat(card.locator(".against").textContent()).contains("v1").contains("the version in force");
			assertThat(card.locator("table.changes tr[data-kind=changed]").allTextContents())
				.anySatisfy((row) -> assertThat(row).contains("Process Address Space ID")
					.contains("0x230")
					.contains("origin")
					.contains("physical"));
			assertThat(card.locator("table.changes tr[data-kind=added]").allTextContents())
				.anySatisfy((row) -> assertThat(row).contains("Process Address Space ID"));
			Chromium.screenshot(page, "proposals-review");
			card.locator("input[name=note]").fill("checked the PASID against v1");
			Chromium.submit(page, proposal + " form.approve button:has-text('Approve')");
			assertThat(page.url()).endsWith("/ui/proposals");
			assertThat(page.textContent("#approved")).contains(key + " v2");
			assertThat(page.locator(proposal).count()).as("no longer waiting").isZero();

			page.navigate(this.chromium.url("/ui/models/" + key));
			assertThat(page.locator("#versions tbody tr").allTextContents()).satisfiesExactly(
					(v1) -> assertThat(v1).contains("v1").contains("active"),
					(v2) -> assertThat(v2).contains("v2").contains("approved"));
			Chromium.screenshot(page, "model-approved");
		}
		Map<String, Object> approved = admin.get("/api/v1/device-models/" + key + "/pins/2").expect(200).map();
		assertThat(approved).containsEntry("state", "approved").containsEntry("approvedBy", bob);
	}

	@Test
	void aViewerHasNoProposalsPage() {
		String viewer = "viewer-proposals-" + ThreadLocalRandom.current().nextInt(1_000_000);
		Api.createUser(this.port, viewer, "viewer", PASSWORD);
		try (BrowserContext context = this.chromium.context()) {
			Page page = context.newPage();
			this.chromium.signIn(page, viewer, PASSWORD);
			assertThat(page.textContent("header.top")).doesNotContain("Proposals");
			assertThat(page.navigate(this.chromium.url("/ui/proposals")).status()).isEqualTo(403);
		}
	}

}
