package org.aava.dialer.core.admin;

import org.aava.dialer.core.model.Placement;
import org.aava.dialer.core.ports.NodeStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The rules the health page applies to the heartbeats and open attempts: alive by expiry, owner by freshest heartbeat. */
class ClusterTest {
    private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
    private static final Duration EXPIRY = Duration.ofSeconds(15);

    @Test
    void liveCallsAreCountedPerNodeAndPerServerAndAServerWithCallsButNoNodeStillShows() {
        List<NodeStatus> nodes = List.of(new NodeStatus("b", NOW, NOW.minusSeconds(1), List.of("pbx1")),
                new NodeStatus("a", NOW, NOW.minusSeconds(1), List.of("pbx1", "pbx2")));
        Map<Placement, Long> open = Map.of(new Placement("a", "pbx1"), 2L, new Placement("a", "pbx2"), 1L,
                new Placement("b", "pbx1"), 4L, new Placement("b", "old-pbx"), 1L);
        Cluster.Status s = Cluster.status(nodes, open, NOW, EXPIRY);
        assertEquals(List.of("a", "b"), s.nodes().stream().map(Cluster.NodeView::id).toList(), "by id");
        assertEquals(List.of(3L, 5L), s.nodes().stream().map(Cluster.NodeView::liveCalls).toList());
        assertEquals(List.of(new Cluster.ServerView("old-pbx", null, 1), new Cluster.ServerView("pbx1", "a", 6),
                new Cluster.ServerView("pbx2", "a", 1)), s.servers(), "equally fresh: the first id owns it, on every node alike");
    }

    @Test
    void theFreshestAliveNodeOwnsAServerAndAClockAheadOfOursCountsAsAlive() {
        List<NodeStatus> nodes = List.of(new NodeStatus("a", NOW, NOW.minusSeconds(3), List.of("pbx")),
                new NodeStatus("b", NOW, NOW.plusSeconds(2), List.of("pbx")),
                new NodeStatus("c", NOW, NOW.minus(EXPIRY), List.of("pbx")));
        Cluster.Status s = Cluster.status(nodes, Map.of(), NOW, EXPIRY);
        assertEquals(List.of(true, true, false), s.nodes().stream().map(Cluster.NodeView::alive).toList());
        assertEquals("b", s.servers().get(0).owner());
    }
}
