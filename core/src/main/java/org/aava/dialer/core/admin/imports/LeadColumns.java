package org.aava.dialer.core.admin.imports;

import org.aava.dialer.core.admin.RuleViolation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** The columns of a lead file: their names and aliases, and which value of a row holds each, by header or by a mapping. */
public final class LeadColumns {
    /** The header of the sample file and of a lead added by hand. */
    public static final List<String> SAMPLE_HEADER = List.of("name", "phone_number", "context", "timezone", "caller_id", "custom_vars");
    /** The columns a lead file can have (after aliases); a mapping names, per column, the file's header that holds it. */
    public static final List<String> FIELDS = List.of("name", "phone_number", "agent", "context", "timezone", "caller_id", "custom_vars",
            "consent_basis", "consent_source", "consent_at");
    private static final Map<String, String> ALIASES = Map.of("phone", "phone_number", "number", "phone_number",
            "agent_slug", "agent");
    private static final Map<String, Pattern> GUESSES = Map.of(
            "phone_number", Pattern.compile("phone|mobile|cell|tel|number|msisdn", Pattern.CASE_INSENSITIVE),
            "name", Pattern.compile("name", Pattern.CASE_INSENSITIVE),
            "agent", Pattern.compile("agent|bot", Pattern.CASE_INSENSITIVE),
            "context", Pattern.compile("context", Pattern.CASE_INSENSITIVE),
            "timezone", Pattern.compile("zone|\\btz\\b", Pattern.CASE_INSENSITIVE),
            "caller_id", Pattern.compile("caller", Pattern.CASE_INSENSITIVE),
            "consent_basis", Pattern.compile("consent.*(basis|type)", Pattern.CASE_INSENSITIVE),
            "consent_source", Pattern.compile("consent.*source", Pattern.CASE_INSENSITIVE),
            "consent_at", Pattern.compile("consent.*(at|date|time)", Pattern.CASE_INSENSITIVE),
            "custom_vars", Pattern.compile("custom|vars|json", Pattern.CASE_INSENSITIVE));

    private LeadColumns() {
    }

    /** A header as our column name: trimmed, lower case, spaces as underscores, aliases resolved. */
    public static String normalizeHeader(String h) {
        String n = h.replace("\uFEFF", "").trim().toLowerCase(Locale.ROOT).replace(' ', '_');
        return ALIASES.getOrDefault(n, n);
    }

    /** Which value index holds each of our columns: by the mapping when given, else by the header's names. */
    public static Map<String, Integer> columns(List<String> header, Map<String, String> mapping) {
        Map<String, Integer> columns = new LinkedHashMap<>();
        if (mapping != null && !mapping.isEmpty()) {
            for (var e : mapping.entrySet()) {
                String field = normalizeHeader(e.getKey());
                if (!FIELDS.contains(field)) throw RuleViolation.invalid("unknown lead column '" + e.getKey() + "' in the mapping; known: " + FIELDS, "mapping");
                if (e.getValue() == null || e.getValue().isBlank()) continue;
                int i = header.indexOf(e.getValue());
                if (i < 0) throw RuleViolation.invalid("the file has no column '" + e.getValue() + "' (mapped to " + field + ")", "mapping");
                columns.put(field, i);
            }
        } else {
            for (int i = 0; i < header.size(); i++) columns.putIfAbsent(normalizeHeader(header.get(i)), i);
        }
        if (!columns.containsKey("phone_number")) {
            throw RuleViolation.invalid("the file must include a phone_number column (or phone/number), or map one", "phone_number");
        }
        return columns;
    }

    /** A first guess, for the mapping form, at which of a foreign header's columns holds {@code field}; null if none looks like it. */
    public static String guessColumn(String field, List<String> header) {
        Pattern p = GUESSES.get(field);
        return p == null ? null : header.stream().filter(h -> h != null && p.matcher(h).find()).findFirst().orElse(null);
    }

    /** The reference's rule: {@code agent} wins over {@code context}, and a blank agent falls back to the row's context. */
    public static String aiContext(String agent, String context) {
        String a = blankToNull(agent);
        return a != null ? a : blankToNull(context);
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
