package org.aava.dialer.core.ports;

import java.time.Instant;
import java.util.List;

/**
 * A lead's attempt starts within the last 24 h, oldest first: its own ({@code lead}, what a campaign's cap counts)
 * and every attempt to the same number in any campaign ({@code number}, what a state rule's cap counts, because
 * the rule protects the person, not the lead row).
 */
public record RecentStarts(List<Instant> lead, List<Instant> number) {
    public static final RecentStarts NONE = new RecentStarts(List.of(), List.of());

    public RecentStarts {
        lead = List.copyOf(lead);
        number = List.copyOf(number);
    }
}
