package org.aava.dialer.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.aava.dialer.core.model.AmdOptions;
import org.aava.dialer.core.model.AiSessionKey;
import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.CampaignStatus;
import org.aava.dialer.core.model.ConsentResult;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.model.LeadState;
import org.aava.dialer.core.model.Outcome;
import org.aava.dialer.core.model.Placement;
import org.aava.dialer.core.model.RetryPolicy;
import org.aava.dialer.core.model.RetryPolicyCodec;
import org.aava.dialer.core.time.LocalHours;
import org.aava.dialer.store.jooq.tables.records.OutboundAttemptsRecord;
import org.aava.dialer.store.jooq.tables.records.OutboundCampaignsRecord;
import org.aava.dialer.store.jooq.tables.records.OutboundLeadsRecord;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.aava.dialer.store.jooq.Tables.OUTBOUND_LEADS;

/** Mapping between jOOQ records and core's model. */
final class Rows {
    static final ObjectMapper JSON = new ObjectMapper();

    private Rows() {
    }

    static boolean bool(Integer v) {
        return v != null && v != 0;
    }

    static int bit(boolean b) {
        return b ? 1 : 0;
    }

    static String days(Set<DayOfWeek> days) {
        return days.stream().sorted().map(d -> d.name().substring(0, 3).toLowerCase(Locale.ROOT)).collect(Collectors.joining(","));
    }

    static Set<DayOfWeek> days(String text) {
        Set<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
        if (text == null) return out;
        for (String part : text.split(",")) {
            String p = part.trim().toUpperCase(Locale.ROOT);
            if (p.isEmpty()) continue;
            for (DayOfWeek d : DayOfWeek.values()) if (d.name().startsWith(p)) out.add(d);
        }
        return out;
    }

