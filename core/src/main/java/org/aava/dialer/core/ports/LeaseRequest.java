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
 * @param pace                 the campaign's caps over all nodes, which a store shared by several nodes enforces
 *                             inside the lease ({@link Pace#NONE}: the caller's own check is the only one)
 */
public record LeaseRequest(long campaignId, int limit, Duration ttl, Instant now, int maxAttemptsPer24h, boolean stateRules,
                           boolean requireConsentRecord, Pace pace) {
    public LeaseRequest {
        if (limit < 1) throw new IllegalArgumentException("limit must be positive");
        if (ttl == null || ttl.isNegative() || ttl.isZero()) throw new IllegalArgumentException("ttl must be positive");
        if (pace == null) pace = Pace.NONE;
    }

    public LeaseRequest(long campaignId, int limit, Duration ttl, Instant now, int maxAttemptsPer24h, boolean stateRules,
                        boolean requireConsentRecord) {
        this(campaignId, limit, ttl, now, maxAttemptsPer24h, stateRules, requireConsentRecord, Pace.NONE);
    }

    /** With the state rules on and no consent record required (the defaults of a US campaign). */
    public LeaseRequest(long campaignId, int limit, Duration ttl, Instant now, int maxAttemptsPer24h) {
        this(campaignId, limit, ttl, now, maxAttemptsPer24h, true, false);
    }

    /**
     * A campaign's {@code max_concurrent} (live calls: leased, dialing, AMD, with the AI) and
     * {@code min_interval_seconds} between call starts; 0 = no cap.
     */
    public record Pace(int maxConcurrent, int minIntervalSeconds) {
        public static final Pace NONE = new Pace(0, 0);
    }

    /** What the campaign's settings ask of the lease. */
    public static LeaseRequest forCampaign(org.aava.dialer.core.model.Campaign c, int limit, Duration ttl, Instant now) {
        return new LeaseRequest(c.id(), limit, ttl, now, c.maxAttemptsPer24h(), c.complianceProfile().stateRules(),
                c.requireConsentRecord(), new Pace(c.maxConcurrent(), c.minIntervalSeconds()));
    }
}
