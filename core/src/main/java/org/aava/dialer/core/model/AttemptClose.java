package org.aava.dialer.core.model;

import java.time.Instant;

/**
 * Everything written when an attempt closes, together with what happens to its lead, so that the
 * store can apply both in one transaction.
 *
 * @param leadState     the lead's next state ({@link LeadState#PENDING} when a retry is scheduled)
 * @param nextAttemptAt when the lead may be dialed again (retry or callback), or null
 * @param sipCode       the SIP final response of the call (Asterisk's {@code tech_cause}), or null
 */
public record AttemptClose(Outcome outcome, Instant endedAt, Integer hangupCause, String hangupCauseText,
                           String errorMessage, LeadState leadState, Instant nextAttemptAt, Integer sipCode) {

    public AttemptClose {
        if (outcome == null) throw new IllegalArgumentException("outcome is required");
        if (endedAt == null) throw new IllegalArgumentException("endedAt is required");
        if (leadState == null) leadState = outcome.leadStateAfter();
    }

    public AttemptClose(Outcome outcome, Instant endedAt, Integer hangupCause, String hangupCauseText,
                        String errorMessage, LeadState leadState, Instant nextAttemptAt) {
        this(outcome, endedAt, hangupCause, hangupCauseText, errorMessage, leadState, nextAttemptAt, null);
    }

    public static AttemptClose of(Outcome outcome, Instant endedAt) {
        return new AttemptClose(outcome, endedAt, null, null, null, null, null);
    }

    public AttemptClose withCause(Integer cause, String text) {
        return new AttemptClose(outcome, endedAt, cause, text, errorMessage, leadState, nextAttemptAt, sipCode);
    }

    public AttemptClose withError(String message) {
        return new AttemptClose(outcome, endedAt, hangupCause, hangupCauseText, message, leadState, nextAttemptAt, sipCode);
    }

    /** The SIP status; 0 or less means none. */
    public AttemptClose withSipCode(int code) {
        return new AttemptClose(outcome, endedAt, hangupCause, hangupCauseText, errorMessage, leadState, nextAttemptAt,
                code > 0 ? code : null);
    }

    public AttemptClose withRetryAt(Instant at) {
        return new AttemptClose(outcome, endedAt, hangupCause, hangupCauseText, errorMessage, LeadState.PENDING, at, sipCode);
    }
}
