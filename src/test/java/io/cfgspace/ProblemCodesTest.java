package io.cfgspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The problem codes cannot drift apart: every code the service's source can emit is in
 * openapi.yaml's {@code Problem.code} enum, every code there is one the source emits, and
 * the README's table of error codes lists exactly the same codes.
 */
class ProblemCodesTest {

	private static final String CODE = "\"([a-z0-9]+(?:-[a-z0-9]+)*)\"";

	/** The ways src/main names a problem's code, each with the code as group 1. */
	private static final List<Pattern> EMITTERS = List.of(
			// the problem kinds: new NotFound("code", ...), new BadRequest("code", ...)
			Pattern.compile("new\\s+(?:[\\w.]+\\.)?(?:NotFound|BadRequest|Conflict)\\(\\s*" + CODE),
			// ProblemDetailsAdvice.problem(HttpStatus.X, "code", ...), an ApiProblem's
			// super(HttpStatus.X, "code", ...)
			Pattern.compile("(?:problem|super)\\(\\s*HttpStatus\\.\\w+,\\s*" + CODE),
			// the UI's problem pages: page(model, response, 400, "code", ...)
			Pattern.compile("page\\(\\s*model,\\s*response,\\s*\\d+,\\s*" + CODE),
			// a code a class names once as a constant, as the OIDC refusals do
			Pattern.compile("static final String [A-Z_]+ = \"([a-z0-9]+(?:-[a-z0-9]+)+)\";"));

	/** The codes of errors known only by their status, ProblemDetailsAdvice.codeFor. */
	private static final Pattern STATUS_CODES = Pattern.compile("String codeFor\\(int status\\) \\{(.*?)\\n\\t}\\n",
			Pattern.DOTALL);

	/** Subclasses of a problem kind pass their code to super("code", ...). */
	private static final Pattern SUBCLASS = Pattern
		.compile("extends\\s+(?:ApiProblem|NotFound|BadRequest|Conflict)\\b");

	private static final Pattern SUPER_CODE = Pattern.compile("super\\(\\s*" + CODE + "\\s*,");

	@Test
	void openApiNamesEveryCodeTheServiceEmitsAndNoOther() throws IOException {
		Set<String> emitted = emittedCodes();
		// the scan itself must find what is known to be there, or it proves nothing
		assertThat(emitted).contains("verification-not-found", "invalid-cursor", "invalid-fingerprint",
				"invalid-host-name", "not-found", "not-acceptable", "no-matching-model", "unknown-fingerprint",
				"layout-integrity-violation", "no-room", "vmm-cannot-build", "method-not-allowed", "unauthenticated");
		assertThat(emitted).hasSizeGreaterThan(30);
		Set<String> documented = openApiCodes();
		assertThat(new TreeSet<>(emitted))
			.as("problem codes in src/main that openapi.yaml's Problem.code does not list")
			.isSubsetOf(documented);
		assertThat(new TreeSet<>(documented)).as("problem codes in openapi.yaml that nothing in src/main emits")
			.isSubsetOf(emitted);
	}

	@Test
	void theReadmeListsExactlyTheCodesOfOpenApi() throws IOException {
		assertThat(readmeCodes()).as("the codes of README.md's error-code table")
			.containsExactlyInAnyOrderElementsOf(openApiCodes());
	}

	static Set<String> emittedCodes() throws IOException {
		Set<String> codes = new TreeSet<>();
		try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
			for (Path file : files.filter((p) -> p.toString().endsWith(".java")).toList()) {
				String source = Files.readString(file, StandardCharsets.UTF_8);
				for (Pattern emitter : EMITTERS) {
					collect(emitter.matcher(source), codes);
				}
				Matcher byStatus = STATUS_CODES.matcher(source);
				if (byStatus.find()) {
					collect(Pattern.compile(CODE).matcher(byStatus.group(1)), codes);
				}
				if (SUBCLASS.matcher(source).find()) {
					collect(SUPER_CODE.matcher(source), codes);
				}
			}
		}
		return codes;
	}

	private static void collect(Matcher matcher, Set<String> codes) {
		while (matcher.find()) {
			for (int group = 1; group <= matcher.groupCount(); group++) {
				if (matcher.group(group) != null) {
					codes.add(matcher.group(group));
				}
			}
		}
	}

	@SuppressWarnings("unchecked")
	static Set<String> openApiCodes() throws IOException {
		Map<String, Object> document = new Yaml(new SafeConstructor(new LoaderOptions()))
			.load(Files.readString(Path.of("openapi.yaml")));
		Map<String, Object> code = at(document, "components", "schemas", "Problem", "properties", "code");
		assertThat(code).as("openapi.yaml: Problem.code").containsKey("enum");
		return new TreeSet<>((List<String>) code.get("enum"));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> at(Map<String, Object> node, String... names) {
		Map<String, Object> current = node;
		for (String name : names) {
			current = (Map<String, Object>) current.get(name);
			assertThat(current).as("openapi.yaml has %s", name).isNotNull();
		}
		return current;
	}

	/** The first column of the table under README.md's "Error codes" heading. */
	static Set<String> readmeCodes() throws IOException {
		List<String> lines = Files.readAllLines(Path.of("README.md"));
		int heading = lines.indexOf("### Error codes");
		assertThat(heading).as("README.md has a '### Error codes' section").isNotNegative();
		Set<String> codes = new TreeSet<>();
		Pattern row = Pattern.compile("^\\| `([a-z0-9-]+)` \\|");
		for (String line : lines.subList(heading + 1, lines.size())) {
			if (line.startsWith("#")) {
				break;
			}
			Matcher matcher = row.matcher(line);
			if (matcher.find()) {
				codes.add(matcher.group(1));
			}
		}
		assertThat(codes).as("codes in README.md's error-code table").isNotEmpty();
		return codes;
	}

}
