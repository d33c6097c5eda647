package org.aava.dialer.fastagi;

import java.util.List;

/**
 * @param humanCausePrefixes AMDCAUSE prefixes the guardrails treat as HUMAN (default TOOLONG, INITIALSILENCE)
 */
public record AgiSettings(String bind, int port, int socketTimeoutSeconds, List<String> humanCausePrefixes) {
    public AgiSettings {
        if (port < 1 || port > 65535) throw new IllegalArgumentException("agi.port must be between 1 and 65535");
        humanCausePrefixes = humanCausePrefixes == null ? List.of("TOOLONG", "INITIALSILENCE") : List.copyOf(humanCausePrefixes);
    }

    public static AgiSettings defaults() {
        return new AgiSettings("127.0.0.1", 4573, 30, null);
    }
}
