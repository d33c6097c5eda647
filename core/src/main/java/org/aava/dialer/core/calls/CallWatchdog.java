package org.aava.dialer.core.calls;

import org.aava.dialer.core.calls.CallEvent.WatchdogExpired;

import java.time.Instant;

/**
 * Ends calls stuck in a phase beyond its time limit: each call's deadline is the lifecycle's last
 * {@link CallCommand.ScheduleTimer}; once it has passed, the call gets a {@link WatchdogExpired} event and its
 * lifecycle decides. Driven by the scheduler's tick; never blocks.
 */
final class CallWatchdog {
    private final LiveCalls live;
    private final CallFlow flow;
    private final Reconciler reconciler;

    CallWatchdog(LiveCalls live, CallFlow flow, Reconciler reconciler) {
        this.live = live;
        this.flow = flow;
        this.reconciler = reconciler;
    }

    void sweep(Instant now) {
        reconciler.settleIfDue(now);
        for (LiveCall call : live.all()) {
            Instant deadline = call.deadline;
            // (fed again each tick until the lifecycle has handled it and scheduled its next look, or none)
            if (deadline != null && now.isAfter(deadline)) flow.feed(call, new WatchdogExpired(now));
        }
    }
}
