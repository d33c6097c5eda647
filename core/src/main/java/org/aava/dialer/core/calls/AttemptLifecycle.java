package org.aava.dialer.core.calls;

import org.aava.dialer.core.calls.CallCommand.AddToDnc;
import org.aava.dialer.core.calls.CallCommand.AttachAi;
import org.aava.dialer.core.calls.CallCommand.Closed;
import org.aava.dialer.core.calls.CallCommand.ContinueInDialplan;
import org.aava.dialer.core.calls.CallCommand.Follow;
import org.aava.dialer.core.calls.CallCommand.Hangup;
import org.aava.dialer.core.calls.CallCommand.Journal;
import org.aava.dialer.core.calls.CallCommand.Play;
import org.aava.dialer.core.calls.CallCommand.Purpose;
import org.aava.dialer.core.calls.CallCommand.ReleaseSlot;
import org.aava.dialer.core.calls.CallCommand.ScheduleTimer;
import org.aava.dialer.core.calls.CallEvent.*;
import org.aava.dialer.core.ai.AttachMode;
import org.aava.dialer.core.model.ConsentResult;
import org.aava.dialer.core.model.HopResult;
import org.aava.dialer.core.model.Outcome;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One attempt's life as a pure function {@code (state, event) -> (state, commands)}: no I/O, no clock (the time
 * comes with the event), no threads. Every path ends in exactly one {@link Closed}; once closed, every event is
 * ignored. An event that cannot matter in the call's state is returned as {@link Step#ignored} with the reason,
 * for the runner to log.
 */
public final class AttemptLifecycle {
    /** Delay before a lead whose originate never reached Asterisk is dialed again. */
    static final Duration TRANSIENT_RETRY = Duration.ofSeconds(30);
    /**
     * An originate ARI never answered may still be placed late by an overloaded Asterisk: its slot is kept this long
     * past the dial budget, and its lead waits {@link #UNANSWERED_ORIGINATE_RETRY} before it is dialed again, so a
     * late call is never doubled.
     */
    static final Duration UNANSWERED_ORIGINATE_GRACE = Duration.ofSeconds(60);
    static final Duration UNANSWERED_ORIGINATE_RETRY = Duration.ofMinutes(5);

    private AttemptLifecycle() {
    }

    /** The result of one event: the next state, the commands to run in order, and why the event was ignored (or null). */
    public record Step(CallState state, List<CallCommand> commands, String ignored) {
        public Step {
            commands = List.copyOf(commands);
        }

        static Step ignored(CallState state, String reason) {
            return new Step(state, List.of(), reason);
        }

        public boolean wasIgnored() {
            return ignored != null;
        }
    }

    /** The first step of a call: originate, with the dial budget's watchdog. */
    public static Step start(CallState state) {
        return new Step(state, List.of(new ScheduleTimer(deadline(state)), new CallCommand.Originate()), null);
    }

    /** When the watchdog must look at the call again (null: never): the time limit of its phase. */
    public static Instant deadline(CallState s) {
        if (s.closed()) return null;
        CallPlan p = s.plan();
        return switch (s.phase()) {
            case ORIGINATING -> s.createdAt().plus(p.dialBudget()).plus(s.originateUnanswered() ? UNANSWERED_ORIGINATE_GRACE : Duration.ZERO);
            case AMD_HOP -> s.phaseSince().plus(p.amdHopTimeout());
            case VOICEMAIL -> s.phaseSince().plus(p.voicemailTimeout());
            case AI_ATTACHED -> s.durationGuardFired() ? null : s.phaseSince().plus(p.maxCallDuration());
            case ENDING -> null;
        };
    }

    public static Step apply(CallState state, CallEvent event) {
        Step step = decide(state, event);
        Instant before = deadline(state);
        Instant after = deadline(step.state());
        if (step.wasIgnored() || Objects.equals(before, after)) return step;
        List<CallCommand> commands = new ArrayList<>(step.commands());
        commands.add(new ScheduleTimer(after));
        return new Step(step.state(), commands, null);
    }

