package org.aava.dialer.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stored custom_vars must hold the same object the tree parser reads, whichever path made it. */
class CustomVarsJsonTest {

    /** What the importer stored before the compact path: the tree, printed. */
    private static String throughTheTree(String text) throws Exception {
        return Http.JSON.readTree(text).toString();
    }

    @Test
    void compactObjectsAreStoredAsGivenAndOthersAsTheTreePrintsThem() throws Exception {
        String compact = "{\"account\":\"A-1\",\"tier\":3,\"tags\":[\"a b\",\"c\"],\"n\":{\"x\":null,\"y\":true}}";
        assertSame(compact, CustomVarsJson.canonical(compact));
        List<String> notCompact = List.of(
                "{ \"a\": 1 }",                 // whitespace
                "\n{\"a\":1}",                  // leading whitespace
                "{\"a\":1,\"a\":2}",            // duplicate key: the tree keeps the last value
                "{\"a\":1} {\"b\":2}",          // text after the object: the tree ignores it
                "{\"a\":1}   ",
                "{\"a\":\"x\\\"} \"}");         // a quote escaped inside a string, then a space in it (compact)
        for (String text : notCompact) {
            String stored = CustomVarsJson.canonical(text);
            assertEquals(throughTheTree(text), stored, text);
        }
        assertEquals("{\"a\":2}", CustomVarsJson.canonical("{\"a\":1,\"a\":2}"));
        assertEquals("{\"a\":1}", CustomVarsJson.canonical("{\"a\":1} {\"b\":2}"), "never stored with what followed it");
        assertTrue(CustomVarsJson.isCompactObject("{\"a\":\"x\\\"} \"}"), "spaces inside strings are content");
        assertFalse(CustomVarsJson.isCompactObject("{\"a\":1}x"));
        assertEquals("{}", CustomVarsJson.canonical(null));
        assertEquals("{}", CustomVarsJson.canonical("  "));
    }

    @Test
    void refusalsAreTheSameWhicheverPathRuns() {
        for (String text : List.of("{\"a\":", "{a:1}", "{\"a\":01}", "{\"a\":\"\u0001\"}", "{'a':1}", "{\"a\":1,}", "{\"a\":NaN}")) {
            assertEquals("custom_vars is not valid JSON",
                    assertThrows(IllegalArgumentException.class, () -> CustomVarsJson.canonical(text), text).getMessage(), text);
        }
        for (String text : List.of("[1,2]", "\"text\"", "42", "null", "true")) {
            assertEquals("custom_vars must be a JSON object",
                    assertThrows(IllegalArgumentException.class, () -> CustomVarsJson.canonical(text), text).getMessage(), text);
        }
    }

    @Test
    void randomObjectsCompactOrPrettyStoreTheSameObject() throws Exception {
        Random random = new Random(20261130);
        for (int i = 0; i < 3_000; i++) {
            ObjectNode object = randomObject(random, 0);
            String compact = object.toString();
            String pretty = Http.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(object);
            assertSame(compact, CustomVarsJson.canonical(compact), compact);
            JsonNode fromPretty = Http.JSON.readTree(CustomVarsJson.canonical(pretty));
            assertEquals(object, fromPretty, pretty);
            assertEquals(throughTheTree(pretty), CustomVarsJson.canonical(pretty));
        }
    }

    /** The parser-free check is sound: whatever it accepts, Jackson reads as one compact object without a duplicate key. */
    @Test
    void theParserFreeCheckAcceptsOnlyWhatJacksonReadsAsCompact() {
        for (String text : List.of("{\"a\":01}", "{\"a\":1.}", "{\"a\":-}", "{\"a\":1e}", "{\"a\":.5}", "{\"a\":\"\\x\"}",
                "{\"a\":1,\"a\":2}", "{\"a\":{\"b\":1,\"b\":2}}", "{\"a\":\"\\u12g4\"}", "{\"a\":\"\\u\u0663\u0663\u0663\u0663\"}",
                "{\"a\":tru}", "{\"a\":1}x", "{\"a\":[1,]}", "{\"a\":1,}", "{\"a\":\"\t\"}", "{\"a\" :1}", "{\"a\":NaN}",
                "{\"a\":\"b}", "{\"a\"}", "{,}", "{\"a\":1}}", "{\"a\":[1}", "{\"a\\u0062\":1,\"ab\":2}")) {
            assertFalse(PlainJsonObject.is(text), text);
        }
        Random random = new Random(16);
        String alphabet = "{}[],:\"\\ -+.eE0123456789tfnu\tab";
        int plain = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder b = new StringBuilder(randomObject(random, 0).toString());
            for (int m = random.nextInt(4); m > 0 && !b.isEmpty(); m--) {
                int at = random.nextInt(b.length());
                switch (random.nextInt(3)) {
                    case 0 -> b.deleteCharAt(at);
                    case 1 -> b.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    default -> b.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            String text = b.toString();
            if (PlainJsonObject.is(text)) {
                plain++;
                assertTrue(CustomVarsJson.jacksonReadsCompact(text), text);
            }
        }
        assertTrue(plain > 1_000, "texts the check accepted: " + plain);
        assertTrue(PlainJsonObject.is("{\"account\":\"A-1\",\"tier\":-3.5e2,\"tags\":[\"a b\",\"\\u00e9\\n\"],\"n\":{\"x\":null,\"y\":true}}"));
    }

    private static ObjectNode randomObject(Random random, int depth) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        int fields = random.nextInt(depth == 0 ? 6 : 3);
        for (int f = 0; f < fields; f++) o.set(randomText(random), randomValue(random, depth + 1));
        return o;
    }

    private static JsonNode randomValue(Random random, int depth) {
        int kind = random.nextInt(depth >= 3 ? 5 : 7);
        return switch (kind) {
            case 0 -> JsonNodeFactory.instance.textNode(randomText(random));
            case 1 -> JsonNodeFactory.instance.numberNode(random.nextInt(2_000_000) - 1_000_000);
            case 2 -> JsonNodeFactory.instance.numberNode(random.nextDouble() * 1e6);
            case 3 -> JsonNodeFactory.instance.booleanNode(random.nextBoolean());
            case 4 -> JsonNodeFactory.instance.nullNode();
            case 5 -> randomObject(random, depth);
            default -> {
                ArrayNode a = JsonNodeFactory.instance.arrayNode();
                for (int j = random.nextInt(4); j > 0; j--) a.add(randomValue(random, depth + 1));
                yield a;
            }
        };
    }

    /** Keys and strings with the characters that need care: quotes, backslashes, spaces, controls, non-ASCII. */
    private static String randomText(Random random) {
        String alphabet = "ab Z9_\"\\\t\n/é€{}[],:";
        StringBuilder b = new StringBuilder();
        for (int i = random.nextInt(8); i > 0; i--) b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        if (random.nextInt(10) == 0) b.appendCodePoint(0x1F600);
        return b.toString();
    }
}
