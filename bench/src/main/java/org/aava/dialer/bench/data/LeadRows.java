package org.aava.dialer.bench.data;

import org.aava.dialer.core.model.Lead;

import java.util.ArrayList;
import java.util.List;

/**
 * Synthetic leads shaped like the CSV of bench/import-1m.sh. Lead {@code i} gets a number from a
 * permutation of 10M numbers, so that number order and id order differ (as in a real import) and a
 * number prefix matches leads spread over the whole campaign.
 */
public final class LeadRows {
    /** The prefix every generated number shares: a search for it matches the whole campaign. */
    public static final String COMMON_PREFIX = "+1555";
    private static final long SPACE = 10_000_000L;
    /** Prime and coprime with 10^7, so {@code i -> i * STRIDE mod 10^7} is a permutation. */
    private static final long STRIDE = 48_271L;

    private LeadRows() {
    }

    public static String number(long index) {
        String digits = Long.toString(Math.floorMod(index * STRIDE, SPACE));
        return COMMON_PREFIX + "0".repeat(7 - digits.length()) + digits;
    }

    public static List<Lead> leads(long campaignId, long from, int count) {
        List<Lead> out = new ArrayList<>(count);
        for (long i = from; i < from + count; i++) {
            String n = number(i);
            out.add(Lead.newPending(campaignId, n, n, "Lead " + i, "{\"account\":\"A-" + i + "\",\"tier\":" + (i % 5) + "}",
                    null, "America/New_York", null));
        }
        return out;
    }
}
