package org.aava.dialer.core.phone;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The compiled patterns give libphonenumber's own verdict and region, on every region's numbers and their near misses. */
class NumberValidityTest {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private final SplittableRandom random = new SplittableRandom(16);

    private static String libphonenumber(Phonenumber.PhoneNumber p) {
        return UTIL.isValidNumber(p) ? UTIL.getRegionCodeForNumber(p) : null;
    }

    private static Phonenumber.PhoneNumber number(int countryCode, String nsn) {
        Phonenumber.PhoneNumber p = new Phonenumber.PhoneNumber().setCountryCode(countryCode).setNationalNumber(Long.parseLong(nsn));
        int zeros = 0;
        while (zeros < nsn.length() - 1 && nsn.charAt(zeros) == '0') zeros++;
        if (zeros > 0) p.setItalianLeadingZero(true).setNumberOfLeadingZeros(zeros);
        return p;
    }

    /** The number itself, then near misses: other last digits, one digit changed, one more, one fewer. */
    private List<String> around(String nsn) {
        List<String> out = new ArrayList<>(List.of(nsn));
        for (int i = 0; i < 40; i++) {
            char[] c = nsn.toCharArray();
            int k = 1 + random.nextInt(Math.min(4, c.length));
            for (int j = c.length - k; j < c.length; j++) c[j] = (char) ('0' + random.nextInt(10));
            out.add(new String(c));
            c = nsn.toCharArray();
            c[random.nextInt(c.length)] = (char) ('0' + random.nextInt(10));
            out.add(new String(c));
        }
        out.add(nsn + random.nextInt(10));
        if (nsn.length() > 1) out.add(nsn.substring(0, nsn.length() - 1));
        return out;
    }

    @Test
    void everyRegionsPatternsAcceptWhatLibphonenumberAccepts() {
        var metadata = DefaultMetadataDependenciesProvider.getInstance().getPhoneNumberMetadataSource();
        int valid = 0;
        for (String region : UTIL.getSupportedRegions()) {
            RegionPatterns patterns = RegionPatterns.of(region, metadata.getMetadataForRegion(region));
            int cc = UTIL.getCountryCodeForRegion(region);
            for (PhoneNumberType type : PhoneNumberType.values()) {
                Phonenumber.PhoneNumber example = UTIL.getExampleNumberForType(region, type);
                if (example == null) continue;
                for (String nsn : around(UTIL.getNationalSignificantNumber(example))) {
                    Phonenumber.PhoneNumber p = number(cc, nsn);
                    boolean expected = UTIL.isValidNumberForRegion(p, region);
                    assertEquals(expected, patterns.accepts(UTIL.getNationalSignificantNumber(p)), "+" + cc + " " + nsn + " in " + region);
                    assertEquals(libphonenumber(p), NumberValidity.validRegion(p), "+" + cc + " " + nsn);
                    if (expected) valid++;
                }
            }
        }
        assertTrue(valid > 5_000, "valid numbers among them: " + valid);
    }

    @Test
    void nonGeographicCodesAreLibphonenumbersOwn() {
        for (int cc : UTIL.getSupportedGlobalNetworkCallingCodes()) {
            Phonenumber.PhoneNumber example = UTIL.getExampleNumberForNonGeoEntity(cc);
            if (example == null) continue;
            for (String nsn : around(UTIL.getNationalSignificantNumber(example))) {
                Phonenumber.PhoneNumber p = number(cc, nsn);
                assertEquals(libphonenumber(p), NumberValidity.validRegion(p), "+" + cc + " " + nsn);
            }
        }
    }

    @Test
    void anyNorthAmericanNumberGetsLibphonenumbersVerdictAndRegion() {
        int valid = 0, outsideUs = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder ten = new StringBuilder();
            for (int d = 0; d < 10; d++) ten.append((char) ('0' + (random.nextInt(4) == 0 ? random.nextInt(10) : 2 + random.nextInt(8))));
            Phonenumber.PhoneNumber p = number(1, ten.toString());
            String expected = libphonenumber(p);
            assertEquals(expected, NumberValidity.validRegion(p), "+1" + ten);
            if (expected != null) valid++;
            if (expected != null && !expected.equals("US")) outsideUs++;
        }
        assertTrue(valid > 50_000 && outsideUs > 1_000, "valid " + valid + ", outside the US " + outsideUs);
    }
}
