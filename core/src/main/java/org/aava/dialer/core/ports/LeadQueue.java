package org.aava.dialer.core.ports;

import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.model.LeadState;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The leads as the pacer sees them: a queue it leases from, gives leads back to, and watches drain. The atomic lease
 * is what keeps a number from being dialed twice.
 */
public interface LeadQueue {
    /**
     * Atomically moves due pending leads to {@code leased} (one write transaction) and returns them.
     * A lead whose lease is live is never handed out twice; DNC numbers are skipped.
     */
    CompletableFuture<List<Lead>> lease(LeaseRequest request);

    /** Gives a leased lead back to the queue without an attempt, e.g. because it is outside its local hours. */
    CompletableFuture<Void> release(long leadId, Instant nextAttemptAt, String reason);

    /** Returns {@code leased}/{@code dialing} leads whose lease expired to {@code pending}; the number requeued. */
    CompletableFuture<Integer> requeueExpired(Instant now);

    /** Earliest {@code next_attempt_at} among pending leads that are not due yet, if any. */
    CompletableFuture<Optional<Instant>> nextDueAt(long campaignId, Instant now);

    /** How many of the campaign's leads are in each state: whether anything is left to dial. */
    CompletableFuture<Map<LeadState, Long>> countByState(long campaignId);
}
