package org.aava.dialer.core.calls;

import org.aava.dialer.core.model.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HangupCausesTest {
    @ParameterizedTest(name = "cause {0} -> {1}")
    @CsvSource({
            "17, BUSY", "18, NO_ANSWER", "19, NO_ANSWER", "21, REJECTED",
            "34, CONGESTION", "38, CONGESTION", "41, CONGESTION", "42, CONGESTION",
            "20, CHANUNAVAIL", "27, CHANUNAVAIL", "44, CHANUNAVAIL",
            "1, INVALID_NUMBER", "3, INVALID_NUMBER", "22, INVALID_NUMBER", "28, INVALID_NUMBER",
            "31, ERROR", "102, ERROR", "111, ERROR", "127, ERROR", "-1, ERROR"})
    void numericCausesDecide(int cause, Outcome expected) {
        assertEquals(expected, HangupCauses.unanswered(cause, null));
        // the dial status never overrides a meaningful cause
        assertEquals(expected, HangupCauses.unanswered(cause, "NOANSWER"));
        assertEquals(expected, HangupCauses.unanswered(cause, "BUSY"));
    }

    @ParameterizedTest(name = "cause {0} with dial status ''{1}'' -> {2}")
    @CsvSource(value = {
            "0|BUSY|BUSY", "0|busy|BUSY", "0| Busy |BUSY", "0|CONGESTION|CONGESTION", "0|CHANUNAVAIL|CHANUNAVAIL",
            "0|NOANSWER|NO_ANSWER", "0|RINGING|NO_ANSWER", "0|PROGRESS|NO_ANSWER", "0||NO_ANSWER", "0|CANCEL|CANCELED",
            "0|ANSWER|ERROR", "0|SOMETHING|ERROR", "16|BUSY|BUSY", "16|NOANSWER|NO_ANSWER"}, delimiter = '|')
    void causeZeroOrNormalClearingFallsBackToTheDialStatus(int cause, String dialStatus, Outcome expected) {
        assertEquals(expected, HangupCauses.unanswered(cause, dialStatus == null ? "" : dialStatus));
    }

    @Test
    void noDialStatusAtAllIsNoAnswer() {
        assertEquals(Outcome.NO_ANSWER, HangupCauses.unanswered(0, null));
        assertEquals(Outcome.NO_ANSWER, HangupCauses.unanswered(16, null));
        assertEquals(Outcome.NO_ANSWER, HangupCauses.fromDialStatus(null));
    }
}
