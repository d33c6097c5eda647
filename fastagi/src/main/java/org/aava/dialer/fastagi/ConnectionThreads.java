package org.aava.dialer.fastagi;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads AGI connections run on: platform threads, kept for reuse, for up to {@code platformLimit}
 * connections at once, and a virtual thread for each connection beyond that.
 *
 * <p>Why platform threads, when a hop is mostly waiting on a socket: an AGI command's answer wakes its thread,
 * and Asterisk's channel waits (dead air) until our next command. A platform thread is woken by the kernel's
 * scheduler, which runs a thread that slept ahead of busy ones. A virtual thread is woken through the JDK's
 * poller and queued, first in first out, behind every other runnable connection on as many carriers as cores.
 * When 500 hops arrived in the same instant on 2 cores (bench/ FastAgiHops, burst), the time from an answer to
 * our next command was p50 10-11 ms on virtual threads and 0.05-0.44 ms on platform threads (five runs), and a
 * whole hop's added time p50 92-118 ms against 52-85 ms. Hops spread over a second were the same either way
 * (p50 < 0.1 ms).
 *
 * <p>Past the limit (a flood of connections, or peers that connect and say nothing until the read timeout drops
 * them) the overflow goes to virtual threads, so a flood costs no more platform threads than the limit.
 */
final class ConnectionThreads implements Executor, AutoCloseable {
    /**
     * More than the concurrent calls a node dials. A platform thread's stack holds ~110 KB (NMT after 500 hops at
     * once: 523 threads, 55 MB of stack committed), kept while the thread waits for its next connection.
     */
    static final int PLATFORM_LIMIT = 512;
    /** An idle thread ends after this: a burst's threads serve the next burst, and an idle server holds none. */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(60);

    /** How long {@link #close} waits for running connections to end. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final ExecutorService overflow = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("agi-v-", 0).factory());
    private final AtomicInteger overflowRunning = new AtomicInteger();
    private final ThreadPoolExecutor platform;

    ConnectionThreads() {
        this(PLATFORM_LIMIT, KEEP_ALIVE);
    }

    ConnectionThreads(int platformLimit, Duration keepAlive) {
        this.platform = new ThreadPoolExecutor(0, platformLimit, keepAlive.toMillis(), TimeUnit.MILLISECONDS, new SynchronousQueue<>(),
                Thread.ofPlatform().daemon().name("agi-", 0).factory(), (task, pool) -> overflow.execute(() -> {
                    overflowRunning.incrementAndGet();
                    try {
                        task.run();
                    } finally {
                        overflowRunning.decrementAndGet();
                    }
                }));
    }

    /** Runs the connection's task; throws {@link java.util.concurrent.RejectedExecutionException} once closed. */
    @Override
    public void execute(Runnable connection) {
        platform.execute(connection);
    }

    /** Connections being served now, on either kind of thread. */
    int busy() {
        return platform.getActiveCount() + overflowRunning.get();
    }

    /** Platform threads alive now, busy or idle. */
    int platformThreads() {
        return platform.getPoolSize();
    }

    /**
     * Takes no more connections and waits up to {@link #CLOSE_WAIT} for those running to end (their sockets are
     * closed by then, see {@link BoundedAgiServerSocket#closeConnections}), so no hop outlives the server.
     */
    @Override
    public void close() {
        platform.shutdownNow();
        overflow.shutdownNow(); // after the pool: a connection the pool turned away meanwhile is refused here
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        try {
            platform.awaitTermination(CLOSE_WAIT.toNanos(), TimeUnit.NANOSECONDS);
            overflow.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
