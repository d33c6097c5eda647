package org.aava.dialer.core.calls;

import org.aava.dialer.core.ai.AiContext;
import org.aava.dialer.core.ai.AiContexts;
import org.aava.dialer.core.ai.AttachMode;
import org.aava.dialer.core.ai.PromptComposer;
import org.aava.dialer.core.calls.AttemptLifecycle.Step;
import org.aava.dialer.core.calls.CallEvent.*;
import org.aava.dialer.core.model.AiSessionKey;
import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.AttemptClose;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.HopResult;
import org.aava.dialer.core.model.HopResultWire;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.model.Outcome;
import org.aava.dialer.core.ports.*;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Routes PBX events and AI tool calls to their call's {@link AttemptLifecycle} and runs the commands it returns.
 * Events arrive on the PBX client's threads; each is handed to the call's own serial executor, so one call's events
 * are handled one at a time and in order, and nothing here blocks an event thread.
 */
public final class CallFlow implements CallEvents {
    private static final Logger log = LoggerFactory.getLogger(CallFlow.class);

    private final CallControl control;
    private final AttemptJournal journal;
    private final AiContexts contexts;
    private final PromptComposer prompts;
    private final DialerSettings settings;
    private final Clock clock;
    private final Executor workers;
    private final Supplier<AiSessionKey> sessionKeys;
    private final LiveCalls live = new LiveCalls();
    private final CircuitBreaker breaker;
    private final AttemptCloser closer;
    private final Reconciler reconciler;
    private final CallWatchdog watchdog;
    private final AiSessions sessions = new AiSessions();
    private final CommandRunner runner;

    /**
     * @param journal     where each transition of an attempt is written, in one transaction with its lead and call record
     * @param dnc         the DNC list an opt-out key press adds the number to (global, source {@code opt_out_keypress});
     *                    null: the lead is marked dnc by its outcome, the number is not listed
     * @param sessionKeys makes the secret each call's AI engine presents on the AI API; it must never repeat a key
     */
    public CallFlow(CallControl control, AttemptJournal journal, AttemptRepository attempts, LeadBook leads,
                    CampaignRepository campaigns, AiContexts contexts, PromptComposer prompts, DialerSettings settings,
                    Clock clock, DialerMetrics metrics, Executor workers, RandomGenerator random, DncRepository dnc,
                    Supplier<AiSessionKey> sessionKeys) {
        this.control = control;
        this.journal = journal;
        this.contexts = contexts;
        this.prompts = prompts;
        this.settings = settings;
        this.clock = clock;
        this.workers = workers;
        this.sessionKeys = java.util.Objects.requireNonNull(sessionKeys, "sessionKeys");
        this.breaker = new CircuitBreaker(settings.breakerErrors(), settings.breakerWindow());
        this.closer = new AttemptCloser(journal, campaigns, breaker, metrics, random);
        this.runner = new CommandRunner(control, journal, new OriginateRequests(settings), closer, live, sessions, dnc, metrics, clock);
        this.reconciler = new Reconciler(this, control, attempts, journal, campaigns, leads, metrics, random, clock, workers,
                settings.placement().asteriskServer());
        this.watchdog = new CallWatchdog(live, this, reconciler);
    }

    public LiveCalls live() { return live; }

    /** Whether the PBX control connection is up; nothing is originated while it is down. */
    public boolean pbxConnected() { return control.connected(); }

    public DialerSettings settings() { return settings; }

    public void resetBreaker(long campaignId) { breaker.reset(campaignId); }

    /** Ends calls stuck in a phase beyond its time limit. Called by the scheduler every tick; never blocks. */
    public void sweep(Instant now) { watchdog.sweep(now); }

    void reconcile() { reconciler.reconcile(); }

    /** Records every call's lifecycle inputs (tests only; null switches it off). */
    public void trace(CallTrace trace) { runner.trace(trace); }

