package org.aava.dialer.core.ports;

import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.Placement;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** The attempts as the admin side reads them, and the one thing it writes on one: the disposition the AI sets. */
public interface AttemptQueries {
    CompletableFuture<Optional<Attempt>> find(long attemptId);

    CompletableFuture<Page<AttemptView>> page(AttemptQuery query);

    CompletableFuture<Void> forEach(long campaignId, Consumer<AttemptView> consumer);

    /** Every attempt of one lead, newest first (at most {@value #LEAD_HISTORY_LIMIT}): its call history. */
    CompletableFuture<List<AttemptView>> listForLead(long leadId);

    int LEAD_HISTORY_LIMIT = 500;

    CompletableFuture<Map<String, Long>> countOutcomes(long campaignId);

    CompletableFuture<Void> setDisposition(long attemptId, String label, String notes);

    /**
     * The open attempts of every campaign per node and Asterisk server that placed them: the live calls of all the
     * nodes on this database, where each node's memory knows only its own. Attempts without a placement (opened
     * before nodes were recorded) are not counted.
     */
    CompletableFuture<Map<Placement, Long>> countOpenByPlacement();
}
