package org.aava.dialer.core.ports;

import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.LeadState;
import org.aava.dialer.core.model.Outcome;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Where the call path writes what happened to an attempt: one call, one write transaction. */
public interface AttemptJournal {
    <R> CompletableFuture<R> apply(AttemptTransition<R> transition);

    /**
     * A journal over the separate repositories, for stores without one of their own: each transition takes the
     * repositories' writes in turn (not one transaction), as the call path did before the journal.
     */
    static AttemptJournal over(AttemptRepository attempts, LeadRepository leads, CallHistoryRepository history) {
        return new AttemptJournal() {
            @Override
            @SuppressWarnings("unchecked")
            public <R> CompletableFuture<R> apply(AttemptTransition<R> t) {
                CompletableFuture<?> done = switch (t) {
                    case AttemptTransition.Open o -> leads.markDialing(o.opening().leadId(), o.opening().startedAt(), o.leaseUntil())
                            .thenCompose(dialing -> dialing ? attempts.open(o.opening()).thenApply(Optional::of)
                                    : CompletableFuture.completedFuture(Optional.<Attempt>empty()));
                    case AttemptTransition.Answer a -> attempts.markAnswered(a.attemptId(), a.channelId(), a.at())
                            .thenCompose(v -> leads.markProgress(a.leadId(), LeadState.AMD_PENDING, null));
                    case AttemptTransition.RecordHop h -> attempts.recordHop(h.hop(), h.at());
                    case AttemptTransition.Attach a -> attempts.recordAttach(a.attemptId(), a.context(), a.provider(), a.effectivePrompt())
                            .thenCompose(v -> leads.markProgress(a.leadId(), LeadState.IN_PROGRESS, Outcome.ANSWERED_HUMAN.wire()))
                            .thenCompose(v -> history.create(a.attemptId(), a.campaignId(), a.leadId(), a.phoneNumber(),
                                    a.context(), a.provider(), a.at()));
                    case AttemptTransition.Close c -> attempts.close(c.attemptId(), c.close());
                };
                return (CompletableFuture<R>) done;
            }
        };
    }
}
