package org.aava.dialer.core.model;

import java.util.Locale;

/**
 * How an attempt ended. Every attempt is closed with exactly one outcome.
 * The lead state that follows is part of the outcome so that no caller has to remember it.
 */
public enum Outcome {
    ANSWERED_HUMAN(LeadState.COMPLETED, false),
    TRANSFERRED(LeadState.COMPLETED, false),
    NO_INPUT_TIMEOUT(LeadState.COMPLETED, false),
    VOICEMAIL_DROPPED(LeadState.COMPLETED, false),
    MACHINE_DETECTED(LeadState.COMPLETED, false),
    CONSENT_DENIED(LeadState.CANCELED, false),
    /** The callee pressed the opt-out key (or asked the AI): the number is on the global DNC list. */
    OPTED_OUT(LeadState.DNC, false),
    CONSENT_TIMEOUT(LeadState.CANCELED, false),
    BUSY(LeadState.FAILED, true),
    NO_ANSWER(LeadState.FAILED, true),
    REJECTED(LeadState.FAILED, false),
    CONGESTION(LeadState.FAILED, true),
    CHANUNAVAIL(LeadState.FAILED, true),
    INVALID_NUMBER(LeadState.FAILED, false),
    HANGUP_DURING_AMD(LeadState.FAILED, false),
    ERROR(LeadState.FAILED, true),
    CANCELED(LeadState.CANCELED, false),
    DNC(LeadState.DNC, false);

    private final LeadState leadStateAfter;
    private final boolean retryable;

    Outcome(LeadState leadStateAfter, boolean retryable) {
        this.leadStateAfter = leadStateAfter;
        this.retryable = retryable;
    }

    /** The lead's state once an attempt closes with this outcome and no retry is scheduled. */
    public LeadState leadStateAfter() {
        return leadStateAfter;
    }

    /** Whether a retry policy may re-queue the lead after this outcome. */
    public boolean retryable() {
        return retryable;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Outcome fromWire(String value) {
        if (value == null) throw new IllegalArgumentException("outcome is required");
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown outcome '" + value + "'");
        }
    }
}
