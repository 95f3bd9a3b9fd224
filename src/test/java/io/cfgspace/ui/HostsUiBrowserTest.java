package io.cfgspace.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.cfgspace.Api;
import io.cfgspace.IntegrationTest;
import io.cfgspace.inventory.Devices;
import io.cfgspace.layout.Json;
import org.junit.jupiter.api.Test;

/**
 * The host pages in Debian's Chromium: a viewer finds the host with an unmodelled device
 * counted in the list, reads why on its page, and sees it claimed once an operator
 * creates the model.
 */
@IntegrationTest
class HostsUiBrowserTest extends BrowserTest {

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
			.withReporter(host)
			.send("PUT", "/api/v1/hosts/" + host + "/report", "application/json",
					Json.canonical(Map.of("vmmVersion", "qemu 9.2.0", "devices",
							List.of(device("0000:01:00.0", Devices.config(Devices.SKYLAKE, modelled)),
									device("0000:02:00.0", Devices.config(Devices.DSA, unknown))))))
			.expect(201);
		String viewer = "viewer-hosts-" + random.nextInt(1_000_000);
		Api.createUser(this.port, viewer, "viewer", "viewer-password");
		try (BrowserContext context = this.chromium.context()) {
			Page page = context.newPage();
			this.chromium.signIn(page, viewer, "viewer-password");
			Chromium.submit(page, "header.top nav a:has-text('Hosts')");
			assertThat(page.url()).endsWith("/ui/hosts");
			page.fill("input[name=prefix]", host);
			Chromium.submit(page, "form button:has-text('Search')");
			String row = "#hosts tr[data-host='" + host + "']";
			assertThat(page.textContent(row + " td.devices")).isEqualTo("2");
			assertThat(page.textContent(row + " td.unmodelled").strip()).isEqualTo("1");

			Chromium.submit(page, row + " a");
			assertThat(page.url()).endsWith("/ui/hosts/" + host);
			assertThat(page.locator("#unmodelled tbody tr[data-address]").count()).isEqualTo(1);
			String unmodelled = "#unmodelled tr[data-address='0000:02:00.0']";
			assertThat(page.textContent(unmodelled + " td.reason"))
				.startsWith("no device model for " + unknownKey + " subsystem ");
			assertThat(page.textContent("#devices tr[data-address='0000:01:00.0'] td.model").strip())
				.isEqualTo(modelledKey);
			assertThat(page.textContent("#devices tr[data-address='0000:02:00.0'] td.model").strip())
				.isEqualTo("unmodelled");
			Chromium.screenshot(page, "host-unmodelled");

			operator.post("/api/v1/device-models", Json.canonical(Map.of("key", unknownKey, "displayName", "DSA")))
				.expect(201);
			page.reload();
			assertThat(page.locator("#unmodelled tbody tr[data-address]").count()).isZero();
			assertThat(page.textContent("#unmodelled tbody")).contains("Every device has a model.");
			assertThat(page.textContent("#devices tr[data-address='0000:02:00.0'] td.model").strip())
				.isEqualTo(unknownKey);
			page.navigate(this.chromium.url("/ui/hosts?prefix=" + host));
			assertThat(page.textContent(row + " td.unmodelled").strip()).isEqualTo("0");
		}
	}

	private static Map<String, Object> device(String address, byte[] config) {
		return Map.of("address", address, "dump", Devices.hex(config), "driver", "vfio-pci");
	}

}
