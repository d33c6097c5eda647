package org.aava.dialer.core.ports;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The dialer nodes that share one database, as each says it is alive (issue 20). A node writes its heartbeat every
 * {@code node.heartbeat_seconds}; the reader decides who is alive by the time of the last one, so a node that died
 * without a word is found out by its silence.
 */
public interface NodeHeartbeats {
    /**
     * Records that {@code nodeId}, running since {@code startedAt}, was alive at {@code at}, dialing through
     * {@code servers} (Asterisk server names); replaces what that node's previous heartbeat said.
     */
    CompletableFuture<Void> beat(String nodeId, Instant startedAt, List<String> servers, Instant at);

    /** Every node that ever beat, by id. */
    CompletableFuture<List<NodeStatus>> nodes();
}
