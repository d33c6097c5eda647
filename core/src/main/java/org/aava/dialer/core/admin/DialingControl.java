package org.aava.dialer.core.admin;

import org.aava.dialer.core.scheduler.DialingStatus;

import java.util.Optional;

/** What a campaign edit tells the dialer, and what the dialer says of a running campaign. */
public interface DialingControl {
    /** Campaigns changed: the scheduler reads them again on its next tick. */
    void invalidate();

    /** A campaign (re)started by hand: its circuit breaker forgets the failures that opened it. */
    void resetBreaker(long campaignId);

    /** Why the campaign is or is not dialing as of the scheduler's last tick; empty when it has not said. */
    Optional<DialingStatus> status(long campaignId);

    /** No scheduler running: nothing to tell, nothing said. */
    DialingControl NONE = new DialingControl() {
        @Override
        public void invalidate() {
        }

        @Override
        public void resetBreaker(long campaignId) {
        }

        @Override
        public Optional<DialingStatus> status(long campaignId) {
            return Optional.empty();
        }
    };
}
