package org.aava.dialer.core.model;

import org.aava.dialer.core.time.CallingWindow;
import org.aava.dialer.core.time.LocalHours;
import org.aava.dialer.core.time.RunWindow;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;

/**
 * A campaign's settings and status. Immutable: changes go through {@link #toBuilder()}.
 *
 * @param respectLeadTimezone dial a lead only while the window is open in the lead's own zone too
 * @param localHours          hard limits on the called party's local time for any call (08:00–21:00 by default)
 * @param maxAttemptsPer24h   cap on attempts per lead within any 24 h, 0 = no cap
 * @param pausedReason        why the campaign was paused by the system (circuit breaker), shown to the operator
 * @param runStartAt          optional: the campaign does not dial before this instant
 * @param runEndAt            optional: from this instant on the campaign completes
 * @param callbackNumber      the number (E.164) a prerecorded message gives to call back and to opt out, or null
 * @param complianceProfile   the calling rules on top of the window and local hours (state rules or none)
 * @param optOutDigit         the key that opts the callee out during the consent gate (not 1 or 2, which answer it)
 * @param requireConsentRecord dial only leads that carry a consent record (basis, source, time)
 * @param callerIdNumber      the number (E.164) the callee sees when the lead has no caller_id of its own, or null
 * @param defaultRegion       ISO 3166 region for numbers written without a country code, or null for the node's
 */
