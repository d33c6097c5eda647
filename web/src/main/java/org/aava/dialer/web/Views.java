package org.aava.dialer.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.aava.dialer.core.model.AmdOptions;
import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.model.Outcome;
import org.aava.dialer.core.model.RetryPolicy;
import org.aava.dialer.core.ports.AttemptView;
import org.aava.dialer.core.ports.LeadView;
import org.aava.dialer.core.time.CallingWindow;
import org.aava.dialer.core.time.LocalHours;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** JSON shapes of the REST API (snake_case field names, compatible with AAVA's outbound API). */
final class Views {
    private Views() {
    }

    static String ts(Instant i) {
        return i == null ? null : i.toString();
    }

    static String hhmm(LocalTime t) {
        return String.format("%02d:%02d", t.getHour(), t.getMinute());
    }

    static List<String> days(Set<DayOfWeek> days) {
        return days.stream().sorted().map(d -> d.name().substring(0, 3).toLowerCase(Locale.ROOT)).toList();
    }

    static Map<String, Object> campaign(Campaign c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("name", c.name());
        m.put("status", c.status().wire());
        m.put("timezone", c.timezone().getId());
        m.put("daily_window_start_local", hhmm(c.windowStart()));
        m.put("daily_window_end_local", hhmm(c.windowEnd()));
        m.put("days_of_week", days(c.daysOfWeek()));
        m.put("max_concurrent", c.maxConcurrent());
        m.put("min_interval_seconds_between_calls", c.minIntervalSeconds());
        m.put("default_context", c.defaultContext());
        m.put("provider_override", c.providerOverride());
        m.put("consent_enabled", c.consentEnabled());
        m.put("consent_media_uri", c.consentMediaUri());
        m.put("consent_timeout_seconds", c.consentTimeoutSeconds());
        m.put("voicemail_drop_enabled", c.voicemailEnabled());
        m.put("voicemail_drop_media_uri", c.voicemailMediaUri());
        m.put("amd_options", c.amdOptions().toMap());
        m.put("dial_timeout_seconds", c.dialTimeoutSeconds());
        m.put("retry_policy", retry(c.retryPolicy()));
        m.put("respect_lead_timezone", c.respectLeadTimezone());
        m.put("local_hours", Map.of("enabled", c.localHours().enabled(), "earliest", hhmm(c.localHours().earliest()),
                "latest", hhmm(c.localHours().latest())));
        m.put("max_attempts_per_24h", c.maxAttemptsPer24h());
        m.put("callback_number", c.callbackNumber());
        m.put("compliance_profile", c.complianceProfile().wire());
        m.put("opt_out_digit", c.optOutDigit());
        m.put("require_consent_record", c.requireConsentRecord());
        m.put("caller_id_number", c.callerIdNumber());
        m.put("default_region", c.defaultRegion());
        m.put("paused_reason", c.pausedReason());
        m.put("run_start_at_utc", ts(c.runStartAt()));
        m.put("run_end_at_utc", ts(c.runEndAt()));
        m.put("created_at_utc", ts(c.createdAt()));
        m.put("updated_at_utc", ts(c.updatedAt()));
        return m;
    }

    static Map<String, Object> retry(RetryPolicy p) {
        return org.aava.dialer.core.model.RetryPolicyCodec.toMap(p);
    }

    static Map<String, Object> lead(LeadView v) {
        Lead l = v.lead();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", l.id());
        m.put("campaign_id", l.campaignId());
        m.put("name", l.name());
        m.put("phone_number", l.phoneNumber());
        m.put("phone_normalized", l.phoneNormalized());
        m.put("state", l.state().wire());
        m.put("context_override", l.contextOverride());
        m.put("timezone", l.timezone());
        m.put("caller_id", l.callerId());
        m.put("consent_basis", l.consent() == null ? null : l.consent().basis());
        m.put("consent_source", l.consent() == null ? null : l.consent().source());
        m.put("consent_at_utc", l.consent() == null ? null : ts(l.consent().at()));
        m.put("custom_vars", parseObject(l.customVarsJson()));
        m.put("attempt_count", l.attemptCount());
        m.put("last_outcome", l.lastOutcome());
        m.put("last_attempt_at_utc", ts(l.lastAttemptAt()));
        m.put("next_attempt_at_utc", ts(l.nextAttemptAt()));
        m.put("dnc_reason", l.dncReason());
        m.put("priority", l.priority());
        m.put("created_at_utc", ts(l.createdAt()));
        Attempt a = v.lastAttempt();
        m.put("last_attempt_id", a == null ? null : a.id());
        m.put("last_started_at_utc", a == null ? null : ts(a.startedAt()));
        m.put("last_ended_at_utc", a == null ? null : ts(a.endedAt()));
        m.put("last_duration_seconds", a == null || a.endedAt() == null ? null : a.durationSeconds());
        m.put("last_outcome_attempt", a == null || a.outcome() == null ? null : a.outcome().wire());
        m.put("last_amd_status", a == null ? null : a.amdStatus());
        m.put("last_amd_cause", a == null ? null : a.amdCause());
        m.put("last_consent_dtmf", a == null ? null : a.consentDtmf());
        m.put("last_consent_result", a == null || a.consentResult() == null ? null : a.consentResult().wire());
        m.put("last_context", a == null ? null : a.context());
        m.put("last_provider", a == null ? null : a.provider());
        m.put("last_call_history_id", a == null ? null : a.callHistoryId());
        m.put("last_error_message", a == null ? null : a.errorMessage());
        return m;
    }

    static Map<String, Object> attempt(AttemptView v) {
        Attempt a = v.attempt();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("campaign_id", a.campaignId());
        m.put("lead_id", a.leadId());
        m.put("name", v.leadName());
        m.put("phone_number", v.leadPhoneNumber() != null ? v.leadPhoneNumber() : a.phoneNumber());
        m.put("started_at_utc", ts(a.startedAt()));
        m.put("answered_at_utc", ts(a.answeredAt()));
        m.put("ended_at_utc", ts(a.endedAt()));
        m.put("duration_seconds", a.endedAt() == null ? null : a.durationSeconds());
        m.put("outcome", a.outcome() == null ? null : a.outcome().wire());
        m.put("amd_status", a.amdStatus());
        m.put("amd_cause", a.amdCause());
        m.put("consent_enabled", a.consentEnabled());
        m.put("consent_result", a.consentResult() == null ? null : a.consentResult().wire());
        m.put("consent_dtmf", a.consentDtmf());
        m.put("consent_at_utc", ts(a.consentAt()));
        m.put("hangup_cause", a.hangupCause());
        m.put("hangup_cause_text", a.hangupCauseText());
        m.put("sip_code", a.sipCode());
        m.put("channel_id", a.channelId());
        m.put("context", a.context());
        m.put("provider", a.provider());
        m.put("call_history_id", a.callHistoryId());
        m.put("disposition", a.disposition());
        m.put("disposition_notes", a.dispositionNotes());
        m.put("error_message", a.errorMessage());
        m.put("node_id", a.placement() == null ? null : a.placement().nodeId());
        m.put("asterisk_server", a.placement() == null ? null : a.placement().asteriskServer());
        return m;
    }

    static Object parseObject(String json) {
        try {
            return Http.JSON.readTree(json == null ? "{}" : json);
        } catch (Exception e) {
            return Map.of();
        }
    }

    // ------------------------------------------------------------------ campaign input

    /** The campaign's callback number as one identity (E.164, as every number is stored); blank or null clears it. */
    private static String callbackNumber(JsonNode v, String f) {
        if (v.isNull()) return null;
        String raw = text(v, f);
        if (raw.isBlank()) return null;
        try {
            return org.aava.dialer.core.phone.PhoneNumbers.normalize(raw);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("callback_number: " + e.getMessage(), f);
        }
    }

    /** The caller ID the callee sees: a valid number, stored in E.164; blank or null clears it. */
    private static String callerIdNumber(JsonNode v, String f) {
        if (v.isNull() || text(v, f).isBlank()) return null;
        try {
            String e164 = org.aava.dialer.core.phone.PhoneNumbers.normalize(text(v, f));
            if (!e164.startsWith("+")) throw new IllegalArgumentException("an extension is not a caller ID the callee can call back");
            return e164;
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("caller_id_number: " + e.getMessage(), f);
        }
    }

    /** ISO 3166 alpha-2 (libphonenumber's regions), upper case; blank or null: the node's dial.default_region. */
    private static String region(JsonNode v, String f) {
        if (v.isNull() || text(v, f).isBlank()) return null;
        String r = text(v, f).strip().toUpperCase(java.util.Locale.ROOT);
        if (!com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance().getSupportedRegions().contains(r)) {
            throw ApiException.badRequest("default_region must be an ISO 3166 alpha-2 region such as US or GB, not '" + text(v, f) + "'", f);
        }
        return r;
    }

    /** Applies the fields present in {@code body} to {@code b}; every error names its field. */
    static Campaign applyCampaign(Campaign.Builder b, JsonNode body) {
        Iterator<String> names = body.fieldNames();
        while (names.hasNext()) {
            String f = names.next();
            JsonNode v = body.get(f);
            try {
                switch (f) {
                    case "name" -> b.name(text(v, f).strip());
                    case "timezone" -> b.timezone(CallingWindow.parseZone("timezone", text(v, f)));
                    case "daily_window_start_local" -> b.windowStart = CallingWindow.parseTime(f, text(v, f));
                    case "daily_window_end_local" -> b.windowEnd = CallingWindow.parseTime(f, text(v, f));
                    case "days_of_week" -> b.daysOfWeek(parseDays(v));
                    case "max_concurrent" -> b.maxConcurrent(integer(v, f));
                    case "min_interval_seconds_between_calls" -> b.minIntervalSeconds(integer(v, f));
                    case "default_context" -> b.defaultContext(text(v, f));
                    case "provider_override" -> b.providerOverride(v.isNull() ? null : text(v, f));
                    case "consent_enabled" -> b.consentEnabled = bool(v, f);
                    case "consent_media_uri" -> b.consentMediaUri = v.isNull() ? null : mediaUri(text(v, f), f);
                    case "consent_timeout_seconds" -> b.consentTimeoutSeconds = integer(v, f);
                    case "voicemail_drop_enabled" -> b.voicemailEnabled = bool(v, f);
                    case "voicemail_drop_media_uri" -> b.voicemailMediaUri = v.isNull() ? null : mediaUri(text(v, f), f);
                    case "amd_options" -> b.amdOptions(amd(v));
                    case "dial_timeout_seconds" -> b.dialTimeoutSeconds(integer(v, f));
                    case "retry_policy" -> b.retryPolicy(retry(v));
                    case "respect_lead_timezone" -> b.respectLeadTimezone(bool(v, f));
                    case "local_hours" -> b.localHours(localHours(v));
                    case "max_attempts_per_24h" -> b.maxAttemptsPer24h(integer(v, f));
                    case "run_start_at_utc" -> b.runStartAt = instant(v, f);
                    case "run_end_at_utc" -> b.runEndAt = instant(v, f);
                    case "callback_number" -> b.callbackNumber(callbackNumber(v, f));
                    case "compliance_profile" -> b.complianceProfile(org.aava.dialer.core.model.ComplianceProfile.fromWire(text(v, f)));
                    case "opt_out_digit" -> b.optOutDigit(v.isNull() ? null : text(v, f).strip());
                    case "require_consent_record" -> b.requireConsentRecord(bool(v, f));
                    case "caller_id_number" -> b.callerIdNumber(callerIdNumber(v, f));
                    case "default_region" -> b.defaultRegion(region(v, f));
                    // read-only fields a GET returned: ignored so an edited copy can be sent back, but still of their type
                    case "id" -> {
                        if (!v.isNull() && !v.isIntegralNumber()) throw ApiException.badRequest("id must be a whole number", f);
                    }
                    case "status", "created_at_utc", "updated_at_utc", "paused_reason", "voicemail_drop_mode" -> {
                        if (!v.isNull()) text(v, f);
                    }
                    default -> throw ApiException.badRequest("unknown field '" + f + "'", f);
                }
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage(), f);
            }
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage(), fieldOf(e.getMessage()));
        }
    }

    /** An ISO-8601 instant ("2026-12-01T09:00:00Z", an offset allowed), or null/"" for none. */
    private static Instant instant(JsonNode v, String f) {
        if (v.isNull() || v.isTextual() && v.asText().isBlank()) return null;
        String t = text(v, f).strip();
        try {
            return java.time.OffsetDateTime.parse(t).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiException.badRequest(f + " must be an ISO-8601 instant such as 2026-12-01T09:00:00Z, got " + t, f);
        }
    }

    private static String fieldOf(String message) {
        int sp = message.indexOf(' ');
        return sp > 0 ? message.substring(0, sp) : null;
    }

    static String mediaUri(String uri, String field) {
        if (!uri.matches("sound:ai-generated/[A-Za-z0-9_.-]{1,128}") || uri.contains("..")) {
            throw ApiException.badRequest(field + " must look like sound:ai-generated/<name>", field);
        }
        return uri;
    }

    static String text(JsonNode v, String field) {
        if (v == null || !v.isTextual()) throw ApiException.badRequest(field + " must be a string", field);
        return v.asText();
    }

    static int integer(JsonNode v, String field) {
        if (v == null || !(v.isIntegralNumber() && v.canConvertToInt() || v.isTextual() && v.asText().trim().matches("-?\\d{1,9}"))) {
            throw ApiException.badRequest(field + " must be a whole number", field);
        }
        return v.isIntegralNumber() ? v.asInt() : Integer.parseInt(v.asText().trim());
    }

    static boolean bool(JsonNode v, String field) {
        if (v == null || !v.isBoolean()) throw ApiException.badRequest(field + " must be true or false", field);
        return v.asBoolean();
    }

    static Set<DayOfWeek> parseDays(JsonNode v) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        List<String> items = new ArrayList<>();
        if (v.isArray()) v.forEach(x -> items.add(text(x, "days_of_week")));
        else if (v.isTextual()) items.addAll(List.of(v.asText().split(",")));
        else throw ApiException.badRequest("days_of_week must be a list like [\"mon\",\"tue\"]", "days_of_week");
        for (String s : items) {
            String p = s.trim().toUpperCase(Locale.ROOT);
            if (p.isEmpty()) continue;
            DayOfWeek match = null;
            for (DayOfWeek d : DayOfWeek.values()) if (p.length() >= 3 && d.name().startsWith(p)) match = d;
            if (match == null) throw ApiException.badRequest("days_of_week: unknown day '" + s + "'", "days_of_week");
            days.add(match);
        }
        if (days.isEmpty()) throw ApiException.badRequest("days_of_week must name at least one day", "days_of_week");
        return days;
    }

    static AmdOptions amd(JsonNode v) {
        if (!v.isObject()) throw ApiException.badRequest("amd_options must be an object", "amd_options");
        Map<String, Object> m = new LinkedHashMap<>();
        v.fields().forEachRemaining(e -> {
            if (!e.getValue().isValueNode()) throw ApiException.badRequest("amd_options." + e.getKey() + " must be a number", "amd_options");
            m.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText());
        });
        return AmdOptions.fromMap(m);
    }

    private static final BodyFields LOCAL_HOURS = BodyFields.of("enabled", BodyFields.Type.BOOLEAN, "earliest", BodyFields.Type.TEXT,
            "latest", BodyFields.Type.TEXT);
    private static final BodyFields RETRY = BodyFields.of("enabled", BodyFields.Type.BOOLEAN, "max_attempts", BodyFields.Type.INTEGER,
            "delay_seconds", BodyFields.Type.OBJECT, "backoff_multiplier", BodyFields.Type.NUMBER, "jitter", BodyFields.Type.NUMBER);

    /** Nested objects are checked like bodies, but every error names the top-level field (what the form shows). */
    private static JsonNode nested(BodyFields fields, JsonNode v, String field) {
        if (!v.isObject()) throw ApiException.badRequest(field + " must be an object", field);
        try {
            return fields.check(v);
        } catch (ApiException e) {
            throw ApiException.badRequest(field + "." + e.getMessage(), field);
        }
    }

    static LocalHours localHours(JsonNode v) {
        JsonNode h = nested(LOCAL_HOURS, v, "local_hours");
        return new LocalHours(h.path("enabled").asBoolean(true),
                CallingWindow.parseTime("local_hours.earliest", h.path("earliest").asText("08:00")),
                CallingWindow.parseTime("local_hours.latest", h.path("latest").asText("21:00")));
    }

    static RetryPolicy retry(JsonNode v) {
        JsonNode r = nested(RETRY, v, "retry_policy");
        Map<Outcome, Duration> delays = new EnumMap<>(Outcome.class);
        JsonNode d = r.path("delay_seconds");
        if (d.isObject()) {
            d.fields().forEachRemaining(e -> {
                if (!e.getValue().isIntegralNumber() || !e.getValue().canConvertToInt()) {
                    throw ApiException.badRequest("retry_policy.delay_seconds." + e.getKey() + " must be a whole number of seconds", "retry_policy");
                }
                delays.put(Outcome.fromWire(e.getKey()), Duration.ofSeconds(e.getValue().asLong()));
            });
        } else {
            delays.putAll(RetryPolicy.defaultDelays());
        }
        JsonNode max = r.path("max_attempts");
        if (max.isIntegralNumber() && !max.canConvertToInt()) throw ApiException.badRequest("retry_policy.max_attempts is too large", "retry_policy");
        return new RetryPolicy(r.path("enabled").asBoolean(false), max.asInt(3), delays,
                r.path("backoff_multiplier").asDouble(2.0), r.path("jitter").asDouble(0.1));
    }
}
