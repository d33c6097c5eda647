package org.aava.dialer.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import org.aava.dialer.core.ports.NodeHeartbeats;
import org.aava.dialer.core.ports.NodeStatus;
import org.aava.dialer.store.jooq.tables.records.DialerNodesRecord;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.aava.dialer.store.jooq.Tables.DIALER_NODES;

/** The dialer_nodes table: one row per node, replaced by each heartbeat (an upsert, so two nodes never collide). */
final class NodeStore implements NodeHeartbeats {
    private static final TypeReference<List<String>> NAMES = new TypeReference<>() { };

    private final Db db;

    NodeStore(Db db) {
        this.db = db;
    }

    @Override
    public CompletableFuture<Void> beat(String nodeId, Instant startedAt, List<String> servers, Instant at) {
        String started = Timestamps.format(startedAt);
        String last = Timestamps.format(at);
        String names = Rows.json(servers);
        return db.write("node.beat", dsl -> {
            dsl.insertInto(DIALER_NODES).set(DIALER_NODES.ID, nodeId).set(DIALER_NODES.STARTED_AT_UTC, started)
                    .set(DIALER_NODES.LAST_HEARTBEAT_UTC, last).set(DIALER_NODES.SERVERS, names)
                    .onConflict(DIALER_NODES.ID).doUpdate().set(DIALER_NODES.STARTED_AT_UTC, started)
                    .set(DIALER_NODES.LAST_HEARTBEAT_UTC, last).set(DIALER_NODES.SERVERS, names).execute();
            return null;
        });
    }

    @Override
    public CompletableFuture<List<NodeStatus>> nodes() {
        return db.read("node.all", dsl -> dsl.selectFrom(DIALER_NODES).orderBy(DIALER_NODES.ID).fetch(NodeStore::status));
    }

    private static NodeStatus status(DialerNodesRecord r) {
        return new NodeStatus(r.getId(), Timestamps.parse(r.getStartedAtUtc()), Timestamps.parse(r.getLastHeartbeatUtc()),
                servers(r.getId(), r.getServers()));
    }

    private static List<String> servers(String nodeId, String json) {
        try {
            return Rows.JSON.readValue(json, NAMES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("node " + nodeId + " has an unreadable server list: " + json, e);
        }
    }
}
