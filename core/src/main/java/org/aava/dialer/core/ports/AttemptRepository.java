package org.aava.dialer.core.ports;

import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.AttemptClose;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Attempts are append-only: opened before the originate, updated while open, closed exactly once. The admin side
 * sees only {@link AttemptQueries}.
 */
public interface AttemptRepository extends AttemptQueries {
    /** Stores a new open attempt and returns it with its id. */
    CompletableFuture<Attempt> open(Attempt attempt);

    /**
     * Closes an open attempt and moves its lead, in one transaction. Returns false (and changes
     * nothing) if the attempt was already closed: a second close never overwrites the first.
     */
    CompletableFuture<Boolean> close(long attemptId, AttemptClose close);

    /** Open attempts, oldest first: what a restarted server must reconcile with Asterisk. */
    CompletableFuture<List<Attempt>> listOpen();
}
