package org.aava.dialer.fastagi;

import org.aava.dialer.core.model.HopResult;

import java.time.Duration;

/** Told of every hop decision (for metrics and early recording); must not block for long. */
@FunctionalInterface
public interface HopListener {
    void hopDecided(HopResult hop, Duration agiDuration);

    HopListener NONE = (hop, d) -> { };
}
