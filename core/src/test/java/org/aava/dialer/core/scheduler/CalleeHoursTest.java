package org.aava.dialer.core.scheduler;

import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.phone.CalleeZones;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Calling hours follow the callee: the zones of the number decide, every candidate zone must allow the call. */
class CalleeHoursTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final Campaign NY = Campaign.builder("ny").timezone(NEW_YORK).build();

    private static Lead lead(String e164, String tz) {
        return Lead.newPending(1, e164, e164, null, "{}", null, tz, null);
    }

    @ParameterizedTest
    @CsvSource({"+12125550100,America/New_York", "+14155550120,America/Los_Angeles", "+18085550100,Pacific/Honolulu",
            "+16715550100,Pacific/Guam", "+17875550100,America/Puerto_Rico", "+13125550100,America/Chicago",
            "+13035550100,America/Denver", "+15125550100,America/Chicago", "+442079460958,Europe/London", "+493012345678,Europe/Berlin"})
    void knownAreaCodesAndCountriesMapToTheirZones(String number, String zone) {
        assertEquals(List.of(ZoneId.of(zone)), CalleeZones.defaults().ofNumber(number));
    }

    @Test
    void splitZoneAreaCodesGiveEveryCandidate() {
        List<ZoneId> alaska = CalleeZones.defaults().ofNumber("+19075550100");
        assertEquals(List.of(ZoneId.of("America/Adak"), ZoneId.of("America/Anchorage")), alaska);
        // Arizona keeps standard time, the Navajo Nation inside it does not
        assertEquals(List.of(ZoneId.of("America/Denver"), ZoneId.of("America/Phoenix")), CalleeZones.defaults().ofNumber("+16025550100"));
        assertEquals(List.of(), CalleeZones.defaults().ofNumber("2765"), "an extension has no zone of its own");
        assertEquals(List.of(NEW_YORK), CalleeZones.defaults().resolve(null, "2765", NEW_YORK), "then the campaign's applies");
        assertEquals(List.of(ZoneId.of("Europe/Paris")), CalleeZones.defaults().resolve("Europe/Paris", "+14155550120", NEW_YORK),
                "the lead's own zone wins");
        assertEquals(List.of(ZoneId.of("America/Los_Angeles")), CalleeZones.defaults().resolve("Not/AZone", "+14155550120", NEW_YORK));
    }

    @Test
    void aCaliforniaLeadOfANewYorkCampaignWaitsForEightInCalifornia() {
        Instant at805Eastern = ZonedDateTime.of(2026, 3, 2, 8, 5, 0, 0, NEW_YORK).toInstant();
        Optional<Instant> block = Pacer.localTimeBlock(NY, lead("+14155550120", null), at805Eastern);
        assertEquals(Optional.of(ZonedDateTime.of(2026, 3, 2, 8, 0, 0, 0, ZoneId.of("America/Los_Angeles")).toInstant()), block);
        assertEquals(Optional.empty(), Pacer.localTimeBlock(NY, lead("+12125550100", null), at805Eastern));
    }

    @Test
    void aSplitZoneNumberIsCalledOnlyWhenEveryZoneAllows() {
        // 08:30 in Anchorage is 07:30 in Adak: not yet
        Instant t = ZonedDateTime.of(2026, 6, 10, 8, 30, 0, 0, ZoneId.of("America/Anchorage")).toInstant();
        Optional<Instant> block = Pacer.localTimeBlock(NY, lead("+19075550100", null), t);
        assertEquals(Optional.of(ZonedDateTime.of(2026, 6, 10, 8, 0, 0, 0, ZoneId.of("America/Adak")).toInstant()), block);
        // 20:30 in Anchorage is 19:30 in Adak: fine; 21:00 in Anchorage is closed even though Adak is open
        assertEquals(Optional.empty(), Pacer.localTimeBlock(NY, lead("+19075550100", null), t.plus(Duration.ofHours(12))));
        assertTrue(Pacer.localTimeBlock(NY, lead("+19075550100", null), t.plus(Duration.ofMinutes(12 * 60 + 30))).isPresent());
    }

    @ParameterizedTest
    @CsvSource({"2026-03-08", "2026-11-01", "2026-03-29", "2026-10-25"})
    void dstDaysNeverLetACallOutsideEightToNineLocal(String day) {
        // every 7 minutes across a DST day (US and EU change days), for numbers in several zones: a call allowed now
        // is within 08:00-21:00 in every zone of the number, and a blocked one's next time is
        List<String> numbers = List.of("+14155550120", "+12125550100", "+19075550100", "+18085550100", "+442079460958", "+13125550100");
        Instant start = ZonedDateTime.of(java.time.LocalDate.parse(day), LocalTime.MIDNIGHT, ZoneId.of("UTC")).toInstant().minus(Duration.ofHours(12));
        for (Instant t = start; t.isBefore(start.plus(Duration.ofHours(48))); t = t.plus(Duration.ofMinutes(7))) {
            for (String n : numbers) {
                Optional<Instant> block = Pacer.localTimeBlock(NY, lead(n, null), t);
                Instant callAt = block.orElse(t);
                assertTrue(!callAt.isBefore(t), "never earlier than asked");
                for (ZoneId z : CalleeZones.defaults().ofNumber(n)) {
                    LocalTime local = LocalTime.ofInstant(callAt, z);
                    assertFalse(local.isBefore(LocalTime.of(8, 0)) || !local.isBefore(LocalTime.of(21, 0)),
                            n + " at " + callAt + " is " + local + " in " + z);
                }
                assertEquals(Optional.empty(), Pacer.localTimeBlock(NY, lead(n, null), callAt), "the time given is allowed");
            }
        }
    }

    @Test
    void randomInstantsAgreeWithABruteForceCheck() {
        Random random = new Random(16);
        List<String> numbers = List.of("+14155550120", "+19075550100", "+16715550100", "+17875550100", "+16025550100");
        Instant base = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 2000; i++) {
            Instant t = base.plusSeconds(random.nextInt(365 * 86400));
            String n = numbers.get(random.nextInt(numbers.size()));
            boolean allowedEverywhere = CalleeZones.defaults().ofNumber(n).stream().allMatch(z -> {
                LocalTime l = LocalTime.ofInstant(t, z);
                return !l.isBefore(LocalTime.of(8, 0)) && l.isBefore(LocalTime.of(21, 0));
            });
            assertEquals(allowedEverywhere, Pacer.localTimeBlock(NY, lead(n, null), t).isEmpty(), n + " at " + t);
        }
    }
}
