package org.aava.dialer.core.model;

import java.time.Instant;

/**
 * One number to call within a campaign.
 *
 * @param phoneNumber     the number as the operator gave it
 * @param phoneNormalized digits (and {@code + * #}) only; unique within a campaign and used for DNC matching
 * @param customVarsJson  a JSON object supplied with the lead; data for the AI, never instructions
 * @param timezone        the lead's own IANA zone, or null to use the campaign's
 * @param consent         how the lead agreed to be called, or null when the operator gave no record
 */
public record Lead(long id, long campaignId, String phoneNumber, String phoneNormalized, String name,
                   String customVarsJson, String contextOverride, String timezone, String callerId, LeadState state,
                   int attemptCount, String lastOutcome, Instant lastAttemptAt, Instant leasedUntil,
                   Instant nextAttemptAt, int priority, String dncReason, Instant createdAt, Instant updatedAt,
                   ConsentRecord consent) {

    public Lead {
        if (customVarsJson == null || customVarsJson.isBlank()) customVarsJson = "{}";
        if (state == null) state = LeadState.PENDING;
    }

    /** A new pending lead, before it has an id. */
    public static Lead newPending(long campaignId, String phoneNumber, String phoneNormalized, String name,
                                  String customVarsJson, String contextOverride, String timezone, String callerId) {
        return new Lead(0, campaignId, phoneNumber, phoneNormalized, name, customVarsJson, contextOverride, timezone,
                callerId, LeadState.PENDING, 0, null, null, null, null, 0, null, null, null, null);
    }

    public Lead withConsent(ConsentRecord record) {
        return new Lead(id, campaignId, phoneNumber, phoneNormalized, name, customVarsJson, contextOverride, timezone, callerId,
                state, attemptCount, lastOutcome, lastAttemptAt, leasedUntil, nextAttemptAt, priority, dncReason, createdAt,
                updatedAt, record);
    }
}
