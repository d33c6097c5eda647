package org.aava.dialer.core.model;

import org.aava.dialer.core.calls.HangupCauses;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelTest {
    @Test
    void hangupCausesMapOnNumbersNotText() {
        assertEquals(Outcome.BUSY, HangupCauses.unanswered(17, null));
        assertEquals(Outcome.NO_ANSWER, HangupCauses.unanswered(18, null));
        assertEquals(Outcome.NO_ANSWER, HangupCauses.unanswered(19, "RINGING"));
        assertEquals(Outcome.REJECTED, HangupCauses.unanswered(21, "NOANSWER"));
        assertEquals(Outcome.CONGESTION, HangupCauses.unanswered(34, null));
        assertEquals(Outcome.CONGESTION, HangupCauses.unanswered(42, null));
        assertEquals(Outcome.CHANUNAVAIL, HangupCauses.unanswered(20, null));
        assertEquals(Outcome.CHANUNAVAIL, HangupCauses.unanswered(27, null));
        assertEquals(Outcome.INVALID_NUMBER, HangupCauses.unanswered(1, null));
        assertEquals(Outcome.INVALID_NUMBER, HangupCauses.unanswered(3, null));
        assertEquals(Outcome.BUSY, HangupCauses.unanswered(0, "BUSY"), "Local/ channels: cause 0, dial status decides");
        assertEquals(Outcome.NO_ANSWER, HangupCauses.unanswered(0, null));
        assertEquals(Outcome.ERROR, HangupCauses.unanswered(111, null));
    }

    @Test
    void retryPolicyBacksOffWithBoundedJitterAndStops() {
        RetryPolicy p = new RetryPolicy(true, 3, Map.of(Outcome.BUSY, Duration.ofMinutes(10)), 2.0, 0.1);
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        SplittableRandom r = new SplittableRandom(1);
        Instant first = p.nextAttemptAt(Outcome.BUSY, 1, now, r).orElseThrow();
        Instant second = p.nextAttemptAt(Outcome.BUSY, 2, now, r).orElseThrow();
        assertTrue(!first.isBefore(now.plusSeconds(600)) && !first.isAfter(now.plusSeconds(660)), first.toString());
        assertTrue(!second.isBefore(now.plusSeconds(1200)) && !second.isAfter(now.plusSeconds(1320)), second.toString());
        assertTrue(p.nextAttemptAt(Outcome.BUSY, 3, now, r).isEmpty(), "max attempts reached");
        assertTrue(p.nextAttemptAt(Outcome.NO_ANSWER, 1, now, r).isEmpty(), "no delay configured");
        assertTrue(p.nextAttemptAt(Outcome.ANSWERED_HUMAN, 1, now, r).isEmpty(), "never retries");
        assertTrue(RetryPolicy.OFF.nextAttemptAt(Outcome.BUSY, 1, now, r).isEmpty(), "off by default");
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(true, 3, Map.of(Outcome.CONSENT_DENIED, Duration.ofMinutes(1)), 1, 0));
    }

    @Test
    void amdOptionsFillGapsFromDefaultsAndRejectBadValues() {
        assertEquals("2000,2000,1000,5000,100,50,10,256,5000", AmdOptions.NONE.toDialplanArgument());
        AmdOptions o = AmdOptions.fromMap(Map.of("maximum_number_of_words", 4, "silence_threshold", "300"));
        assertEquals("2000,2000,1000,5000,100,50,4,300,5000", o.toDialplanArgument());
        assertEquals(Map.of("maximum_number_of_words", 4, "silence_threshold", 300), o.toMap());
        assertThrows(IllegalArgumentException.class, () -> AmdOptions.fromMap(Map.of("greetings", 1)));
        assertThrows(IllegalArgumentException.class, () -> AmdOptions.fromMap(Map.of("silence_threshold", 99999)));
        assertEquals(1500, AmdOptions.parse("2500,1500").greeting());
    }

    @Test
    void hopArgumentsParseLeniently() {
        HopResult h = HopResultWire.parse(List.of("outbound_amd", "42", "NOTSURE", "TOOLONG-5000", "", ""));
        assertEquals(42, h.attemptId());
        assertEquals("MACHINE", h.amdStatus(), "NOTSURE is treated as MACHINE");
        assertEquals("NOTSURE", h.rawAmdStatus());
        assertEquals(ConsentResult.SKIPPED, h.consent());
        HopResult d = HopResultWire.parse(List.of("outbound_amd", "7", "human", "HUMAN-1-1", "2", "denied"));
        assertEquals(ConsentResult.DENIED, d.consent());
        assertEquals("2", d.dtmf());
        assertThrows(IllegalArgumentException.class, () -> HopResultWire.parse(List.of("outbound_amd", "x")));
    }

    @Test
    void everyOutcomeClosesTheLeadSensibly() {
        assertEquals(LeadState.COMPLETED, Outcome.ANSWERED_HUMAN.leadStateAfter());
        assertEquals(LeadState.CANCELED, Outcome.CONSENT_DENIED.leadStateAfter());
        assertEquals(LeadState.FAILED, Outcome.BUSY.leadStateAfter());
        assertTrue(Outcome.BUSY.retryable());
        assertTrue(!Outcome.VOICEMAIL_DROPPED.retryable() && !Outcome.DNC.retryable() && !Outcome.CONSENT_DENIED.retryable());
    }
}
