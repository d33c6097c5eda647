package org.aava.dialer.core.model;

import java.time.Duration;
import java.time.Instant;

/**
 * One call of one lead. Append-only: opened before the originate, closed exactly once.
 *
 * @param context         the AI context the call was (to be) attached to
 * @param effectivePrompt the prompt handed to the AI, including the Lead Context block, kept for audit
 * @param aiSessionKey    the secret the call's AI engine presents on the AI API (null on attempts made before it existed)
 * @param placement       the node and Asterisk server that placed the call (null on attempts made before nodes existed)
 */
public record Attempt(long id, long campaignId, long leadId, String phoneNumber, Instant startedAt,
                      Instant answeredAt, Instant endedAt, Outcome outcome, String amdStatus, String amdCause,
                      boolean consentEnabled, String consentDtmf, ConsentResult consentResult, Instant consentAt,
                      Integer hangupCause, String hangupCauseText, String channelId, String errorMessage,
                      String context, String provider, Long callHistoryId, String disposition,
                      String dispositionNotes, String effectivePrompt, Integer sipCode, AiSessionKey aiSessionKey,
                      Placement placement) {

    public boolean open() {
        return endedAt == null;
    }

    /** Seconds from answer to end (talk time), or 0 when the call was never answered. */
    public long durationSeconds() {
        if (answeredAt == null || endedAt == null) return 0;
        return Math.max(0, Duration.between(answeredAt, endedAt).toSeconds());
    }

    /** A fresh attempt about to be originated, without an AI session key or placement (tests and tools that never reach the AI). */
    public static Attempt opening(long campaignId, long leadId, String phoneNumber, Instant now, boolean consentEnabled,
                                  String channelId, String context, String provider) {
        return opening(campaignId, leadId, phoneNumber, now, consentEnabled, channelId, context, provider, null, null);
    }

    /** A fresh attempt about to be originated, holding the key its AI engine will present and where it is placed. */
    public static Attempt opening(long campaignId, long leadId, String phoneNumber, Instant now, boolean consentEnabled,
                                  String channelId, String context, String provider, AiSessionKey aiSessionKey,
                                  Placement placement) {
        return new Attempt(0, campaignId, leadId, phoneNumber, now, null, null, null, null, null, consentEnabled,
                null, null, null, null, null, channelId, null, context, provider, null, null, null, null, null, aiSessionKey,
                placement);
    }
}
