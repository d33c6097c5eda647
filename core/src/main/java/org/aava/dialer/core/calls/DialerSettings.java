package org.aava.dialer.core.calls;

import java.time.Duration;
import java.util.Map;

/**
 * Node-wide call settings, validated by the server's config loader.
 *
 * @param endpointTemplate      e.g. {@code Local/{number}@from-internal}
 * @param identity              the extension the dialer acts as (caller id number, FreePBX AMPUSER)
 * @param nodeMaxConcurrent     cap on live calls over all campaigns
 * @param maxOriginatesPerSecond node-wide originate rate
 * @param extraVariables        channel variables added to every originate (site-specific routing)
 * @param breakerErrors         consecutive {@code error} outcomes that pause a campaign (0 = off)
 */
public record DialerSettings(String stasisApp, String endpointTemplate, String identity, String callerIdName,
                             Duration leaseTtl, Duration tick, int nodeMaxConcurrent, double maxOriginatesPerSecond,
                             Duration maxCallDuration, Duration stasisMargin, Duration amdHopTimeout,
                             Duration voicemailTimeout, Map<String, String> extraVariables, int breakerErrors,
                             Duration breakerWindow) {

    public DialerSettings {
        if (!endpointTemplate.contains("{number}")) throw new IllegalArgumentException("dial.endpoint must contain {number}");
        extraVariables = extraVariables == null ? Map.of() : Map.copyOf(extraVariables);
    }

    public static DialerSettings defaults() {
        return new DialerSettings("asterisk-ai-voice-agent", "Local/{number}@from-internal", "6789", "Outbound",
                Duration.ofSeconds(120), Duration.ofMillis(250), 50, 10.0, Duration.ofHours(1), Duration.ofSeconds(15),
                Duration.ofSeconds(60), Duration.ofSeconds(120), Map.of(), 5, Duration.ofMinutes(5));
    }

    public String endpointFor(String dialableNumber) {
        return endpointTemplate.replace("{number}", dialableNumber);
    }
}
