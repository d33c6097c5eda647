package org.aava.dialer.dialplan;

import org.aava.dialer.core.model.AmdHumanCauses;

/**
 * What the generated hop needs to know about this server.
 *
 * @param stasisApp          our Stasis application (where the hop returns)
 * @param agiHost            the address Asterisk uses to reach our FastAGI server
 * @param defaultAmdOptions  AMD() parameters used when a call carries none
 * @param humanCauses        the AMDCAUSE prefixes the fallback guardrails treat as HUMAN ({@code amd.human_causes},
 *                           the same list the AGI script uses)
 */
public record DialplanSettings(String stasisApp, String agiHost, int agiPort, String defaultAmdOptions, String version,
                               AmdHumanCauses humanCauses) {
    public DialplanSettings {
        if (stasisApp == null || !stasisApp.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException("stasisApp must match [A-Za-z0-9_.-]{1,64}, got '" + stasisApp + "'");
        }
        if (agiHost == null || !agiHost.matches("[A-Za-z0-9_.:\\[\\]-]{1,253}")) {
            throw new IllegalArgumentException("agiHost must be an IP address or host name, got '" + agiHost + "'");
        }
        if (agiPort < 1 || agiPort > 65535) throw new IllegalArgumentException("agiPort must be between 1 and 65535");
        if (defaultAmdOptions == null || !defaultAmdOptions.matches("\\d+(,\\d+){0,8}")) {
            throw new IllegalArgumentException("defaultAmdOptions must be up to 9 comma-separated numbers, got '" + defaultAmdOptions + "'");
        }
        if (version == null || version.isBlank()) version = "dev";
        if (humanCauses == null) humanCauses = AmdHumanCauses.DEFAULT;
    }

    /** With the default human causes ({@link AmdHumanCauses#DEFAULT}). */
    public DialplanSettings(String stasisApp, String agiHost, int agiPort, String defaultAmdOptions, String version) {
        this(stasisApp, agiHost, agiPort, defaultAmdOptions, version, AmdHumanCauses.DEFAULT);
    }
}
