package org.aava.dialer.core.calls;

import org.aava.dialer.core.ai.AttachTarget;
import org.aava.dialer.core.calls.AttemptLifecycle.Step;
import org.aava.dialer.core.calls.CallCommand.*;
import org.aava.dialer.core.calls.CallEvent.*;
import org.aava.dialer.core.ports.AttemptJournal;
import org.aava.dialer.core.ports.AttemptTransition;
import org.aava.dialer.core.ports.CallControl;
import org.aava.dialer.core.ports.CallControlException;
import org.aava.dialer.core.ports.DncRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Runs what {@link AttemptLifecycle} decided for a call, on the call's serial executor: PBX requests (whose results
 * come back as events), journal writes, the call's slot and AI session, the watchdog's next look.
 */
final class CommandRunner {
    private static final Logger log = LoggerFactory.getLogger(CallFlow.class);

    private final CallControl control;
    private final AttemptJournal journal;
    private final OriginateRequests originates;
    private final AttemptCloser closer;
    private final LiveCalls live;
    private final AiSessions sessions;
    private final DncRepository dnc;
    private final DialerMetrics metrics;
    private final Clock clock;
    private volatile CallTrace trace = CallTrace.NONE;

    CommandRunner(CallControl control, AttemptJournal journal, OriginateRequests originates, AttemptCloser closer, LiveCalls live,
                  AiSessions sessions, DncRepository dnc, DialerMetrics metrics, Clock clock) {
        this.control = control;
        this.journal = journal;
        this.originates = originates;
        this.closer = closer;
        this.live = live;
        this.sessions = sessions;
        this.dnc = dnc;
        this.metrics = metrics;
        this.clock = clock;
    }


    /** Hands an event to its call's executor, where the lifecycle decides and its commands run. */
    void feed(LiveCall call, CallEvent event) {
        call.events.execute(() -> run(call, apply(call, event), () -> { }));
    }

    /** The lifecycle's step for one event of the call (on the call's executor). */
    Step apply(LiveCall call, CallEvent event) {
        trace.event(call.attemptId, event);
        return AttemptLifecycle.apply(call.state, event);
    }

    void trace(CallTrace trace) {
        this.trace = trace == null ? CallTrace.NONE : trace;
    }

    void started(LiveCall call) {
        trace.started(call.state);
    }

    void run(LiveCall call, Step step, Runnable sent) {
        run(call, step, sent, null);
    }

    /** @param reply completed by a transfer's request; {@code sent} runs once the originate (if any) was answered */
    void run(LiveCall call, Step step, Runnable sent, CompletableFuture<Boolean> reply) {
        call.state = step.state();
        if (step.wasIgnored()) {
            CallLog.debug(log, call, "ignored: {}", step.ignored());
            sent.run();
            return;
        }
        boolean waits = false;
        for (CallCommand command : step.commands()) {
            switch (command) {
                case Originate o -> {
                    waits = true;
                    originate(call, sent);
                }
                case Follow f -> control.follow(call.channelId);
                case ContinueInDialplan c -> control.continueInDialplan(call.channelId, c.context(), c.extension(), c.priority())
                        .whenComplete((v, e) -> {
                            if (c.purpose() == Purpose.TRANSFER) {
                                feed(call, new TransferResult(clock.instant(), e == null));
                                if (reply != null) reply.complete(e == null);
                            } else if (e != null) {
                                CallControlException x = CallControlException.from(e);
                                if (!x.refused()) CallLog.warn(log, call, "continueInDialplan outcome unknown: {}", describe(x));
                                feed(call, new HopRequestFailed(clock.instant(), x.refused(), describe(x)));
                            }
                        });
                case Play p -> control.play(call.channelId, p.mediaUri(), p.playbackId()).whenComplete((v, e) -> {
                    if (e != null) feed(call, new PlaybackFailed(clock.instant(), describe(CallControlException.from(e))));
                });
                case Hangup h -> {
                    if (h.why() != null) CallLog.warn(log, call, h.why());
                    control.hangup(call.channelId, "normal");
                }
                case AttachAi a -> attach(call, a.target());
                case AddToDnc d -> addToDnc(call);
                case ScheduleTimer t -> call.deadline = t.at();
                case ReleaseSlot r -> {
                    closer.closing(call.attemptId);
                    live.remove(call);
                    sessions.remove(call);
                }
                case Journal j -> write(call, j.entry());
            }
        }
        if (!waits) sent.run();
    }

