package org.aava.dialer.web;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fields a JSON request body may carry and their types. {@link #check} refuses an unknown field or
 * a value of the wrong type with a 400 that names the field, so a typo or a wrongly typed value is
 * never coerced into something the caller did not mean (e.g. {@code "reason": {}} into an empty reason).
 * A JSON {@code null} counts as absent: the handler's default applies.
 */
final class BodyFields {
    enum Type {
        TEXT("a string"), BOOLEAN("true or false"), INTEGER("a whole number"), NUMBER("a number"), OBJECT("a JSON object");

        private final String description;

        Type(String description) {
            this.description = description;
        }
    }

    static final BodyFields NONE = new BodyFields(Map.of());

    private final Map<String, Type> fields;

    private BodyFields(Map<String, Type> fields) {
        this.fields = fields;
    }

    /** @param nameTypePairs field name, {@link Type}, field name, {@link Type}, … */
    static BodyFields of(Object... nameTypePairs) {
        Map<String, Type> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < nameTypePairs.length; i += 2) m.put((String) nameTypePairs[i], (Type) nameTypePairs[i + 1]);
        return new BodyFields(Map.copyOf(m));
    }

    /** @return {@code body}, once every field in it is known and of its type */
    JsonNode check(JsonNode body) {
        Iterator<Map.Entry<String, JsonNode>> it = body.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            Type type = fields.get(name);
            if (type == null) throw ApiException.badRequest("unknown field '" + name + "'", name);
            if (!e.getValue().isNull() && !matches(type, e.getValue())) throw ApiException.badRequest(name + " must be " + type.description, name);
        }
        return body;
    }

    private static boolean matches(Type type, JsonNode v) {
        return switch (type) {
            case TEXT -> v.isTextual();
            case BOOLEAN -> v.isBoolean();
            case INTEGER -> v.isIntegralNumber() && v.canConvertToLong();
            case NUMBER -> v.isNumber() && Double.isFinite(v.asDouble());
            case OBJECT -> v.isObject();
        };
    }

    /** A required, non-blank string field. */
    static String requiredText(JsonNode body, String name) {
        String v = body.path(name).asText("");
        if (v.isBlank()) throw ApiException.badRequest(name + " is required", name);
        return v;
    }
}
