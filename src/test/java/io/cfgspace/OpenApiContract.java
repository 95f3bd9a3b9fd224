package io.cfgspace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The REST contract, {@code openapi.yaml}, as a test oracle: {@link #validate} fails with
 * an {@link AssertionError} when an HTTP exchange is not one the document describes.
 *
 * <p>
 * Schemas are checked as JSON Schema 2020-12 in the OpenAPI 3.1 dialect, with format
 * assertions on ({@code date-time}, {@code uri}), and {@code $ref}s resolve inside the
 * document. Requests (body, path and query parameters) are judged only when the server
 * accepted them (2xx): a test that sends a bad request on purpose must still get a
 * declared error back, but its request need not conform.
 *
 * <p>
 * Paths match as OpenAPI says, concrete paths before templated ones; of the paths that
 * match, the first that declares the method is the operation. A method no matching path
 * declares is allowed one answer only: 405 with a problem document.
 */
public final class OpenApiContract {

	private static final Pattern TEMPLATE_PARAMETER = Pattern.compile("\\{([^}]+)}");

	/** The IRI the parsed document is registered under, so that its $refs resolve. */
	private static final String DOCUMENT_IRI = "https://cfgspace.io/contract/openapi.json";

	private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
			"trace");

	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build();

	private static OpenApiContract instance;

	private final JsonNode document;

	private final List<PathTemplate> templates;

	private final SchemaRegistry registry;

	private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

	private OpenApiContract(JsonNode document) {
		this.document = document;
		this.templates = document.path("paths")
			.propertyNames()
			.stream()
			.map(PathTemplate::of)
			.sorted(PathTemplate.MOST_SPECIFIC_FIRST)
			.toList();
		String json = JSON.writeValueAsString(document);
		SchemaRegistryConfig config = SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build();
		this.registry = SchemaRegistry.withDialect(Dialects.getOpenApi31(),
				(builder) -> builder.schemaRegistryConfig(config).schemas(Map.of(DOCUMENT_IRI, json)));
	}

	/** The contract at {@code ./openapi.yaml}, read once per test JVM. */
	public static synchronized OpenApiContract get() {
		if (instance == null) {
			instance = load(Path.of("openapi.yaml"));
		}
		return instance;
	}

	/** Reads an OpenAPI 3.1 document in YAML. */
	public static OpenApiContract load(Path file) {
		try {
			return of(Files.readString(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the OpenAPI document " + file.toAbsolutePath(), ex);
		}
	}

	/** An OpenAPI 3.1 document given as YAML (or JSON) text. */
	public static OpenApiContract of(String yaml) {
		Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
		return new OpenApiContract(toJson(tree, "$"));
	}

	/** Every operation of the document as {@code "METHOD /path/{template}"}. */
	public Set<String> operations() {
		Set<String> operations = new TreeSet<>();
		for (PathTemplate template : this.templates) {
			for (String method : this.document.path("paths").path(template.text()).propertyNames()) {
				if (METHODS.contains(method)) {
					operations.add(method.toUpperCase(Locale.ROOT) + " " + template.text());
				}
			}
		}
		return operations;
	}

	/**
	 * A path template with each {@code {name}} replaced by {@code value.apply(name)}: the
	 * concrete path a test sends for an operation.
	 */
	public static String path(String template, Function<String, String> value) {
		Matcher matcher = TEMPLATE_PARAMETER.matcher(template);
		StringBuilder path = new StringBuilder();
		while (matcher.find()) {
			matcher.appendReplacement(path, Matcher.quoteReplacement(value.apply(matcher.group(1))));
		}
		matcher.appendTail(path);
		return path.toString();
	}

	/**
	 * The role an operation ({@code "METHOD /path/{template}"}) declares in
	 * {@code x-required-role}, or {@code null} when it declares none.
	 */
	public String requiredRole(String operation) {
		JsonNode role = operation(operation).path("x-required-role");
		return role.isString() ? role.stringValue() : null;
	}

	/**
	 * The security schemes any of which lets a caller in: the operation's own
	 * {@code security} or else the document's; empty for an open operation.
	 */
	public Set<String> securitySchemes(String operation) {
		JsonNode security = operation(operation).path("security");
		if (security.isMissingNode()) {
			security = this.document.path("security");
		}
		Set<String> schemes = new TreeSet<>();
		for (JsonNode requirement : security) {
			schemes.addAll(requirement.propertyNames());
		}
		return schemes;
	}

	/**
	 * The declaration of one operation ({@code "METHOD /path/{template}"}, as
	 * {@link #operations()} names it), for tests driven by its extensions.
	 */
	public JsonNode operation(String operation) {
		String[] parts = operation.split(" ", 2);
		JsonNode node = this.document.path("paths").path(parts[1]).path(parts[0].toLowerCase(Locale.ROOT));
		if (node.isMissingNode()) {
			throw new IllegalArgumentException("openapi.yaml has no operation " + operation);
		}
		return node;
	}

	/**
	 * Fails unless the exchange is one the contract describes.
	 * @param method the HTTP method
	 * @param path the request path; a query string, if any, is checked against the query
	 * parameters
	 * @param requestContentType the request's Content-Type, or {@code null}
	 * @param requestBody the request body, or {@code null} when none was sent
	 * @param status the response status
	 * @param responseContentType the response's Content-Type, or {@code null}
	 * @param responseBody the response body, or {@code null}
	 * @throws AssertionError naming what the contract does not allow
	 */
	public void validate(String method, String path, String requestContentType, String requestBody, int status,
			String responseContentType, String responseBody) {
		Exchange exchange = new Exchange(method.toUpperCase(Locale.ROOT), path, status, responseBody);
		int question = path.indexOf('?');
		String concretePath = (question >= 0) ? path.substring(0, question) : path;
		String query = (question >= 0) ? path.substring(question + 1) : null;
		List<Match> matches = this.templates.stream()
			.map((template) -> template.match(concretePath))
			.filter(Objects::nonNull)
			.toList();
		if (matches.isEmpty()) {
			throw exchange.fail("no path in openapi.yaml matches " + concretePath);
		}
		String verb = method.toLowerCase(Locale.ROOT);
		Match match = matches.stream()
			.filter((candidate) -> pathItem(candidate.template()).node().has(verb))
			.findFirst()
			.orElse(null);
		if (match == null) {
			methodNotDeclared(exchange, matches.get(0), responseContentType, responseBody);
			return;
		}
		Located pathItem = pathItem(match.template());
		Located operation = pathItem.at(verb);
		exchange = exchange.operation(operation.node().path("operationId").asString("") + " (" + exchange.method() + " "
				+ match.template().text() + ")");
		checkResponse(exchange, operation, responseContentType, responseBody);
		if (status >= 200 && status < 300) {
			checkParameters(exchange, pathItem, operation, match, query);
			checkRequest(exchange, operation, requestContentType, requestBody);
		}
	}

	/**
	 * A method the path does not declare: the only right answer is 405 with a problem,
	 * the way the service answers a method it has no handler for.
	 */
	private void methodNotDeclared(Exchange exchange, Match match, String contentType, String body) {
		String declared = pathItem(match.template()).node()
			.propertyNames()
			.stream()
			.filter(METHODS::contains)
			.map((m) -> m.toUpperCase(Locale.ROOT))
			.sorted()
			.collect(Collectors.joining(", "));
		if (exchange.status() != 405) {
			throw exchange.fail("openapi.yaml declares no " + exchange.method() + " on " + match.template().text()
					+ " (only " + declared + "), so the only acceptable answer is 405");
		}
		MediaType media = MediaType.parse(contentType);
		if (media == null || !media.essence().equals("application/problem+json")) {
			throw exchange.fail("a 405 answer must be application/problem+json, not " + contentType);
		}
		checkJson(exchange, "the 405 response body", "/components/schemas/Problem", body, media);
	}

	private void checkResponse(Exchange exchange, Located operation, String contentType, String body) {
		Located responses = operation.at("responses");
		String status = Integer.toString(exchange.status());
		String range = status.charAt(0) + "XX";
		Located response;
		if (responses.node().has(status)) {
			response = resolve(responses.at(status));
		}
		else if (responses.node().has(range)) {
			response = resolve(responses.at(range));
		}
		else {
			throw exchange.fail("status " + status + " is not declared; declared: "
					+ String.join(", ", new TreeSet<>(responses.node().propertyNames())));
		}
		Located content = response.at("content");
		boolean hasBody = body != null && !body.isEmpty();
		if (content.node().isMissingNode() || content.node().isEmpty()) {
			if (hasBody) {
				throw exchange.fail("status " + status + " declares no body, but the response has one");
			}
			return;
		}
		MediaType media = MediaType.parse(contentType);
		if (media == null) {
			throw exchange.fail("the response has no Content-Type; declared: " + declared(content));
		}
		String key = mediaTypeKey(content, media);
		if (key == null) {
			throw exchange.fail("response Content-Type " + contentType + " is not declared for status " + status
					+ "; declared: " + declared(content));
		}
		Located schema = content.at(key).at("schema");
		if (schema.node().isMissingNode()) {
			return;
		}
		if (media.isJson()) {
			JsonNode json = checkJson(exchange, "the response body", schema.pointer(), body, media);
			if (media.essence().equals("application/problem+json") && json.has("status")
					&& json.path("status").asInt(-1) != exchange.status()) {
				throw exchange
					.fail("the problem's status member " + json.path("status") + " differs from the HTTP status");
			}
		}
		else {
			checkValue(exchange, "the response body", schema.pointer(), JsonNodeFactory.instance.stringNode(body));
		}
	}

	private void checkRequest(Exchange exchange, Located operation, String contentType, String body) {
		Located requestBody = resolve(operation.at("requestBody"));
		boolean hasBody = body != null && !body.isBlank();
		if (!hasBody) {
			if (requestBody.node().path("required").asBoolean(false)) {
				throw exchange.fail("the server accepted a request without the body the operation requires");
			}
			return;
		}
		if (requestBody.node().isMissingNode()) {
			throw exchange.fail("the request has a body, but the operation declares none");
		}
		Located content = requestBody.at("content");
		MediaType media = MediaType.parse(contentType);
		String key = (media != null) ? mediaTypeKey(content, media) : null;
		if (key == null) {
			throw exchange
				.fail("request Content-Type " + contentType + " is not declared; declared: " + declared(content));
		}
		Located schema = content.at(key).at("schema");
		if (media.isJson() && !schema.node().isMissingNode()) {
			checkJson(exchange, "the request body", schema.pointer(), body, media);
		}
	}

	/** Path and query parameters of a request the server accepted. */
	private void checkParameters(Exchange exchange, Located pathItem, Located operation, Match match, String query) {
		Map<String, Located> declared = new LinkedHashMap<>();
		for (Located list : List.of(pathItem.at("parameters"), operation.at("parameters"))) {
			for (int i = 0; i < list.node().size(); i++) {
				Located parameter = resolve(list.at(i));
				declared.put(
						parameter.node().path("in").asString("") + ":" + parameter.node().path("name").asString(""),
						parameter);
			}
		}
		Map<String, String> values = new LinkedHashMap<>();
		match.values().forEach((name, value) -> values.put("path:" + name, value));
		if (query != null && !query.isEmpty()) {
			for (String pair : query.split("&")) {
				int equals = pair.indexOf('=');
				String name = decode((equals >= 0) ? pair.substring(0, equals) : pair, true);
				String value = (equals >= 0) ? decode(pair.substring(equals + 1), true) : "";
				if (values.put("query:" + name, value) != null) {
					throw exchange.fail("query parameter '" + name + "' is repeated");
				}
			}
		}
		for (Map.Entry<String, String> value : values.entrySet()) {
			Located parameter = declared.get(value.getKey());
			String name = value.getKey().substring(value.getKey().indexOf(':') + 1);
			if (parameter == null) {
				throw exchange.fail("parameter '" + name + "' (" + value.getKey().split(":")[0]
						+ ") is not declared, yet the server accepted it");
			}
			Located schema = parameter.at("schema");
			checkValue(exchange, "parameter '" + name + "'", schema.pointer(),
					typed(resolve(schema), value.getValue()));
		}
		declared.forEach((key, parameter) -> {
			if (parameter.node().path("required").asBoolean(false) && !values.containsKey(key)) {
				throw exchange.fail("required parameter " + key + " is missing, yet the server accepted the request");
			}
		});
	}

	/**
	 * A parameter's text as the JSON value its schema expects, so that types are checked.
	 */
	private static JsonNode typed(Located schema, String text) {
		JsonNodeFactory nodes = JsonNodeFactory.instance;
		JsonNode type = schema.node().path("type");
		try {
			if (type.isString() && type.stringValue().equals("integer")) {
				return nodes.numberNode(Long.parseLong(text));
			}
			if (type.isString() && type.stringValue().equals("number")) {
				return nodes.numberNode(new BigDecimal(text));
			}
		}
		catch (NumberFormatException ex) {
			// stays a string, which the schema then refuses with a clear message
		}
		if (type.isString() && type.stringValue().equals("boolean") && (text.equals("true") || text.equals("false"))) {
			return nodes.booleanNode(Boolean.parseBoolean(text));
		}
		return nodes.stringNode(text);
	}

	private JsonNode checkJson(Exchange exchange, String what, String schemaPointer, String text, MediaType media) {
		JsonNode json;
		try {
			json = JSON.readTree((text != null) ? text : "");
		}
		catch (JacksonException ex) {
			throw exchange.fail(
					what + " is not JSON although it is declared " + media.essence() + ": " + ex.getOriginalMessage());
		}
		if (json == null || json.isMissingNode()) {
			throw exchange.fail(what + " is empty although " + media.essence() + " is declared");
		}
		checkValue(exchange, what, schemaPointer, json);
		return json;
	}

	private void checkValue(Exchange exchange, String what, String schemaPointer, JsonNode value) {
		List<Error> errors = schema(schemaPointer).validate(value);
		if (!errors.isEmpty()) {
			throw exchange.fail(what + " does not match " + describe(schemaPointer) + ":\n  "
					+ errors.stream().map(OpenApiContract::describe).collect(Collectors.joining("\n  ")));
		}
	}

	private static String describe(Error error) {
		String location = error.getInstanceLocation().toString();
		return (location.isEmpty() ? "(the whole value)" : location) + ": " + error.getMessage();
	}

	private Schema schema(String pointer) {
		return this.schemas.computeIfAbsent(pointer, (p) -> {
			Schema schema = this.registry.getSchema(SchemaLocation.of(DOCUMENT_IRI + "#" + p));
			schema.initializeValidators();
			return schema;
		});
	}

	/** Names a schema by its component when it is a plain reference to one. */
	private String describe(String schemaPointer) {
		JsonNode schema = this.document.at(schemaPointer);
		String reference = schema.path("$ref").asString("");
		return reference.startsWith("#/components/schemas/") ? reference.substring("#/components/schemas/".length())
				: "the schema at " + schemaPointer;
	}

	private Located pathItem(PathTemplate template) {
		return new Located(this.document, "").at("paths").at(template.text());
	}

	/** Follows local {@code $ref}s of responses, parameters and request bodies. */
	private Located resolve(Located located) {
		Located current = located;
		for (int hops = 0; current.node().has("$ref"); hops++) {
			String reference = current.node().path("$ref").asString("");
			if (!reference.startsWith("#/") || hops > 16) {
				throw new IllegalStateException(
						"openapi.yaml: unsupported $ref '" + reference + "' at " + current.pointer());
			}
			String pointer = reference.substring(1);
			JsonNode target = this.document.at(pointer);
			if (target.isMissingNode()) {
				throw new IllegalStateException(
						"openapi.yaml: $ref '" + reference + "' at " + current.pointer() + " points to nothing");
			}
			current = new Located(target, pointer);
		}
		return current;
	}

	private static String mediaTypeKey(Located content, MediaType media) {
		String wildcard = null;
		for (String key : content.node().propertyNames()) {
			MediaType declared = MediaType.parse(key);
			if (declared.essence().equals(media.essence())) {
				return key;
			}
			if (wildcard == null && (declared.essence().equals("*/*")
					|| (declared.subtype().equals("*") && declared.type().equals(media.type())))) {
				wildcard = key;
			}
		}
		return wildcard;
	}

	private static String declared(Located content) {
		return String.join(", ", content.node().propertyNames());
	}

	/**
	 * Percent-decodes a URL part; '+' is a space only in a query (RFC 3986 paths keep
	 * it).
	 */
	private static String decode(String text, boolean query) {
		return URLDecoder.decode(query ? text : text.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

	/**
	 * SnakeYAML's tree as JSON; YAML-only values (dates, binary) are refused, since the
	 * document must mean the same to every OpenAPI tool.
	 */
	private static JsonNode toJson(Object yaml, String where) {
		JsonNodeFactory nodes = JsonNodeFactory.instance;
		if (yaml instanceof Map<?, ?> map) {
			ObjectNode object = nodes.objectNode();
			map.forEach((key, value) -> object.set(String.valueOf(key), toJson(value, where + "." + key)));
			return object;
		}
		if (yaml instanceof Collection<?> list) {
			ArrayNode array = nodes.arrayNode();
			int i = 0;
			for (Object item : list) {
				array.add(toJson(item, where + "[" + i++ + "]"));
			}
			return array;
		}
		if (yaml == null) {
			return nodes.nullNode();
		}
		if (yaml instanceof String string) {
			return nodes.stringNode(string);
		}
		if (yaml instanceof Boolean bool) {
			return nodes.booleanNode(bool);
		}
		if (yaml instanceof Integer number) {
			return nodes.numberNode(number);
		}
		if (yaml instanceof Long number) {
			return nodes.numberNode(number);
		}
		if (yaml instanceof BigInteger number) {
			return nodes.numberNode(number);
		}
		if (yaml instanceof Double number) {
			return nodes.numberNode(number);
		}
		if (yaml instanceof Date) {
			throw new IllegalStateException("openapi.yaml: " + where + " reads as a YAML timestamp; quote it");
		}
		throw new IllegalStateException("openapi.yaml: " + where + " is a YAML " + yaml.getClass().getSimpleName()
				+ ", which JSON has no equivalent for");
	}

	/** A node of the document with its JSON pointer, so that schemas keep their place. */
	private record Located(JsonNode node, String pointer) {

		Located at(String name) {
			return new Located(this.node.path(name), this.pointer + "/" + name.replace("~", "~0").replace("/", "~1"));
		}

		Located at(int index) {
			return new Located(this.node.path(index), this.pointer + "/" + index);
		}

	}

	/** A path of the document, e.g. {@code /api/v1/device-models/{key}}, as a pattern. */
	private record PathTemplate(String text, Pattern pattern, List<String> names, int literalLength) {

		private static final Pattern PARAMETER = Pattern.compile("\\{([^}/]+)}");

		/**
		 * OpenAPI matches concrete paths before templated ones; of two templated paths
		 * the one with more literal text wins.
		 */
		static final Comparator<PathTemplate> MOST_SPECIFIC_FIRST = Comparator
			.comparingInt((PathTemplate t) -> t.names().size())
			.thenComparing(Comparator.comparingInt(PathTemplate::literalLength).reversed())
			.thenComparing(PathTemplate::text);

		static PathTemplate of(String text) {
			StringBuilder regex = new StringBuilder("^");
			List<String> names = new ArrayList<>();
			Matcher parameter = PARAMETER.matcher(text);
			int last = 0;
			int literal = 0;
			while (parameter.find()) {
				regex.append(Pattern.quote(text.substring(last, parameter.start()))).append("([^/]+)");
				literal += parameter.start() - last;
				names.add(parameter.group(1));
				last = parameter.end();
			}
			regex.append(Pattern.quote(text.substring(last))).append('$');
			literal += text.length() - last;
			return new PathTemplate(text, Pattern.compile(regex.toString()), List.copyOf(names), literal);
		}

		Match match(String path) {
			Matcher matcher = this.pattern.matcher(path);
			if (!matcher.matches()) {
				return null;
			}
			Map<String, String> values = new LinkedHashMap<>();
			for (int i = 0; i < this.names.size(); i++) {
				values.put(this.names.get(i), decode(matcher.group(i + 1), false));
			}
			return new Match(this, values);
		}

	}

	private record Match(PathTemplate template, Map<String, String> values) {

	}

	/** {@code type/subtype} without parameters, lower case. */
	private record MediaType(String type, String subtype) {

		static MediaType parse(String text) {
			if (text == null || text.isBlank()) {
				return null;
			}
			String essence = text.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
			int slash = essence.indexOf('/');
			if (slash <= 0 || slash == essence.length() - 1) {
				return new MediaType(essence, "");
			}
			return new MediaType(essence.substring(0, slash), essence.substring(slash + 1));
		}

		String essence() {
			return this.type + "/" + this.subtype;
		}

		boolean isJson() {
			return this.subtype.equals("json") || this.subtype.endsWith("+json");
		}

	}

	/** What is being judged, for messages that say which exchange broke the contract. */
	private record Exchange(String method, String path, int status, String body, String operation) {

		Exchange(String method, String path, int status, String body) {
			this(method, path, status, body, null);
		}

		Exchange operation(String name) {
			return new Exchange(this.method, this.path, this.status, this.body, name);
		}

		AssertionError fail(String why) {
			String body = (this.body == null) ? "(none)"
					: (this.body.length() > 2000) ? this.body.substring(0, 2000) + "..." : this.body;
			return new AssertionError("openapi.yaml does not allow " + this.method + " " + this.path + " -> "
					+ this.status + ((this.operation != null) ? " [" + this.operation + "]" : "") + ": " + why
					+ "\n  response body: " + body);
		}

	}

}
