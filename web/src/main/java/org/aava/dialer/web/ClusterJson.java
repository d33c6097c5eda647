package org.aava.dialer.web;

import org.aava.dialer.core.admin.Cluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The nodes on this database and their Asterisk servers, as {@code /api/health} shows them (issue 20). */
final class ClusterJson {
    private static final Logger log = LoggerFactory.getLogger(ClusterJson.class);

    private ClusterJson() {
    }

    /**
     * Adds {@code nodes} and {@code servers} to the health answer; leaves both out when the database does not answer
     * within 2 s (health then says why under {@code db}), so a stuck database never holds the health check.
     */
    static void put(Map<String, Object> health, Cluster cluster, Instant now) {
        Cluster.Status status;
        try {
            status = cluster.status(now).get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException | TimeoutException e) {
            log.warn("health: the node list could not be read: {}", e.getCause() == null ? e.toString() : e.getCause().getMessage());
            return;
        }
        health.put("nodes", status.nodes().stream().map(ClusterJson::node).toList());
        health.put("servers", status.servers().stream().map(ClusterJson::server).toList());
    }

    private static Map<String, Object> node(Cluster.NodeView n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", n.id());
        m.put("last_heartbeat_utc", Views.ts(n.lastHeartbeat()));
        m.put("alive", n.alive());
        m.put("started_at_utc", Views.ts(n.startedAt()));
        m.put("servers", List.copyOf(n.servers()));
        m.put("live_calls", n.liveCalls());
        return m;
    }

    private static Map<String, Object> server(Cluster.ServerView s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("owner", s.owner());
        m.put("live_calls", s.liveCalls());
        return m;
    }
}
