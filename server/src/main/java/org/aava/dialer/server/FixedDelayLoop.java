package org.aava.dialer.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One named daemon thread that runs a task every {@code period}, the first time at once. Fixed delay, not rate: a
 * slow run is not followed by a burst of catch-up runs. A run that throws is logged and the next comes as usual (an
 * exception would end the schedule). The server's tickers are built on it because {@code core} owns no thread.
 */
final class FixedDelayLoop implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FixedDelayLoop.class);

    private final String threadName;
    private final Duration period;
    private final Runnable task;
    private ScheduledExecutorService loop;

    FixedDelayLoop(String threadName, Duration period, Runnable task) {
        this.threadName = threadName;
        this.period = period;
        this.task = task;
    }

    /** Starts the thread; a second start is ignored, not a second loop. */
    synchronized void start() {
        if (loop != null) return;
        loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        loop.scheduleWithFixedDelay(this::runOnce, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runOnce() {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.error("{}: a run failed; the next comes in {} ms", threadName, period.toMillis(), e);
        }
    }

    /** Stops the loop and waits briefly for a run in progress, so nothing runs on while the store closes. */
    @Override
    public synchronized void close() {
        if (loop == null) return;
        loop.shutdownNow();
        try {
            if (!loop.awaitTermination(2, TimeUnit.SECONDS)) log.warn("{}: a run was still going at shutdown", threadName);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loop = null;
    }
}
