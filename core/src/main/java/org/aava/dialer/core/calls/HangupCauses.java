package org.aava.dialer.core.calls;

import org.aava.dialer.core.model.Outcome;

import java.util.Locale;

/**
 * Maps Q.850 hangup causes of calls that were never answered to outcomes. Numeric causes decide;
 * the text is never parsed (the reference dialer matched on text and filed 18, 21 and 1 as errors).
 * Cause 0 (over {@code Local/} channels) falls back to the last Dial status.
 */
public final class HangupCauses {
    private HangupCauses() {
    }

    public static Outcome unanswered(int cause, String lastDialStatus) {
        return switch (cause) {
            case 17 -> Outcome.BUSY;
            case 18, 19 -> Outcome.NO_ANSWER;
            case 21 -> Outcome.REJECTED;
            case 34, 38, 41, 42 -> Outcome.CONGESTION;
            case 20, 27, 44 -> Outcome.CHANUNAVAIL;
            case 1, 3, 22, 28 -> Outcome.INVALID_NUMBER;
            case 0, 16 -> fromDialStatus(lastDialStatus);
            default -> Outcome.ERROR;
        };
    }

    /** Dial statuses as Asterisk reports them in {@code Dial} events and DIALSTATUS. */
    public static Outcome fromDialStatus(String dialStatus) {
        if (dialStatus == null) return Outcome.NO_ANSWER;
        return switch (dialStatus.trim().toUpperCase(Locale.ROOT)) {
            case "BUSY" -> Outcome.BUSY;
            case "CONGESTION" -> Outcome.CONGESTION;
            case "CHANUNAVAIL" -> Outcome.CHANUNAVAIL;
            case "CANCEL" -> Outcome.CANCELED;
            case "", "RINGING", "PROGRESS", "NOANSWER" -> Outcome.NO_ANSWER;
            default -> Outcome.ERROR;
        };
    }
}
