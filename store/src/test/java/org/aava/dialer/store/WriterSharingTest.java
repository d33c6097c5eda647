package org.aava.dialer.store;

import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.ports.InsertResult;
import org.aava.dialer.core.ports.LeaseRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the single writer is shared between pacers leasing without pause and an import running beside them
 * (WriterLanes' call turns, Db's WAL rewind), on a real SQLite file.
 */
class WriterSharingTest {
    @org.junit.jupiter.api.BeforeAll
    static void onSqliteOnly() {
        TestDatabases.assumeSqlite(); // this class checks the SQLite file itself
    }

    @TempDir
    Path dir;

    private static final Duration TTL = Duration.ofSeconds(60);
    private static final int IMPORT_CHUNK = 10_000;

    @Test
    void theWalStartsOverWhileAPacerLeasesBesideAnImport() throws Exception {
        try (Store store = StoreFixture.open(dir)) {
            Campaign leasing = campaignWithLeads(store, 20_000);
            Campaign target = StoreFixture.runningCampaign(store, "import target");
            Path wal = dir.resolve("aava.db-wal");
            int restartsBefore = walCheckpointSequence(wal);

            AtomicBoolean importing = new AtomicBoolean(true);
            CompletableFuture<Integer> leases = leaseUntil(store, leasing, importing);
            int restartsDuringImport;
            try {
                CompletableFuture<Void> imported = CompletableFuture.completedFuture(null);
                for (int chunk = 0; chunk < 5; chunk++) {
                    int from = 1_000_000 + chunk * IMPORT_CHUNK;
                    imported = imported.thenCompose(v -> store.leads()
                            .insertBatch(target.id(), StoreFixture.leads(target.id(), from, IMPORT_CHUNK), true).thenApply(r -> null));
                }
                imported.get(180, TimeUnit.SECONDS);
                restartsDuringImport = walCheckpointSequence(wal) - restartsBefore;
            } finally {
                importing.set(false);
            }
            int leaseCalls = leases.get(30, TimeUnit.SECONDS);

            assertTrue(leaseCalls > 100, "the pacer was served during the import: " + leaseCalls);
            // Without the writer completing the checkpoint, the WAL never started over while leases and the import
            // alternated (it reached 340 MB here); with it, it started over ~20 times.
            assertTrue(restartsDuringImport >= 3, "times the WAL started over during the import: " + restartsDuringImport);
            assertEquals(50_000L, store.leads().countByState(target.id()).join().values().stream().mapToLong(Long::longValue).sum());
        }
    }

    /**
     * The WAL header's checkpoint sequence number (bytes 12-15, big-endian): SQLite writes a new header, one
     * higher, each time the WAL starts over.
     */
    private static int walCheckpointSequence(Path wal) throws IOException {
        try (FileChannel ch = FileChannel.open(wal, StandardOpenOption.READ)) {
            ByteBuffer header = ByteBuffer.allocate(16);
            while (header.hasRemaining() && ch.read(header, header.position()) > 0) {
                // read the whole header
            }
            return header.position() < 16 ? 0 : header.getInt(12);
        }
    }

    @Test
    void anImportStillFinishesWhileEightPacersLeaseWithoutPause() throws Exception {
        try (Store store = StoreFixture.open(dir)) {
            Campaign leasing = campaignWithLeads(store, 5_000);
            Campaign target = StoreFixture.runningCampaign(store, "import target");

            AtomicBoolean importing = new AtomicBoolean(true);
            List<CompletableFuture<Integer>> pacers = new ArrayList<>();
            for (int i = 0; i < 8; i++) pacers.add(leaseUntil(store, leasing, importing));
            int accepted;
            long importMs;
            try {
                Thread.sleep(100); // the call lane is never empty from here on
                long t0 = System.nanoTime();
                CompletableFuture<InsertResult> imported = store.leads()
                        .insertBatch(target.id(), StoreFixture.leads(target.id(), 1_000_000, 10_000), true);
                // Before the call lane had turns, eight pacers kept a lease always queued and the import never moved
                // (unloaded, it now takes ~3.4 s).
                accepted = assertDoesNotThrow(() -> imported.get(120, TimeUnit.SECONDS),
                        "the import starved behind the pacers' leases").accepted();
                importMs = (System.nanoTime() - t0) / 1_000_000;
            } finally {
                importing.set(false);
            }
            int leaseCalls = 0;
            for (CompletableFuture<Integer> p : pacers) leaseCalls += p.get(30, TimeUnit.SECONDS);

            assertEquals(10_000, accepted, "the import took " + importMs + " ms");
            assertTrue(leaseCalls > 100, "the pacers were served meanwhile: " + leaseCalls);
        }
    }

    /** A running campaign for the pacers, with {@code leads} pending leads. */
    private static Campaign campaignWithLeads(Store store, int leads) {
        Campaign leasing = StoreFixture.runningCampaign(store, "leasing");
        store.leads().insertBatch(leasing.id(), StoreFixture.leads(leasing.id(), 0, leads), true).join();
        return leasing;
    }

    /** Leases 10 at a time, back to back, until {@code running} turns false; puts leases back when none are left. */
    private static CompletableFuture<Integer> leaseUntil(Store store, Campaign campaign, AtomicBoolean running) {
        return CompletableFuture.supplyAsync(() -> {
            AtomicInteger calls = new AtomicInteger();
            while (running.get()) {
                int got = store.leads().lease(new LeaseRequest(campaign.id(), 10, TTL, Instant.now(), 0)).join().size();
                calls.incrementAndGet();
                if (got == 0) store.leads().requeueExpired(Instant.now().plus(Duration.ofDays(1))).join();
            }
            return calls.get();
        }, runnable -> Thread.ofPlatform().daemon().start(runnable));
    }
}