    /**
     * Dials a leased lead: {@code leased → dialing} with its attempt opened, registers the call and originates.
     * Completes when the originate request is answered (or failed and accounted for).
     */
    public CompletableFuture<Optional<Long>> start(Campaign campaign, Lead lead) {
        Instant now = clock.instant();
        AiContext context = contexts.resolve(lead.contextOverride(), campaign.defaultContext());
        String provider = campaign.providerOverride() != null && !campaign.providerOverride().isBlank()
                ? campaign.providerOverride() : context.provider();
        PromptComposer.Composed composed = prompts.compose(context, lead);
        String channelId = "aava-" + UUID.randomUUID();
        Duration budget = dialBudget(campaign);
        Duration hold = settings.leaseTtl().compareTo(budget.plusSeconds(60)) > 0 ? settings.leaseTtl() : budget.plusSeconds(60);
        Attempt opening = Attempt.opening(campaign.id(), lead.id(), lead.phoneNormalized(), now, campaign.consentEnabled(),
                channelId, context.name(), provider, sessionKeys.get(), settings.placement());
        return journal.apply(new AttemptTransition.Open(opening, now.plus(hold))).thenCompose(opened -> {
            if (opened.isEmpty()) {
                log.warn("lead {} was no longer leased; not dialing it", lead.id());
                return CompletableFuture.completedFuture(Optional.<Long>empty());
            }
            long attemptId = opened.get().id();
            String uuid = context.attach().mode() == AttachMode.AUDIOSOCKET ? UUID.randomUUID().toString() : null;
            LiveCall call = new LiveCall(CallState.originating(attemptId, now, plan(campaign, context)), campaign, lead, channelId,
                    context, composed.prompt(), composed.leadContextJson(), provider, opening.aiSessionKey(), uuid, true, workers);
            live.add(call);
            runner.started(call);
            CallLog.info(log, call, "originating {} to {}", settings.endpointFor(lead.phoneNormalized()), campaign.name());
            CompletableFuture<Optional<Long>> done = new CompletableFuture<>();
            // (run here, not on the call's executor: the originate goes out now; its result comes back as an event)
            runner.run(call, AttemptLifecycle.start(call.state), () -> done.complete(Optional.of(attemptId)));
            return done;
        });
    }

    private Duration dialBudget(Campaign campaign) {
        return Duration.ofSeconds(campaign.dialTimeoutSeconds()).plus(settings.stasisMargin());
    }

    private CallPlan plan(Campaign c, AiContext context) {
        return new CallPlan(c.voicemailEnabled(), c.voicemailMediaUri(), context.attach(), dialBudget(c), settings.amdHopTimeout(),
                settings.voicemailTimeout(), settings.maxCallDuration());
    }

    /** The call of an attempt a previous process started, registered in the phase its channel shows. */
    LiveCall adopt(Attempt a, Campaign campaign, Lead lead, CallPhase phase) {
        AiContext ctx = contexts.resolve(a.context(), campaign.defaultContext());
        // (an AudioSocket id is made now; it goes on the channel when the call is attached)
        String uuid = ctx.attach().mode() == AttachMode.AUDIOSOCKET && phase != CallPhase.AI_ATTACHED ? UUID.randomUUID().toString() : null;
        CallState state = CallState.adopted(a.id(), phase, a.startedAt(), a.answeredAt(), plan(campaign, ctx));
        LiveCall call = new LiveCall(state, campaign, lead, a.channelId(), ctx, a.effectivePrompt(), null, a.provider(),
                a.aiSessionKey(), uuid, false, workers);
        call.deadline = AttemptLifecycle.deadline(state);
        live.add(call);
        runner.started(call);
        // the key the AI engine already holds (it is on the channel): the call stays its session after a restart,
        // once the AI really was attached, which its call record proves (an answered call may still be in AMD)
        if (phase == CallPhase.AI_ATTACHED && a.callHistoryId() != null) sessions.adopted(call);
        control.follow(a.channelId());
        CallLog.info(log, call, "adopted open attempt from a previous run in phase {}", phase);
        return call;
    }

    boolean closing(long attemptId) { return closer.isClosing(attemptId); }