public record Campaign(long id, String name, CampaignStatus status, ZoneId timezone, LocalTime windowStart,
                       LocalTime windowEnd, Set<DayOfWeek> daysOfWeek, int maxConcurrent, int minIntervalSeconds,
                       String defaultContext, String providerOverride, boolean consentEnabled, String consentMediaUri,
                       int consentTimeoutSeconds, boolean voicemailEnabled, String voicemailMediaUri,
                       AmdOptions amdOptions, int dialTimeoutSeconds, RetryPolicy retryPolicy,
                       boolean respectLeadTimezone, LocalHours localHours, int maxAttemptsPer24h,
                       String pausedReason, Instant createdAt, Instant updatedAt, Instant runStartAt, Instant runEndAt,
                       String callbackNumber, ComplianceProfile complianceProfile, String optOutDigit,
                       boolean requireConsentRecord, String callerIdNumber, String defaultRegion) {

    public static final int MAX_CONCURRENT_LIMIT = 500;

    public Campaign {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("name is required");
        if (status == null) status = CampaignStatus.DRAFT;
        if (timezone == null) throw new IllegalArgumentException("timezone is required");
        if (windowStart == null || windowEnd == null) throw new IllegalArgumentException("daily window is required");
        daysOfWeek = daysOfWeek == null || daysOfWeek.isEmpty() ? EnumSet.allOf(DayOfWeek.class) : Set.copyOf(daysOfWeek);
        if (maxConcurrent < 1 || maxConcurrent > MAX_CONCURRENT_LIMIT)
            throw new IllegalArgumentException("max_concurrent must be between 1 and " + MAX_CONCURRENT_LIMIT);
        if (minIntervalSeconds < 0 || minIntervalSeconds > 86400)
            throw new IllegalArgumentException("min_interval_seconds_between_calls must be between 0 and 86400");
        if (consentTimeoutSeconds < 1 || consentTimeoutSeconds > 30)
            throw new IllegalArgumentException("consent_timeout_seconds must be between 1 and 30");
        if (dialTimeoutSeconds < 5 || dialTimeoutSeconds > 300)
            throw new IllegalArgumentException("dial_timeout_seconds must be between 5 and 300");
        if (maxAttemptsPer24h < 0 || maxAttemptsPer24h > 100)
            throw new IllegalArgumentException("max_attempts_per_24h must be between 0 and 100");
        if (defaultContext == null || defaultContext.isBlank()) defaultContext = "default";
        if (amdOptions == null) amdOptions = AmdOptions.NONE;
        if (retryPolicy == null) retryPolicy = RetryPolicy.OFF;
        if (localHours == null) localHours = LocalHours.DEFAULT;
        new RunWindow(runStartAt, runEndAt); // validates the order
        if (complianceProfile == null) complianceProfile = ComplianceProfile.US_TELEMARKETING;
        if (optOutDigit == null || optOutDigit.isBlank()) optOutDigit = DEFAULT_OPT_OUT_DIGIT;
        if (!optOutDigit.matches("[03-9*#]"))
            throw new IllegalArgumentException("opt_out_digit must be one key: 0, 3-9, * or # (1 and 2 answer the consent question)");
        if (callerIdNumber != null && callerIdNumber.isBlank()) callerIdNumber = null;
        if (defaultRegion != null && defaultRegion.isBlank()) defaultRegion = null;
        if (defaultRegion != null && !defaultRegion.matches("[A-Z]{2}"))
            throw new IllegalArgumentException("default_region must be an ISO 3166 alpha-2 code such as US");
    }

    /** The opt-out key when a campaign sets none (the shipped consent prompt names it). */
    public static final String DEFAULT_OPT_OUT_DIGIT = "9";

    public RunWindow runWindow() {
        return new RunWindow(runStartAt, runEndAt);
    }

    public CallingWindow window() {
        return new CallingWindow(timezone, windowStart, windowEnd, daysOfWeek);
    }

    public boolean running() {
        return status == CampaignStatus.RUNNING;
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Mutable builder with the product's defaults. */
    public static final class Builder {
        public long id;
        public String name;
        public CampaignStatus status = CampaignStatus.DRAFT;
        public ZoneId timezone = ZoneId.of("UTC");
        public LocalTime windowStart = LocalTime.of(9, 0);
        public LocalTime windowEnd = LocalTime.of(17, 0);
        public Set<DayOfWeek> daysOfWeek = EnumSet.allOf(DayOfWeek.class);
        public int maxConcurrent = 1;
        public int minIntervalSeconds = 5;
        public String defaultContext = "default";
        public String providerOverride;
        public boolean consentEnabled;
        public String consentMediaUri;
        public int consentTimeoutSeconds = 5;
        public boolean voicemailEnabled;
        public String voicemailMediaUri;
        public AmdOptions amdOptions = AmdOptions.NONE;
        public int dialTimeoutSeconds = 30;
        public RetryPolicy retryPolicy = RetryPolicy.OFF;
        public boolean respectLeadTimezone;
        public LocalHours localHours = LocalHours.DEFAULT;
        public int maxAttemptsPer24h;
        public String pausedReason;
        public Instant createdAt;
        public Instant updatedAt;
        public Instant runStartAt;
        public Instant runEndAt;
        public String callbackNumber;
        public ComplianceProfile complianceProfile = ComplianceProfile.US_TELEMARKETING;
        public String optOutDigit = DEFAULT_OPT_OUT_DIGIT;
        public boolean requireConsentRecord;
        public String callerIdNumber;
        public String defaultRegion;

        private Builder(String name) {
            this.name = name;
        }

        private Builder(Campaign c) {
            id = c.id; name = c.name; status = c.status; timezone = c.timezone; windowStart = c.windowStart;
            windowEnd = c.windowEnd; daysOfWeek = c.daysOfWeek; maxConcurrent = c.maxConcurrent;
            minIntervalSeconds = c.minIntervalSeconds; defaultContext = c.defaultContext;
            providerOverride = c.providerOverride; consentEnabled = c.consentEnabled;
            consentMediaUri = c.consentMediaUri; consentTimeoutSeconds = c.consentTimeoutSeconds;
            voicemailEnabled = c.voicemailEnabled; voicemailMediaUri = c.voicemailMediaUri;
            amdOptions = c.amdOptions; dialTimeoutSeconds = c.dialTimeoutSeconds; retryPolicy = c.retryPolicy;
            respectLeadTimezone = c.respectLeadTimezone; localHours = c.localHours;
            maxAttemptsPer24h = c.maxAttemptsPer24h; pausedReason = c.pausedReason; createdAt = c.createdAt;
            updatedAt = c.updatedAt; runStartAt = c.runStartAt; runEndAt = c.runEndAt; callbackNumber = c.callbackNumber;
            complianceProfile = c.complianceProfile; optOutDigit = c.optOutDigit; requireConsentRecord = c.requireConsentRecord;
            callerIdNumber = c.callerIdNumber; defaultRegion = c.defaultRegion;
        }

        public Builder id(long v) { id = v; return this; }
        public Builder name(String v) { name = v; return this; }
        public Builder status(CampaignStatus v) { status = v; return this; }
        public Builder timezone(ZoneId v) { timezone = v; return this; }
        public Builder window(LocalTime start, LocalTime end) { windowStart = start; windowEnd = end; return this; }
        public Builder daysOfWeek(Set<DayOfWeek> v) { daysOfWeek = v; return this; }
        public Builder maxConcurrent(int v) { maxConcurrent = v; return this; }
        public Builder minIntervalSeconds(int v) { minIntervalSeconds = v; return this; }
        public Builder defaultContext(String v) { defaultContext = v; return this; }
        public Builder providerOverride(String v) { providerOverride = v; return this; }
        public Builder consent(boolean enabled, String mediaUri, int timeoutSeconds) {
            consentEnabled = enabled; consentMediaUri = mediaUri; consentTimeoutSeconds = timeoutSeconds; return this;
        }
        public Builder voicemail(boolean enabled, String mediaUri) { voicemailEnabled = enabled; voicemailMediaUri = mediaUri; return this; }
        public Builder amdOptions(AmdOptions v) { amdOptions = v; return this; }
        public Builder dialTimeoutSeconds(int v) { dialTimeoutSeconds = v; return this; }
        public Builder retryPolicy(RetryPolicy v) { retryPolicy = v; return this; }
        public Builder respectLeadTimezone(boolean v) { respectLeadTimezone = v; return this; }
        public Builder localHours(LocalHours v) { localHours = v; return this; }
        public Builder maxAttemptsPer24h(int v) { maxAttemptsPer24h = v; return this; }
        public Builder pausedReason(String v) { pausedReason = v; return this; }
        public Builder createdAt(Instant v) { createdAt = v; return this; }
        public Builder updatedAt(Instant v) { updatedAt = v; return this; }
        public Builder runWindow(Instant start, Instant end) { runStartAt = start; runEndAt = end; return this; }
        public Builder callbackNumber(String v) { callbackNumber = v; return this; }
        public Builder complianceProfile(ComplianceProfile v) { complianceProfile = v; return this; }
        public Builder optOutDigit(String v) { optOutDigit = v; return this; }
        public Builder requireConsentRecord(boolean v) { requireConsentRecord = v; return this; }
        public Builder callerIdNumber(String v) { callerIdNumber = v; return this; }
        public Builder defaultRegion(String v) { defaultRegion = v; return this; }

        public Campaign build() {
            return new Campaign(id, name, status, timezone, windowStart, windowEnd, daysOfWeek, maxConcurrent,
                    minIntervalSeconds, defaultContext, providerOverride, consentEnabled, consentMediaUri,
                    consentTimeoutSeconds, voicemailEnabled, voicemailMediaUri, amdOptions, dialTimeoutSeconds,
                    retryPolicy, respectLeadTimezone, localHours, maxAttemptsPer24h, pausedReason, createdAt, updatedAt,
                    runStartAt, runEndAt, callbackNumber, complianceProfile, optOutDigit, requireConsentRecord,
                    callerIdNumber, defaultRegion);
        }
    }
}
