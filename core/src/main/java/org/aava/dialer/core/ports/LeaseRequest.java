package org.aava.dialer.core.ports;

import java.time.Duration;
import java.time.Instant;

/**
 * Ask for at most {@code limit} due pending leads of one campaign, in priority then id order,
 * skipping numbers on the global or the campaign's DNC list and leads that already had
 * {@code maxAttemptsPer24h} attempts in the last 24 h (0 = no cap).
 *
 * @param stateRules           apply the state rules' 24 h caps of each number (campaign profile {@code us_telemarketing})
 * @param requireConsentRecord lease only leads that carry a consent record
 */
public record LeaseRequest(long campaignId, int limit, Duration ttl, Instant now, int maxAttemptsPer24h, boolean stateRules,
                           boolean requireConsentRecord) {
    public LeaseRequest {
        if (limit < 1) throw new IllegalArgumentException("limit must be positive");
        if (ttl == null || ttl.isNegative() || ttl.isZero()) throw new IllegalArgumentException("ttl must be positive");
    }

    /** With the state rules on and no consent record required (the defaults of a US campaign). */
    public LeaseRequest(long campaignId, int limit, Duration ttl, Instant now, int maxAttemptsPer24h) {
        this(campaignId, limit, ttl, now, maxAttemptsPer24h, true, false);
    }

    /** What the campaign's settings ask of the lease. */
    public static LeaseRequest forCampaign(org.aava.dialer.core.model.Campaign c, int limit, Duration ttl, Instant now) {
        return new LeaseRequest(c.id(), limit, ttl, now, c.maxAttemptsPer24h(), c.complianceProfile().stateRules(),
                c.requireConsentRecord());
    }
}
