package io.cfgspace.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.LoadState;

/**
 * Debian's Chromium driven by Playwright, against the service on one port: one browser
 * for a test class, one context (cookies, session) per person in a test.
 */
final class Chromium implements AutoCloseable {

	private final Playwright playwright;

	private final Browser browser;

	private final int port;

	private Chromium(Playwright playwright, Browser browser, int port) {
		this.playwright = playwright;
		this.browser = browser;
		this.port = port;
	}

	static Chromium launch(int port) {
		// Playwright unpacks its driver from the jar and downloads no browser of its own
		Playwright playwright = Playwright
			.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
		try {
			Browser browser = playwright.chromium()
				.launch(new BrowserType.LaunchOptions().setExecutablePath(Paths.get("/usr/bin/chromium"))
					.setHeadless(true)
					.setArgs(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
							"--disable-background-networking", "--disable-component-update", "--disable-sync")));
			return new Chromium(playwright, browser, port);
		}
		catch (RuntimeException ex) {
			playwright.close();
			throw ex;
		}
	}

	/** A fresh session: a person of its own, signed in to nothing yet. */
	BrowserContext context() {
		return this.browser.newContext(new Browser.NewContextOptions().setViewportSize(1360, 900));
	}

	String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	void signIn(Page page, String user, String password) {
		page.navigate(url("/ui/login"));
		page.fill("input[name=username]", user);
		page.fill("input[name=password]", password);
		submit(page, "button[type=submit]");
		assertThat(page.url()).as("signed in as " + user).doesNotContain("/ui/login");
	}

	/**
	 * Clicks and waits until the next page has loaded in full: the pages stream, so an
	 * element near the top exists before the maps below it do.
	 */
	static void submit(Page page, String selector) {
		page.waitForNavigation(() -> page.click(selector));
		page.waitForLoadState(LoadState.LOAD);
	}

	/** target/screenshots, or the screenshots folder of -Dcfgspace.build.directory. */
	static void screenshot(Page page, String name) {
		Path directory = Path.of(System.getProperty("cfgspace.build.directory", "target"), "screenshots");
		page.screenshot(new Page.ScreenshotOptions().setPath(directory.resolve(name + ".png")).setFullPage(true));
	}

	@Override
	public void close() {
		this.browser.close();
		this.playwright.close();
	}

}
