package org.aava.dialer.fastagi;

/** AGI server counters for the server's metrics registry. */
public interface AgiMetrics {
    default void sessionStarted() {}
    default void sessionEnded(long nanos, boolean ok) {}
    default void unknownScript(String name) {}
    /** A connection closed at accept because {@code agi.max_connections} were open. */
    default void connectionRefused() {}
    /** A connection that had sent no AGI request closed to make room at {@code agi.max_connections}. */
    default void connectionEvicted() {}

    AgiMetrics NONE = new AgiMetrics() {};
}
