package org.aava.dialer.core.time;

import java.time.Instant;

/**
 * A campaign's optional absolute run window (either end may be open): it dials only from {@code startAt} and,
 * from {@code endAt} on, it is over. The daily calling window applies inside it as always.
 */
public record RunWindow(Instant startAt, Instant endAt) {
    public static final RunWindow ALWAYS = new RunWindow(null, null);

    public RunWindow {
        if (startAt != null && endAt != null && !endAt.isAfter(startAt)) {
            throw new IllegalArgumentException("run_end_at_utc must be after run_start_at_utc");
        }
    }

    /** True while the run has not started yet. */
    public boolean notStarted(Instant now) {
        return startAt != null && now.isBefore(startAt);
    }

    /** True once the run's end has passed. */
    public boolean ended(Instant now) {
        return endAt != null && !now.isBefore(endAt);
    }
}
