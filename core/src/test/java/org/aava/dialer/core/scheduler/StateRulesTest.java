package org.aava.dialer.core.scheduler;

import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.phone.StateRules;
import org.aava.dialer.core.time.LocalHours;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** State rules on top of the federal hours, in the callee's time, from their effective date; never loosened by the campaign. */
class StateRulesTest {
    private static final Campaign LOOSE = Campaign.builder("loose").timezone(ZoneId.of("America/New_York")).localHours(LocalHours.OFF).build();
    private static final StateRules RULES = StateRules.defaults();

    private static Lead lead(String e164) {
        return Lead.newPending(1, e164, e164, null, "{}", null, null, null);
    }

    @ParameterizedTest
    @CsvSource({"+13055550100,FL", "+18505550100,FL", "+14055550100,OK", "+14105550100,MD", "+15125550100,TX", "+12125550100,NY",
            "+14155550120,CA", "+12025550100,DC", "+17875550100,PR", "+16715550100,GU"})
    void areaCodesPresumeTheirState(String number, String state) {
        assertEquals(Optional.of(state), RULES.stateOf(number));
    }

    @Test
    void nonUsNumbersHaveNoStateRules() {
        assertEquals(Optional.empty(), RULES.stateOf("+14165550100"), "Toronto");
        assertEquals(Optional.empty(), RULES.stateOf("+442079460958"));
        assertEquals(Optional.empty(), RULES.stateOf("2765"));
    }

    @ParameterizedTest
    @CsvSource({"+13055550100,America/New_York", "+14055550100,America/Chicago", "+14105550100,America/New_York"})
    void floridaOklahomaMarylandStopAtEightPm(String number, String zone) {
        ZoneId z = ZoneId.of(zone);
        Instant at1959 = ZonedDateTime.of(2026, 5, 6, 19, 59, 0, 0, z).toInstant();
        assertEquals(Optional.empty(), Pacer.localTimeBlock(LOOSE, lead(number), at1959));
        Instant at2000 = at1959.plusSeconds(60);
        assertEquals(Optional.of(ZonedDateTime.of(2026, 5, 7, 8, 0, 0, 0, z).toInstant()), Pacer.localTimeBlock(LOOSE, lead(number), at2000));
        assertEquals(3, RULES.maxCallsPer24h(number, at2000));
    }

    @Test
    void texasOpensAtNineOnWeekdaysAndNoonOnSunday() {
        ZoneId chicago = ZoneId.of("America/Chicago");
        Instant saturday0830 = ZonedDateTime.of(2026, 5, 9, 8, 30, 0, 0, chicago).toInstant();
        assertEquals(Optional.of(ZonedDateTime.of(2026, 5, 9, 9, 0, 0, 0, chicago).toInstant()), Pacer.localTimeBlock(LOOSE, lead("+15125550100"), saturday0830));
        Instant sunday1000 = ZonedDateTime.of(2026, 5, 10, 10, 0, 0, 0, chicago).toInstant();
        assertEquals(Optional.of(ZonedDateTime.of(2026, 5, 10, 12, 0, 0, 0, chicago).toInstant()), Pacer.localTimeBlock(LOOSE, lead("+15125550100"), sunday1000));
        Instant sunday2030 = ZonedDateTime.of(2026, 5, 10, 20, 30, 0, 0, chicago).toInstant();
        assertEquals(Optional.empty(), Pacer.localTimeBlock(LOOSE, lead("+15125550100"), sunday2030));
        assertEquals(0, RULES.maxCallsPer24h("+15125550100", sunday2030), "no Texas cap");
    }

    @Test
    void aRuleAppliesFromItsEffectiveDate() {
        ZoneId chicago = ZoneId.of("America/Chicago");
        // before SB 140 took effect a Texas Sunday at 10:00 was only under the federal 08:00-21:00
        Instant before = ZonedDateTime.of(2025, 8, 31, 10, 0, 0, 0, chicago).toInstant();
        assertEquals(Optional.empty(), Pacer.localTimeBlock(LOOSE, lead("+15125550100"), before));
        Instant after = ZonedDateTime.of(2025, 9, 7, 10, 0, 0, 0, chicago).toInstant();
        assertTrue(Pacer.localTimeBlock(LOOSE, lead("+15125550100"), after).isPresent());
        assertEquals(0, RULES.maxCallsPer24h("+14105550100", Instant.parse("2023-12-31T12:00:00Z")), "Maryland's cap starts 2024-01-01");
        assertEquals(3, RULES.maxCallsPer24h("+14105550100", Instant.parse("2024-01-01T12:00:00Z")));
    }

    @Test
    void theFederalHoursHoldEvenWhenTheCampaignTurnsLocalHoursOff() {
        Instant ny0730 = ZonedDateTime.of(2026, 5, 6, 7, 30, 0, 0, ZoneId.of("America/New_York")).toInstant();
        assertTrue(Pacer.localTimeBlock(LOOSE, lead("+12125550100"), ny0730).isPresent());
        assertEquals(Optional.empty(), Pacer.localTimeBlock(LOOSE, lead("+442079460958"), ny0730), "no US rules for a UK number");
    }

    @Test
    void propertyEveryAllowedCallIsInsideEveryRuleOfItsState() {
        Random random = new Random(3);
        String[] numbers = {"+13055550100", "+14055550100", "+14105550100", "+15125550100", "+12125550100", "+19075550100", "+17875550100"};
        Instant base = Instant.parse("2025-06-01T00:00:00Z");
        for (int i = 0; i < 3000; i++) {
            Instant t = base.plusSeconds(random.nextInt(2 * 365 * 86400));
            String n = numbers[random.nextInt(numbers.length)];
            Instant callAt = Pacer.localTimeBlock(LOOSE, lead(n), t).orElse(t);
            assertFalse(callAt.isBefore(t));
            assertEquals(Optional.empty(), Pacer.localTimeBlock(LOOSE, lead(n), callAt), "the time given is allowed");
            for (ZoneId z : Pacer.calleeZones(LOOSE, lead(n))) {
                LocalDate day = LocalDate.ofInstant(callAt, z);
                LocalTime local = LocalTime.ofInstant(callAt, z);
                for (StateRules.Rule r : RULES.rulesFor(n, day)) {
                    if (!r.days().contains(day.getDayOfWeek())) continue;
                    assertTrue(!local.isBefore(r.start()) && local.isBefore(r.end()), n + " at " + callAt + " breaks " + r);
                }
                if (RULES.stateOf(n).orElse("").equals("TX") && day.getDayOfWeek() == DayOfWeek.SUNDAY && !day.isBefore(LocalDate.of(2025, 9, 1))) {
                    assertFalse(local.isBefore(LocalTime.NOON), n + " Sunday " + callAt);
                }
            }
        }
    }
}
