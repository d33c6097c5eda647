package org.aava.dialer.core.scheduler;

import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.Lead;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class EligibilityTest {
    private static final ZoneId NY = ZoneId.of("America/New_York");
    private static final Campaign C = Campaign.builder("c").timezone(NY).window(LocalTime.of(8, 0), LocalTime.of(22, 0)).build();

    private static Lead lead(String n) {
        return Lead.newPending(1, n, n, null, "{}", null, null, null);
    }

    @Test
    void eachReasonWithItsTime() {
        Instant ny0805 = ZonedDateTime.of(2026, 5, 6, 8, 5, 0, 0, NY).toInstant();
        assertNull(Eligibility.of(C, lead("+12125550100"), ny0805).reason());
        Eligibility.Verdict la = Eligibility.of(C, lead("+14155550120"), ny0805);
        assertEquals("outside_local_hours", la.reason());
        assertEquals(ZonedDateTime.of(2026, 5, 6, 8, 0, 0, 0, ZoneId.of("America/Los_Angeles")).toInstant(), la.until());
        Instant ny2030 = ZonedDateTime.of(2026, 5, 6, 20, 30, 0, 0, NY).toInstant();
        assertEquals("state_rule", Eligibility.of(C, lead("+13055550100"), ny2030).reason(), "Florida stops at 20:00");
        assertNull(Eligibility.of(C, lead("+12125550100"), ny2030).reason());
        assertEquals("outside_campaign_window", Eligibility.of(C, lead("+12125550100"), ny0805.minusSeconds(3600)).reason());
        assertEquals("invalid_number", Eligibility.of(C, lead("911"), ny0805).reason());
        Eligibility.Summary s = new Eligibility.Summary();
        for (String n : new String[]{"+12125550100", "+14155550120", "+14155550121", "911"}) s.add(Eligibility.of(C, lead(n), ny0805));
        assertEquals(1, s.eligibleNow());
        assertEquals(java.util.Map.of("outside_local_hours", 2L, "invalid_number", 1L), s.blocked());
        assertEquals(la.until(), s.nextEligibleAt());
    }
}
