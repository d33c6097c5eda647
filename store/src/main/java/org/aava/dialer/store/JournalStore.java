package org.aava.dialer.store;

import org.aava.dialer.core.model.LeadState;
import org.aava.dialer.core.model.Outcome;
import org.aava.dialer.core.ports.AttemptJournal;
import org.aava.dialer.core.ports.AttemptTransition;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The call path's writes: each transition of an attempt is one write transaction over its attempt, lead and call record. */
final class JournalStore implements AttemptJournal {
    private final Db db;

    JournalStore(Db db) {
        this.db = db;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> CompletableFuture<R> apply(AttemptTransition<R> transition) {
        CompletableFuture<?> done = switch (transition) {
            case AttemptTransition.Open o -> db.write("journal.open", dsl ->
                    LeadStore.markDialing(dsl, o.opening().leadId(), o.opening().startedAt(), o.leaseUntil())
                            ? Optional.of(AttemptStore.insert(dsl, o.opening())) : Optional.empty());
            case AttemptTransition.Answer a -> db.write("journal.answer", dsl -> {
                AttemptStore.markAnswered(dsl, a.attemptId(), a.channelId(), a.at());
                LeadStore.markProgress(dsl, a.leadId(), LeadState.AMD_PENDING, null);
                return null;
            });
            case AttemptTransition.RecordHop h -> db.write("journal.hop", dsl -> {
                AttemptStore.recordHop(dsl, h.hop(), h.at());
                return null;
            });
            case AttemptTransition.Attach a -> db.write("journal.attach", dsl -> {
                AttemptStore.recordAttach(dsl, a.attemptId(), a.context(), a.provider(), a.effectivePrompt());
                LeadStore.markProgress(dsl, a.leadId(), LeadState.IN_PROGRESS, Outcome.ANSWERED_HUMAN.wire());
                return CallHistoryStore.create(dsl, a.attemptId(), a.campaignId(), a.leadId(), a.phoneNumber(), a.context(),
                        a.provider(), a.at());
            });
            case AttemptTransition.Close c -> db.write("journal.close", dsl -> AttemptStore.close(dsl, c.attemptId(), c.close()));
        };
        return (CompletableFuture<R>) done;
    }
}
