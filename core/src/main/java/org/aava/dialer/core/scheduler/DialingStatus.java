package org.aava.dialer.core.scheduler;

import java.time.Instant;

/**
 * Why a running campaign is or is not dialing right now, for the operator.
 *
 * @param code        machine-readable: dialing, outside_window, concurrency_full, node_cap, min_interval,
 *                    rate_limited, waiting_for_retry, no_due_leads, outside_local_hours, not_running, db_error
 * @param message     one human sentence, e.g. "outside window (opens 2026-11-24T09:00-05:00[America/New_York])"
 * @param nextOpening when the campaign window opens next (null when open or unknown)
 */
public record DialingStatus(String code, String message, Instant nextOpening, Instant at) {
}
