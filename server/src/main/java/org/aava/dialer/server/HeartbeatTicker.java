package org.aava.dialer.server;

import org.aava.dialer.core.ports.NodeHeartbeats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * This node's heartbeat (issue 20): one daemon thread that hands the store a heartbeat every
 * {@code node.heartbeat_seconds}, the first at once, so the other nodes on the database see this one alive. The
 * write runs on the store's own threads; this thread never waits for it, and a beat is skipped while the previous
 * one is still queued (a stuck database gets one pending beat, not a pile). A failed beat is logged and the next
 * tick tries again.
 */
final class HeartbeatTicker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HeartbeatTicker.class);

    private final NodeHeartbeats heartbeats;
    private final String nodeId;
    private final List<String> servers;
    private final Duration period;
    private final Clock clock;
    private final Instant startedAt;
    private final AtomicBoolean inFlight = new AtomicBoolean();
    /** So that a database outage is logged once when it starts and once when it ends, not every few seconds. */
    private final AtomicBoolean failing = new AtomicBoolean();
    private final FixedDelayLoop loop;

    HeartbeatTicker(NodeHeartbeats heartbeats, String nodeId, List<String> servers, Duration period, Clock clock) {
        this.heartbeats = heartbeats;
        this.nodeId = nodeId;
        this.servers = List.copyOf(servers);
        this.period = period;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.loop = new FixedDelayLoop("aava-heartbeat", period, this::beatOnce);
    }

    void start() {
        loop.start();
    }

    /** Hands one heartbeat to the store, unless the last one is still pending. */
    void beatOnce() {
        if (!inFlight.compareAndSet(false, true)) {
            log.debug("node_id={} heartbeat skipped: the previous one is not written yet", nodeId);
            return;
        }
        try {
            heartbeats.beat(nodeId, startedAt, servers, clock.instant()).whenComplete((v, e) -> {
                inFlight.set(false);
                if (e != null) failed(e);
                else if (failing.compareAndSet(true, false)) log.info("node_id={} heartbeat written again", nodeId);
            });
        } catch (RuntimeException e) {
            inFlight.set(false);
            failed(e);
        }
    }

    private void failed(Throwable e) {
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        if (failing.compareAndSet(false, true)) {
            log.warn("node_id={} heartbeat failed, retrying every {} s; the other nodes see this one dead after node.expiry_seconds: {}",
                    nodeId, period.toSeconds(), cause.toString());
        } else {
            log.debug("node_id={} heartbeat failed again: {}", nodeId, cause.toString());
        }
    }

    @Override
    public void close() {
        loop.close();
    }
}
