package org.aava.dialer.core.calls;

import org.aava.dialer.core.model.Outcome;

import java.time.Duration;

/** What the call flow reports for metrics. Implemented with Micrometer by the server; no-op in tests. */
public interface DialerMetrics {
    default void attemptClosed(long campaignId, Outcome outcome) {}
    default void originated(long campaignId, Duration latency) {}
    default void originateFailed(long campaignId) {}
    default void amdDecided(Duration amdDuration) {}
    default void aiAttached(Duration answerToAttach) {}
    default void leased(int count) {}
    default void requeued(int count) {}
    default void breakerTripped(long campaignId) {}
    default void eventLag(Duration lag) {}

    DialerMetrics NONE = new DialerMetrics() {};
}
