package org.aava.dialer.core.ports;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Lead imports as recorded jobs. The committed counts (accepted, duplicates, dnc) are added by the lead insert
 * itself, in the transaction that commits the rows ({@link LeadRepository#insertBatch(long, List, boolean, long)});
 * rows read and rejected are the importer's, written as it goes.
 */
public interface ImportJobRepository {
    enum Status {
        RUNNING, FINISHED, FAILED, INTERRUPTED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * @param ownerPid the process that runs the import: a job still {@code running} whose process is gone was
     *                 interrupted (kill -9, power loss)
     */
    record ImportJob(long id, long campaignId, String sourceName, String format, Status status, long rowsRead, long accepted,
                     long duplicates, long rejected, long dnc, String error, String errorCsv, String actor, long ownerPid,
                     Instant startedAt, Instant updatedAt, Instant finishedAt) {
    }

    CompletableFuture<ImportJob> start(long campaignId, String sourceName, String format, String actor, long ownerPid);

    /** The importer's own counts so far (the committed ones come with the rows). */
    CompletableFuture<Void> progress(long id, long rowsRead, long rejected);

    /** Ends a running job; a job already ended keeps its first ending. */
    CompletableFuture<Optional<ImportJob>> end(long id, Status status, String error, long rowsRead, long rejected, String errorCsv);

    CompletableFuture<Optional<ImportJob>> find(long id);

    /** Newest first; {@code campaignId} null for every campaign. */
    CompletableFuture<List<ImportJob>> recent(Long campaignId, int limit);

    CompletableFuture<List<ImportJob>> running();

    /** Unlinks an error CSV that was deleted (expired): the job no longer offers it. */
    CompletableFuture<Integer> forgetErrorCsv(String errorCsv);
}
