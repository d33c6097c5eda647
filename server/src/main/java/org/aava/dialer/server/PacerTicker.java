package org.aava.dialer.server;

import java.time.Duration;

/**
 * The pacer's loop: one daemon thread ({@code aava-pacer}) that calls {@code Pacer.tick()} every
 * {@code scheduler.tick_ms}, the first time at once (that tick requeues leases that expired while the dialer was
 * down). It lives here because {@code core} owns no thread; the pacer itself is a plain object driven by whoever
 * ticks it. A failed tick is logged and the next comes as usual.
 */
final class PacerTicker implements AutoCloseable {
    private final FixedDelayLoop loop;

    /** @param tick {@code pacer::tick} */
    PacerTicker(Runnable tick, Duration period) {
        this.loop = new FixedDelayLoop("aava-pacer", period, tick);
    }

    void start() {
        loop.start();
    }

    /** Stops the loop and waits briefly for a tick in progress, so nothing leases while the store closes. */
    @Override
    public void close() {
        loop.close();
    }
}