    private static Step decide(CallState s, CallEvent event) {
        // (the channel's dial status and SIP code are facts about it, kept even while the close is being written)
        if (event instanceof DialStatus d) return new Step(s.withDialStatus(d.status()), List.of(), null);
        // A successful attach is journaled even when the call has ended meanwhile: its call record is then written
        // finished, like its attempt.
        if (event instanceof AttachResult a && a.ok() && (s.closed() || s.phase() == CallPhase.AI_ATTACHED)) {
            return new Step(s, List.of(new Journal(new CallCommand.Attached(s.phaseSince()))), null);
        }
        if (s.closed()) return Step.ignored(s, "the attempt is already closed");
        return switch (event) {
            case OriginateFailed e -> originateFailed(s, e);
            case Answered e -> s.phase() != CallPhase.ORIGINATING ? Step.ignored(s, "answered again in phase " + s.phase())
                    : new Step(s.answered(e.at()), List.of(new Journal(new CallCommand.Answer(e.at())), new Follow(),
                    new ContinueInDialplan(ChannelVars.AMD_CONTEXT, "s", 1, Purpose.AMD_HOP)), null);
            case StasisEnded e -> Step.ignored(s, "StasisEnd is never terminal");
            case HopReturned e -> s.hop() != null ? Step.ignored(s, "the AMD hop already returned") : hopReturned(s, e);
            case HopMalformed e -> hangupAndClose(s, Outcome.ERROR, "malformed AMD hop arguments: " + e.args(), e.at());
            case HopRequestFailed e -> s.phase() != CallPhase.AMD_HOP ? Step.ignored(s, "the hop request failed after the call left the hop")
                    : e.refused()
                    ? hangupAndClose(s, Outcome.ERROR, "continueInDialplan failed: " + e.description(), e.at())
                    : Step.ignored(s, "continueInDialplan outcome unknown (" + e.description() + "); the channel's end or the watchdog settles it");
            case DialStatus e -> throw new AssertionError("handled above");
            case PlaybackFinished e -> s.phase() != CallPhase.VOICEMAIL ? Step.ignored(s, "no voicemail drop is playing")
                    : hangupAndClose(s, Outcome.VOICEMAIL_DROPPED, null, e.at());
            case PlaybackFailed e -> s.phase() != CallPhase.VOICEMAIL ? Step.ignored(s, "no voicemail drop is playing")
                    : hangupAndClose(s, Outcome.MACHINE_DETECTED, "voicemail drop failed: " + e.description(), e.at());
            case ChannelDestroyed e -> destroyed(e.sipCode() > 0 ? s.withSipCode(e.sipCode()) : s, e);
            case AttachResult e -> s.phase() != CallPhase.AI_ATTACHED ? Step.ignored(s, "no AI attach was sent")
                    : hangupAndClose(s, Outcome.ERROR, "AI attach failed: " + e.description(), e.at());
            case AiHangup e -> new Step(s, List.of(new Hangup(null)), null);
            case AiOptOut e -> hangupAndClose(s, Outcome.OPTED_OUT, null, e.at());
            case AiTransfer e -> s.phase() != CallPhase.AI_ATTACHED ? Step.ignored(s, "a transfer needs the call attached to the AI")
                    : new Step(s.pending(Outcome.TRANSFERRED, s.pendingError()),
                    List.of(new ContinueInDialplan(e.context(), e.extension(), 1, Purpose.TRANSFER)), null);
            case TransferResult e -> s.phase() != CallPhase.AI_ATTACHED ? Step.ignored(s, "no transfer was sent")
                    : e.ok() ? new Step(s, List.of(new Follow()), null)
                    : new Step(s.pending(null, s.pendingError()), List.of(), null);
            case WatchdogExpired e -> expired(s, e.at());
            case ChannelGone e -> close(s, s.pendingOutcome() != null ? s.pendingOutcome() : Outcome.ERROR, null, null,
                    "lost on restart: channel gone after reconnect", null, false, e.at());
        };
    }

    private static Step originateFailed(CallState s, OriginateFailed e) {
        if (s.phase() != CallPhase.ORIGINATING) return Step.ignored(s, "the call got past originating before its originate failed");
        return switch (e.failure()) {
            // Asterisk may have placed the call (a timeout under load): dialing the lead again now could ring the
            // person twice. The slot is kept; events or the watchdog settle it.
            case UNANSWERED -> new Step(s.unanswered(), List.of(), null);
            case REFUSED -> close(s, Outcome.ERROR, null, null, "originate failed: " + e.description(), null, true, e.at());
            // the call reached nobody, so the lead goes back to the queue instead of being burnt
            case FAILED -> close(s, Outcome.ERROR, null, null, "originate failed: " + e.description(),
                    e.at().plus(TRANSIENT_RETRY), true, e.at());
        };
    }

