package org.aava.dialer.core.ports;

import java.util.concurrent.CompletableFuture;

/** Where the call path writes what happened to an attempt: one call, one write transaction. */
public interface AttemptJournal {
    <R> CompletableFuture<R> apply(AttemptTransition<R> transition);
}
