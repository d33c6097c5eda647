package org.aava.dialer.web;

import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.phone.PhoneKind;
import org.aava.dialer.core.ports.LeadView;
import org.aava.dialer.core.ports.RecentStarts;
import org.aava.dialer.core.scheduler.Eligibility;

import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** The eligibility fields of a lead's JSON and the campaign's eligibility summary ({@code GET .../eligibility}). */
final class EligibilityViews {
    private EligibilityViews() {
    }

    /** A page of the campaign's leads as {@link #lead} shows each, with the 24 h caps read once for the page. */
    static List<Map<String, Object>> leads(WebDependencies d, Campaign c, List<LeadView> page) {
        Instant now = d.clock().instant();
        Map<Long, RecentStarts> recent = page.isEmpty() ? Map.of() : d.leads().recentStarts(c.id(), now).join();
        return page.stream().map(v -> lead(c, v, now, recent.getOrDefault(v.lead().id(), RecentStarts.NONE))).toList();
    }

    /** The lead as {@link Views#lead} shows it, plus {@code blocked_reason}, {@code next_eligible_at_utc}, {@code callee_timezones}, {@code phone_kind}. */
    static Map<String, Object> lead(Campaign c, LeadView v, Instant now, RecentStarts recent) {
        Map<String, Object> m = Views.lead(v);
        Eligibility.Verdict verdict = Eligibility.of(c, v.lead(), now, recent);
        m.put("phone_kind", PhoneKind.of(v.lead().phoneNormalized()).wire());
        m.put("blocked_reason", verdict.reason());
        m.put("next_eligible_at_utc", verdict.until() == null ? null : Views.ts(verdict.until()));
        m.put("callee_timezones", verdict.calleeZones().stream().map(ZoneId::getId).toList());
        return m;
    }

    /** {@code {"eligible_now": N, "blocked": {...}, "next_eligible_at_utc": ...}} over every lead of the campaign, read once. */
    static Map<String, Object> summary(WebDependencies d, Campaign c) {
        Instant now = d.clock().instant();
        Eligibility.Summary s = new Eligibility.Summary();
        Map<Long, RecentStarts> recent = d.leads().recentStarts(c.id(), now).join();
        AtomicReference<RuntimeException> failed = new AtomicReference<>();
        d.leads().forEach(c.id(), v -> {
            try {
                s.add(Eligibility.of(c, v.lead(), now, recent.getOrDefault(v.lead().id(), RecentStarts.NONE)));
            } catch (RuntimeException e) {
                failed.compareAndSet(null, e);
            }
        }).join();
        if (failed.get() != null) throw failed.get();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("eligible_now", s.eligibleNow());
        m.put("blocked", s.blocked());
        m.put("next_eligible_at_utc", s.nextEligibleAt() == null ? null : Views.ts(s.nextEligibleAt()));
        m.put("leads_total", s.total());
        m.put("checked_at_utc", Views.ts(now));
        return m;
    }
}
