package org.aava.dialer.ari;

/** ARI connection and request figures for the server's metrics registry. */
public interface AriMetrics {
    default void connected(boolean up) {}
    default void reconnect() {}
    default void requestLatency(String op, long nanos, boolean ok) {}

    AriMetrics NONE = new AriMetrics() {};
}
