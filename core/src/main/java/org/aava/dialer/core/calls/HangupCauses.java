package org.aava.dialer.core.calls;

import org.aava.dialer.core.model.Outcome;

import java.util.Locale;

/**
 * Maps Q.850 hangup causes of calls that were never answered to outcomes. Numeric causes decide;
 * the text is never parsed (the reference dialer matched on text and filed 18, 21 and 1 as errors).
 * Cause 0 (over {@code Local/} channels) falls back to the last Dial status. On SIP trunks the SIP final
 * response, where Asterisk gives it, decides first: Q.850 folds several SIP answers into one cause (Asterisk maps
 * 480 and 404 alike to 18 or 1 depending on version, and 603 to 21 like any refusal).
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

    /** As {@link #unanswered(int, String)}, with the call's SIP final response (0 when none) taking precedence. */
    public static Outcome unanswered(int cause, String lastDialStatus, int sipCode) {
        Outcome bySip = fromSipCode(sipCode);
        return bySip != null ? bySip : unanswered(cause, lastDialStatus);
    }

    /**
     * The outcome a SIP final response to an INVITE means, or null when it says no more than the Q.850 cause.
     * 603 is a person declining: final, since dialing them again is what makes a dialer feel like spam.
     */
    public static Outcome fromSipCode(int sipCode) {
        return switch (sipCode) {
            case 486, 600 -> Outcome.BUSY;
            case 480, 408 -> Outcome.NO_ANSWER;
            case 404, 484, 604 -> Outcome.INVALID_NUMBER;
            case 503, 500 -> Outcome.CONGESTION;
            case 603 -> Outcome.REJECTED;
            default -> null;
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
