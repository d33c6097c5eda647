package org.aava.dialer.fastagi;

import org.aava.dialer.core.model.AmdHumanCauses;

/**
 * @param humanCauses        AMDCAUSE prefixes the guardrails treat as HUMAN ({@code amd.human_causes}; null for the default)
 * @param maxConnections     connections open at once; one more is closed at accept, logged and counted, so a flood of
 *                           idle peers cannot fill the heap
 */
public record AgiSettings(String bind, int port, int socketTimeoutSeconds, AmdHumanCauses humanCauses, int maxConnections) {
    public static final int DEFAULT_MAX_CONNECTIONS = 2000;

    public AgiSettings {
        if (port < 1 || port > 65535) throw new IllegalArgumentException("agi.port must be between 1 and 65535");
        if (maxConnections < 1) throw new IllegalArgumentException("agi.max_connections must be at least 1");
        humanCauses = humanCauses == null ? AmdHumanCauses.DEFAULT : humanCauses;
    }

    public AgiSettings(String bind, int port, int socketTimeoutSeconds, AmdHumanCauses humanCauses) {
        this(bind, port, socketTimeoutSeconds, humanCauses, DEFAULT_MAX_CONNECTIONS);
    }

    public static AgiSettings defaults() {
        return new AgiSettings("127.0.0.1", 4573, 30, null);
    }
}
