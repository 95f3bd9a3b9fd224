package io.cfgspace.layout;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A strict, small JSON (RFC 8259) reader and a canonical writer. The domain core stays
 * free of frameworks, and the canonical form needs exact control anyway: object keys
 * sorted by code point, no insignificant whitespace, integers in plain decimal.
 *
 * <p>
 * Values map to {@link Map} (insertion-ordered), {@link List}, {@link String},
 * {@link Long} (integers), {@link BigDecimal} (other numbers), {@link Boolean} and
 * {@code null}.
 */
public final class Json {

	/** Nesting deeper than this is refused rather than risking the stack. */
	static final int MAX_DEPTH = 64;

	private final String text;

	private int pos;

	private Json(String text) {
		this.text = text;
	}

	/**
	 * Reads one JSON value.
	 * @throws LayoutFormatException when the text is not a single valid JSON value
	 */
	public static Object parse(String text) {
		Json reader = new Json(text);
		reader.skipWhitespace();
		Object value = reader.value(0);
		reader.skipWhitespace();
		if (reader.pos != text.length()) {
			throw reader.error("unexpected content after the JSON value");
		}
		return value;
	}

	/** Writes a value in canonical form: sorted keys, no whitespace. */
	public static String canonical(Object value) {
		StringBuilder out = new StringBuilder(1024);
		write(value, out);
		return out.toString();
	}

	private Object value(int depth) {
		if (depth > MAX_DEPTH) {
			throw error("nesting deeper than " + MAX_DEPTH + " levels");
		}
		if (this.pos >= this.text.length()) {
			throw error("unexpected end of input");
		}
		char c = this.text.charAt(this.pos);
		return switch (c) {
			case '{' -> object(depth);
			case '[' -> array(depth);
			case '"' -> string();
			case 't' -> literal("true", Boolean.TRUE);
			case 'f' -> literal("false", Boolean.FALSE);
			case 'n' -> literal("null", null);
			default -> {
				if (c == '-' || (c >= '0' && c <= '9')) {
					yield number();
				}
				throw error("unexpected character '" + printable(c) + "'");
			}
		};
	}

	private Map<String, Object> object(int depth) {
		Map<String, Object> map = new LinkedHashMap<>();
		this.pos++;
		skipWhitespace();
		if (peek() == '}') {
			this.pos++;
			return map;
		}
		while (true) {
			skipWhitespace();
			if (peek() != '"') {
				throw error("expected a quoted object key");
			}
			int keyAt = this.pos;
			String key = string();
			skipWhitespace();
			expect(':');
			skipWhitespace();
			if (map.containsKey(key)) {
				this.pos = keyAt;
				throw error("duplicate key \"" + key + "\"");
			}
			map.put(key, value(depth + 1));
			skipWhitespace();
			char c = next();
			if (c == '}') {
				return map;
			}
			if (c != ',') {
				this.pos--;
				throw error("expected ',' or '}'");
			}
		}
	}

	private List<Object> array(int depth) {
		List<Object> list = new ArrayList<>();
		this.pos++;
		skipWhitespace();
		if (peek() == ']') {
			this.pos++;
			return list;
		}
		while (true) {
			skipWhitespace();
			list.add(value(depth + 1));
			skipWhitespace();
			char c = next();
			if (c == ']') {
				return list;
			}
			if (c != ',') {
				this.pos--;
				throw error("expected ',' or ']'");
			}
		}
	}

	private String string() {
		this.pos++;
		StringBuilder out = new StringBuilder();
		while (true) {
			char c = next();
			if (c == '"') {
				return out.toString();
			}
			if (c < 0x20) {
				this.pos--;
				throw error("control character in a string");
			}
			if (c != '\\') {
				out.append(c);
				continue;
			}
			char escape = next();
			switch (escape) {
				case '"', '\\', '/' -> out.append(escape);
				case 'b' -> out.append('\b');
				case 'f' -> out.append('\f');
				case 'n' -> out.append('\n');
				case 'r' -> out.append('\r');
				case 't' -> out.append('\t');
				case 'u' -> out.append(unicodeEscape());
				default -> {
					this.pos--;
					throw error("invalid escape '\\" + printable(escape) + "'");
				}
			}
		}
	}

