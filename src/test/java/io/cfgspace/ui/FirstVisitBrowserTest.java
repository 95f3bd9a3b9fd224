package io.cfgspace.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.LoadState;
import io.cfgspace.Api;
import io.cfgspace.IntegrationTest;
import io.cfgspace.configspace.Corpus;
import io.cfgspace.layout.Json;
import org.junit.jupiter.api.Test;

/**
 * What a person meets on a first visit, in Debian's Chromium driven by Playwright: the
 * bare host name leads to the UI, and register values read as lspci and the spec show
 * them, in hex with their bits decoded, not as decimal numbers.
 */
@IntegrationTest
class FirstVisitBrowserTest extends BrowserTest {

	@Test
	void theBareHostNameLeadsToTheUi() {
		try (BrowserContext context = this.chromium.context()) {
			Page page = context.newPage();
			page.navigate(this.chromium.url("/"));
			assertThat(page.url()).as("an anonymous visitor of / is sent to the sign-in form").endsWith("/ui/login");
			this.chromium.signIn(page, "admin", AdminUiBrowserTest.ADMIN_PASSWORD);
			page.navigate(this.chromium.url("/"));
			page.waitForLoadState(LoadState.LOAD);
			assertThat(page.url()).as("a signed-in visitor of / lands on the dashboard").endsWith("/ui");
			assertThat(page.locator("#model-count").count()).isEqualTo(1);
			Chromium.screenshot(page, "first-visit-root");
		}
	}

	@Test
	void registerValuesReadInHexWithTheirBitsDecoded() throws Exception {
		String key = "8086:0b25@hex" + ThreadLocalRandom.current().nextInt(1_000_000);
		Api admin = Api.admin(this.port);
		admin.post("/api/v1/device-models", Json.canonical(Map.of("key", key, "displayName", "DSA hex"))).expect(201);
		Map<?, ?> pin = admin
			.post("/api/v1/device-models/" + key + "/pins",
					Json.canonical(Map.of("dump",
							Files.readString(Corpus.dump(AdminUiBrowserTest.DSA), StandardCharsets.ISO_8859_1))))
			.expect(201)
			.map();
		Map<?, ?> express = ((List<?>) ((Map<?, ?>) pin.get("layout")).get("blocks")).stream()
			.map((block) -> (Map<?, ?>) block)
			.filter((block) -> ((Map<?, ?>) block.get("fields")).containsKey("deviceCapabilities"))
			.findFirst()
			.orElseThrow();
		Map<?, ?> fields = (Map<?, ?>) express.get("fields");
		long deviceCapabilities = ((Number) fields.get("deviceCapabilities")).longValue();
		long maxPayload = ((Number) fields.get("maxPayloadSizeSupported")).longValue();
		long linkCapabilities = ((Number) fields.get("linkCapabilities")).longValue();
		long linkWidth = ((Number) fields.get("maxLinkWidth")).longValue();
		String row = "#block-" + express.get("space") + "-0x"
				+ Integer.toHexString(((Number) express.get("offset")).intValue());
		try (BrowserContext context = this.chromium.context()) {
			Page page = context.newPage();
			this.chromium.signIn(page, "admin", AdminUiBrowserTest.ADMIN_PASSWORD);
			page.navigate(this.chromium.url("/ui/models/" + key + "/pins/1"));
			page.waitForLoadState(LoadState.LOAD);
			String shown = page.locator(row + " [data-field=deviceCapabilities]").first().textContent().strip();
			assertThat(shown)
				.startsWith(String.format("deviceCapabilities=0x%08x (MaxPayload %d bytes, PhantFunc ",
						deviceCapabilities, maxPayload))
				.containsPattern("ExtTag[+-] AttnBtn[+-] AttnInd[+-] PwrInd[+-] RBE[+-] FLReset[+-]\\)$")
				.doesNotContain(Long.toString(deviceCapabilities));
			assertThat(page.locator(row + " [data-field=linkCapabilities]").first().textContent().strip())
				.startsWith(String.format("linkCapabilities=0x%08x (Port #", linkCapabilities))
				.contains(", Width x" + linkWidth + ",");
			// counts and sizes stay decimal
			assertThat(page.locator(row + " [data-field=maxPayloadSizeSupported]").first().textContent().strip())
				.isEqualTo("maxPayloadSizeSupported=" + maxPayload);
			String tooltip = page.locator("svg g.block[data-offset='" + express.get("offset") + "'] title")
				.first()
				.textContent();
			assertThat(tooltip).contains(String.format("deviceCapabilities = 0x%08x (MaxPayload", deviceCapabilities));
			Chromium.screenshot(page, "register-values-in-hex");
		}
	}

}
