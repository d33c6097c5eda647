package org.aava.dialer.store;

import org.junit.jupiter.api.Test;

import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class LowerCpuPriorityTest {
    @org.junit.jupiter.api.BeforeAll
    static void onSqliteOnly() {
        TestDatabases.assumeSqlite(); // this class checks the SQLite file itself
    }


    @Test
    void aWriterThreadLowersItsOwnPriorityAndOnlyItsOwn() throws Exception {
        OptionalInt self = LowerCpuPriority.currentThreadId();
        assumeTrue(self.isPresent(), "Linux only (/proc/thread-self)");
        int before = LowerCpuPriority.niceOf(self.getAsInt()).orElseThrow();
        assumeTrue(before < 7, "the test JVM already runs at nice " + before);

        CompletableFuture<Integer> lowered = new CompletableFuture<>();
        CompletableFuture<Void> release = new CompletableFuture<>();
        Thread t = LowerCpuPriority.daemonThreads("lowered-test", 7).newThread(() -> {
            lowered.complete(LowerCpuPriority.currentThreadId().orElseThrow());
            release.join();
        });
        assertTrue(t.isDaemon());
        t.start();
        int tid = lowered.get(5, TimeUnit.SECONDS);
        assertTrue(tid != self.getAsInt(), "the new thread has its own kernel id");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (LowerCpuPriority.niceOf(tid).orElseThrow() != 7 && System.nanoTime() < deadline) Thread.sleep(20);
        assertEquals(7, LowerCpuPriority.niceOf(tid).orElseThrow(), "renice reached the thread");
        assertEquals(before, LowerCpuPriority.niceOf(self.getAsInt()).orElseThrow(), "the rest of the process is untouched");
        release.complete(null);
        t.join(5_000);
    }

    @Test
    void theStoresWriterRunsBelowCallHandling() throws Exception {
        assumeTrue(LowerCpuPriority.currentThreadId().isPresent(), "Linux only (/proc/thread-self)");
        try (Store store = SqliteStore.open(java.nio.file.Files.createTempDirectory("nice").resolve("t.db"), StoreOptions.defaults())) {
            store.campaigns().create(org.aava.dialer.core.model.Campaign.builder("nice").build()).join(); // runs on the writer
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            OptionalInt writerNice = OptionalInt.empty();
            while (System.nanoTime() < deadline) {
                writerNice = niceOfThreadNamed("aava-db-1");
                if (writerNice.isPresent() && writerNice.getAsInt() >= LowerCpuPriority.DATABASE_NICENESS) break;
                Thread.sleep(20);
            }
            assertEquals(OptionalInt.of(LowerCpuPriority.DATABASE_NICENESS), writerNice);
        }
    }

    /** The nice value of this process's thread with that name (its kernel name, at most 15 characters). */
    private static OptionalInt niceOfThreadNamed(String name) throws java.io.IOException {
        try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
            for (java.nio.file.Path task : tasks.toList()) {
                String comm = java.nio.file.Files.readString(task.resolve("comm")).strip();
                if (comm.equals(name)) return LowerCpuPriority.niceOf(Integer.parseInt(task.getFileName().toString()));
            }
        }
        return OptionalInt.empty();
    }
}
