package org.aava.dialer.core.model;

import java.time.Instant;

/**
 * Everything written when an attempt closes, together with what happens to its lead, so that the
 * store can apply both in one transaction.
 *
 * @param leadState     the lead's next state ({@link LeadState#PENDING} when a retry is scheduled)
 * @param nextAttemptAt when the lead may be dialed again (retry or callback), or null
 */
public record AttemptClose(Outcome outcome, Instant endedAt, Integer hangupCause, String hangupCauseText,
                           String errorMessage, LeadState leadState, Instant nextAttemptAt) {

    public AttemptClose {
        if (outcome == null) throw new IllegalArgumentException("outcome is required");
        if (endedAt == null) throw new IllegalArgumentException("endedAt is required");
        if (leadState == null) leadState = outcome.leadStateAfter();
    }

    public static AttemptClose of(Outcome outcome, Instant endedAt) {
        return new AttemptClose(outcome, endedAt, null, null, null, null, null);
    }

    public AttemptClose withCause(Integer cause, String text) {
        return new AttemptClose(outcome, endedAt, cause, text, errorMessage, leadState, nextAttemptAt);
    }

    public AttemptClose withError(String message) {
        return new AttemptClose(outcome, endedAt, hangupCause, hangupCauseText, message, leadState, nextAttemptAt);
    }

    public AttemptClose withRetryAt(Instant at) {
        return new AttemptClose(outcome, endedAt, hangupCause, hangupCauseText, errorMessage, LeadState.PENDING, at);
    }
}
