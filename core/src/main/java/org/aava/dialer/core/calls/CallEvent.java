package org.aava.dialer.core.calls;

import org.aava.dialer.core.model.HopResult;

import java.time.Instant;

/** What can happen to a call, each with the time it was seen: the inputs of {@link AttemptLifecycle}. */
public sealed interface CallEvent {
    Instant at();

    /** How an originate request failed. */
    enum OriginateFailure {
        /** ARI never answered: Asterisk may still have placed the call. */
        UNANSWERED,
        /** ARI refused the request (4xx): nobody was called. */
        REFUSED,
        /** Asterisk failed it (5xx, shutting down): nobody was called, and the lead may be dialed again soon. */
        FAILED
    }

    record OriginateFailed(Instant at, OriginateFailure failure, String description) implements CallEvent { }

    /** StasisStart {@code outbound,<id>}: the callee answered. */
    record Answered(Instant at) implements CallEvent { }

    /** StasisEnd: never terminal (leaving our app is how the hop and the attach work). */
    record StasisEnded(Instant at) implements CallEvent { }

    /** StasisStart {@code outbound_amd,...}: the AMD hop decided. */
    record HopReturned(Instant at, HopResult hop) implements CallEvent { }

    /** StasisStart {@code outbound_amd,...} whose arguments could not be read. */
    record HopMalformed(Instant at, String args) implements CallEvent { }

    /** The request sending the call through the hop (continue in dialplan) failed; {@code refused} when it surely did nothing. */
    record HopRequestFailed(Instant at, boolean refused, String description) implements CallEvent { }

    record DialStatus(Instant at, String status) implements CallEvent { }

    record PlaybackFinished(Instant at) implements CallEvent { }

    record PlaybackFailed(Instant at, String description) implements CallEvent { }

    /** The channel is gone: Q.850 {@code cause}, and the SIP final response (0 when none). */
    record ChannelDestroyed(Instant at, int cause, String causeText, int sipCode) implements CallEvent { }

    /** The AI attach request's result ({@code description} says why it failed). */
    record AttachResult(Instant at, boolean ok, String description) implements CallEvent { }

    /** AI tool {@code hangup_call}: hang up, the outcome stays what the call was. */
    record AiHangup(Instant at) implements CallEvent { }

    /** AI tool {@code add_to_dnc}: the caller opted out. */
    record AiOptOut(Instant at) implements CallEvent { }

    /** AI tool {@code transfer}: send the call to an extension. */
    record AiTransfer(Instant at, String context, String extension) implements CallEvent { }

    /** The transfer request's result. */
    record TransferResult(Instant at, boolean ok) implements CallEvent { }

    /** The watchdog saw the call's deadline ({@link AttemptLifecycle#deadline}) pass. */
    record WatchdogExpired(Instant at) implements CallEvent { }

    /** Reconciliation after a reconnect found the call's channel gone (its events were lost with the connection). */
    record ChannelGone(Instant at) implements CallEvent { }
}
