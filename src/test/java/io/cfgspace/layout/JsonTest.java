package io.cfgspace.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The strict RFC 8259 reader and the canonical writer. */
class JsonTest {

	@Test
	void readsObjectsInDocumentOrder() {
		Object value = Json.parse("{\"b\":1,\"a\":[true,false,null],\"c\":{}}");

		assertThat(value).isInstanceOf(LinkedHashMap.class);
		@SuppressWarnings("unchecked")
		Map<String, Object> object = (Map<String, Object>) value;
		assertThat(object.keySet()).containsExactly("b", "a", "c");
		assertThat(object.get("a")).isEqualTo(Arrays.asList(true, false, null));
	}

	@Test
	void integersAreLongsAndOtherNumbersBigDecimals() {
		assertThat(Json.parse("[0,-0,42,-7,9223372036854775807]")).isEqualTo(List.of(0L, 0L, 42L, -7L, Long.MAX_VALUE));
		assertThat(Json.parse("[1.5,1e3,-2E-2,9223372036854775808]")).isEqualTo(List.of(new BigDecimal("1.5"),
				new BigDecimal("1e3"), new BigDecimal("-2E-2"), new BigDecimal("9223372036854775808")));
	}

	/** Found by fuzzing: BigDecimal refuses exponents beyond an int. */
	@Test
	void refusesANumberBeyondWhatBigDecimalHolds() {
		assertThatThrownBy(() -> Json.parse("{\"a\":111e1111111111111110}")).isInstanceOf(LayoutFormatException.class)
			.hasMessageContaining("number out of range");
	}

	@Test
	void readsEveryStringEscape() {
		Object value = Json.parse("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\ud83d\\ude00\"");

		assertThat(value).isEqualTo("\" \\ / \b \f \n \r \t \u00e9 \ud83d\ude00");
	}

	@Test
	void allowsTheFourWhiteSpaceCharacters() {
		assertThat(Json.parse(" \t\r\n{ \"a\" :\n[ 1 ,\t2 ] }\r\n ")).isEqualTo(Map.of("a", List.of(1L, 2L)));
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "", " ", "01", "+1", ".5", "1.", "1e", "-", "[1,]", "{\"a\":1,}", "{'a':1}", "{a:1}",
			"\"open", "[1 2]", "1 2", "tru", "nul", "NaN", "\"\\x\"", "\"\\u12G4\"", "\"\\u12\"", "{\"a\"}",
			"{\"a\":1 \"b\":2}", "\u00a0{}", "[" })
	void refusesWhatIsNotJson(String text) {
		assertThatThrownBy(() -> Json.parse(text)).isInstanceOf(LayoutFormatException.class)
			.hasMessageStartingWith("JSON ")
			.hasMessageContaining(" at character ");
	}

	@Test
	void refusesControlCharactersInStrings() {
		assertThatThrownBy(() -> Json.parse("\"a\nb\"")).isInstanceOf(LayoutFormatException.class)
			.hasMessage("JSON control character in a string at character 2");
	}

	@Test
	void refusesDuplicateKeys() {
		assertThatThrownBy(() -> Json.parse("{\"a\":1,\"a\":2}")).isInstanceOf(LayoutFormatException.class)
			.hasMessage("JSON duplicate key \"a\" at character 7");
	}

	@Test
	void namesTheCharacterAtFault() {
		assertThatThrownBy(() -> Json.parse("[1,]")).isInstanceOf(LayoutFormatException.class)
			.hasMessage("JSON unexpected character ']' at character 3");
		assertThatThrownBy(() -> Json.parse("{} x")).isInstanceOf(LayoutFormatException.class)
			.hasMessage("JSON unexpected content after the JSON value at character 3");
	}

	@Test
	void readsNestingUpToTheLimit() {
		String deepest = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);

		assertThat(Json.parse(deepest)).isInstanceOf(List.class);
	}

	@Test
	void refusesNestingBeyondTheLimitWithoutExhaustingTheStack() {
		String tooDeep = "[".repeat(Json.MAX_DEPTH + 2) + "]".repeat(Json.MAX_DEPTH + 2);
		String hostile = "{\"a\":".repeat(100_000);

		assertThatThrownBy(() -> Json.parse(tooDeep)).isInstanceOf(LayoutFormatException.class)
			.hasMessage("JSON nesting deeper than 64 levels at character 65");
		assertThatThrownBy(() -> Json.parse(hostile)).isInstanceOf(LayoutFormatException.class)
			.hasMessageStartingWith("JSON nesting deeper than 64 levels");
	}

	@Test
	void canonicalFormSortsKeysAndHasNoWhiteSpace() {
		Map<String, Object> value = new LinkedHashMap<>();
		value.put("zeta", List.of(3L, 2, true));
		value.put("alpha", Map.of("b", "x", "a", 1L, "B", 2L));
		value.put("Mid", null);

		assertThat(Json.canonical(value))
			.isEqualTo("{\"Mid\":null,\"alpha\":{\"B\":2,\"a\":1,\"b\":\"x\"}," + "\"zeta\":[3,2,true]}");
	}

	@Test
	void canonicalFormWritesIntegersInPlainDecimal() {
		assertThat(Json.canonical(List.of(0L, -1L, 0xFFFF_FFFFL, Long.MIN_VALUE, 255)))
			.isEqualTo("[0,-1,4294967295,-9223372036854775808,255]");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = { "plain|\"plain\"", "é ü ²|\"é ü ²\"" })
	void canonicalFormKeepsPrintableCharactersAsTheyAre(String text, String json) {
		assertThat(Json.canonical(text)).isEqualTo(json);
	}

	@Test
	void canonicalFormEscapesQuotesBackslashesAndControlCharacters() {
		assertThat(Json.canonical("\" \\ \n \r \t \b \f \u0001 \u001f /"))
			.isEqualTo("\"\\\" \\\\ \\n \\r \\t \\b \\f \\u0001 \\u001f /\"");
	}

	@Test
	void canonicalTextReadsBackToTheSameValue() {
		Object value = Json.parse("{\"b\":[1,\"\\u0001\\u00e9\",{\"y\":null,\"x\":false}],\"a\":-5}");

		assertThat(Json.parse(Json.canonical(value))).isEqualTo(value);
		assertThat(Json.canonical(Json.parse(Json.canonical(value)))).isEqualTo(Json.canonical(value));
	}

	@Test
	void canonicalFormRefusesWhatIsNoJsonValue() {
		assertThatThrownBy(() -> Json.canonical(List.of(new Object()))).isInstanceOf(IllegalArgumentException.class);
	}

}
