package io.cfgspace.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cfgspace.layout.Json;
import io.cfgspace.layout.Layout;
import io.cfgspace.layout.LayoutDocument;
import io.cfgspace.layout.LayoutFormatException;

/**
 * Any text given as a layout document: it is refused with {@link LayoutFormatException},
 * the one documented failure, or it reads into a layout whose canonical document reads
 * back to the same layout and writes the same text again. Seeds are the documents of real
 * corpus dumps, with and without synthesized and hidden blocks, BAR sizes, declared state
 * and per-unit treatments, in both formats.
 */
class LayoutDocumentFuzzTest {

	@FuzzTest(maxDuration = "20s")
	void anyDocumentReadsCanonicallyOrIsRefused(byte[] input) {
		String text = new String(input, StandardCharsets.UTF_8);
		Layout layout;
		try {
			layout = LayoutDocument.read(text);
		}
		catch (LayoutFormatException refused) {
			assertThat(refused.getMessage()).isNotBlank();
			return;
		}
		String canonical = LayoutDocument.write(layout);
		Layout reread = LayoutDocument.read(canonical);
		assertThat(reread).isEqualTo(layout);
		assertThat(reread.fingerprint()).isEqualTo(layout.fingerprint());
		assertThat(LayoutDocument.write(reread)).isEqualTo(canonical);
		assertThat(Json.canonical(Json.parse(canonical))).isEqualTo(canonical);
	}

}
