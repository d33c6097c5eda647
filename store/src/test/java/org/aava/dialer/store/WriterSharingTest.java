package org.aava.dialer.store;

import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.ports.InsertResult;
import org.aava.dialer.core.ports.LeaseRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the single writer is shared between pacers leasing without pause and an import running beside them
 * (WriterLanes' call turns, Db's WAL rewind), on a real SQLite file.
 */
class WriterSharingTest {
    @TempDir
    Path dir;

    private static final Duration TTL = Duration.ofSeconds(60);
    private static final int IMPORT_CHUNK = 10_000;

    @Test
    void aPacerLeasingBackToBackGetsSeveralLeasesPerImportTransactionAndTheWalStaysBounded() throws Exception {
        Map<String, LongAdder> ops = new ConcurrentHashMap<>();
        StoreMetrics count = (name, nanos, ok) -> ops.computeIfAbsent(name, k -> new LongAdder()).increment();
        Path file = dir.resolve("aava.db");
        try (SqliteStore store = SqliteStore.open(file, StoreOptions.defaults().withMetrics(count))) {
            Campaign leasing = StoreFixture.runningCampaign(store, "leasing");
            store.leads().insertBatch(leasing.id(), StoreFixture.leads(leasing.id(), 0, 20_000), true).join();
            Campaign target = StoreFixture.runningCampaign(store, "import target");
            ops.clear();

            AtomicBoolean importing = new AtomicBoolean(true);
            CompletableFuture<Integer> leases = leaseUntil(store, leasing, importing);
            Path wal = dir.resolve("aava.db-wal");
            long maxWal = 0;
            CompletableFuture<Void> imported = CompletableFuture.completedFuture(null);
            for (int chunk = 0; chunk < 5; chunk++) {
                int from = 1_000_000 + chunk * IMPORT_CHUNK;
                imported = imported.thenCompose(v -> store.leads()
                        .insertBatch(target.id(), StoreFixture.leads(target.id(), from, IMPORT_CHUNK), true).thenApply(r -> null));
            }
            while (!imported.isDone()) {
                if (Files.exists(wal)) maxWal = Math.max(maxWal, Files.size(wal));
                Thread.sleep(20);
            }
            imported.join();
            importing.set(false);
            int leaseCalls = leases.get(30, TimeUnit.SECONDS);

            long importTransactions = ops.get("lead.insertBatch").sum();
            assertTrue(leaseCalls > 100, "the pacer was served during the import: " + leaseCalls);
            // Without the call lane's turn each lease cost one import slice and commit: ~1 lease per transaction.
            double perTransaction = (double) leaseCalls / importTransactions;
            assertTrue(perTransaction >= 2, "leases per import transaction: " + leaseCalls + " / " + importTransactions);
            assertTrue(ops.containsKey("wal.rewind"), "the writer completed a checkpoint during the import");
            // Without the rewind the WAL grew with everything written (leases and import alike) until the import ended:
            // 340 MB here on 2 cores; with it, ~70 MB (what 500 ms of writes add between two checkpoints).
            assertTrue(maxWal < 160L << 20, "largest WAL file during the import: " + (maxWal >> 20) + " MB");
            assertEquals(50_000L, store.leads().countByState(target.id()).join().values().stream().mapToLong(Long::longValue).sum());
        }
    }

    @Test
    void anImportStillFinishesWhileEightPacersLeaseWithoutPause() throws Exception {
        try (SqliteStore store = StoreFixture.open(dir)) {
            Campaign leasing = StoreFixture.runningCampaign(store, "leasing");
            store.leads().insertBatch(leasing.id(), StoreFixture.leads(leasing.id(), 0, 5_000), true).join();
            Campaign target = StoreFixture.runningCampaign(store, "import target");

            AtomicBoolean importing = new AtomicBoolean(true);
            List<CompletableFuture<Integer>> pacers = new ArrayList<>();
            for (int i = 0; i < 8; i++) pacers.add(leaseUntil(store, leasing, importing));
            Thread.sleep(100); // the call lane is never empty from here on
            long t0 = System.nanoTime();
            CompletableFuture<InsertResult> imported = store.leads()
                    .insertBatch(target.id(), StoreFixture.leads(target.id(), 1_000_000, 10_000), true);
            // Before the call lane had turns, eight pacers kept a lease always queued and the import never moved.
            int accepted = assertDoesNotThrow(() -> imported.get(20, TimeUnit.SECONDS),
                    "the import starved behind the pacers' leases").accepted();
            long importMs = (System.nanoTime() - t0) / 1_000_000;
            importing.set(false);
            int leaseCalls = 0;
            for (CompletableFuture<Integer> p : pacers) leaseCalls += p.get(30, TimeUnit.SECONDS);

            assertEquals(10_000, accepted, "the import took " + importMs + " ms");
            assertTrue(leaseCalls > 100, "the pacers were served meanwhile: " + leaseCalls);
        }
    }

    /** Leases 10 at a time, back to back, until {@code running} turns false; puts leases back when none are left. */
    private static CompletableFuture<Integer> leaseUntil(SqliteStore store, Campaign campaign, AtomicBoolean running) {
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