    private static Step hopReturned(CallState state, HopReturned e) {
        HopResult hop = e.hop();
        CallState s = state.withHop(hop);
        Journal recorded = new Journal(new CallCommand.HopDecided(hop, e.at()));
        Step next;
        if (hop.machine()) {
            if (s.plan().voicemailEnabled()) {
                String playbackId = "aava-vm-" + s.attemptId() + "-" + Long.toHexString(e.at().toEpochMilli());
                next = new Step(s.playing(playbackId, e.at()), List.of(new Play(s.plan().voicemailMediaUri(), playbackId)), null);
            } else {
                next = hangupAndClose(s, Outcome.MACHINE_DETECTED, null, e.at());
            }
        } else if (hop.human() && hop.consent() == ConsentResult.OPTED_OUT) {
            // honoured at once: on the global list before the hangup, so no other campaign dials the number again
            Step closing = hangupAndClose(s, Outcome.OPTED_OUT, null, e.at());
            List<CallCommand> commands = new ArrayList<>();
            commands.add(new AddToDnc());
            commands.addAll(closing.commands());
            next = new Step(closing.state(), commands, null);
        } else if (hop.human() && hop.consent() == ConsentResult.DENIED) {
            next = hangupAndClose(s, Outcome.CONSENT_DENIED, null, e.at());
        } else if (hop.human() && hop.consent() == ConsentResult.TIMEOUT) {
            next = hangupAndClose(s, Outcome.CONSENT_TIMEOUT, null, e.at());
        } else if ("HANGUP".equals(hop.amdStatus())) {
            next = hangupAndClose(s, Outcome.HANGUP_DURING_AMD, null, e.at());
        } else {
            List<CallCommand> commands = new ArrayList<>(List.of(new AttachAi(s.plan().attach())));
            if (s.plan().attach().mode() != AttachMode.AUDIOSOCKET) commands.add(new Follow());
            next = new Step(s.enter(CallPhase.AI_ATTACHED, e.at()), commands, null);
        }
        List<CallCommand> commands = new ArrayList<>();
        commands.add(recorded);
        commands.addAll(next.commands());
        return new Step(next.state(), commands, null);
    }

    private static Step destroyed(CallState s, ChannelDestroyed e) {
        Outcome outcome;
        String error = null;
        switch (s.phase()) {
            case ORIGINATING -> outcome = HangupCauses.unanswered(e.cause(), s.lastDialStatus(), s.sipCode());
            case AMD_HOP -> outcome = Outcome.HANGUP_DURING_AMD;
            case VOICEMAIL -> {
                outcome = Outcome.MACHINE_DETECTED;
                error = "hung up before the voicemail drop finished";
            }
            case AI_ATTACHED -> outcome = s.pendingOutcome() != null ? s.pendingOutcome() : Outcome.ANSWERED_HUMAN;
            default -> outcome = s.pendingOutcome() != null ? s.pendingOutcome() : Outcome.ERROR;
        }
        if (outcome == Outcome.ERROR && error == null) error = s.pendingError() != null ? s.pendingError() : e.causeText();
        return close(s, outcome, e.cause(), e.causeText(), error != null ? error : s.pendingError(), null, true, e.at());
    }

    private static Step expired(CallState s, Instant at) {
        Instant deadline = deadline(s);
        if (deadline == null || !at.isAfter(deadline)) return Step.ignored(s, "no time limit of phase " + s.phase() + " has passed");
        return switch (s.phase()) {
            case ORIGINATING -> s.originateUnanswered()
                    // no sign of the call within the whole dial budget: it was never placed (or is gone)
                    ? prepend(new Hangup(null), close(s, Outcome.ERROR, null, null, "originate unanswered and no call appeared",
                    at.plus(UNANSWERED_ORIGINATE_RETRY), true, at))
                    : hangupAndClose(s, Outcome.NO_ANSWER, "no answer within the dial timeout (no StasisStart)", at);
            case AMD_HOP -> hangupAndClose(s, Outcome.ERROR,
                    "the AMD hop did not return to Stasis within " + s.plan().amdHopTimeout().toSeconds() + " s", at);
            case VOICEMAIL -> hangupAndClose(s, Outcome.MACHINE_DETECTED, "voicemail playback did not finish", at);
            // the outcome stays answered_human: the channel's end closes the attempt
            case AI_ATTACHED -> new Step(s.guardFired(), List.of(new Hangup("max call duration reached; hanging up")), null);
            case ENDING -> Step.ignored(s, "an ending call has no time limit");
        };
    }

    /**
     * The outcome is decided: hang up and close now, so the lead's state is right even if the channel's destroy
     * event is lost; the destroy that follows is ignored.
     */
    private static Step hangupAndClose(CallState s, Outcome outcome, String error, Instant at) {
        CallState ending = s.pending(outcome, error).enter(CallPhase.ENDING, at);
        return prepend(new Hangup(null), close(ending, outcome, null, null, error, null, true, at));
    }

    private static Step close(CallState s, Outcome outcome, Integer cause, String causeText, String error, Instant requeueAt,
                              boolean countsForBreaker, Instant at) {
        return new Step(s.closing(), List.of(new ReleaseSlot(),
                new Journal(new Closed(outcome, cause, causeText, error, requeueAt, s.sipCode(), countsForBreaker, at))), null);
    }

    private static Step prepend(CallCommand first, Step step) {
        List<CallCommand> commands = new ArrayList<>();
        commands.add(first);
        commands.addAll(step.commands());
        return new Step(step.state(), commands, step.ignored());
    }
}
