package org.aava.dialer.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;

/**
 * A lead's custom_vars as stored: one JSON object, compact. An import sees a million of them, and parsing each
 * into a tree to print it again was a third of what the import allocated (an allocation profile of a 1M-row
 * import): the young collections it caused paused the ARI event thread. Text that is already one compact
 * object is stored as given; anything else goes through the tree, and its errors are the tree parser's.
 */
final class CustomVarsJson {
    /** Duplicate keys go through the tree, which keeps the last value: the stored text then has one. */
    private static final JsonFactory STRICT = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private CustomVarsJson() {
    }

    /** The text to store; an IllegalArgumentException says why the value is refused. */
    static String canonical(String text) {
        if (text == null || text.isBlank()) return "{}";
        if (isCompactObject(text)) return text;
        JsonNode parsed;
        try {
            parsed = Http.JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("custom_vars is not valid JSON");
        }
        if (parsed == null || !parsed.isObject()) throw new IllegalArgumentException("custom_vars must be a JSON object");
        return parsed.toString();
    }

    /**
     * One valid JSON object with nothing after it, no duplicate key and no whitespace outside strings: the
     * tree would print the same object (numbers and escapes may be spelled differently, with the same values).
     */
    static boolean isCompactObject(String text) {
        return PlainJsonObject.is(text) || jacksonReadsCompact(text);
    }

    /** {@link #isCompactObject} as Jackson's streaming parser decides it, for text outside {@link PlainJsonObject}'s subset. */
    static boolean jacksonReadsCompact(String text) {
        if (text.charAt(0) != '{' || hasWhitespaceOutsideStrings(text)) return false;
        try (JsonParser p = STRICT.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return false;
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean hasWhitespaceOutsideStrings(String text) {
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
            } else if (c == '"') {
                inString = true;
            } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }
}
