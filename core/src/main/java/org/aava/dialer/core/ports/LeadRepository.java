package org.aava.dialer.core.ports;

import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.model.LeadState;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Lead persistence, including the atomic lease that keeps a number from being dialed twice. The admin side sees only
 * the parts it uses: {@link LeadBook} and {@link LeadImport}.
 */
public interface LeadRepository extends LeadBook, LeadImport {
    /**
     * Atomically moves due pending leads to {@code leased} (one write transaction) and returns them.
     * A lead whose lease is live is never handed out twice; DNC numbers are skipped.
     */
    CompletableFuture<List<Lead>> lease(LeaseRequest request);

    /** {@code leased → dialing}, counting the attempt; false when the lead was no longer leased. */
    CompletableFuture<Boolean> markDialing(long leadId, Instant now, Instant leaseUntil);

    /** Moves a lead along its call ({@code amd_pending}, {@code in_progress}); never touches closed states. */
    CompletableFuture<Void> markProgress(long leadId, LeadState state, String lastOutcome);

    /** Gives a leased lead back to the queue without an attempt, e.g. because it is outside its local hours. */
    CompletableFuture<Void> release(long leadId, Instant nextAttemptAt, String reason);

    /** Returns {@code leased}/{@code dialing} leads whose lease expired to {@code pending}; the number requeued. */
    CompletableFuture<Integer> requeueExpired(Instant now);

    /** Marks every not-live lead with this normalised number (in the campaign, or everywhere when null) as {@code dnc}. */
    CompletableFuture<Integer> markDnc(Long campaignId, String phoneNormalized, String reason);
}
