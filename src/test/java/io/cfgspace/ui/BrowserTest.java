package io.cfgspace.ui;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A browser test class: the service on its random port and one Chromium for all of the
 * class's tests, which open a context per person.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BrowserTest {

	@LocalServerPort
	int port;

	Chromium chromium;

	@BeforeAll
	void startBrowser() {
		this.chromium = Chromium.launch(this.port);
	}

	@AfterAll
	void stopBrowser() {
		if (this.chromium != null) {
			this.chromium.close();
		}
	}

}
