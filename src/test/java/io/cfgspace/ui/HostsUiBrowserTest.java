package io.cfgspace.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.LoadState;
import io.cfgspace.Api;
import io.cfgspace.IntegrationTest;
import io.cfgspace.inventory.Devices;
import io.cfgspace.layout.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The host pages in Debian's Chromium: a viewer finds the host with an unmodelled device
 * counted in the list, reads why on its page, and sees it claimed once an operator
 * creates the model.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostsUiBrowserTest {

	@LocalServerPort
	int port;

	private Playwright playwright;

	private Browser browser;

	@BeforeAll
	void startBrowser() {
		this.playwright = Playwright
			.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
		this.browser = this.playwright.chromium()
			.launch(new BrowserType.LaunchOptions().setExecutablePath(Paths.get("/usr/bin/chromium"))
				.setHeadless(true)
				.setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
						"--disable-background-networking", "--disable-component-update", "--disable-sync")));
	}

	@AfterAll
	void stopBrowser() {
		if (this.browser != null) {
			this.browser.close();
		}
		if (this.playwright != null) {
			this.playwright.close();
		}
	}

	@Test
	void aViewerSeesTheUnmodelledDevicesOfAHostAndTheirReason() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		String host = "hu" + Integer.toHexString(random.nextInt(0x100000, 0xFFFFFF)) + "-a";
		int modelled = random.nextInt(0x1000, 0x8000);
		int unknown = random.nextInt(0x8000, 0xFFFF);
		String modelledKey = String.format("8086:%04x", modelled);
		String unknownKey = String.format("8086:%04x", unknown);
		Api operator = Api.admin(this.port).withRole("operator");
		operator.post("/api/v1/device-models", Json.canonical(Map.of("key", modelledKey, "displayName", "GPU")))
			.expect(201);
		Api.admin(this.port)
			.withRole("verifier")
			.send("PUT", "/api/v1/hosts/" + host + "/report", "application/json",
					Json.canonical(Map.of("vmmVersion", "qemu 9.2.0", "devices",
							List.of(device("0000:01:00.0", Devices.config(Devices.SKYLAKE, modelled)),
									device("0000:02:00.0", Devices.config(Devices.DSA, unknown))))))
			.expect(201);
		String viewer = "viewer-hosts-" + random.nextInt(1_000_000);
		Api.createUser(this.port, viewer, "viewer", "viewer-password");
		try (BrowserContext context = this.browser
			.newContext(new Browser.NewContextOptions().setViewportSize(1360, 900))) {
			Page page = context.newPage();
			signIn(page, viewer, "viewer-password");
			submit(page, "header.top nav a:has-text('Hosts')");
			assertThat(page.url()).endsWith("/ui/hosts");
			page.fill("input[name=prefix]", host);
			submit(page, "form button:has-text('Search')");
			String row = "#hosts tr[data-host='" + host + "']";
			assertThat(page.textContent(row + " td.devices")).isEqualTo("2");
			assertThat(page.textContent(row + " td.unmodelled").strip()).isEqualTo("1");

			submit(page, row + " a");
			assertThat(page.url()).endsWith("/ui/hosts/" + host);
			assertThat(page.locator("#unmodelled tbody tr[data-address]").count()).isEqualTo(1);
			String unmodelled = "#unmodelled tr[data-address='0000:02:00.0']";
			assertThat(page.textContent(unmodelled + " td.reason"))
				.startsWith("no device model for " + unknownKey + " subsystem ");
			assertThat(page.textContent("#devices tr[data-address='0000:01:00.0'] td.model").strip())
				.isEqualTo(modelledKey);
			assertThat(page.textContent("#devices tr[data-address='0000:02:00.0'] td.model").strip())
				.isEqualTo("unmodelled");
			screenshot(page, "host-unmodelled");

			operator.post("/api/v1/device-models", Json.canonical(Map.of("key", unknownKey, "displayName", "DSA")))
				.expect(201);
			page.reload();
			assertThat(page.locator("#unmodelled tbody tr[data-address]").count()).isZero();
			assertThat(page.textContent("#unmodelled tbody")).contains("Every device has a model.");
			assertThat(page.textContent("#devices tr[data-address='0000:02:00.0'] td.model").strip())
				.isEqualTo(unknownKey);
			page.navigate(url("/ui/hosts?prefix=" + host));
			assertThat(page.textContent(row + " td.unmodelled").strip()).isEqualTo("0");
		}
	}

	private static Map<String, Object> device(String address, byte[] config) {
		return Map.of("address", address, "dump", Devices.hex(config), "driver", "vfio-pci");
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	private void signIn(Page page, String user, String password) {
		page.navigate(url("/ui/login"));
		page.fill("input[name=username]", user);
		page.fill("input[name=password]", password);
		submit(page, "button[type=submit]");
		assertThat(page.url()).as("signed in as " + user).doesNotContain("/ui/login");
	}

	private static void submit(Page page, String selector) {
		page.waitForNavigation(() -> page.click(selector));
		page.waitForLoadState(LoadState.LOAD);
	}

	private static void screenshot(Page page, String name) {
		Path directory = Path.of(System.getProperty("cfgspace.build.directory", "target"), "screenshots");
		page.screenshot(new Page.ScreenshotOptions().setPath(directory.resolve(name + ".png")).setFullPage(true));
	}

}
