package org.aava.dialer.core.scheduler;

import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.model.LeadState;
import org.aava.dialer.core.phone.PhoneNumbers;
import org.aava.dialer.core.phone.StateRules;
import org.aava.dialer.core.ports.RecentStarts;

import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Why a lead can or cannot be dialed now, with the same rules the lease and the pacer apply, so every skip is
 * explained before and during a run. Reasons: {@code dnc}, {@code invalid_number}, {@code waiting_retry},
 * {@code outside_campaign_window}, {@code outside_local_hours}, {@code state_rule}, {@code no_consent_record}, {@code cap_24h};
 * a lead that is not pending (done, live) has the reason {@code not_pending}.
 */
public final class Eligibility {
    /** A lead's verdict: {@code reason} null when it can be dialed now; {@code until} when that changes, if known. */
    public record Verdict(String reason, Instant until, List<ZoneId> calleeZones) {
        public boolean eligible() {
            return reason == null;
        }
    }

    private Eligibility() {
    }

    /** The verdict without attempt history: a lead at a 24 h cap is not recognised (see {@link #of(Campaign, Lead, Instant, RecentStarts)}). */
    public static Verdict of(Campaign c, Lead lead, Instant now) {
        return of(c, lead, now, RecentStarts.NONE);
    }

    /** @param recent the lead's attempt starts of the last 24 h, for the campaign's and the state rules' caps */
    public static Verdict of(Campaign c, Lead lead, Instant now, RecentStarts recent) {
        List<ZoneId> zones = Pacer.calleeZones(c, lead);
        if (lead.state() == LeadState.DNC) return new Verdict("dnc", null, zones);
        if (lead.state() != LeadState.PENDING) return new Verdict("not_pending", null, zones);
        if (PhoneNumbers.defaults().refusedAtLease(lead.phoneNormalized()) || !parses(lead.phoneNormalized())) {
            return new Verdict("invalid_number", null, zones);
        }
        if (c.requireConsentRecord() && lead.consent() == null) return new Verdict("no_consent_record", null, zones);
        // Before waiting_retry: the lease defers a capped lead to the time its cap clears, which is the better explanation.
        Optional<Instant> capped = AttemptCaps.blockedUntil(c, lead.phoneNormalized(), recent, now);
        if (capped.isPresent()) return new Verdict("cap_24h", capped.get(), zones);
        if (lead.nextAttemptAt() != null && lead.nextAttemptAt().isAfter(now)) return new Verdict("waiting_retry", lead.nextAttemptAt(), zones);
        if (!c.window().isOpen(now)) return new Verdict("outside_campaign_window", c.window().nextOpening(now).orElse(null), zones);
        Optional<Instant> local = Pacer.localTimeBlock(c, lead, now);
        if (local.isPresent()) {
            boolean stateOnly = c.complianceProfile().stateRules() && StateRules.defaults().stateOf(lead.phoneNormalized()).isPresent()
                    && zones.stream().allMatch(z -> c.localHours().allows(now, z)) && !c.respectLeadTimezone()
                    && StateRules.defaults().rulesFor(lead.phoneNormalized(), now.atZone(zones.get(0)).toLocalDate()).stream()
                    .anyMatch(r -> !r.scope().equals("US"));
            return new Verdict(stateOnly ? "state_rule" : "outside_local_hours", local.get(), zones);
        }
        return new Verdict(null, null, zones);
    }

    private static boolean parses(String normalized) {
        try {
            PhoneNumbers.defaults().parse(normalized);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Counts over a campaign's leads: the eligibility endpoint's answer. */
    public static final class Summary {
        private long eligibleNow;
        private long total;
        private final Map<String, Long> blocked = new LinkedHashMap<>();
        private Instant nextEligibleAt;

        public void add(Verdict v) {
            total++;
            if (v.eligible()) {
                eligibleNow++;
                return;
            }
            if (v.reason().equals("not_pending")) return;
            blocked.merge(v.reason(), 1L, Long::sum);
            if (v.until() != null && (nextEligibleAt == null || v.until().isBefore(nextEligibleAt))) nextEligibleAt = v.until();
        }

        public long eligibleNow() {
            return eligibleNow;
        }

        public long total() {
            return total;
        }

        public Map<String, Long> blocked() {
            return blocked;
        }

        /** The earliest time a blocked lead becomes dialable, null when none will by itself. */
        public Instant nextEligibleAt() {
            return nextEligibleAt;
        }
    }
}
