package org.aava.dialer.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.PathTemplateMatch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Deque;

/** Request and response helpers shared by the handlers. Handlers run on worker threads (blocking is fine). */
public final class Http {
    public static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    static final int MAX_JSON_BODY = 1 << 20;

    private Http() {
    }

    public static void json(HttpServerExchange ex, int status, Object body) {
        try {
            byte[] bytes = JSON.writeValueAsBytes(body);
            ex.setStatusCode(status);
            ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json; charset=utf-8");
            ex.getResponseSender().send(java.nio.ByteBuffer.wrap(bytes));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void text(HttpServerExchange ex, int status, String contentType, String body) {
        ex.setStatusCode(status);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
        ex.getResponseSender().send(body, StandardCharsets.UTF_8);
    }

    public static void error(HttpServerExchange ex, int status, String message, String field) {
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("error", message);
        if (field != null) body.put("field", field);
        json(ex, status, body);
    }

    /**
     * Request bodies are read strictly: trailing content after the object ({@code {"a":1} junk}) and
     * duplicate keys ({@code {"status":"paused","status":"running"}}) are errors, not silently resolved.
     */
    private static final ObjectReader BODY_READER = JSON.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** The request body as a JSON object, required and bounded; malformed JSON is a 400, oversized a 413. */
    public static JsonNode body(HttpServerExchange ex) {
        return parseBody(ex, true);
    }

    /** Like {@link #body} but an empty body is an empty object (for routes whose fields all have defaults). */
    public static JsonNode optionalBody(HttpServerExchange ex) {
        return parseBody(ex, false);
    }

    private static JsonNode parseBody(HttpServerExchange ex, boolean required) {
        byte[] bytes = readBounded(ex, MAX_JSON_BODY);
        if (bytes.length == 0) {
            if (required) throw ApiException.badRequest("a JSON object is required as the request body", null);
            return JSON.createObjectNode();
        }
        try {
            JsonNode n = BODY_READER.readTree(utf8(bytes));
            if (n == null || !n.isObject()) throw ApiException.badRequest("request body must be a JSON object", null);
            return n;
        } catch (IOException e) {
            throw ApiException.badRequest("malformed JSON: " + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), null);
        }
    }

    /**
     * JSON bodies are UTF-8 (RFC 8259); left to itself Jackson would also guess UTF-16 and UTF-32, so that
     * bytes such as {@code FF FE 7B 00 7D 00} would quietly be read as {@code {}}. A UTF-8 BOM is tolerated.
     */
    private static String utf8(byte[] bytes) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            return s.startsWith("\uFEFF") ? s.substring(1) : s;
        } catch (java.nio.charset.CharacterCodingException e) {
            throw ApiException.badRequest("the request body is not valid UTF-8", null);
        }
    }

    static byte[] readBounded(HttpServerExchange ex, int max) {
        long declared = ex.getRequestContentLength();
        if (declared > max) throw new ApiException(413, "request body larger than " + max + " bytes", null);
        try (InputStream in = ex.getInputStream()) {
            byte[] data = in.readNBytes(max + 1);
            if (data.length > max) throw new ApiException(413, "request body larger than " + max + " bytes", null);
            return data;
        } catch (IOException e) {
            throw ApiException.badRequest("could not read the request body: " + e.getMessage(), null);
        }
    }

    public static String pathParam(HttpServerExchange ex, String name) {
        PathTemplateMatch m = ex.getAttachment(PathTemplateMatch.ATTACHMENT_KEY);
        return m == null ? null : m.getParameters().get(name);
    }

    /** A numeric id from the path: plain digits only, so "+1", "1e3" or " 1" never resolve to record 1. */
    public static long idParam(HttpServerExchange ex, String name) {
        String v = pathParam(ex, name);
        if (v == null || !v.matches("[0-9]{1,18}")) throw ApiException.badRequest(name + " must be a number", name);
        return Long.parseLong(v);
    }

    public static String query(HttpServerExchange ex, String name) {
        Deque<String> d = ex.getQueryParameters().get(name);
        return d == null || d.isEmpty() ? null : d.getFirst();
    }

    public static int intQuery(HttpServerExchange ex, String name, int def, int min, int max) {
        String v = query(ex, name);
        if (v == null || v.isBlank()) return def;
        try {
            int i = Integer.parseInt(v.trim());
            if (i < min || i > max) throw ApiException.badRequest(name + " must be between " + min + " and " + max, name);
            return i;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a whole number", name);
        }
    }

    public static boolean boolQuery(HttpServerExchange ex, String name, boolean def) {
        String v = query(ex, name);
        return v == null || v.isBlank() ? def : v.equalsIgnoreCase("true") || v.equals("1") || v.equalsIgnoreCase("yes");
    }
}
