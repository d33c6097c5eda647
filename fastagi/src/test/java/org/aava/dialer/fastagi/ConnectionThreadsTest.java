package org.aava.dialer.fastagi;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectionThreadsTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private record Ran(String name, boolean virtual) {
    }

    @Test
    void connectionsPastThePlatformLimitRunOnVirtualThreadsAndAllRunAtOnce() throws Exception {
        try (ConnectionThreads threads = new ConnectionThreads(3, Duration.ofSeconds(60))) {
            CountDownLatch allStarted = new CountDownLatch(5);
            CountDownLatch release = new CountDownLatch(1);
            List<Ran> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int i = 0; i < 5; i++) {
                threads.execute(() -> {
                    ran.add(new Ran(Thread.currentThread().getName(), Thread.currentThread().isVirtual()));
                    allStarted.countDown();
                    await(release);
                });
            }
            assertTrue(allStarted.await(5, TimeUnit.SECONDS), "five connections served at once with a limit of three platform threads");
            assertEquals(5, threads.busy());
            assertEquals(3, ran.stream().filter(r -> !r.virtual()).count(), "the first three on platform threads: " + ran);
            assertEquals(2, ran.stream().filter(Ran::virtual).count(), "the rest on virtual threads: " + ran);
            assertEquals(3, threads.platformThreads());
            release.countDown();
            AgiPeer.awaitZero(threads::busy, WAIT, "connection threads still busy");
        }
    }

    @Test
    void aBurstsPlatformThreadsServeTheNextBurstAndEndWhenIdle() throws Exception {
        try (ConnectionThreads threads = new ConnectionThreads(8, Duration.ofMillis(300))) {
            java.util.Set<String> first = burst(threads, 4);
            assertEquals(4, threads.platformThreads());
            // A worker takes the next connection only once it waits on the pool's hand-off again.
            awaitWaiting(first);
            java.util.Set<String> second = burst(threads, 4);
            assertEquals(first, second, "the second burst ran on the first burst's threads");
            AgiPeer.awaitZero(threads::platformThreads, WAIT, "idle threads still alive past the keep-alive");
        }
    }

    @Test
    void aClosedPoolRefusesConnections() {
        ConnectionThreads threads = new ConnectionThreads(2, Duration.ofSeconds(60));
        threads.close();
        assertThrows(RejectedExecutionException.class, () -> threads.execute(() -> { }));
    }

    /** Runs {@code n} connections at once and waits for them; the names of the threads they ran on. */
    private static java.util.Set<String> burst(ConnectionThreads threads, int n) throws InterruptedException {
        java.util.Set<String> names = ConcurrentHashMap.newKeySet();
        CountDownLatch started = new CountDownLatch(n);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            threads.execute(() -> {
                names.add(Thread.currentThread().getName());
                started.countDown();
                await(release);
                done.countDown();
            });
        }
        assertTrue(started.await(5, TimeUnit.SECONDS));
        release.countDown();
        assertTrue(done.await(5, TimeUnit.SECONDS));
        AgiPeer.awaitZero(threads::busy, WAIT, "connection threads still busy");
        return names;
    }

    /** Waits until every named thread is parked in a timed wait (an idle pool worker waits for its next task so). */
    private static void awaitWaiting(java.util.Set<String> names) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            long waiting = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> names.contains(t.getName()) && t.getState() == Thread.State.TIMED_WAITING).count();
            if (waiting == names.size()) return;
            Thread.sleep(5);
        }
        throw new AssertionError("the pool's threads never went back to waiting: " + names);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
