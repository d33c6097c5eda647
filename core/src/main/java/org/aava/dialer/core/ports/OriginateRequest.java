package org.aava.dialer.core.ports;

import java.util.List;
import java.util.Map;

/**
 * One outbound call to place into our Stasis application.
 *
 * @param endpoint       e.g. {@code Local/7001@from-internal}
 * @param channelId      the id we choose for the channel (race-free correlation with the attempt)
 * @param otherChannelId the id of the other half of a {@code Local/} channel
 * @param appArgs        arguments that come back in {@code StasisStart}, e.g. {@code outbound,<attempt_id>}
 * @param variables      channel variables, sent in the body's {@code variables} object
 */
public record OriginateRequest(String endpoint, String channelId, String otherChannelId, String callerId,
                               List<String> appArgs, int timeoutSeconds, Map<String, String> variables) {
    public OriginateRequest {
        appArgs = List.copyOf(appArgs);
        variables = Map.copyOf(variables);
    }
}
