package org.aava.dialer.core.calls;

import org.aava.dialer.core.model.HopResult;
import org.aava.dialer.core.model.Outcome;

import java.time.Instant;

/**
 * One call's state as {@link AttemptLifecycle} sees it; immutable, replaced whole by every event.
 *
 * @param hop                 what the AMD hop decided (null until it returned)
 * @param playbackId          the voicemail drop's playback (null unless one was started)
 * @param sipCode             the SIP final response reported when the channel went, 0 when none
 * @param pendingOutcome      the outcome decided before the channel's end (machine, consent, transfer)
 * @param originateUnanswered the originate got no answer: the call may exist; events or the watchdog settle it
 * @param durationGuardFired  the max call duration was reached and the hang-up sent
 * @param closed              the attempt's close was issued; every later event is ignored
 */
public record CallState(long attemptId, CallPhase phase, Instant createdAt, Instant phaseSince, Instant answeredAt,
                        HopResult hop, String playbackId, String lastDialStatus, int sipCode, Outcome pendingOutcome,
                        String pendingError, boolean originateUnanswered, boolean durationGuardFired, boolean closed,
                        CallPlan plan) {

    /** A call just originated. */
    public static CallState originating(long attemptId, Instant createdAt, CallPlan plan) {
        return new CallState(attemptId, CallPhase.ORIGINATING, createdAt, createdAt, null, null, null, null, 0, null, null,
                false, false, false, plan);
    }

    /** A call a previous process started, rebuilt in the phase its channel shows. */
    public static CallState adopted(long attemptId, CallPhase phase, Instant startedAt, Instant answeredAt, CallPlan plan) {
        // (its phase's time limit counts from the attempt's start: when the phase began is not known)
        return new CallState(attemptId, phase, startedAt, startedAt, answeredAt, null, null, null, 0, null, null, false, false,
                false, plan);
    }

    CallState enter(CallPhase next, Instant at) {
        return new CallState(attemptId, next, createdAt, at, answeredAt, hop, playbackId, lastDialStatus, sipCode,
                pendingOutcome, pendingError, originateUnanswered, durationGuardFired, closed, plan);
    }

    CallState answered(Instant at) {
        return new CallState(attemptId, CallPhase.AMD_HOP, createdAt, at, at, hop, playbackId, lastDialStatus, sipCode,
                pendingOutcome, pendingError, originateUnanswered, durationGuardFired, closed, plan);
    }

    CallState withHop(HopResult h) {
        return new CallState(attemptId, phase, createdAt, phaseSince, answeredAt, h, playbackId, lastDialStatus, sipCode,
                pendingOutcome, pendingError, originateUnanswered, durationGuardFired, closed, plan);
    }

    CallState playing(String id, Instant at) {
        return new CallState(attemptId, CallPhase.VOICEMAIL, createdAt, at, answeredAt, hop, id, lastDialStatus, sipCode,
                pendingOutcome, pendingError, originateUnanswered, durationGuardFired, closed, plan);
    }

    CallState withDialStatus(String status) {
        return new CallState(attemptId, phase, createdAt, phaseSince, answeredAt, hop, playbackId, status, sipCode,
                pendingOutcome, pendingError, originateUnanswered, durationGuardFired, closed, plan);
    }

    CallState withSipCode(int code) {
        return new CallState(attemptId, phase, createdAt, phaseSince, answeredAt, hop, playbackId, lastDialStatus, code,
                pendingOutcome, pendingError, originateUnanswered, durationGuardFired, closed, plan);
    }

    CallState pending(Outcome outcome, String error) {
        return new CallState(attemptId, phase, createdAt, phaseSince, answeredAt, hop, playbackId, lastDialStatus, sipCode,
                outcome, error, originateUnanswered, durationGuardFired, closed, plan);
    }

    CallState unanswered() {
        return new CallState(attemptId, phase, createdAt, phaseSince, answeredAt, hop, playbackId, lastDialStatus, sipCode,
                pendingOutcome, pendingError, true, durationGuardFired, closed, plan);
    }

    CallState guardFired() {
        return new CallState(attemptId, phase, createdAt, phaseSince, answeredAt, hop, playbackId, lastDialStatus, sipCode,
                pendingOutcome, pendingError, originateUnanswered, true, closed, plan);
    }

    CallState closing() {
        return new CallState(attemptId, phase, createdAt, phaseSince, answeredAt, hop, playbackId, lastDialStatus, sipCode,
                pendingOutcome, pendingError, originateUnanswered, durationGuardFired, true, plan);
    }
}
