package org.aava.dialer.core.phone;

import org.aava.dialer.core.calls.DialerSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PhoneNumbersTest {
    private final PhoneNumbers us = PhoneNumbers.defaults();

    @ParameterizedTest
    @ValueSource(strings = {"415 555 0120", "(415) 555-0120", "4155550120", "1-415-555-0120", "+14155550120", "+1 (415) 555-0120",
            " 415.555.0120 ", "415/555/0120"})
    void everyFormatOfAUsNumberIsOneE164Identity(String raw) {
        PhoneNumber n = us.parse(raw);
        assertEquals("+14155550120", n.normalized());
        assertEquals(PhoneKind.E164, n.kind());
        assertEquals("US", n.region());
        assertEquals(n, us.parse(n.normalized()), "idempotent");
    }

    @Test
    void theRegionDecidesNumbersWithoutCountryCode() {
        assertEquals("+442079460958", us.parse("+44 20 7946 0958").normalized());
        assertEquals("+442079460958", us.parse("020 7946 0958", "gb").normalized());
        assertEquals("+442079460958", new PhoneNumbers("GB", PhoneNumbers.DEFAULT_EXTENSION_PATTERN).parse("020 7946 0958").normalized());
        assertThrows(IllegalArgumentException.class, () -> new PhoneNumbers("XX", PhoneNumbers.DEFAULT_EXTENSION_PATTERN));
        assertThrows(IllegalArgumentException.class, () -> us.parse("4155550120", "Atlantis"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"+1415", "12", "+1", "1234567", "+14150000000", "555-CALL-NOW", "12ab", "555\uD83D\uDCDE1234", "12+34", "", "  ", "()-"})
    void invalidNumbersAreRejectedWithTheReasonCode(String raw) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> us.parse(raw));
        assertTrue(e.getMessage().startsWith("invalid_number: "), e.getMessage());
    }

    @Test
    void nullIsInvalid() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> us.parse(null)).getMessage().startsWith("invalid_number"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"911", "112", "411", "611", "*80 2765", "*72#", "#31#5551234", "*67 555-0100"})
    void emergencySpecialServiceAndFeatureCodesAreRefused(String raw) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> us.parse(raw));
        assertTrue(e.getMessage().startsWith("special_number: "), e.getMessage());
        assertTrue(us.refusedAtLease(raw.replace(" ", "")), "and a stored one is refused at the lease");
    }

    @Test
    void extensionsFollowTheConfiguredPattern() {
        PhoneNumber ext = us.parse("2765");
        assertEquals("2765", ext.normalized());
        assertEquals(PhoneKind.EXTENSION, ext.kind());
        assertEquals("70001", us.parse("70001").normalized());
        assertFalse(us.refusedAtLease("2765"));
        assertFalse(us.refusedAtLease("+14155550120"));
        PhoneNumbers fourDigits = new PhoneNumbers("US", "^7[0-9]{3}$");
        assertEquals("7001", fourDigits.parse("7001").normalized());
        assertThrows(IllegalArgumentException.class, () -> fourDigits.parse("2765"));
    }

    @Test
    void dialStringPlaceholdersGiveEachForm() {
        DialerSettings d = DialerSettings.defaults();
        DialerSettings all = new DialerSettings(d.stasisApp(), "PJSIP/{e164}|{national}|{digits}|{number}@x", d.identity(), d.callerIdName(),
                d.leaseTtl(), d.tick(), d.nodeMaxConcurrent(), d.maxOriginatesPerSecond(), d.maxCallDuration(), d.stasisMargin(),
                d.amdHopTimeout(), d.voicemailTimeout(), d.extraVariables(), d.breakerErrors(), d.breakerWindow(), d.placement());
        assertEquals("PJSIP/+14155550120|4155550120|14155550120|14155550120@x", all.endpointFor("+14155550120"));
        assertEquals("PJSIP/+442079460958|2079460958|442079460958|442079460958@x", all.endpointFor("+442079460958"));
        assertEquals("PJSIP/2765|2765|2765|2765@x", all.endpointFor("2765"));
        assertEquals("Local/14155550120@from-internal", d.endpointFor("+14155550120"));
        assertFalse(DialerSettings.hasNumberPlaceholder("Local/x@from-internal"));
    }

    /** The North American fast path and libphonenumber's general parser agree on every form it takes, valid or not. */
    @org.junit.jupiter.api.Test
    void theNorthAmericanFastPathAgreesWithTheGeneralParser() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(16);
        int fast = 0;
        for (String region : java.util.List.of("US", "CA", "PR", "GU", "JM")) {
            PhoneNumbers numbers = new PhoneNumbers(region, PhoneNumbers.DEFAULT_EXTENSION_PATTERN);
            for (int i = 0; i < 20_000; i++) {
                StringBuilder ten = new StringBuilder();
                // mostly plausible area codes and exchanges, sometimes anything
                for (int d = 0; d < 10; d++) ten.append((char) ('0' + (random.nextInt(4) == 0 ? random.nextInt(10) : 2 + random.nextInt(8))));
                String raw = switch (i % 3) {
                    case 0 -> "+1" + ten;
                    case 1 -> ten.toString();
                    default -> "1" + ten;
                };
                if (PhoneNumbers.nanp(raw, region) != null) fast++;
                String ours;
                try {
                    PhoneNumber n = numbers.parse(raw);
                    ours = n.normalized() + " " + n.region();
                } catch (IllegalArgumentException e) {
                    ours = "invalid";
                }
                assertEquals(PhoneNumbers.viaGeneralParser(raw, region), ours, raw + " in " + region);
            }
        }
        assertTrue(fast > 90_000, "the fast path was taken: " + fast);
    }
}
