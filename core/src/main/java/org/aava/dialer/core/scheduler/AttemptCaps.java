package org.aava.dialer.core.scheduler;

import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.phone.StateRules;
import org.aava.dialer.core.ports.RecentStarts;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The 24 h attempt caps: the campaign's {@code max_attempts_per_24h} per lead and a state rule's calls per 24 h per
 * number. A lead at a cap may be called again when the attempt that must leave the window does (its start + 24 h).
 */
public final class AttemptCaps {
    public static final Duration WINDOW = Duration.ofHours(24);

    private AttemptCaps() {
    }

    /** When {@code cap} attempts among {@code starts} (oldest first, all within the window) stop filling it; empty below the cap. */
    public static Optional<Instant> clearsAt(List<Instant> starts, int cap) {
        if (cap <= 0 || starts.size() < cap) return Optional.empty();
        return Optional.of(starts.get(starts.size() - cap).plus(WINDOW));
    }

    /** The later of the campaign cap's and the state cap's clearing times for a lead's number, empty when neither is reached. */
    public static Optional<Instant> blockedUntil(Campaign c, String phoneNormalized, RecentStarts recent, Instant now) {
        Optional<Instant> campaignCap = clearsAt(recent.lead(), c.maxAttemptsPer24h());
        int stateCap = c.complianceProfile().stateRules() ? StateRules.defaults().maxCallsPer24h(phoneNormalized, now) : 0;
        Optional<Instant> stateCapped = clearsAt(recent.number(), stateCap);
        return Stream.of(campaignCap, stateCapped).flatMap(Optional::stream).max(Comparator.naturalOrder()).filter(now::isBefore);
    }
}
