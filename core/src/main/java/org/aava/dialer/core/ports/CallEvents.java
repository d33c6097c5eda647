package org.aava.dialer.core.ports;

import java.util.List;

/**
 * Events from the PBX that matter to attempts, already decoded. Implemented by core; the ARI bridge
 * calls these from its own event threads, so implementations must return quickly and never block.
 */
public interface CallEvents {
    /** A channel entered our Stasis application with these arguments (answer, or return from the AMD hop). */
    void stasisStart(String channelId, List<String> args);

    void stasisEnd(String channelId);

    /** The channel is gone; {@code cause} is the Q.850 code (0 when Asterisk gave none). */
    void channelDestroyed(String channelId, int cause, String causeText);

    /**
     * The channel is gone, with the SIP final response Asterisk saw on it ({@code tech_cause} on PJSIP channels;
     * 0 when none, e.g. a local hang-up or a non-SIP channel).
     */
    default void channelDestroyed(String channelId, int cause, String causeText, int sipCode) {
        channelDestroyed(channelId, cause, causeText);
    }

    /** A {@code Dial} event's status for a channel we originated (RINGING, BUSY, ANSWER, …). */
    void dialStatus(String channelId, String dialStatus);

    void playbackFinished(String playbackId);

    /** The control connection went up (after connect or reconnect) or down. */
    void connectionChanged(boolean connected);
}
