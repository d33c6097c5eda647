package org.aava.dialer.core.ports;

import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.model.LeadState;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** Lead persistence, including the atomic lease that keeps a number from being dialed twice. */
public interface LeadRepository {
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

    /** Inserts new leads, skipping (and reporting) numbers the campaign already has; DNC numbers are stored as {@code dnc}. */
    CompletableFuture<InsertResult> insertBatch(long campaignId, List<Lead> leads, boolean skipExisting);

    /**
     * As {@link #insertBatch(long, List, boolean)}, adding what each transaction commits to the import job's counts
     * in that same transaction (a store without import jobs ignores the id).
     */
    default CompletableFuture<InsertResult> insertBatch(long campaignId, List<Lead> leads, boolean skipExisting, long importJobId) {
        return insertBatch(campaignId, leads, skipExisting);
    }

    CompletableFuture<Optional<Lead>> find(long leadId);

    CompletableFuture<Page<LeadView>> page(LeadQuery query);

    /** Streams every lead of a campaign (with its last attempt), in id order, for export. */
    CompletableFuture<Void> forEach(long campaignId, Consumer<LeadView> consumer);

    /**
     * The attempt starts of the last 24 h (before {@code now}) of each of the campaign's leads that has any, own and
     * to the same number in any campaign: what the 24 h caps count. Leads without recent attempts are absent.
     */
    CompletableFuture<Map<Long, RecentStarts>> recentStarts(long campaignId, Instant now);

    CompletableFuture<Map<LeadState, Long>> countByState(long campaignId);

    /** Earliest {@code next_attempt_at} among pending leads that are not due yet, if any. */
    CompletableFuture<Optional<Instant>> nextDueAt(long campaignId, Instant now);

    /** Back to pending; {@code reset} also deletes the lead's attempts and zeroes its counters. False if the lead is live. */
    CompletableFuture<Boolean> recycle(long leadId, boolean reset);

    /** {@code → canceled} unless live; false if live or missing. */
    CompletableFuture<Boolean> ignore(long leadId);

    /** Deletes a lead and its attempts unless live; false if live or missing. */
    CompletableFuture<Boolean> delete(long leadId);

    /** Every pending lead of the campaign becomes canceled; returns how many. */
    CompletableFuture<Integer> cancelPending(long campaignId);

    /** Sets when a pending (or closed) lead may be dialed again, e.g. a callback the AI scheduled. */
    CompletableFuture<Void> scheduleAt(long leadId, Instant at);

    /** Marks every not-live lead with this normalised number (in the campaign, or everywhere when null) as {@code dnc}. */
    CompletableFuture<Integer> markDnc(Long campaignId, String phoneNormalized, String reason);
}
