package org.aava.dialer.core.ports;

import java.time.Instant;
import java.util.List;

/**
 * A node's last heartbeat as stored.
 *
 * @param startedAt     when the node's process started (a restart moves it)
 * @param lastHeartbeat the latest
 * @param servers       the Asterisk servers it dials through, by name
 */
public record NodeStatus(String id, Instant startedAt, Instant lastHeartbeat, List<String> servers) {
    public NodeStatus {
        servers = List.copyOf(servers);
    }
}
