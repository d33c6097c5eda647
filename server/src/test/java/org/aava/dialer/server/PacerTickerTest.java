package org.aava.dialer.server;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PacerTickerTest {
    @Test
    void ticksAtOnceThenKeepsTickingAfterAFailedTickOnItsOwnThread() throws Exception {
        AtomicInteger ticks = new AtomicInteger();
        AtomicReference<String> thread = new AtomicReference<>();
        CountDownLatch five = new CountDownLatch(5);
        try (PacerTicker ticker = new PacerTicker(() -> {
            thread.set(Thread.currentThread().getName());
            five.countDown();
            if (ticks.incrementAndGet() == 1) throw new IllegalStateException("the first tick fails");
        }, Duration.ofMillis(10))) {
            ticker.start();
            ticker.start(); // a second start is ignored, not a second loop
            assertTrue(five.await(5, TimeUnit.SECONDS), "ticks after the failure: " + ticks.get());
        }
        assertEquals("aava-pacer", thread.get());
        int afterClose = ticks.get();
        Thread.sleep(100);
        assertEquals(afterClose, ticks.get(), "no tick after close");
    }
}
