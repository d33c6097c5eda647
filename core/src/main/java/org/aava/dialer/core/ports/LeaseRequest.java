package org.aava.dialer.core.ports;

import java.time.Duration;
import java.time.Instant;

/**
 * Ask for at most {@code limit} due pending leads of one campaign, in priority then id order,
 * skipping numbers on the global or the campaign's DNC list and leads that already had
 * {@code maxAttemptsPer24h} attempts in the last 24 h (0 = no cap).
 */
public record LeaseRequest(long campaignId, int limit, Duration ttl, Instant now, int maxAttemptsPer24h) {
    public LeaseRequest {
        if (limit < 1) throw new IllegalArgumentException("limit must be positive");
        if (ttl == null || ttl.isNegative() || ttl.isZero()) throw new IllegalArgumentException("ttl must be positive");
    }
}
