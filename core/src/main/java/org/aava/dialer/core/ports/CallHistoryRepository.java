package org.aava.dialer.core.ports;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** One row per HUMAN call that reached the AI: the call record the operator opens from the lead table. */
public interface CallHistoryRepository {
    record CallRecord(long id, long attemptId, long campaignId, long leadId, String phoneNumber, String context,
                      String provider, Instant startedAt, Instant endedAt, String outcome, String transcript) {
    }

    /**
     * Creates the attempt's call record and links the attempt to it, in one transaction. The record is finished
     * by the attempt's close ({@link AttemptRepository#close}), in that transaction; if the attempt closed first,
     * the record is created finished with its end and outcome.
     */
    CompletableFuture<CallRecord> create(long attemptId, long campaignId, long leadId, String phoneNumber,
                                         String context, String provider, Instant startedAt);

    CompletableFuture<Void> appendTranscript(long id, String text);

    CompletableFuture<Optional<CallRecord>> find(long id);
}
