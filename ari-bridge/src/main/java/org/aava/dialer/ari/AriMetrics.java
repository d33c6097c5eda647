package org.aava.dialer.ari;

/** ARI connection and request figures for the server's metrics registry. */
public interface AriMetrics {
    default void connected(boolean up) {}
    default void reconnect() {}
    default void requestLatency(String op, long nanos, boolean ok) {}
    /** Asterisk's event timestamp to the moment our handler has taken the event (ms precision: Asterisk's). */
    default void eventLag(long millis) {}
    /** An event Asterisk sent that could not be decoded (skipped, the connection stays up). */
    default void undecodableEvent() {}

    AriMetrics NONE = new AriMetrics() {};
}
