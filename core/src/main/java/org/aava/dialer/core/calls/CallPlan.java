package org.aava.dialer.core.calls;

import org.aava.dialer.core.ai.AttachTarget;

import java.time.Duration;

/**
 * What the lifecycle needs to know about a call besides its events: fixed when the call starts (or is adopted).
 *
 * @param dialBudget the campaign's dial timeout plus the margin for the StasisStart to arrive
 */
public record CallPlan(boolean voicemailEnabled, String voicemailMediaUri, AttachTarget attach, Duration dialBudget,
                       Duration amdHopTimeout, Duration voicemailTimeout, Duration maxCallDuration) {
}
