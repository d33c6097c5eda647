package org.aava.dialer.core.calls;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SerialExecutorTest {
    @Test
    void withADirectExecutorTasksRunAtOnceAndInOrder() {
        SerialExecutor s = new SerialExecutor(Runnable::run);
        List<String> log = new ArrayList<>();
        s.execute(() -> log.add("a"));
        assertEquals(List.of("a"), log, "runs on the caller's thread before execute returns");
        s.execute(() -> {
            log.add("b:start");
            s.execute(() -> log.add("c"));
            log.add("b:end");
        });
        assertEquals(List.of("a", "b:start", "b:end", "c"), log, "a task submitted from a task runs after it, not inside it");
    }

    @Test
    void reentrantSubmissionsDoNotRecurse() {
        SerialExecutor s = new SerialExecutor(Runnable::run);
        AtomicInteger left = new AtomicInteger(200_000);
        AtomicInteger maxDepth = new AtomicInteger();
        Runnable[] step = new Runnable[1];
        step[0] = () -> {
            if (left.get() % 1000 == 0) {
                maxDepth.accumulateAndGet(StackWalker.getInstance().walk(frames -> (int) frames.count()), Math::max);
            }
            if (left.decrementAndGet() > 0) s.execute(step[0]);
        };
        s.execute(step[0]);
        assertEquals(0, left.get(), "every chained task ran");
        assertTrue(maxDepth.get() < 100, "stack depth stays flat: " + maxDepth.get());
    }

    @Test
    void aFailingTaskDoesNotStopTheQueue() {
        SerialExecutor s = new SerialExecutor(Runnable::run);
        List<String> log = new ArrayList<>();
        s.execute(() -> {
            s.execute(() -> log.add("after"));
            throw new IllegalStateException("boom (expected in this test)");
        });
        s.execute(() -> log.add("next"));
        assertEquals(List.of("after", "next"), log);
    }

    @Test
    void onAPoolOneCallsTasksNeverOverlapAndKeepTheirOrder() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            SerialExecutor s = new SerialExecutor(pool);
            AtomicInteger running = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            List<Integer> order = new ArrayList<>();
            int n = 20_000;
            CountDownLatch done = new CountDownLatch(n);
            for (int i = 0; i < n; i++) {
                int id = i;
                s.execute(() -> {
                    if (running.incrementAndGet() != 1) overlaps.incrementAndGet();
                    order.add(id); // unsynchronised on purpose: the executor must serialise
                    running.decrementAndGet();
                    done.countDown();
                });
            }
            assertTrue(done.await(10, TimeUnit.SECONDS));
            assertEquals(0, overlaps.get());
            for (int i = 0; i < n; i++) assertEquals(i, order.get(i));
        } finally {
            pool.shutdownNow();
        }
    }
}