    private void originate(LiveCall call, Runnable sent) {
        long t0 = System.nanoTime();
        control.originate(originates.of(call)).whenComplete((ok, error) -> {
            if (error == null) {
                metrics.originated(call.campaignId(), Duration.ofNanos(System.nanoTime() - t0));
            } else {
                metrics.originateFailed(call.campaignId());
                CallControlException e = CallControlException.from(error);
                OriginateFailure failure = e.unanswered() ? OriginateFailure.UNANSWERED
                        : e.refused() ? OriginateFailure.REFUSED : OriginateFailure.FAILED;
                if (failure == OriginateFailure.UNANSWERED) {
                    CallLog.warn(log, call, "originate unanswered ({}); waiting for the call's events", describe(e));
                }
                feed(call, new OriginateFailed(clock.instant(), failure, describe(e)));
            }
            sent.run();
        });
    }

    private void attach(LiveCall call, AttachTarget target) {
        call.attachSentNanos = System.nanoTime();
        sessions.attached(call);
        CompletableFuture<?> attached = switch (target.mode()) {
            case STASIS -> control.move(call.channelId, target.app(), List.of(ChannelVars.ARG_OUTBOUND, Long.toString(call.attemptId)));
            case DIALPLAN -> control.continueInDialplan(call.channelId, target.context(), target.extension(), target.priority());
            case AUDIOSOCKET -> {
                CompletableFuture<Void> ready = call.audioSocketUuidOnChannel ? CompletableFuture.completedFuture(null)
                        : control.setVariables(call.channelId, Map.of(ChannelVars.AUDIOSOCKET_UUID, call.audioSocketUuid));
                yield ready.thenCompose(v -> control.attachAudioSocket(call.channelId, target.host(), target.port(), call.audioSocketUuid));
            }
        };
        attached.whenComplete((v, e) -> feed(call, new AttachResult(clock.instant(), e == null,
                e == null ? null : describe(CallControlException.from(e)))));
    }

    private void addToDnc(LiveCall call) {
        if (dnc == null) {
            CallLog.warn(log, call, "opt-out key pressed but no DNC store is wired; the lead is marked dnc only");
            return;
        }
        dnc.add(call.lead.phoneNormalized(), null, "pressed the opt-out key", "opt_out_keypress").whenComplete((added, e) -> {
            if (e != null) CallLog.warn(log, call, "could not add the opted-out number to the DNC list: {}", e.toString());
        });
    }

    private void write(LiveCall call, Entry entry) {
        switch (entry) {
            case CallCommand.Answer a -> {
                CallLog.info(log, call, "answered; sending through the AMD hop");
                journal.apply(new AttemptTransition.Answer(call.attemptId, call.leadId(), call.channelId, a.at()));
            }
            case HopDecided h -> {
                if (call.state.answeredAt() != null) metrics.amdDecided(Duration.between(call.state.answeredAt(), h.at()));
                CallLog.info(log, call, "AMD hop returned {} {} dtmf={} consent={}", h.hop().amdStatus(), h.hop().amdCause(),
                        h.hop().dtmf(), h.hop().consent().wire());
                journal.apply(new AttemptTransition.RecordHop(h.hop(), h.at()));
            }
            case Attached a -> {
                metrics.aiAttached(Duration.ofNanos(System.nanoTime() - call.attachSentNanos));
                CallLog.info(log, call, "attached to AI context {} via {}", call.aiContext.name(), call.aiContext.attach().mode().wire());
                journal.apply(new AttemptTransition.Attach(call.attemptId, call.campaignId(), call.leadId(), call.lead.phoneNormalized(),
                        call.aiContext.name(), call.provider, call.effectivePrompt, a.at()));
            }
            case Closed c -> closer.close(call, c);
        }
    }

    static String describe(CallControlException e) {
        return (e.status() > 0 ? "HTTP " + e.status() + ": " : "") + e.getMessage();
    }
}
