package org.aava.dialer.core.calls;

import org.aava.dialer.core.ai.AiContext;
import org.aava.dialer.core.ai.AiContexts;
import org.aava.dialer.core.ai.PromptComposer;
import org.aava.dialer.core.model.AiSessionKey;
import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.AttemptClose;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.CampaignStatus;
import org.aava.dialer.core.model.ConsentResult;
import org.aava.dialer.core.model.HopResult;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.model.LeadState;
import org.aava.dialer.core.model.Outcome;
import org.aava.dialer.core.ports.AttemptRepository;
import org.aava.dialer.core.ports.CallControl;
import org.aava.dialer.core.ports.CallControlException;
import org.aava.dialer.core.ports.CallEvents;
import org.aava.dialer.core.ports.CallHistoryRepository;
import org.aava.dialer.core.ports.CampaignRepository;
import org.aava.dialer.core.ports.LeadRepository;
import org.aava.dialer.core.ports.OriginateRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * One attempt's life, from originate to close (the state machine of the architecture notes).
 * PBX events arrive through {@link CallEvents} on the PBX client's threads; each is handed to the
 * call's own serial executor so that nothing here runs on (or blocks) an event thread. Every path
 * ends in exactly one {@link #close}; the store refuses a second close.
 */
public final class CallFlow implements CallEvents {
    private static final Logger log = LoggerFactory.getLogger(CallFlow.class);

    private final CallControl control;
    private final AttemptRepository attempts;
    private final LeadRepository leads;
    private final CampaignRepository campaigns;
    private final CallHistoryRepository history;
    private final AiContexts contexts;
    private final PromptComposer prompts;
    private final DialerSettings settings;
    private final Clock clock;
    private final DialerMetrics metrics;
    private final Executor workers;
    private final RandomGenerator random;
    /** Where an opt-out key press goes (the global list); null only in wiring without a DNC store. */
    private final org.aava.dialer.core.ports.DncRepository dnc;
    private final LiveCalls live = new LiveCalls();
    private final CircuitBreaker breaker;
    private final Map<String, LiveCall> byAudioSocketUuid = new java.util.concurrent.ConcurrentHashMap<>();
    /** Where each call's AI session key comes from (SecureRandom in production, predictable in tests). */
    private final Supplier<AiSessionKey> sessionKeys;
    /** The live calls by AI session key: the only way, besides the AudioSocket UUID, the AI API finds a call. */
    private final Map<AiSessionKey, LiveCall> bySessionKey = new java.util.concurrent.ConcurrentHashMap<>();
    /** Attempts this process has closed whose close the store has not confirmed yet. */
    private final Set<Long> closing = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public CallFlow(CallControl control, AttemptRepository attempts, LeadRepository leads, CampaignRepository campaigns,
                    CallHistoryRepository history, AiContexts contexts, PromptComposer prompts, DialerSettings settings,
                    Clock clock, DialerMetrics metrics, Executor workers, RandomGenerator random) {
        this(control, attempts, leads, campaigns, history, contexts, prompts, settings, clock, metrics, workers, random, null);
    }

    /** @param dnc the DNC list an opt-out key press adds the number to (global, source {@code opt_out_keypress}) */
    public CallFlow(CallControl control, AttemptRepository attempts, LeadRepository leads, CampaignRepository campaigns,
                    CallHistoryRepository history, AiContexts contexts, PromptComposer prompts, DialerSettings settings,
                    Clock clock, DialerMetrics metrics, Executor workers, RandomGenerator random,
                    org.aava.dialer.core.ports.DncRepository dnc) {
        this(control, attempts, leads, campaigns, history, contexts, prompts, settings, clock, metrics, workers, random, dnc,
                AiSessionKey.secureSupplier());
    }

    /** @param sessionKeys makes the secret each call's AI engine presents on the AI API; it must never repeat a key */
    public CallFlow(CallControl control, AttemptRepository attempts, LeadRepository leads, CampaignRepository campaigns,
                    CallHistoryRepository history, AiContexts contexts, PromptComposer prompts, DialerSettings settings,
                    Clock clock, DialerMetrics metrics, Executor workers, RandomGenerator random,
                    org.aava.dialer.core.ports.DncRepository dnc, Supplier<AiSessionKey> sessionKeys) {
        this.sessionKeys = java.util.Objects.requireNonNull(sessionKeys, "sessionKeys");
        this.dnc = dnc;
        this.control = control;
        this.attempts = attempts;
        this.leads = leads;
        this.campaigns = campaigns;
        this.history = history;
        this.contexts = contexts;
        this.prompts = prompts;
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
        this.workers = workers;
        this.random = random;
        this.breaker = new CircuitBreaker(settings.breakerErrors(), settings.breakerWindow());
    }

    public LiveCalls live() {
        return live;
    }

    /** Whether the PBX control connection is up; nothing is originated while it is down. */
    public boolean pbxConnected() {
        return control.connected();
    }

    public DialerSettings settings() {
        return settings;
    }

    // ---------------------------------------------------------------- start

    /**
     * Dials a leased lead: {@code leased → dialing}, opens the attempt, registers the call and
     * originates. Completes when the originate request is answered (or failed and accounted for).
     */
    public CompletableFuture<Optional<Long>> start(Campaign campaign, Lead lead) {
        Instant now = clock.instant();
        AiContext context = contexts.resolve(lead.contextOverride(), campaign.defaultContext());
        String provider = campaign.providerOverride() != null && !campaign.providerOverride().isBlank()
                ? campaign.providerOverride() : context.provider();
        PromptComposer.Composed composed = prompts.compose(context, lead);
        String channelId = "aava-" + UUID.randomUUID();
        Duration hold = settings.leaseTtl().compareTo(dialBudget(campaign).plusSeconds(60)) > 0
                ? settings.leaseTtl() : dialBudget(campaign).plusSeconds(60);
        return leads.markDialing(lead.id(), now, now.plus(hold)).thenCompose(dialing -> {
            if (!dialing) {
                log.warn("lead {} was no longer leased; not dialing it", lead.id());
                return CompletableFuture.completedFuture(Optional.<Long>empty());
            }
            Attempt opening = Attempt.opening(campaign.id(), lead.id(), lead.phoneNormalized(), now,
                    campaign.consentEnabled(), channelId, context.name(), provider, sessionKeys.get());
            return attempts.open(opening).thenCompose(attempt -> {
                LiveCall call = new LiveCall(attempt.id(), campaign, lead, channelId, context, composed.prompt(),
                        composed.leadContextJson(), now, workers);
                call.provider = provider;
                call.aiSessionKey = opening.aiSessionKey();
                if (context.attach().mode() == org.aava.dialer.core.ai.AttachMode.AUDIOSOCKET) call.audioSocketUuid = UUID.randomUUID().toString();
                live.add(call);
                CallLog.info(log, call, "originating {} to {}", settings.endpointFor(lead.phoneNormalized()),
                        campaign.name());
                long t0 = System.nanoTime();
                return control.originate(originateRequest(call)).handle((ok, error) -> {
                    if (error == null) {
                        metrics.originated(campaign.id(), Duration.ofNanos(System.nanoTime() - t0));
                    } else {
                        metrics.originateFailed(campaign.id());
                        CallControlException e = CallControlException.from(error);
                        call.events.execute(() -> {
                            if (call.phase != CallPhase.ORIGINATING) return;
                            if (e.unanswered()) {
                                // Asterisk may have placed the call (a timeout under load): dialing the lead again
                                // now could ring the person twice. Keep the slot; events or the watchdog settle it.
                                call.originateUnanswered = true;
                                CallLog.warn(log, call, "originate unanswered ({}); waiting for the call's events", describe(e));
                            } else if (e.refused()) {
                                close(call, Outcome.ERROR, null, null, "originate failed: " + describe(e));
                            } else {
                                // 5xx or no answer from ARI (e.g. Asterisk shutting down): the call reached nobody,
                                // so the lead goes back to the queue instead of being burnt.
                                close(call, Outcome.ERROR, null, null, "originate failed: " + describe(e), clock.instant().plus(TRANSIENT_RETRY));
                            }
                        });
                    }
                    return Optional.of(attempt.id());
                });
            });
        });
    }

    private Duration dialBudget(Campaign campaign) {
        return Duration.ofSeconds(campaign.dialTimeoutSeconds()).plus(settings.stasisMargin());
    }

    private OriginateRequest originateRequest(LiveCall call) {
        Campaign c = call.campaign;
        Map<String, String> vars = new LinkedHashMap<>(settings.extraVariables());
        vars.putAll(hopVariables(call));
        // What the AI side reads goes on at originate too, so attaching is a single request when time counts.
        vars.putAll(aiVariables(call));
        // FreePBX treats the call as placed by the dialer's extension; the __ copies cross both halves of a Local/ channel.
        vars.put(ChannelVars.AMPUSER, settings.identity());
        vars.put("__" + ChannelVars.AMPUSER, settings.identity());
        vars.put(ChannelVars.FROMEXTEN, settings.identity());
        vars.put("__" + ChannelVars.FROMEXTEN, settings.identity());
        // The lead's caller id (validated E.164 at import), else the campaign's caller_id_number, is what the callee
        // sees; AMPUSER stays the dialer's extension.
        String callerNumber = call.lead.callerId() != null && !call.lead.callerId().isBlank() ? call.lead.callerId()
                : c.callerIdNumber() != null ? c.callerIdNumber() : settings.identity();
        vars.put("CALLERID(num)", callerNumber);
        String callerId = "\"" + settings.callerIdName() + "\" <" + callerNumber + ">";
        return new OriginateRequest(settings.endpointFor(call.lead.phoneNormalized()),
                call.channelId, call.channelId + ";2", callerId,
                List.of(ChannelVars.ARG_OUTBOUND, Long.toString(call.attemptId)), c.dialTimeoutSeconds(), vars);
    }

    /** What the AI side reads from the channel, whatever the attach mode. */
    private static Map<String, String> aiVariables(LiveCall call) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put(ChannelVars.CONTEXT, call.aiContext.name());
        vars.put(ChannelVars.AI_CONTEXT, call.aiContext.name());
        vars.put(ChannelVars.AI_PROVIDER, call.provider == null ? "" : call.provider);
        vars.put(ChannelVars.LEAD_CONTEXT_JSON, call.leadContextJson == null ? "{}" : call.leadContextJson);
        // what the AI engine presents on /api/ai/sessions/{key}: the attempt id is guessable, this is not
        if (call.aiSessionKey != null) vars.put(ChannelVars.AI_SESSION_KEY, call.aiSessionKey.value());
        if (call.audioSocketUuid != null) vars.put(ChannelVars.AUDIOSOCKET_UUID, call.audioSocketUuid);
        return vars;
    }

    /** What the AMD hop reads: set at originate, on the channel that will run the hop. */
    private Map<String, String> hopVariables(LiveCall call) {
        Campaign c = call.campaign;
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put(ChannelVars.ATTEMPT_ID, Long.toString(call.attemptId));
        vars.put(ChannelVars.CAMPAIGN_ID, Long.toString(c.id()));
        vars.put(ChannelVars.LEAD_ID, Long.toString(call.leadId()));
        vars.put(ChannelVars.AMD_OPTS, c.amdOptions().toDialplanArgument());
        vars.put(ChannelVars.CONSENT_ENABLED, c.consentEnabled() ? "1" : "0");
        vars.put(ChannelVars.CONSENT_PLAYBACK, soundPath(c.consentMediaUri(), "beep"));
        vars.put(ChannelVars.CONSENT_TIMEOUT, Integer.toString(c.consentTimeoutSeconds()));
        vars.put(ChannelVars.OPT_OUT_DIGIT, c.optOutDigit());
        vars.put(ChannelVars.VM_ENABLED, c.voicemailEnabled() ? "1" : "0");
        return vars;
    }

    private static String soundPath(String mediaUri, String fallback) {
        if (mediaUri == null || mediaUri.isBlank()) return fallback;
        return mediaUri.startsWith("sound:") ? mediaUri.substring("sound:".length()) : mediaUri;
    }

    // ---------------------------------------------------------------- events (PBX threads: hand off only)

    @Override
    public void stasisStart(String channelId, List<String> args) {
        if (args.isEmpty()) return;
        String kind = args.get(0);
        if (ChannelVars.ARG_OUTBOUND.equalsIgnoreCase(kind)) {
            long attemptId = parseAttemptId(args);
            Optional<LiveCall> call = attemptId > 0 ? live.byAttempt(attemptId) : live.byChannel(channelId);
            if (call.isPresent()) {
                call.get().events.execute(() -> onAnswered(call.get()));
            } else {
                workers.execute(() -> adoptAnswered(attemptId, channelId));
            }
        } else if (ChannelVars.ARG_OUTBOUND_AMD.equalsIgnoreCase(kind)) {
            HopResult hop;
            try {
                hop = HopResult.fromStasisArgs(args);
            } catch (IllegalArgumentException e) {
                log.error("malformed AMD hop arguments {} on channel {}: {}", args, channelId, e.getMessage());
                live.byChannel(channelId).ifPresentOrElse(
                        c -> c.events.execute(() -> hangupAndClose(c, Outcome.ERROR, "malformed AMD hop arguments: " + args)),
                        () -> control.hangup(channelId, "normal"));
                return;
            }
            Optional<LiveCall> call = live.byAttempt(hop.attemptId()).or(() -> live.byChannel(channelId));
            if (call.isPresent()) {
                call.get().events.execute(() -> onHopReturned(call.get(), hop));
            } else {
                log.warn("AMD hop returned for unknown attempt {} on channel {}; hanging up", hop.attemptId(), channelId);
                control.hangup(channelId, "normal");
                attempts.recordHop(hop, clock.instant());
                attempts.close(hop.attemptId(), AttemptClose.of(Outcome.ERROR, clock.instant()).withError("unknown call after restart"));
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
        // Never terminal: leaving our app is how the AMD hop and the stasis/dialplan attach work.
    }

    @Override
    public void channelDestroyed(String channelId, int cause, String causeText) {
        channelDestroyed(channelId, cause, causeText, 0);
    }

    @Override
    public void channelDestroyed(String channelId, int cause, String causeText, int sipCode) {
        live.byChannel(channelId).ifPresent(call -> call.events.execute(() -> {
            if (sipCode > 0 && !call.closed) call.sipCode = sipCode;
            onDestroyed(call, cause, causeText);
        }));
    }

    @Override
    public void dialStatus(String channelId, String dialStatus) {
        live.byChannel(channelId).ifPresent(call -> call.events.execute(() -> call.lastDialStatus = dialStatus));
    }

    @Override
    public void playbackFinished(String playbackId) {
        for (LiveCall call : live.all()) {
            if (playbackId.equals(call.playbackId)) {
                call.events.execute(() -> onPlaybackFinished(call));
                return;
            }
        }
    }

    @Override
    public void connectionChanged(boolean connected) {
        if (connected) workers.execute(this::reconcile);
    }

    // ---------------------------------------------------------------- handlers (call's serial executor)

    private void onAnswered(LiveCall call) {
        if (call.closed || call.phase != CallPhase.ORIGINATING) return;
        Instant now = clock.instant();
        enter(call, CallPhase.AMD_HOP, now);
        call.answeredAt = now;
        CallLog.info(log, call, "answered; sending through the AMD hop");
        attempts.markAnswered(call.attemptId, call.channelId, now);
        leads.markProgress(call.leadId(), LeadState.AMD_PENDING, null);
        control.follow(call.channelId);
        // the hop's variables were set on this channel at originate
        control.continueInDialplan(call.channelId, ChannelVars.AMD_CONTEXT, "s", 1)
                .whenComplete((v, error) -> {
                    if (error == null) return;
                    CallControlException e = CallControlException.from(error);
                    if (e.refused()) {
                        call.events.execute(() -> hangupAndClose(call, Outcome.ERROR, "continueInDialplan failed: " + describe(e)));
                    } else {
                        // Indeterminate: Asterisk may have acted on it; ChannelDestroyed or the watchdog will settle it.
                        CallLog.warn(log, call, "continueInDialplan outcome unknown: {}", describe(e));
                    }
                });
    }

    private void onHopReturned(LiveCall call, HopResult hop) {
        if (call.closed || call.hop != null) return; // (a StasisStart seen again by reconciliation)
        Instant now = clock.instant();
        call.hop = hop;
        if (call.answeredAt != null) metrics.amdDecided(Duration.between(call.answeredAt, now));
        attempts.recordHop(hop, now);
        CallLog.info(log, call, "AMD hop returned {} {} dtmf={} consent={}", hop.amdStatus(), hop.amdCause(), hop.dtmf(),
                hop.consent().wire());
        if (hop.machine()) {
            if (call.campaign.voicemailEnabled()) {
                enter(call, CallPhase.VOICEMAIL, now);
                call.playbackId = "aava-vm-" + call.attemptId + "-" + UUID.randomUUID().toString().substring(0, 8);
                control.play(call.channelId, call.campaign.voicemailMediaUri(), call.playbackId).whenComplete((v, error) -> {
                    if (error != null) {
                        call.events.execute(() -> hangupAndClose(call, Outcome.MACHINE_DETECTED,
                                "voicemail drop failed: " + describe(CallControlException.from(error))));
                    }
                });
            } else {
                hangupAndClose(call, Outcome.MACHINE_DETECTED, null);
            }
        } else if (hop.human() && hop.consent() == ConsentResult.OPTED_OUT) {
            // honoured at once: on the global list before the hangup, so no other campaign dials the number again
            if (dnc != null) {
                dnc.add(call.lead.phoneNormalized(), null, "pressed the opt-out key", "opt_out_keypress").whenComplete((added, e) -> {
                    if (e != null) CallLog.warn(log, call, "could not add the opted-out number to the DNC list: {}", e.toString());
                });
            } else {
                CallLog.warn(log, call, "opt-out key pressed but no DNC store is wired; the lead is marked dnc only");
            }
            hangupAndClose(call, Outcome.OPTED_OUT, null);
        } else if (hop.human() && hop.consent() == ConsentResult.DENIED) {
            hangupAndClose(call, Outcome.CONSENT_DENIED, null);
        } else if (hop.human() && hop.consent() == ConsentResult.TIMEOUT) {
            hangupAndClose(call, Outcome.CONSENT_TIMEOUT, null);
        } else if ("HANGUP".equals(hop.amdStatus())) {
            hangupAndClose(call, Outcome.HANGUP_DURING_AMD, null);
        } else {
            attach(call);
        }
    }

    private void attach(LiveCall call) {
        Instant now = clock.instant();
        enter(call, CallPhase.AI_ATTACHED, now);
        if (call.aiSessionKey != null) bySessionKey.put(call.aiSessionKey, call);
        AiContext ctx = call.aiContext;
        CompletableFuture<?> attached = switch (ctx.attach().mode()) {
            case STASIS -> control.move(call.channelId, ctx.attach().app(),
                    List.of(ChannelVars.ARG_OUTBOUND, Long.toString(call.attemptId)));
            case DIALPLAN -> control.continueInDialplan(call.channelId, ctx.attach().context(), ctx.attach().extension(),
                    ctx.attach().priority());
            case AUDIOSOCKET -> {
                CompletableFuture<Void> ready = CompletableFuture.completedFuture(null);
                if (call.audioSocketUuid == null) { // a call adopted after a restart: its session id is made now
                    call.audioSocketUuid = UUID.randomUUID().toString();
                    ready = control.setVariables(call.channelId, Map.of(ChannelVars.AUDIOSOCKET_UUID, call.audioSocketUuid));
                }
                byAudioSocketUuid.put(call.audioSocketUuid, call);
                yield ready.thenCompose(v -> control.attachAudioSocket(call.channelId, ctx.attach().host(), ctx.attach().port(),
                        call.audioSocketUuid));
            }
        };
        attached.whenComplete((v, error) -> call.events.execute(() -> {
            if (error != null) {
                hangupAndClose(call, Outcome.ERROR, "AI attach failed: " + describe(CallControlException.from(error)));
                return;
            }
            metrics.aiAttached(Duration.ofNanos(System.nanoTime() - call.hopReturnedNanos));
            CallLog.info(log, call, "attached to AI context {} via {}", ctx.name(), ctx.attach().mode().wire());
            attempts.recordAttach(call.attemptId, ctx.name(), call.provider, call.effectivePrompt);
            leads.markProgress(call.leadId(), LeadState.IN_PROGRESS, Outcome.ANSWERED_HUMAN.wire());
            history.create(call.attemptId, call.campaignId(), call.leadId(), call.lead.phoneNormalized(), ctx.name(),
                    call.provider, now).thenAccept(record -> call.events.execute(() -> call.callHistoryId = record.id()));
        }));
        if (ctx.attach().mode() != org.aava.dialer.core.ai.AttachMode.AUDIOSOCKET) control.follow(call.channelId);
    }

    private void onPlaybackFinished(LiveCall call) {
        if (call.closed || call.phase != CallPhase.VOICEMAIL) return;
        CallLog.info(log, call, "voicemail drop played to the end");
        hangupAndClose(call, Outcome.VOICEMAIL_DROPPED, null);
    }

    private void onDestroyed(LiveCall call, int cause, String causeText) {
        if (call.closed) return;
        Outcome outcome;
        String error = null;
        switch (call.phase) {
            case ORIGINATING -> outcome = HangupCauses.unanswered(cause, call.lastDialStatus, call.sipCode);
            case AMD_HOP -> outcome = Outcome.HANGUP_DURING_AMD;
            case VOICEMAIL -> {
                outcome = Outcome.MACHINE_DETECTED;
                error = "hung up before the voicemail drop finished";
            }
            case AI_ATTACHED -> outcome = call.pendingOutcome != null ? call.pendingOutcome : Outcome.ANSWERED_HUMAN;
            case ENDING -> outcome = call.pendingOutcome != null ? call.pendingOutcome : Outcome.ERROR;
            default -> outcome = Outcome.ERROR;
        }
        if (outcome == Outcome.ERROR && error == null) error = call.pendingError != null ? call.pendingError : causeText;
        close(call, outcome, cause, causeText, error != null ? error : call.pendingError);
    }

    // ---------------------------------------------------------------- AI tool actions

    /** Hangs the call up on the AI's request; the outcome stays {@code answered_human}. */
    public boolean hangupByAi(long attemptId) {
        Optional<LiveCall> call = live.byAttempt(attemptId);
        call.ifPresent(c -> control.hangup(c.channelId, "normal"));
        return call.isPresent();
    }

    /**
     * Ends a live call as {@code opted_out} (the AI's {@code add_to_dnc}: the caller put the number on the DNC list);
     * false when the attempt has no live call.
     */
    public CompletableFuture<Boolean> optOut(long attemptId) {
        Optional<LiveCall> found = live.byAttempt(attemptId);
        if (found.isEmpty()) return CompletableFuture.completedFuture(false);
        LiveCall call = found.get();
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        call.events.execute(() -> {
            if (call.closed) {
                done.complete(false);
                return;
            }
            hangupAndClose(call, Outcome.OPTED_OUT, null);
            done.complete(true);
        });
        return done;
    }

    /** Sends the call to an extension and marks the attempt {@code transferred}. */
    public CompletableFuture<Boolean> transfer(long attemptId, String context, String extension) {
        Optional<LiveCall> found = live.byAttempt(attemptId);
        if (found.isEmpty()) return CompletableFuture.completedFuture(false);
        LiveCall call = found.get();
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        call.events.execute(() -> {
            if (call.closed || call.phase != CallPhase.AI_ATTACHED) {
                done.complete(false);
                return;
            }
            call.pendingOutcome = Outcome.TRANSFERRED;
            control.continueInDialplan(call.channelId, context, extension, 1).whenComplete((v, e) -> {
                if (e != null) call.events.execute(() -> call.pendingOutcome = null);
                else control.follow(call.channelId); // it has left our app: its end still closes the attempt
                done.complete(e == null);
            });
        });
        return done;
    }

    /**
     * The call an AI engine holds the key of: its AI session key (from the channel variables) or its AudioSocket
     * UUID, both random; never the attempt id, which anyone can guess. Only while the call is live and attached to
     * the AI: a call still in AMD, in its voicemail drop, ending or ended has no AI session.
     */
    public Optional<LiveCall> session(String key) {
        if (key == null || key.isBlank()) return Optional.empty();
        // (a hash lookup: the time it takes says nothing useful about how close a guess came)
        LiveCall call = bySessionKey.get(new AiSessionKey(key));
        if (call == null) call = byAudioSocketUuid.get(key);
        if (call == null || call.closed || call.phase != CallPhase.AI_ATTACHED) return Optional.empty();
        return Optional.of(call);
    }

    // ---------------------------------------------------------------- closing

    private void hangupAndClose(LiveCall call, Outcome outcome, String error) {
        if (call.closed) return;
        call.pendingOutcome = outcome;
        call.pendingError = error;
        enter(call, CallPhase.ENDING, clock.instant());
        control.hangup(call.channelId, "normal").whenComplete((v, e) -> {
            if (e != null) call.events.execute(() -> close(call, outcome, null, null, error));
        });
        // The outcome is decided; the channel's destruction only adds the hangup cause. Close now so the
        // lead's state is right even if the destroy event is lost; a later destroy is ignored.
        close(call, outcome, null, null, error);
    }

    /** Delay before a lead whose originate never reached Asterisk is dialed again. */
    static final Duration TRANSIENT_RETRY = Duration.ofSeconds(30);
    /**
     * An originate ARI never answered may still be placed late by an overloaded Asterisk (measured on the lab:
     * 25 s after the request): its slot is kept this long past the dial budget, and its lead waits
     * {@link #UNANSWERED_ORIGINATE_RETRY} before it is dialed again, so a late call is never doubled.
     */
    static final Duration UNANSWERED_ORIGINATE_GRACE = Duration.ofSeconds(60);
    static final Duration UNANSWERED_ORIGINATE_RETRY = Duration.ofMinutes(5);

    void close(LiveCall call, Outcome outcome, Integer cause, String causeText, String error) {
        close(call, outcome, cause, causeText, error, null);
    }

    /** Closes the attempt exactly once, moves the lead, and frees the call's slot. */
    void close(LiveCall call, Outcome outcome, Integer cause, String causeText, String error, Instant requeueAt) {
        close(call, outcome, cause, causeText, error, requeueAt, true);
    }

    /** @param countsForBreaker false for calls lost to a PBX restart: that is no sign of a broken trunk or dialplan */
    private void close(LiveCall call, Outcome outcome, Integer cause, String causeText, String error, Instant requeueAt,
                       boolean countsForBreaker) {
        if (call.closed) return;
        call.closed = true;
        closing.add(call.attemptId);
        live.remove(call);
        if (call.audioSocketUuid != null) byAudioSocketUuid.remove(call.audioSocketUuid);
        if (call.aiSessionKey != null) bySessionKey.remove(call.aiSessionKey, call);
        Instant now = clock.instant();
        AttemptClose close = AttemptClose.of(outcome, now).withCause(cause, causeText).withError(error).withSipCode(call.sipCode);
        int attemptsMade = call.lead.attemptCount() + 1;
        Optional<Instant> retryAt = requeueAt != null ? Optional.of(requeueAt)
                : call.campaign.retryPolicy().nextAttemptAt(outcome, attemptsMade, now, random);
        if (retryAt.isPresent()) close = close.withRetryAt(retryAt.get());
        AttemptClose finalClose = close;
        CallLog.info(log, call, "attempt closed: {} cause={} sip={} {}{}", outcome.wire(), cause, call.sipCode, error == null ? "" : error,
                retryAt.map(t -> " retry at " + t).orElse(""));
        attempts.close(call.attemptId, finalClose).whenComplete((closedNow, e) -> {
            closing.remove(call.attemptId);
            if (e != null) {
                CallLog.warn(log, call, "could not store the close of attempt {}: {}", call.attemptId, e.toString());
                return;
            }
            if (Boolean.TRUE.equals(closedNow)) metrics.attemptClosed(call.campaignId(), outcome);
        });
        if (countsForBreaker) breaker.record(call.campaignId(), outcome, error, now).ifPresent(reason -> {
            CallLog.warn(log, call, "pausing campaign: {}", reason);
            metrics.breakerTripped(call.campaignId());
            campaigns.setStatus(call.campaignId(), CampaignStatus.PAUSED, reason);
        });
    }

    private void enter(LiveCall call, CallPhase phase, Instant now) {
        call.phase = phase;
        call.phaseSince = now;
        if (phase == CallPhase.AI_ATTACHED) call.hopReturnedNanos = System.nanoTime();
    }

    public void resetBreaker(long campaignId) {
        breaker.reset(campaignId);
    }

    // ---------------------------------------------------------------- watchdogs and reconciliation

    /** Ends calls stuck in a phase beyond its time limit. Called by the scheduler every tick; never blocks. */
    public void sweep(Instant now) {
        Instant again = settleAgainAt;
        if (again != null && now.isAfter(again)) {
            settleAgainAt = null;
            workers.execute(this::settleSkippedAttempts);
        }
        for (LiveCall call : live.all()) {
            Instant since = call.phaseSince;
            switch (call.phase) {
                case ORIGINATING -> {
                    Duration budget = dialBudget(call.campaign).plus(call.originateUnanswered ? UNANSWERED_ORIGINATE_GRACE : Duration.ZERO);
                    if (now.isAfter(call.createdAt.plus(budget))) {
                        call.events.execute(() -> {
                            if (call.phase != CallPhase.ORIGINATING) return;
                            if (call.originateUnanswered) {
                                // No sign of the call within the whole dial budget: it was never placed (or is gone).
                                control.hangup(call.channelId, "normal");
                                close(call, Outcome.ERROR, null, null, "originate unanswered and no call appeared",
                                        clock.instant().plus(UNANSWERED_ORIGINATE_RETRY));
                            } else {
                                hangupAndClose(call, Outcome.NO_ANSWER, "no answer within the dial timeout (no StasisStart)");
                            }
                        });
                    }
                }
                case AMD_HOP -> {
                    if (now.isAfter(since.plus(settings.amdHopTimeout()))) {
                        call.events.execute(() -> {
                            if (call.phase == CallPhase.AMD_HOP) hangupAndClose(call, Outcome.ERROR,
                                    "the AMD hop did not return to Stasis within " + settings.amdHopTimeout().toSeconds() + " s");
                        });
                    }
                }
                case VOICEMAIL -> {
                    if (now.isAfter(since.plus(settings.voicemailTimeout()))) {
                        call.events.execute(() -> {
                            if (call.phase == CallPhase.VOICEMAIL) hangupAndClose(call, Outcome.MACHINE_DETECTED,
                                    "voicemail playback did not finish");
                        });
                    }
                }
                case AI_ATTACHED -> {
                    if (!call.durationGuardFired && now.isAfter(since.plus(settings.maxCallDuration()))) {
                        call.durationGuardFired = true;
                        CallLog.warn(log, call, "max call duration reached; hanging up");
                        control.hangup(call.channelId, "normal");
                    }
                }
                case ENDING -> { }
            }
        }
    }

    /**
     * After (re)connecting to the PBX: live calls whose channel is gone end as {@code error} (their events were
     * lost with the connection); open attempts left by a previous process are adopted when their channel still
     * exists, else closed. The attempts this process owns are settled only by their own call, never a second
     * time by the open-attempt pass: a second close that requeued the lead would dial the person twice.
     */
    void reconcile() {
        Map<String, CallControl.LiveChannel> channels;
        try {
            channels = control.liveChannels().join();
        } catch (RuntimeException e) {
            log.warn("could not list channels to reconcile: {}", e.toString());
            return;
        }
        reconcile(channels, clock.instant());
    }

    private void reconcile(Map<String, CallControl.LiveChannel> channels, Instant now) {
        Set<Long> ownedHere = new java.util.HashSet<>();
        Instant again = null;
        for (LiveCall call : live.all()) {
            ownedHere.add(call.attemptId);
            CallControl.LiveChannel channel = channels.get(call.channelId);
            if (channel == null && now.isAfter(call.createdAt.plusSeconds(5))) {
                // Proven gone: the call takes the retry delay of its outcome (the policy's), never an immediate redial.
                call.events.execute(() -> close(call, call.pendingOutcome != null ? call.pendingOutcome : Outcome.ERROR,
                        null, null, "lost on restart: channel gone after reconnect", null, false));
            } else if (channel == null) {
                // Too young to tell from a call still being originated; looked at again once it is not. (Asterisk
                // hangs up a call answered while our application was unregistered, and that end is never reported.)
                Instant decidable = call.createdAt.plusSeconds(6);
                if (again == null || decidable.isBefore(again)) again = decidable;
            } else if (channel.waitingInApp()) {
                catchUp(call.channelId, channel.appArgs());
            }
        }
        Instant openAgain = settleOpenAttempts(channels, now, ownedHere);
        settleAgainAt = again == null ? openAgain : openAgain == null || again.isBefore(openAgain) ? again : openAgain;
    }

    /**
     * A channel waiting in our application whose StasisStart was lost with the connection (the person answered, or
     * the AMD hop returned, while it was down) is handled as if the event had come; handlers ignore a late duplicate.
     */
    private void catchUp(String channelId, List<String> appArgs) {
        if (appArgs.isEmpty()) return;
        String kind = appArgs.get(0);
        if (ChannelVars.ARG_OUTBOUND.equalsIgnoreCase(kind) || ChannelVars.ARG_OUTBOUND_AMD.equalsIgnoreCase(kind)) {
            log.info("channel {} waits in our application ({}): its StasisStart was missed; handling it now", channelId, appArgs);
            stasisStart(channelId, appArgs);
        }
    }

    /**
     * Open attempts no live call owns (left by a previous process): adopted when their channel still exists,
     * else closed. One younger than 5 s may be a call this process is starting right now, so it is left for
     * a second pass, which the watchdog sweep runs once it is old enough: returns when (null: none is left).
     */
    private Instant settleOpenAttempts(Map<String, CallControl.LiveChannel> channels, Instant now, Set<Long> ownedHere) {
        List<Attempt> open;
        try {
            open = attempts.listOpen().join();
        } catch (RuntimeException e) {
            log.warn("could not list open attempts to reconcile: {}", e.toString());
            return now.plusSeconds(5);
        }
        Instant again = null;
        for (Attempt a : open) {
            // (the list may be older than a close this process has just made: its own calls are never settled here)
            if (ownedHere.contains(a.id()) || closing.contains(a.id()) || live.byAttempt(a.id()).isPresent()) continue;
            CallControl.LiveChannel channel = a.channelId() == null ? null : channels.get(a.channelId());
            if (channel != null) {
                List<String> args = channel.waitingInApp() ? channel.appArgs() : List.of();
                boolean hopReturned = !args.isEmpty() && ChannelVars.ARG_OUTBOUND_AMD.equalsIgnoreCase(args.get(0));
                CallPhase phase = hopReturned ? CallPhase.AMD_HOP : a.answeredAt() != null ? CallPhase.AI_ATTACHED : CallPhase.ORIGINATING;
                // (adopted in the phase its waiting channel shows, then handled as the StasisStart it missed)
                if (adopt(a, phase).isPresent() && channel.waitingInApp()) catchUp(a.channelId(), args);
            } else if (now.isAfter(a.startedAt().plusSeconds(5))) {
                // (a younger one may be a call this process is starting right now, stored but not yet registered
                // or originated; if it really was left behind, its lease expiry closes it)
                // A stored attempt may have reached the phone (its originate is sent right after it is stored), so it
                // is never requeued for now: an unanswered one waits the retry policy's delay for error, like any
                // failed call; an answered one reached its person and is not dialed again.
                AttemptClose close = AttemptClose.of(Outcome.ERROR, now).withError("lost on restart");
                if (a.answeredAt() == null) {
                    Optional<Instant> retryAt = retryAfterLoss(a, now);
                    if (retryAt.isPresent()) close = close.withRetryAt(retryAt.get());
                }
                attempts.close(a.id(), close).thenAccept(closed -> {
                    if (closed) metrics.attemptClosed(a.campaignId(), Outcome.ERROR);
                });
            } else {
                Instant decidable = a.startedAt().plusSeconds(6);
                if (again == null || decidable.isBefore(again)) again = decidable;
            }
        }
        return again;
    }

    /** The campaign's retry policy for an attempt lost with the process or the connection. */
    private Optional<Instant> retryAfterLoss(Attempt a, Instant now) {
        try {
            Optional<Campaign> campaign = campaigns.find(a.campaignId()).join();
            Optional<Lead> lead = leads.find(a.leadId()).join();
            if (campaign.isEmpty() || lead.isEmpty()) return Optional.empty();
            // the stored count already includes this attempt (it is counted when the lead starts dialing)
            return campaign.get().retryPolicy().nextAttemptAt(Outcome.ERROR, Math.max(1, lead.get().attemptCount()), now, random);
        } catch (RuntimeException e) {
            log.warn("could not read the retry policy for lost attempt {}: {}", a.id(), e.toString());
            return Optional.empty();
        }
    }

    /** When young calls and open attempts skipped by the last reconciliation can be settled (null: none). */
    private volatile Instant settleAgainAt;

    private void settleSkippedAttempts() {
        Map<String, CallControl.LiveChannel> channels;
        try {
            channels = control.liveChannels().join();
        } catch (RuntimeException e) {
            log.warn("could not list channels to settle open attempts: {}", e.toString());
            settleAgainAt = clock.instant().plusSeconds(5);
            return;
        }
        reconcile(channels, clock.instant());
    }

    /** Rebuilds the in-memory call of an attempt a previous process started, so its end is still accounted for. */
    private Optional<LiveCall> adopt(Attempt a, CallPhase phase) {
        try {
            Optional<Campaign> campaign = campaigns.find(a.campaignId()).join();
            Optional<Lead> lead = leads.find(a.leadId()).join();
            if (campaign.isEmpty() || lead.isEmpty()) return Optional.empty();
            AiContext ctx = contexts.resolve(a.context(), campaign.get().defaultContext());
            LiveCall call = new LiveCall(a.id(), campaign.get(), lead.get(), a.channelId(), ctx, a.effectivePrompt(), null,
                    a.startedAt(), workers);
            call.provider = a.provider();
            call.phase = phase;
            call.answeredAt = a.answeredAt();
            call.callHistoryId = a.callHistoryId();
            // the key the AI engine already holds (it is on the channel): the call stays its session after a restart.
            // Only once the AI really was attached, which its call record proves: an answered call may still be in AMD.
            call.aiSessionKey = a.aiSessionKey();
            live.add(call);
            if (phase == CallPhase.AI_ATTACHED && a.callHistoryId() != null && call.aiSessionKey != null) {
                bySessionKey.put(call.aiSessionKey, call);
            }
            control.follow(a.channelId());
            CallLog.info(log, call, "adopted open attempt from a previous run in phase {}", phase);
            return Optional.of(call);
        } catch (RuntimeException e) {
            log.warn("could not adopt attempt {}: {}", a.id(), e.toString());
            return Optional.empty();
        }
    }

    private void adoptAnswered(long attemptId, String channelId) {
        Optional<Attempt> attempt = attemptId > 0 ? attempts.find(attemptId).join() : Optional.empty();
        if (attempt.isEmpty() || !attempt.get().open()) {
            log.warn("StasisStart for unknown or closed attempt {} on channel {}; hanging up", attemptId, channelId);
            control.hangup(channelId, "normal");
            return;
        }
        adopt(attempt.get(), CallPhase.ORIGINATING).ifPresent(call -> call.events.execute(() -> onAnswered(call)));
    }

    private static String describe(CallControlException e) {
        return (e.status() > 0 ? "HTTP " + e.status() + ": " : "") + e.getMessage();
    }
}