    static String hhmm(LocalTime t) {
        return String.format("%02d:%02d", t.getHour(), t.getMinute());
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stored form is the API's ({@link RetryPolicyCodec}). */
    static String retryJson(RetryPolicy p) {
        return json(RetryPolicyCodec.toMap(p));
    }

    static RetryPolicy retry(String text) {
        if (text == null || text.isBlank() || text.equals("{}")) return RetryPolicy.OFF;
        try {
            return RetryPolicyCodec.fromMap(JSON.readValue(text, new TypeReference<Map<String, Object>>() { }));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalStateException("stored retry policy is unreadable: " + text, e);
        }
    }

    static AmdOptions amd(String text) {
        if (text == null || text.isBlank()) return AmdOptions.NONE;
        try {
            return AmdOptions.fromMap(JSON.readValue(text, new TypeReference<Map<String, Object>>() { }));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored AMD options are unreadable: " + text, e);
        }
    }

    static Campaign campaign(OutboundCampaignsRecord r) {
        return new Campaign(r.getId(), r.getName(), CampaignStatus.fromWire(r.getStatus()), ZoneId.of(r.getTimezone()),
                LocalTime.parse(pad(r.getDailyWindowStartLocal())), LocalTime.parse(pad(r.getDailyWindowEndLocal())),
                days(r.getDaysOfWeek()), r.getMaxConcurrent(), r.getMinIntervalSeconds(), r.getDefaultContext(),
                r.getProviderOverride(), bool(r.getConsentEnabled()), r.getConsentMediaUri(), r.getConsentTimeoutSeconds(),
                bool(r.getVoicemailDropEnabled()), r.getVoicemailDropMediaUri(), amd(r.getAmdOptionsJson()),
                r.getDialTimeoutSeconds(), retry(r.getRetryPolicyJson()), bool(r.getRespectLeadTimezone()),
                new LocalHours(bool(r.getLocalHoursEnabled()), LocalTime.parse(pad(r.getLocalHoursEarliest())),
                        LocalTime.parse(pad(r.getLocalHoursLatest()))),
                r.getMaxAttemptsPer_24h(), r.getPausedReason(), Timestamps.parse(r.getCreatedAtUtc()),
                Timestamps.parse(r.getUpdatedAtUtc()), Timestamps.parse(r.getRunStartAtUtc()), Timestamps.parse(r.getRunEndAtUtc()),
                r.getCallbackNumber(), org.aava.dialer.core.model.ComplianceProfile.fromWire(r.getComplianceProfile()),
                r.getOptOutDigit(), bool(r.getRequireConsentRecord()), r.getCallerIdNumber(), r.getDefaultRegion());
    }

    private static String pad(String hhmm) {
        return hhmm.length() == 4 ? "0" + hhmm : hhmm;
    }

    static Lead lead(OutboundLeadsRecord r) {
        return new Lead(r.getId(), r.getCampaignId(), r.getPhoneNumber(), r.getPhoneNormalized(), r.getName(),
                r.getCustomVarsJson(), r.getContextOverride(), r.getTimezone(), r.getCallerId(),
                LeadState.fromWire(r.getState()), r.getAttemptCount(), r.getLastOutcome(),
                Timestamps.parse(r.getLastAttemptAtUtc()), Timestamps.parse(r.getLeasedUntilUtc()),
                Timestamps.parse(r.getNextAttemptAtUtc()), r.getPriority(), r.getDncReason(),
                Timestamps.parse(r.getCreatedAtUtc()), Timestamps.parse(r.getUpdatedAtUtc()),
                consent(r.getConsentBasis(), r.getConsentSource(), r.getConsentAtUtc()));
    }

    /** A column's 1-based position in a row read as {@code OUTBOUND_LEADS.fields()} (e.g. a RETURNING of them all). */
    private static int leadColumn(org.jooq.Field<?> f) {
        return OUTBOUND_LEADS.indexOf(f) + 1;
    }

    private static final int L_ID = leadColumn(OUTBOUND_LEADS.ID), L_CAMPAIGN = leadColumn(OUTBOUND_LEADS.CAMPAIGN_ID),
            L_NUMBER = leadColumn(OUTBOUND_LEADS.PHONE_NUMBER), L_NORMALIZED = leadColumn(OUTBOUND_LEADS.PHONE_NORMALIZED),
            L_NAME = leadColumn(OUTBOUND_LEADS.NAME), L_VARS = leadColumn(OUTBOUND_LEADS.CUSTOM_VARS_JSON),
            L_CONTEXT = leadColumn(OUTBOUND_LEADS.CONTEXT_OVERRIDE), L_ZONE = leadColumn(OUTBOUND_LEADS.TIMEZONE),
            L_CALLER = leadColumn(OUTBOUND_LEADS.CALLER_ID), L_STATE = leadColumn(OUTBOUND_LEADS.STATE),
            L_ATTEMPTS = leadColumn(OUTBOUND_LEADS.ATTEMPT_COUNT), L_OUTCOME = leadColumn(OUTBOUND_LEADS.LAST_OUTCOME),
            L_LAST_AT = leadColumn(OUTBOUND_LEADS.LAST_ATTEMPT_AT_UTC), L_LEASED = leadColumn(OUTBOUND_LEADS.LEASED_UNTIL_UTC),
            L_NEXT = leadColumn(OUTBOUND_LEADS.NEXT_ATTEMPT_AT_UTC), L_PRIORITY = leadColumn(OUTBOUND_LEADS.PRIORITY),
            L_DNC = leadColumn(OUTBOUND_LEADS.DNC_REASON), L_CREATED = leadColumn(OUTBOUND_LEADS.CREATED_AT_UTC),
            L_UPDATED = leadColumn(OUTBOUND_LEADS.UPDATED_AT_UTC), L_CONSENT_BASIS = leadColumn(OUTBOUND_LEADS.CONSENT_BASIS),
            L_CONSENT_SOURCE = leadColumn(OUTBOUND_LEADS.CONSENT_SOURCE), L_CONSENT_AT = leadColumn(OUTBOUND_LEADS.CONSENT_AT_UTC);

    /** The stored consent record, or null when the lead has none (a basis is what makes one). */
    static org.aava.dialer.core.model.ConsentRecord consent(String basis, String source, String at) {
        if (basis == null || basis.isBlank()) return null;
        return new org.aava.dialer.core.model.ConsentRecord(basis, source, Timestamps.parse(at));
    }

    /**
     * The lead at the current row of {@code rs}, whose columns are {@code OUTBOUND_LEADS.fields()} in order: for
     * the lease's plain-JDBC RETURNING, where mapping through jOOQ records cost an eighth of the lease.
     */
    static Lead lead(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Lead(rs.getLong(L_ID), rs.getLong(L_CAMPAIGN), rs.getString(L_NUMBER), rs.getString(L_NORMALIZED),
                rs.getString(L_NAME), rs.getString(L_VARS), rs.getString(L_CONTEXT), rs.getString(L_ZONE),
                rs.getString(L_CALLER), LeadState.fromWire(rs.getString(L_STATE)), rs.getInt(L_ATTEMPTS), rs.getString(L_OUTCOME),
                Timestamps.parse(rs.getString(L_LAST_AT)), Timestamps.parse(rs.getString(L_LEASED)),
                Timestamps.parse(rs.getString(L_NEXT)), rs.getInt(L_PRIORITY), rs.getString(L_DNC),
                Timestamps.parse(rs.getString(L_CREATED)), Timestamps.parse(rs.getString(L_UPDATED)),
                consent(rs.getString(L_CONSENT_BASIS), rs.getString(L_CONSENT_SOURCE), rs.getString(L_CONSENT_AT)));
    }

    static Attempt attempt(OutboundAttemptsRecord r) {
        return new Attempt(r.getId(), r.getCampaignId(), r.getLeadId(), r.getPhoneNumber(),
                Timestamps.parse(r.getStartedAtUtc()), Timestamps.parse(r.getAnsweredAtUtc()),
                Timestamps.parse(r.getEndedAtUtc()), r.getOutcome() == null ? null : Outcome.fromWire(r.getOutcome()),
                r.getAmdStatus(), r.getAmdCause(), bool(r.getConsentEnabled()), r.getConsentDtmf(),
                r.getConsentResult() == null ? null : ConsentResult.parse(r.getConsentResult()),
                Timestamps.parse(r.getConsentAtUtc()), r.getHangupCause(), r.getHangupCauseText(), r.getAriChannelId(),
                r.getErrorMessage(), r.getContext(), r.getProvider(), r.getCallHistoryId(), r.getDisposition(),
                r.getDispositionNotes(), r.getEffectivePrompt(), r.getSipCode(),
                AiSessionKey.ofNullable(r.getAiSessionKey()), placement(r.getNodeId(), r.getAsteriskServer()));
    }

    /** Both columns or none: attempts from before V15 have neither. */
    private static Placement placement(String nodeId, String asteriskServer) {
        return nodeId == null || asteriskServer == null ? null : new Placement(nodeId, asteriskServer);
    }
}
