package org.aava.dialer.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The pacer's loop: one daemon thread that calls {@code Pacer.tick()} every {@code scheduler.tick_ms}, the first
 * time at once (that tick requeues leases that expired while the dialer was down). It lives here because
 * {@code core} owns no thread; the pacer itself is a plain object driven by whoever ticks it.
 */
final class PacerTicker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PacerTicker.class);

    private final Runnable tick;
    private final Duration period;
    private ScheduledExecutorService loop;

    /** @param tick {@code pacer::tick} */
    PacerTicker(Runnable tick, Duration period) {
        this.tick = tick;
        this.period = period;
    }

    synchronized void start() {
        if (loop != null) return;
        loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "aava-pacer");
            t.setDaemon(true);
            return t;
        });
        // fixed delay, not rate: a slow tick is not followed by a burst of catch-up ticks
        loop.scheduleWithFixedDelay(this::tickOnce, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One tick; a failure is logged and the next tick comes as usual (an exception would end the schedule). */
    private void tickOnce() {
        try {
            tick.run();
        } catch (RuntimeException e) {
            log.error("pacer tick failed", e);
        }
    }

    /** Stops the loop and waits briefly for a tick in progress, so nothing leases while the store closes. */
    @Override
    public synchronized void close() {
        if (loop == null) return;
        loop.shutdownNow();
        try {
            if (!loop.awaitTermination(2, TimeUnit.SECONDS)) log.warn("a pacer tick was still running at shutdown");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loop = null;
    }
}
