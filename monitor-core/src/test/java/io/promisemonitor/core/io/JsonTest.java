package io.promisemonitor.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void aPublishedDocumentHasTheOneLayout() {
        Json.Obj doc = Json.object().put("status", "OK").put("empty", List.of()).put("none", Map.of());
        doc.putObject("_links").putObject("self").put("href", "x.json");
        doc.putArray("runs").add(1);

        assertThat(Json.write(doc)).isEqualTo("""
                {
                  "status": "OK",
                  "empty": [],
                  "none": {},
                  "_links": {
                    "self": {
                      "href": "x.json"
                    }
                  },
                  "runs": [
                    1
                  ]
                }
                """);
    }

    @Test
    void aStreamedDocumentHasTheSameLayoutAsATree() {
        String streamed = Json.write(json -> json.startObject().field("status", "OK").field("value", Double.NaN)
                .fieldIfPresent("absent", null).field("time", BigDecimal.valueOf(1234, 3)).startArray("runs")
                .endArray().endObject());

        assertThat(streamed).isEqualTo(Json.write(Json.object().put("status", "OK").put("value", null)
                .put("time", new BigDecimal("1.234")).put("runs", List.of())));
    }

    @Test
    void aLineIsCompactWithoutNewline() {
        assertThat(Json.line(Json.object().put("m", "a \"b\"").put("x", 5L))).isEqualTo("{\"m\":\"a \\\"b\\\"\",\"x\":5}");
    }

    @Test
    void readingGivesPlainJavaValuesWithExactDecimals() throws Exception {
        Map<String, Object> doc = Json.readObject("{\"a\": [1, 2.50, true, null], \"b\": {\"c\": \"d\"}}");

        assertThat(Json.asArray(doc.get("a"))).containsExactly(1, new BigDecimal("2.50"), true, null);
        assertThat(Json.text(Json.asObject(doc.get("b")), "c")).isEqualTo("d");
        assertThat(Json.text(doc, "a")).isNull();
    }

    @Test
    void textThatIsNotOneJsonObjectIsInvalid() {
        assertThatThrownBy(() -> Json.readObject("[1]")).isInstanceOf(Json.Invalid.class)
                .hasMessage("not a JSON object");
        assertThatThrownBy(() -> Json.read("{} {}")).isInstanceOf(Json.Invalid.class)
                .hasMessageStartingWith("not JSON: Trailing token");
        assertThatThrownBy(() -> Json.read("")).isInstanceOf(Json.Invalid.class)
                .hasMessageStartingWith("not JSON: No content");
    }

    @Test
    void integersComeBackInTheSmallestTypeThatHoldsThem() throws Exception {
        assertThat(Json.asArray(Json.read("[7, 5000000000, 12345678901234567890, -1e3]"))).containsExactly(7,
                5000000000L, new java.math.BigInteger("12345678901234567890"), new BigDecimal("-1E+3"));
    }

    @Test
    void aKeyGivenTwiceKeepsItsLastValueInItsFirstPlace() throws Exception {
        assertThat(Json.readObject("{\"a\": 1, \"b\": 2, \"a\": 3}")).containsExactly(Map.entry("a", 3),
                Map.entry("b", 2));
    }

    @Test
    void enumsAndArraysAreWrittenAndAnythingElseIsRefusedByName() {
        assertThat(Json.line(new Object[] {java.time.DayOfWeek.MONDAY, 1.5, 2.5f, (short) 3,
            java.net.URI.create("https://a.example/x?y=1"), 'c'}))
                .isEqualTo("[\"MONDAY\",1.5,2.5,3,\"https://a.example/x?y=1\",\"c\"]");
        assertThatThrownBy(() -> Json.line(Map.of("when", java.time.Instant.EPOCH)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot write JSON: a value of type java.time.Instant (allowed: maps, lists, strings,"
                        + " numbers, booleans, enums, URIs, UUIDs and null)");
    }
}
