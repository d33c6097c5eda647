package org.aava.dialer.core.admin;

/**
 * The call engine as the admin side sees it: the calls in flight, the AI's call actions and the scheduler.
 *
 * @param ai null when no call engine runs (the AI API then answers 503)
 */
public record CallEngine(LiveCallsView live, AiCallControl ai, DialingControl dialing) {
    public CallEngine {
        if (live == null) live = LiveCallsView.NONE;
        if (dialing == null) dialing = DialingControl.NONE;
    }

    /** True when a call engine runs (its live count means something). */
    public boolean callsRunning() {
        return ai != null;
    }

    /** No calls, no scheduler: for tools and tests that run the admin side alone. */
    public static final CallEngine NONE = new CallEngine(null, null, null);
}
