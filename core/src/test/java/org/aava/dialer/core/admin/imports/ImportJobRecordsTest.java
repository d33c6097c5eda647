package org.aava.dialer.core.admin.imports;

import org.aava.dialer.core.ports.ImportJobRepository;
import org.aava.dialer.core.ports.ImportJobRepository.ImportJob;
import org.aava.dialer.core.ports.ImportJobRepository.Status;
import org.aava.dialer.core.testing.InMemoryStore;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ImportJobRecordsTest {
    /** Jobs in memory, with the repository's rule that a job ends once. */
    private static final class Jobs implements ImportJobRepository {
        final Map<Long, ImportJob> rows = new TreeMap<>();
        long seq;

        @Override
        public CompletableFuture<ImportJob> start(long campaignId, String sourceName, String format, String actor, long ownerPid) {
            ImportJob j = new ImportJob(++seq, campaignId, sourceName, format, Status.RUNNING, 0, 0, 0, 0, 0, null, null, actor, ownerPid,
                    Instant.EPOCH, Instant.EPOCH, null);
            rows.put(j.id(), j);
            return CompletableFuture.completedFuture(j);
        }

        @Override
        public CompletableFuture<Void> progress(long id, long rowsRead, long rejected) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Optional<ImportJob>> end(long id, Status status, String error, long rowsRead, long rejected, String errorCsv) {
            ImportJob j = rows.get(id);
            if (j.status() == Status.RUNNING) {
                j = new ImportJob(j.id(), j.campaignId(), j.sourceName(), j.format(), status, rowsRead, j.accepted(), j.duplicates(), rejected,
                        j.dnc(), error, errorCsv, j.actor(), j.ownerPid(), j.startedAt(), j.updatedAt(), Instant.EPOCH);
                rows.put(id, j);
            }
            return CompletableFuture.completedFuture(Optional.of(j));
        }

        @Override
        public CompletableFuture<Optional<ImportJob>> find(long id) {
            return CompletableFuture.completedFuture(Optional.ofNullable(rows.get(id)));
        }

        @Override
        public CompletableFuture<List<ImportJob>> recent(Long campaignId, int limit) {
            return CompletableFuture.completedFuture(List.copyOf(rows.values()));
        }

        @Override
        public CompletableFuture<List<ImportJob>> running() {
            return CompletableFuture.completedFuture(rows.values().stream().filter(j -> j.status() == Status.RUNNING).toList());
        }

        @Override
        public CompletableFuture<Integer> forgetErrorCsv(String errorCsv) {
            return CompletableFuture.completedFuture(0);
        }
    }

    private final InMemoryStore store = new InMemoryStore();
    private final Jobs jobs = new Jobs();
    private final ImportJobRecords records = new ImportJobRecords(jobs, store.audit(), new ImportJobRecords.Processes() {
        @Override
        public long self() {
            return 100;
        }

        @Override
        public boolean isAlive(long pid) {
            return pid == 200;
        }
    });

    @Test
    void aJobIsAuditedWhenItStartsAndEndsAndItsStatusFollows() {
        ImportJob j = records.start(7, "leads.csv", "csv", "op");
        assertEquals("import " + j.id() + " (csv, leads.csv)", store.auditEntries().getLast().details());
        records.finished(j, new ImportResult(3, 2, 0, 1, 0, List.of(), 0), "errors.csv");
        assertEquals("import " + j.id() + " finished: rows 3, accepted 2, duplicates 0, rejected 1, dnc 0", store.auditEntries().getLast().details());
        assertEquals(Status.FINISHED, jobs.rows.get(j.id()).status());
        assertEquals("errors.csv", jobs.rows.get(j.id()).errorCsv());
    }

    @Test
    void aFailedJobSaysWhy() {
        ImportJob j = records.start(7, null, "xlsx", "op");
        records.failed(j, "import stopped: disk full", 10, 1, null);
        assertEquals("leads.import.failed", store.auditEntries().getLast().action());
        assertEquals("import stopped: disk full", jobs.rows.get(j.id()).error());
        assertEquals(Status.FAILED, jobs.rows.get(j.id()).status());
    }

    @Test
    void onlyAJobWhoseProcessIsGoneIsInterrupted() {
        ImportJob gone = jobs.start(7, null, "csv", "cli", 300).join();
        ImportJob besideUs = jobs.start(7, null, "csv", "cli", 200).join();
        ImportJob ours = jobs.start(7, null, "csv", "op", 100).join();
        ImportJob oursLeftOver = jobs.start(7, null, "csv", "op", 100).join();
        assertEquals(2, records.interruptAbandoned(id -> id == ours.id()));
        assertEquals(Status.INTERRUPTED, jobs.rows.get(gone.id()).status());
        assertEquals(Status.RUNNING, jobs.rows.get(besideUs.id()).status());
        assertEquals(Status.RUNNING, jobs.rows.get(ours.id()).status());
        assertEquals(Status.INTERRUPTED, jobs.rows.get(oursLeftOver.id()).status());
        assertEquals("system", store.auditEntries().getLast().actor());
    }
}
