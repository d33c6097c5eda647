package org.aava.dialer.core.model;

import java.util.Locale;

/**
 * What the dialplan AMD hop decided for one answered call.
 *
 * @param attemptId     the attempt the hop belongs to
 * @param amdStatus     HUMAN, MACHINE or HANGUP after guardrails (NOTSURE is folded into MACHINE)
 * @param amdCause      Asterisk's AMDCAUSE, e.g. {@code HUMAN-1017-1000}
 * @param rawAmdStatus  AMDSTATUS exactly as AMD() reported it
 * @param dtmf          the consent digit, or empty
 * @param consent       the consent gate's result
 */
public record HopResult(long attemptId, String amdStatus, String amdCause, String rawAmdStatus, String dtmf,
                        ConsentResult consent) {

    public HopResult {
        amdStatus = amdStatus == null ? "" : amdStatus.trim().toUpperCase(Locale.ROOT);
        amdCause = amdCause == null ? "" : amdCause.trim().toUpperCase(Locale.ROOT);
        rawAmdStatus = rawAmdStatus == null ? amdStatus : rawAmdStatus.trim().toUpperCase(Locale.ROOT);
        dtmf = dtmf == null ? "" : dtmf.trim();
        consent = consent == null ? ConsentResult.SKIPPED : consent;
    }

    public boolean human() {
        return "HUMAN".equals(amdStatus);
    }

    public boolean machine() {
        return "MACHINE".equals(amdStatus) || "NOTSURE".equals(amdStatus);
    }
}
