package io.cfgspace.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.cfgspace.configspace.ConfigSpaceParser;
import io.cfgspace.configspace.Corpus;
import io.cfgspace.configspace.DeviceDump;
import io.cfgspace.configspace.read.Dumps;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CanonicalWriterTest {

	static Stream<Path> dumps() {
		return Corpus.dumps().stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("dumps")
	void writesWhatTheGenericCanonicalFormGives(Path dump) throws Exception {
		for (DeviceDump device : Dumps.read(Files.readAllBytes(dump))) {
			Layout layout = ConfigSpaceParser.parse(device.configSpace());
			assertThat(LayoutDocument.write(layout)).isEqualTo(Json.canonical(LayoutDocument.toJson(layout)));
			assertThat(CanonicalWriter.fingerprintContent(layout)).doesNotContain("\"name\"")
				.doesNotContain("\"findings\"")
				.doesNotContain("\"fingerprint\"");
		}
	}

}
