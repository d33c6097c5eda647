package org.aava.dialer.fastagi;

/** AGI server counters for the server's metrics registry. */
public interface AgiMetrics {
    default void sessionStarted() {}
    default void sessionEnded(long nanos, boolean ok) {}
    default void unknownScript(String name) {}

    AgiMetrics NONE = new AgiMetrics() {};
}