    @Override
    public void stasisStart(String channelId, List<String> args) {
        if (args.isEmpty()) return;
        String kind = args.get(0);
        if (ChannelVars.ARG_OUTBOUND.equalsIgnoreCase(kind)) {
            long attemptId = parseAttemptId(args);
            Optional<LiveCall> call = attemptId > 0 ? live.byAttempt(attemptId) : live.byChannel(channelId);
            if (call.isPresent()) feed(call.get(), new Answered(clock.instant()));
            else workers.execute(() -> reconciler.adoptAnswered(attemptId, channelId));
        } else if (ChannelVars.ARG_OUTBOUND_AMD.equalsIgnoreCase(kind)) {
            HopResult hop;
            try {
                hop = HopResultWire.parse(args);
            } catch (IllegalArgumentException e) {
                log.error("malformed AMD hop arguments {} on channel {}: {}", args, channelId, e.getMessage());
                live.byChannel(channelId).ifPresentOrElse(c -> feed(c, new HopMalformed(clock.instant(), args.toString())),
                        () -> control.hangup(channelId, "normal"));
                return;
            }
            Optional<LiveCall> call = live.byAttempt(hop.attemptId()).or(() -> live.byChannel(channelId));
            if (call.isPresent()) {
                feed(call.get(), new HopReturned(clock.instant(), hop));
            } else {
                log.warn("AMD hop returned for unknown attempt {} on channel {}; hanging up", hop.attemptId(), channelId);
                control.hangup(channelId, "normal");
                Instant now = clock.instant();
                journal.apply(new AttemptTransition.RecordHop(hop, now));
                journal.apply(new AttemptTransition.Close(hop.attemptId(),
                        AttemptClose.of(Outcome.ERROR, now).withError("unknown call after restart")));
            }
        }
    }

    private static long parseAttemptId(List<String> args) {
        try {
            return args.size() > 1 ? Long.parseLong(args.get(1).trim()) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void stasisEnd(String channelId) {
        live.byChannel(channelId).ifPresent(c -> feed(c, new StasisEnded(clock.instant())));
    }

    @Override
    public void channelDestroyed(String channelId, int cause, String causeText) {
        channelDestroyed(channelId, cause, causeText, 0);
    }

    @Override
    public void channelDestroyed(String channelId, int cause, String causeText, int sipCode) {
        live.byChannel(channelId).ifPresent(c -> feed(c, new ChannelDestroyed(clock.instant(), cause, causeText, sipCode)));
    }

    @Override
    public void dialStatus(String channelId, String dialStatus) {
        live.byChannel(channelId).ifPresent(c -> feed(c, new DialStatus(clock.instant(), dialStatus)));
    }

    @Override
    public void playbackFinished(String playbackId) {
        for (LiveCall call : live.all()) {
            if (playbackId.equals(call.state.playbackId())) {
                feed(call, new PlaybackFinished(clock.instant()));
                return;
            }
        }
    }

    @Override
    public void connectionChanged(boolean connected) {
        if (connected) workers.execute(reconciler::reconcile);
    }

    /** Hangs the call up on the AI's request; the outcome stays {@code answered_human}. */
    public boolean hangupByAi(long attemptId) {
        Optional<LiveCall> call = live.byAttempt(attemptId);
        call.ifPresent(c -> feed(c, new AiHangup(clock.instant())));
        return call.isPresent();
    }

    /** Ends a live call as {@code opted_out} (the AI's {@code add_to_dnc}); false when the attempt has no live call. */
    public CompletableFuture<Boolean> optOut(long attemptId) {
        return ask(attemptId, new AiOptOut(clock.instant()));
    }

    /** Sends the call to an extension and marks the attempt {@code transferred}. */
    public CompletableFuture<Boolean> transfer(long attemptId, String context, String extension) {
        return ask(attemptId, new AiTransfer(clock.instant(), context, extension));
    }

    /** Feeds an AI tool's event; completes with whether the call took it (a transfer: once its request succeeded). */
    private CompletableFuture<Boolean> ask(long attemptId, CallEvent event) {
        Optional<LiveCall> found = live.byAttempt(attemptId);
        if (found.isEmpty()) return CompletableFuture.completedFuture(false);
        LiveCall call = found.get();
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        call.events.execute(() -> {
            Step step = runner.apply(call, event);
            if (step.wasIgnored()) done.complete(false);
            runner.run(call, step, event instanceof AiTransfer ? () -> { } : () -> done.complete(true), done);
        });
        return done;
    }

    /**
     * The call an AI engine holds the key of: its AI session key or its AudioSocket UUID, both random; never the
     * attempt id, which anyone can guess. Only while the call is live and attached to the AI.
     */
    public Optional<LiveCall> session(String key) {
        return sessions.find(key);
    }

    /** Hands an event to its call's executor, where the lifecycle decides and its commands run. */
    void feed(LiveCall call, CallEvent event) {
        runner.feed(call, event);
    }
}
