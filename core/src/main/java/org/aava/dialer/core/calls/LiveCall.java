package org.aava.dialer.core.calls;

import org.aava.dialer.core.ai.AiContext;
import org.aava.dialer.core.model.AiSessionKey;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.HopResult;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.model.Outcome;

import java.time.Instant;
import java.util.concurrent.Executor;

/**
 * The in-memory state of one call in flight. Mutable fields are touched only from {@link #events},
 * the call's serial executor, so one call's events are handled one at a time and in order.
 */
public final class LiveCall {
    final long attemptId;
    final Campaign campaign;
    final Lead lead;
    final String channelId;
    final AiContext aiContext;
    final String effectivePrompt;
    final String leadContextJson;
    final Instant createdAt;
    final SerialExecutor events;

    volatile CallPhase phase = CallPhase.ORIGINATING;
    Instant answeredAt;
    Instant phaseSince;
    HopResult hop;
    String playbackId;
    String lastDialStatus;
    /** The SIP final response Asterisk reported when the channel went (tech_cause), 0 when none. */
    int sipCode;
    /** The outcome decided before hanging up (machine, consent), applied when the channel is destroyed. */
    Outcome pendingOutcome;
    Long callHistoryId;
    String provider;
    String audioSocketUuid;
    /** The secret the AI engine presents on the AI API (null only for calls adopted from before keys existed). */
    AiSessionKey aiSessionKey;
    String pendingError;
    boolean durationGuardFired;
    /** The originate request got no answer: the call may exist; events or the dial-timeout watchdog settle it. */
    boolean originateUnanswered;
    long hopReturnedNanos;
    boolean closed;

    LiveCall(long attemptId, Campaign campaign, Lead lead, String channelId, AiContext aiContext,
             String effectivePrompt, String leadContextJson, Instant createdAt, Executor shared) {
        this.attemptId = attemptId;
        this.campaign = campaign;
        this.lead = lead;
        this.channelId = channelId;
        this.aiContext = aiContext;
        this.effectivePrompt = effectivePrompt;
        this.leadContextJson = leadContextJson;
        this.createdAt = createdAt;
        this.phaseSince = createdAt;
        this.events = new SerialExecutor(shared);
    }

    public long attemptId() { return attemptId; }
    public long campaignId() { return campaign.id(); }
    public long leadId() { return lead.id(); }
    public String channelId() { return channelId; }
    public CallPhase phase() { return phase; }
    public AiContext aiContext() { return aiContext; }
    public String effectivePrompt() { return effectivePrompt; }
    public Campaign campaign() { return campaign; }
    public Lead lead() { return lead; }
    public String provider() { return provider; }
    public String audioSocketUuid() { return audioSocketUuid; }
    public AiSessionKey aiSessionKey() { return aiSessionKey; }
    public String leadContextJson() { return leadContextJson; }
}
