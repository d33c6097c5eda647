package org.aava.dialer.core.admin.imports;

import org.aava.dialer.core.ai.AiContexts;
import org.aava.dialer.core.model.ConsentRecord;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.phone.PhoneNumbers;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import static org.aava.dialer.core.admin.imports.LeadColumns.blankToNull;

/**
 * One row of a lead file as a lead, or the reason it is rejected. Every value is bounded (a 100 MB name once made three
 * lead pages run out of memory); a doubtful value that can fall back (a zone, an AI context) is a warning instead.
 */
public final class LeadRowRules {
    /** Longest name kept; a longer one rejects its row. */
    public static final int MAX_NAME_CHARS = 200;
    /** Longest custom_vars JSON text of a row. */
    public static final int MAX_CUSTOM_VARS_CHARS = 16 * 1024;
    /** Longest value of any other column. */
    public static final int MAX_VALUE_CHARS = 1024;

    /** Told of a row that is kept with a fallback. */
    @FunctionalInterface
    public interface Warnings {
        void warn(long row, String phone, String text);
    }

    private final AiContexts contexts;
    private final PhoneNumbers phones;
    private final CustomVarsText customVars;

    /** {@code contexts} null: every AI context a row names is kept as given. */
    public LeadRowRules(AiContexts contexts, PhoneNumbers phones, CustomVarsText customVars) {
        this.contexts = contexts;
        this.phones = phones;
        this.customVars = customVars;
    }

    /** The row as a lead; an IllegalArgumentException rejects the row with its message as the reason. */
    public Lead lead(long campaignId, List<String> r, Map<String, Integer> columns, long row, Warnings warnings, String region) {
        for (int i = 0; i < r.size(); i++) {
            String v = r.get(i);
            if (v != null && v.length() > MAX_VALUE_CHARS && !Integer.valueOf(i).equals(columns.get("custom_vars"))) {
                throw new IllegalArgumentException("a value is longer than " + MAX_VALUE_CHARS + " characters (column " + (i + 1) + ")");
            }
        }
        String phone = get(r, columns, "phone_number");
        String name = blankToNull(get(r, columns, "name"));
        if (name != null && name.length() > MAX_NAME_CHARS) throw new IllegalArgumentException("name is longer than " + MAX_NAME_CHARS + " characters");
        String rawVars = get(r, columns, "custom_vars");
        if (rawVars != null && rawVars.length() > MAX_CUSTOM_VARS_CHARS) {
            throw new IllegalArgumentException("custom_vars is longer than " + MAX_CUSTOM_VARS_CHARS + " characters");
        }
        String normalized = phones.parse(phone, region).normalized();
        String vars = customVars.canonical(rawVars);
        String tz = blankToNull(get(r, columns, "timezone"));
        if (tz != null && !validZone(tz)) {
            warnings.warn(row, phone, "unknown timezone '" + tz + "'; the campaign's is used");
            tz = null;
        }
        String ctx = LeadColumns.aiContext(get(r, columns, "agent"), get(r, columns, "context"));
        if (ctx != null && contexts != null && !contexts.contains(ctx)) {
            warnings.warn(row, phone, "unknown AI context '" + ctx + "'; the campaign default is used");
            ctx = null;
        }
        String callerId = blankToNull(get(r, columns, "caller_id"));
        if (callerId != null) {
            try {
                callerId = phones.parse(callerId, region).normalized();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid_number: caller_id " + e.getMessage().replaceFirst("^[a-z_]+: ", ""));
            }
        }
        Lead lead = Lead.newPending(campaignId, phone.strip(), normalized, name, vars, ctx, tz, callerId);
        ConsentRecord consent = consent(r, columns);
        return consent == null ? lead : lead.withConsent(consent);
    }

    /** The row's consent record: a basis makes one; a source or time without a basis rejects the row (it would prove nothing). */
    private static ConsentRecord consent(List<String> r, Map<String, Integer> columns) {
        String basis = blankToNull(get(r, columns, "consent_basis"));
        String source = blankToNull(get(r, columns, "consent_source"));
        String at = blankToNull(get(r, columns, "consent_at"));
        if (basis == null && source == null && at == null) return null;
        return new ConsentRecord(basis, source, at == null ? null : consentTime(at));
    }

    /** ISO 8601: an instant ({@code 2026-10-01T14:03:00Z}, an offset allowed) or a date (midnight UTC). */
    private static Instant consentTime(String at) {
        String t = at.strip();
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException("consent_at '" + t + "' is not an ISO 8601 time such as 2026-10-01T14:03:00Z or a date 2026-10-01");
            }
        }
    }

    private static String get(List<String> r, Map<String, Integer> columns, String name) {
        Integer i = columns.get(name);
        return i == null || i >= r.size() ? null : r.get(i);
    }

    private static boolean validZone(String tz) {
        try {
            ZoneId.of(tz);
            return tz.contains("/") || tz.equals("UTC");
        } catch (DateTimeException e) {
            return false;
        }
    }
}
