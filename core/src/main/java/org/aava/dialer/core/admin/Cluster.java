package org.aava.dialer.core.admin;

import org.aava.dialer.core.model.Placement;
import org.aava.dialer.core.ports.AttemptQueries;
import org.aava.dialer.core.ports.NodeHeartbeats;
import org.aava.dialer.core.ports.NodeStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * The dialer nodes on one database and the Asterisk servers they dial through (issue 20): who is alive, who owns
 * which server, and how many calls each has in flight, from the heartbeats and the open attempts every node writes.
 */
public final class Cluster {
    /**
     * @param alive     its last heartbeat is less than {@code node.expiry_seconds} old
     * @param liveCalls open attempts this node placed, on any server
     */
    public record NodeView(String id, Instant startedAt, Instant lastHeartbeat, boolean alive, List<String> servers, long liveCalls) {
    }

    /**
     * @param owner     the alive node listing this server with the freshest heartbeat; null when no alive node lists it.
     *                  Only a report for now: nothing is fenced by it yet
     * @param liveCalls open attempts on this server, from every node
     */
    public record ServerView(String name, String owner, long liveCalls) {
    }

    /** Nodes by id, servers by name. */
    public record Status(List<NodeView> nodes, List<ServerView> servers) {
    }

    private final NodeHeartbeats heartbeats;
    private final AttemptQueries attempts;
    private final Duration expiry;

    /** @param expiry {@code node.expiry_seconds}: a node silent that long is dead */
    public Cluster(NodeHeartbeats heartbeats, AttemptQueries attempts, Duration expiry) {
        this.heartbeats = Objects.requireNonNull(heartbeats, "heartbeats");
        this.attempts = Objects.requireNonNull(attempts, "attempts");
        this.expiry = Objects.requireNonNull(expiry, "expiry");
    }

    public CompletableFuture<Status> status(Instant now) {
        return heartbeats.nodes().thenCombine(attempts.countOpenByPlacement(), (nodes, open) -> status(nodes, open, now, expiry));
    }

    static Status status(List<NodeStatus> nodes, Map<Placement, Long> open, Instant now, Duration expiry) {
        Map<String, Long> callsOfNode = new HashMap<>();
        Map<String, Long> callsOnServer = new HashMap<>();
        open.forEach((p, n) -> {
            callsOfNode.merge(p.nodeId(), n, Long::sum);
            callsOnServer.merge(p.asteriskServer(), n, Long::sum);
        });
        List<NodeView> views = nodes.stream().sorted(Comparator.comparing(NodeStatus::id))
                .map(s -> new NodeView(s.id(), s.startedAt(), s.lastHeartbeat(), alive(s, now, expiry), s.servers(),
                        callsOfNode.getOrDefault(s.id(), 0L)))
                .toList();
        // a server with calls but no node listing it any more (its node changed its ARI settings) still shows them
        TreeSet<String> names = new TreeSet<>(callsOnServer.keySet());
        views.forEach(v -> names.addAll(v.servers()));
        List<ServerView> servers = new ArrayList<>();
        for (String name : names) servers.add(new ServerView(name, owner(views, name), callsOnServer.getOrDefault(name, 0L)));
        return new Status(views, List.copyOf(servers));
    }

    /** Silent for {@code expiry} or longer is dead; a heartbeat from a clock ahead of ours counts as alive. */
    private static boolean alive(NodeStatus s, Instant now, Duration expiry) {
        return Duration.between(s.lastHeartbeat(), now).compareTo(expiry) < 0;
    }

    /** The freshest alive node listing the server; of two equally fresh, the first id, so every node names the same one. */
    private static String owner(List<NodeView> nodes, String server) {
        return nodes.stream().filter(n -> n.alive() && n.servers().contains(server))
                .max(Comparator.comparing(NodeView::lastHeartbeat).thenComparing(NodeView::id, Comparator.reverseOrder()))
                .map(NodeView::id).orElse(null);
    }
}
