package org.aava.dialer.core.calls;

import org.aava.dialer.core.ai.AttachTarget;
import org.aava.dialer.core.model.HopResult;
import org.aava.dialer.core.model.Outcome;

import java.time.Instant;

/** What {@link AttemptLifecycle} asks the runner ({@link CallFlow}) to do, in order. */
public sealed interface CallCommand {
    /** Place the call (the first command of a call). */
    record Originate() implements CallCommand { }

    /** Keep receiving the channel's events after it leaves our application. */
    record Follow() implements CallCommand { }

    /** Why the call is sent into the dialplan: the runner reports a failure back as the matching event. */
    enum Purpose { AMD_HOP, TRANSFER }

    record ContinueInDialplan(String context, String extension, int priority, Purpose purpose) implements CallCommand { }

    record Play(String mediaUri, String playbackId) implements CallCommand { }

    /** @param why what the runner logs as a warning (null: nothing, the hang-up is the normal course) */
    record Hangup(String why) implements CallCommand { }

    /** Hand the call to the AI (stasis move, dialplan continue or AudioSocket); the result comes back as AttachResult. */
    record AttachAi(AttachTarget target) implements CallCommand { }

    /** Put the callee's number on the global DNC list (the opt-out key). */
    record AddToDnc() implements CallCommand { }

    /** The watchdog's next look at the call (null: none). */
    record ScheduleTimer(Instant at) implements CallCommand { }

    /** The call stops counting against the caps and leaves every index; its attempt is closing. */
    record ReleaseSlot() implements CallCommand { }

    /** Write one transition of the attempt (with its lead and call record). */
    record Journal(Entry entry) implements CallCommand { }

    /** The journal entries of a call. */
    sealed interface Entry { }

    record Answer(Instant at) implements Entry { }

    record HopDecided(HopResult hop, Instant at) implements Entry { }

    /** The AI took the call at {@code at} (when the attach was sent). */
    record Attached(Instant at) implements Entry { }

    /**
     * The attempt's one close. {@code requeueAt} overrides the retry policy; {@code countsForBreaker} is false for calls
     * lost to a PBX restart, no sign of a broken trunk or dialplan.
     */
    record Closed(Outcome outcome, Integer cause, String causeText, String error, Instant requeueAt, int sipCode,
                  boolean countsForBreaker, Instant at) implements Entry { }
}
