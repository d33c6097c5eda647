package org.aava.dialer.core.ports;

import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.AttemptClose;
import org.aava.dialer.core.model.HopResult;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** Attempts are append-only: opened before the originate, updated while open, closed exactly once. */
public interface AttemptRepository {
    /** Stores a new open attempt and returns it with its id. */
    CompletableFuture<Attempt> open(Attempt attempt);

    CompletableFuture<Void> setChannel(long attemptId, String channelId);

    CompletableFuture<Void> markAnswered(long attemptId, String channelId, Instant at);

    /** Records AMD and consent results on an open attempt (fields already set are kept). */
    CompletableFuture<Void> recordHop(HopResult hop, Instant at);

    /** Records what the call was attached to: the resolved AI context, provider and the effective prompt. */
    CompletableFuture<Void> recordAttach(long attemptId, String context, String provider, String effectivePrompt);

    /**
     * Closes an open attempt and moves its lead, in one transaction. Returns false (and changes
     * nothing) if the attempt was already closed: a second close never overwrites the first.
     */
    CompletableFuture<Boolean> close(long attemptId, AttemptClose close);

    CompletableFuture<Optional<Attempt>> find(long attemptId);

    /** Open attempts, oldest first: what a restarted server must reconcile with Asterisk. */
    CompletableFuture<List<Attempt>> listOpen();

    CompletableFuture<Page<AttemptView>> page(AttemptQuery query);

    CompletableFuture<Void> forEach(long campaignId, Consumer<AttemptView> consumer);

    /** Every attempt of one lead, newest first (at most {@value #LEAD_HISTORY_LIMIT}): its call history. */
    CompletableFuture<List<AttemptView>> listForLead(long leadId);

    int LEAD_HISTORY_LIMIT = 500;

    CompletableFuture<Map<String, Long>> countOutcomes(long campaignId);

    /** Attempts started by the lead within the last 24 h of {@code now}. */
    CompletableFuture<Integer> countRecent(long leadId, Instant now);

    CompletableFuture<Void> setDisposition(long attemptId, String label, String notes);
}
