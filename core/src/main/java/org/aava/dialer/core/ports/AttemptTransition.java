package org.aava.dialer.core.ports;

import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.AttemptClose;
import org.aava.dialer.core.model.HopResult;

import java.time.Instant;
import java.util.Optional;

/**
 * One step of an attempt's life as the store records it: the attempt, its lead and its call record change together.
 *
 * @param <R> what applying it returns
 */
public sealed interface AttemptTransition<R> {

    /** {@code leased → dialing} (counting the attempt) and the attempt opened; empty when the lead was no longer leased. */
    record Open(Attempt opening, Instant leaseUntil) implements AttemptTransition<Optional<Attempt>> { }

    /** The callee answered: the attempt's answer time and channel, the lead {@code amd_pending}. */
    record Answer(long attemptId, long leadId, String channelId, Instant at) implements AttemptTransition<Void> { }

    /** What the AMD hop decided (fields already set on the attempt are kept). */
    record RecordHop(HopResult hop, Instant at) implements AttemptTransition<Void> { }

    /**
     * The AI took the call: the attempt records the context, provider and prompt, the lead goes {@code in_progress}
     * ({@code answered_human}), and the call record is created and linked (born finished if the attempt closed first).
     */
    record Attach(long attemptId, long campaignId, long leadId, String phoneNumber, String context, String provider,
                  String effectivePrompt, Instant at) implements AttemptTransition<CallHistoryRepository.CallRecord> { }

    /** The attempt's one close, with its lead and call record; false (nothing changed) if it was already closed. */
    record Close(long attemptId, AttemptClose close) implements AttemptTransition<Boolean> { }
}
