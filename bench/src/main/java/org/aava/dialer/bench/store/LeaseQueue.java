package org.aava.dialer.bench.store;

import org.aava.dialer.bench.data.TrialDatabase;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.ports.LeaseRequest;

import java.time.Duration;
import java.time.Instant;

/** The lease request the pacer sends, and the way the lease benchmarks keep the campaign's queue full. */
final class LeaseQueue {
    /** The server's default lease TTL (DialerSettings.defaults()). */
    static final Duration TTL = Duration.ofSeconds(120);

    private LeaseQueue() {
    }

    /** As Pacer.consider asks: now, the default TTL and the campaign's own 24 h attempt cap. */
    static LeaseRequest request(Campaign campaign, int limit) {
        return new LeaseRequest(campaign.id(), limit, TTL, Instant.now(), campaign.maxAttemptsPer24h());
    }

    /**
     * Every lease taken so far is expired from the store's point of view a day from now: the store's own
     * requeue (what the pacer runs every 15 s) returns those leads to pending, at the head of the queue.
     */
    static int refill(TrialDatabase db) {
        return db.store().leads().requeueExpired(Instant.now().plus(Duration.ofDays(1))).join();
    }
}
