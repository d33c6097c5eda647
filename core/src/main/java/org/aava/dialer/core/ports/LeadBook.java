package org.aava.dialer.core.ports;

import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.model.LeadState;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** The leads as the operator works with them: find, list, count, and the changes the admin makes to one lead. */
public interface LeadBook {
    CompletableFuture<Optional<Lead>> find(long leadId);

    CompletableFuture<Page<LeadView>> page(LeadQuery query);

    /** Streams every lead of a campaign (with its last attempt), in id order, for export. */
    CompletableFuture<Void> forEach(long campaignId, Consumer<LeadView> consumer);

    /**
     * The attempt starts of the last 24 h (before {@code now}) of each of the campaign's leads that has any, own and
     * to the same number in any campaign: what the 24 h caps count. Leads without recent attempts are absent.
     */
    CompletableFuture<Map<Long, RecentStarts>> recentStarts(long campaignId, Instant now);

    /** Also in {@link LeadQueue}: the admin reads the counts the pacer watches. */
    CompletableFuture<Map<LeadState, Long>> countByState(long campaignId);

    /** Also in {@link LeadQueue}: the admin shows when the campaign's next lead falls due. */
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

}
