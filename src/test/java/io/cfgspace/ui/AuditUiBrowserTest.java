package io.cfgspace.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import io.cfgspace.Api;
import io.cfgspace.IntegrationTest;
import io.cfgspace.layout.Json;
import org.junit.jupiter.api.Test;

/**
 * The audit trail page in Debian's Chromium: reached from the admin navigation, filtered,
 * paged, and closed to a viewer.
 */
@IntegrationTest
class AuditUiBrowserTest extends BrowserTest {

	static final String ADMIN_PASSWORD = "admin-test-password";

	@Test
	void anAdminFiltersAndPagesTheTrail() {
		String marker = "ui-audit-" + ThreadLocalRandom.current().nextInt(1_000_000);
		int issued = AuditPages.PAGE_SIZE + 2;
		List<String> subjects = new ArrayList<>();
		for (int i = 0; i < issued; i++) {
			Object id = Api.admin(this.port)
				.post("/api/v1/tokens", Json.canonical(Map.of("name", marker + "-" + i, "role", "viewer")))
				.expect(201)
				.map()
				.get("id");
			subjects.add(0, "token " + id + " (" + marker + "-" + i + ")");
		}
		Api.admin(this.port).delete("/api/v1/tokens/" + subjects.get(0).split(" ")[1]).expect(204);
		try (BrowserContext context = this.chromium.context()) {
			Page page = context.newPage();
			this.chromium.signIn(page, "admin", ADMIN_PASSWORD);
			page.navigate(this.chromium.url("/ui"));
			Chromium.submit(page, "header.top nav a:has-text('Audit trail')");
			assertThat(page.url()).endsWith("/ui/audit");

			page.fill("input[name=subject]", marker);
			page.selectOption("select[name=action]", "token-issued");
			Chromium.submit(page, "form.filters button:has-text('Filter')");
			List<String> seen = new ArrayList<>(page.locator("#audit tbody tr td.mono").allTextContents());
			assertThat(seen).hasSize(AuditPages.PAGE_SIZE);
			assertThat(page.locator("#audit tbody tr").first().textContent()).contains("admin")
				.contains("token-issued")
				.contains("role=viewer");
			Chromium.screenshot(page, "audit");
			Chromium.submit(page, "#next-page");
			seen.addAll(page.locator("#audit tbody tr td.mono").allTextContents());
			assertThat(seen).as("newest first, every record once").isEqualTo(subjects);
			assertThat(page.locator("#next-page").count()).as("the last page").isZero();
			assertThat(page.inputValue("input[name=subject]")).isEqualTo(marker);

			page.selectOption("select[name=action]", "token-revoked");
			Chromium.submit(page, "form.filters button:has-text('Filter')");
			assertThat(page.locator("#audit tbody tr td.mono").allTextContents()).containsExactly(subjects.get(0));

			page.navigate(this.chromium.url("/ui/audit?from=2026-02-01&to=2026-01-01"));
			assertThat(page.textContent(".problem-code")).isEqualTo("invalid-request");
		}
	}

	@Test
	void aViewerMayNotReadTheTrail() {
		String viewer = "viewer-audit-" + ThreadLocalRandom.current().nextInt(1_000_000);
		Api.createUser(this.port, viewer, "viewer", "viewer-password");
		try (BrowserContext context = this.chromium.context()) {
			Page page = context.newPage();
			this.chromium.signIn(page, viewer, "viewer-password");
			assertThat(page.textContent("header.top")).doesNotContain("Audit trail");
			Response response = page.navigate(this.chromium.url("/ui/audit"));
			assertThat(response.status()).isEqualTo(403);
			assertThat(page.textContent("#forbidden")).contains("viewer");
		}
	}

}
