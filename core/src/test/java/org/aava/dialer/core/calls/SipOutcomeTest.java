package org.aava.dialer.core.calls;

import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.model.LeadState;
import org.aava.dialer.core.model.Outcome;
import org.aava.dialer.core.model.RetryPolicy;
import org.aava.dialer.core.testing.DialerHarness;
import org.aava.dialer.core.testing.FakeCallControl.Originated;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The SIP final response decides an unanswered call's outcome where the Q.850 cause is coarse. */
class SipOutcomeTest {
    @ParameterizedTest(name = "SIP {0} -> {1}")
    @CsvSource({"486, BUSY", "600, BUSY", "480, NO_ANSWER", "408, NO_ANSWER", "404, INVALID_NUMBER", "484, INVALID_NUMBER",
            "604, INVALID_NUMBER", "503, CONGESTION", "500, CONGESTION", "603, REJECTED"})
    void sipCodesDecide(int sip, Outcome expected) {
        assertEquals(expected, HangupCauses.fromSipCode(sip));
        // whatever coarse Q.850 cause Asterisk mapped the response to
        for (int cause : new int[]{0, 16, 18, 21, 31, 127}) assertEquals(expected, HangupCauses.unanswered(cause, "NOANSWER", sip));
    }

    @ParameterizedTest(name = "SIP {0} leaves Q.850 {1} to decide")
    @CsvSource({"0, 17, BUSY", "487, 16, NO_ANSWER", "401, 21, REJECTED", "302, 34, CONGESTION", "-1, 1, INVALID_NUMBER"})
    void otherCodesLeaveItToTheCause(int sip, int cause, Outcome expected) {
        assertNull(HangupCauses.fromSipCode(sip));
        assertEquals(expected, HangupCauses.unanswered(cause, null, sip));
    }

    private static final RetryPolicy RETRIES = new RetryPolicy(true, 5, java.util.Map.of(Outcome.BUSY, Duration.ofMinutes(10),
            Outcome.NO_ANSWER, Duration.ofMinutes(30), Outcome.CONGESTION, Duration.ofMinutes(5)), 1.0, 0.0);

    @ParameterizedTest(name = "SIP {1} (Q.850 {0}) -> {2}, retry after {3} min")
    @CsvSource({"17, 486, BUSY, 10", "18, 480, NO_ANSWER, 30", "34, 503, CONGESTION, 5", "21, 603, REJECTED, -1",
            "1, 404, INVALID_NUMBER, -1", "18, 604, INVALID_NUMBER, -1", "21, 600, BUSY, 10"})
    void theAttemptKeepsTheSipCodeAndTheRetryPolicySeesTheFinerOutcome(int cause, int sip, Outcome expected, int retryMinutes) {
        DialerHarness h = new DialerHarness();
        Campaign c = h.campaign("sip", b -> b.maxConcurrent(1).retryPolicy(RETRIES), 1);
        Originated o = h.dialOne(c);
        h.pbx.destroySip(o, cause, sip);
        Attempt a = h.store.attempt(o.attemptId());
        assertEquals(expected, a.outcome());
        assertEquals(sip, a.sipCode());
        assertEquals(cause, a.hangupCause());
        Lead l = h.store.lead(o.leadId());
        if (retryMinutes < 0) {
            assertEquals(LeadState.FAILED, l.state(), "final: never dialed again");
            assertNull(l.nextAttemptAt());
        } else {
            assertEquals(LeadState.PENDING, l.state());
            assertEquals(h.clock.instant().plus(Duration.ofMinutes(retryMinutes)), l.nextAttemptAt());
        }
        assertEquals(expected.wire(), l.lastOutcome());
    }

    @Test
    void aCallWithoutASipCodeStoresNone() {
        DialerHarness h = new DialerHarness();
        Originated o = h.dialOne(h.campaign("local", b -> b.maxConcurrent(1), 1));
        h.pbx.destroy(o, 17);
        assertEquals(Outcome.BUSY, h.store.attempt(o.attemptId()).outcome());
        assertNull(h.store.attempt(o.attemptId()).sipCode());
    }
}
