package org.aava.dialer.server;

import org.aava.dialer.core.ports.NodeHeartbeats;
import org.aava.dialer.core.ports.NodeStatus;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeartbeatTickerTest {
    private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");

    /** Records each beat and answers it with the future the test hands it. */
    private static final class Beats implements NodeHeartbeats {
        final List<Instant> at = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<Void>> answers = new CopyOnWriteArrayList<>();
        volatile String nodeId;
        volatile List<String> servers;
        volatile Instant startedAt;

        @Override
        public CompletableFuture<Void> beat(String nodeId, Instant startedAt, List<String> servers, Instant at) {
            this.nodeId = nodeId;
            this.startedAt = startedAt;
            this.servers = servers;
            this.at.add(at);
            CompletableFuture<Void> answer = new CompletableFuture<>();
            answers.add(answer);
            return answer;
        }

        @Override
        public CompletableFuture<List<NodeStatus>> nodes() {
            return CompletableFuture.completedFuture(List.of());
        }
    }

    @Test
    void aBeatStillPendingIsNotFollowedByAnotherAndAFailedOneIsRetriedNextTick() {
        Beats beats = new Beats();
        HeartbeatTicker ticker = new HeartbeatTicker(beats, "node-a", List.of("pbx:8088/app"), Duration.ofSeconds(5),
                Clock.fixed(T0, ZoneOffset.UTC));
        ticker.beatOnce();
        ticker.beatOnce();
        assertEquals(1, beats.at.size(), "the database has not written the first: no second beat queued behind it");
        beats.answers.get(0).completeExceptionally(new IllegalStateException("database is locked"));
        ticker.beatOnce();
        assertEquals(2, beats.at.size(), "after a failure the next tick beats again");
        beats.answers.get(1).complete(null);
        ticker.beatOnce();
        assertEquals(3, beats.at.size());
        assertEquals("node-a", beats.nodeId);
        assertEquals(List.of("pbx:8088/app"), beats.servers);
        assertEquals(T0, beats.startedAt, "the node's start, the same in every beat");
    }

    @Test
    void aBeatThatThrowsDoesNotStopTheTicker() {
        int[] calls = {0};
        NodeHeartbeats throwing = new NodeHeartbeats() {
            @Override
            public CompletableFuture<Void> beat(String nodeId, Instant startedAt, List<String> servers, Instant at) {
                if (++calls[0] == 1) throw new IllegalStateException("store closed");
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public CompletableFuture<List<NodeStatus>> nodes() {
                return CompletableFuture.completedFuture(List.of());
            }
        };
        HeartbeatTicker ticker = new HeartbeatTicker(throwing, "node-a", List.of(), Duration.ofSeconds(5), Clock.systemUTC());
        ticker.beatOnce();
        ticker.beatOnce();
        assertEquals(2, calls[0], "the throw did not leave a beat marked in flight");
    }

    @Test
    void beatsAtOnceOnItsOwnThreadAndStopsOnClose() throws Exception {
        CountDownLatch three = new CountDownLatch(3);
        List<String> threads = new CopyOnWriteArrayList<>();
        NodeHeartbeats counting = new NodeHeartbeats() {
            @Override
            public CompletableFuture<Void> beat(String nodeId, Instant startedAt, List<String> servers, Instant at) {
                threads.add(Thread.currentThread().getName());
                three.countDown();
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public CompletableFuture<List<NodeStatus>> nodes() {
                return CompletableFuture.completedFuture(List.of());
            }
        };
        try (HeartbeatTicker ticker = new HeartbeatTicker(counting, "node-a", List.of(), Duration.ofMillis(10), Clock.systemUTC())) {
            ticker.start();
            ticker.start(); // a second start is ignored, not a second loop
            assertTrue(three.await(5, TimeUnit.SECONDS), "beats: " + threads.size());
        }
        assertEquals("aava-heartbeat", threads.get(0));
        Thread.sleep(50);
        int afterClose = threads.size();
        Thread.sleep(100);
        assertEquals(afterClose, threads.size(), "no beat after close");
    }
}