	private char unicodeEscape() {
		if (this.pos + 4 > this.text.length()) {
			throw error("incomplete \\u escape");
		}
		int value = 0;
		for (int i = 0; i < 4; i++) {
			int digit = Character.digit(this.text.charAt(this.pos++), 16);
			if (digit < 0) {
				this.pos--;
				throw error("invalid \\u escape");
			}
			value = value * 16 + digit;
		}
		return (char) value;
	}

	private Object number() {
		int start = this.pos;
		if (peek() == '-') {
			this.pos++;
		}
		if (peek() == '0') {
			this.pos++;
		}
		else if (!digits()) {
			throw error("invalid number");
		}
		boolean integer = true;
		if (peek() == '.') {
			integer = false;
			this.pos++;
			if (!digits()) {
				throw error("invalid number");
			}
		}
		if (peek() == 'e' || peek() == 'E') {
			integer = false;
			this.pos++;
			if (peek() == '+' || peek() == '-') {
				this.pos++;
			}
			if (!digits()) {
				throw error("invalid number");
			}
		}
		String literal = this.text.substring(start, this.pos);
		if (integer) {
			try {
				return Long.parseLong(literal);
			}
			catch (NumberFormatException ex) {
				// an integer beyond 64 bits is still a number; callers decide whether it
				// fits
			}
		}
		try {
			return new BigDecimal(literal);
		}
		catch (NumberFormatException ex) {
			// an exponent beyond what BigDecimal holds (found by fuzzing:
			// 111e1111111111111110)
			throw error("number out of range");
		}
	}

	private boolean digits() {
		int start = this.pos;
		while (this.pos < this.text.length() && Character.isDigit(this.text.charAt(this.pos))
				&& this.text.charAt(this.pos) < 128) {
			this.pos++;
		}
		return this.pos > start;
	}

	private Object literal(String word, Object value) {
		if (!this.text.startsWith(word, this.pos)) {
			throw error("unexpected token");
		}
		this.pos += word.length();
		return value;
	}

	private void skipWhitespace() {
		while (this.pos < this.text.length()) {
			char c = this.text.charAt(this.pos);
			if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
				return;
			}
			this.pos++;
		}
	}

	private char peek() {
		return (this.pos < this.text.length()) ? this.text.charAt(this.pos) : '\0';
	}

	private char next() {
		if (this.pos >= this.text.length()) {
			throw error("unexpected end of input");
		}
		return this.text.charAt(this.pos++);
	}

	private void expect(char c) {
		if (peek() != c) {
			throw error("expected '" + c + "'");
		}
		this.pos++;
	}

	private LayoutFormatException error(String message) {
		return new LayoutFormatException("JSON " + message + " at character " + this.pos);
	}

	private static String printable(char c) {
		return (c < 0x20 || c > 0x7e) ? String.format("\\u%04x", (int) c) : String.valueOf(c);
	}

	private static void write(Object value, StringBuilder out) {
		if (value == null) {
			out.append("null");
		}
		else if (value instanceof String string) {
			writeString(string, out);
		}
		else if (value instanceof Boolean || value instanceof Long || value instanceof Integer) {
			out.append(value);
		}
		else if (value instanceof BigDecimal decimal) {
			out.append(decimal.toString());
		}
		else if (value instanceof Map<?, ?> map) {
			Map<String, Object> sorted = new TreeMap<>();
			map.forEach((key, item) -> sorted.put((String) key, item));
			out.append('{');
			boolean first = true;
			for (Map.Entry<String, Object> entry : sorted.entrySet()) {
				if (!first) {
					out.append(',');
				}
				first = false;
				writeString(entry.getKey(), out);
				out.append(':');
				write(entry.getValue(), out);
			}
			out.append('}');
		}
		else if (value instanceof List<?> list) {
			out.append('[');
			for (int i = 0; i < list.size(); i++) {
				if (i > 0) {
					out.append(',');
				}
				write(list.get(i), out);
			}
			out.append(']');
		}
		else {
			throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
		}
	}

	static void writeString(String value, StringBuilder out) {
		out.append('"');
		if (!needsEscaping(value)) {
			out.append(value).append('"');
			return;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				case '\b' -> out.append("\\b");
				case '\f' -> out.append("\\f");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		out.append('"');
	}

	private static boolean needsEscaping(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c == '"' || c == '\\') {
				return true;
			}
		}
		return false;
	}

}
