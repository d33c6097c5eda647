package org.aava.dialer.core.ports;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What the dialer asks of the PBX (ARI). Futures fail with {@link CallControlException}; callbacks
 * complete off the PBX client's I/O threads, so dependents may block briefly.
 */
public interface CallControl {
    /** True while the control connection (ARI WebSocket) is up. */
    boolean connected();

    CompletableFuture<Void> originate(OriginateRequest request);

    CompletableFuture<Void> continueInDialplan(String channelId, String context, String extension, int priority);

    CompletableFuture<Void> setVariables(String channelId, Map<String, String> variables);

    /** Plays {@code mediaUri} (e.g. {@code sound:ai-generated/x}); completion is reported by {@link CallEvents#playbackFinished}. */
    CompletableFuture<Void> play(String channelId, String mediaUri, String playbackId);

    /** Hangs the channel up; a channel that is already gone is not an error. */
    CompletableFuture<Void> hangup(String channelId, String reason);

    /** Hands the channel to another Stasis application. */
    CompletableFuture<Void> move(String channelId, String app, java.util.List<String> appArgs);

    /**
     * Keeps the channel in our application and bridges it with an external-media channel
     * (AudioSocket encapsulation, slin 8 kHz) to {@code host:port}; {@code sessionUuid} identifies the session.
     * Returns the id of the bridge.
     */
    CompletableFuture<String> attachAudioSocket(String channelId, String host, int port, String sessionUuid);

    /** Starts following a channel that is no longer in our application, so its destruction is still reported. */
    CompletableFuture<Void> follow(String channelId);

    /**
     * Every channel Asterisk has now, by id. Recovery reads it after a reconnect: an answer whose StasisStart was
     * lost with the connection shows as a channel that is up and waiting in our application.
     */
    CompletableFuture<Map<String, LiveChannel>> liveChannels();

    /**
     * A channel as Asterisk lists it.
     *
     * @param up      answered (state Up)
     * @param appArgs when it executes our Stasis application (waits for the dialer to say what comes next), the
     *                arguments its StasisStart carried; null otherwise
     */
    record LiveChannel(boolean up, java.util.List<String> appArgs) {
        public static final LiveChannel RINGING = new LiveChannel(false, null);

        public LiveChannel {
            appArgs = appArgs == null ? null : java.util.List.copyOf(appArgs);
        }

        public boolean waitingInApp() {
            return appArgs != null;
        }
    }
}
