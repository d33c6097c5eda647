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

    /**
     * Parses the Stasis arguments the hop returns with:
     * {@code outbound_amd,<attempt_id>,<status>,<cause>,<dtmf>,<consent>} (the first element may be omitted).
     */
    public static HopResult fromStasisArgs(java.util.List<String> args) {
        int i = !args.isEmpty() && "outbound_amd".equalsIgnoreCase(args.get(0)) ? 1 : 0;
        if (args.size() < i + 2) throw new IllegalArgumentException("hop args too short: " + args);
        long attemptId;
        try {
            attemptId = Long.parseLong(args.get(i).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("hop args carry no attempt id: " + args);
        }
        String status = at(args, i + 1);
        String upper = status.toUpperCase(Locale.ROOT);
        String normalized = "NOTSURE".equals(upper) ? "MACHINE" : upper;
        return new HopResult(attemptId, normalized, at(args, i + 2), upper, at(args, i + 3),
                ConsentResult.parse(at(args, i + 4)));
    }

    private static String at(java.util.List<String> args, int index) {
        return index < args.size() && args.get(index) != null ? args.get(index) : "";
    }
}
