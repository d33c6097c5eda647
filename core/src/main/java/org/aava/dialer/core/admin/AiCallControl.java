package org.aava.dialer.core.admin;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The call actions the AI engine's tools run, and the lookup of its session by key. */
public interface AiCallControl {
    /** The call attached to the AI whose session key (or AudioSocket UUID) this is; empty for anything else. */
    Optional<AiCallSession> session(String key);

    /** Hangs the call up; false when it is not live. */
    boolean hangupByAi(long attemptId);

    /** Sends the call to {@code extension} in {@code context}; false when that could not be done. */
    CompletableFuture<Boolean> transfer(long attemptId, String context, String extension);

    /** Ends the call as opted out; false when it had no live call. */
    CompletableFuture<Boolean> optOut(long attemptId);
}
