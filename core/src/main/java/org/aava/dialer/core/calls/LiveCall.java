package org.aava.dialer.core.calls;

import org.aava.dialer.core.ai.AiContext;
import org.aava.dialer.core.model.AiSessionKey;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.Lead;

import java.time.Instant;
import java.util.concurrent.Executor;

/**
 * One call in flight: what is fixed for its whole life, and its {@link CallState}, which only
 * {@link AttemptLifecycle} changes, one event at a time on {@link #events}, the call's serial executor.
 */
public final class LiveCall {
    final long attemptId;
    final Campaign campaign;
    final Lead lead;
    final String channelId;
    final AiContext aiContext;
    final String effectivePrompt;
    final String leadContextJson;
    final String provider;
    /** The secret the AI engine presents on the AI API (null only for calls adopted from before keys existed). */
    final AiSessionKey aiSessionKey;
    final String audioSocketUuid;
    /** Whether {@link #audioSocketUuid} is already on the channel (set at originate; not for a call adopted after a restart). */
    final boolean audioSocketUuidOnChannel;
    final SerialExecutor events;

    volatile CallState state;
    /** When the watchdog looks at the call again (the lifecycle's last {@link CallCommand.ScheduleTimer}). */
    volatile Instant deadline;
    /** When the AI attach was sent (System.nanoTime), for the attach latency metric. */
    volatile long attachSentNanos;

    LiveCall(CallState state, Campaign campaign, Lead lead, String channelId, AiContext aiContext, String effectivePrompt,
             String leadContextJson, String provider, AiSessionKey aiSessionKey, String audioSocketUuid,
             boolean audioSocketUuidOnChannel, Executor shared) {
        this.attemptId = state.attemptId();
        this.state = state;
        this.campaign = campaign;
        this.lead = lead;
        this.channelId = channelId;
        this.aiContext = aiContext;
        this.effectivePrompt = effectivePrompt;
        this.leadContextJson = leadContextJson;
        this.provider = provider;
        this.aiSessionKey = aiSessionKey;
        this.audioSocketUuid = audioSocketUuid;
        this.audioSocketUuidOnChannel = audioSocketUuidOnChannel;
        this.events = new SerialExecutor(shared);
    }

    public long attemptId() { return attemptId; }
    public long campaignId() { return campaign.id(); }
    public long leadId() { return lead.id(); }
    public String channelId() { return channelId; }
    public CallPhase phase() { return state.phase(); }
    public CallState state() { return state; }
    public AiContext aiContext() { return aiContext; }
    public String effectivePrompt() { return effectivePrompt; }
    public Campaign campaign() { return campaign; }
    public Lead lead() { return lead; }
    public String provider() { return provider; }
    public String audioSocketUuid() { return audioSocketUuid; }
    public AiSessionKey aiSessionKey() { return aiSessionKey; }
    public String leadContextJson() { return leadContextJson; }
}
