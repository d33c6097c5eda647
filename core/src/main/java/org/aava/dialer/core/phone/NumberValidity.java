package org.aava.dialer.core.phone;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonenumber;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import com.google.i18n.phonenumbers.metadata.source.MetadataSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * libphonenumber's verdict on a parsed number (isValidNumber) and the region it names (getRegionCodeForNumber).
 * libphonenumber tries a country code's regions in turn, its main region first, and that is where nearly every
 * imported number belongs: the main region is asked here through {@link RegionPatterns}, and a number it does not
 * accept goes to libphonenumber itself, so every verdict is libphonenumber's ({@code NumberValidityTest} compares them).
 */
final class NumberValidity {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final MetadataSource METADATA = DefaultMetadataDependenciesProvider.getInstance().getPhoneNumberMetadataSource();
    /** Per country code, its main region's patterns, or empty when libphonenumber would not answer that region at once. */
    private static final Map<Integer, Optional<RegionPatterns>> MAIN = new ConcurrentHashMap<>();

    private NumberValidity() {
    }

    /** The number's region when libphonenumber calls it valid, else null. */
    static String validRegion(Phonenumber.PhoneNumber p) {
        RegionPatterns main = MAIN.computeIfAbsent(p.getCountryCode(), NumberValidity::mainRegion).orElse(null);
        if (main != null && main.accepts(UTIL.getNationalSignificantNumber(p))) return main.region();
        String region = UTIL.getRegionCodeForNumber(p);
        return region != null && UTIL.isValidNumberForRegion(p, region) ? region : null;
    }

    /**
     * The main region, when a number it accepts is named by libphonenumber for it: the only region of its code, or the
     * first, tried by its types rather than by leading digits. Non-geographic codes (+800 ...) are left to libphonenumber.
     */
    private static Optional<RegionPatterns> mainRegion(int countryCode) {
        List<String> regions = UTIL.getRegionCodesForCountryCode(countryCode);
        if (regions.isEmpty() || regions.get(0).equals(PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY)) return Optional.empty();
        PhoneMetadata m = METADATA.getMetadataForRegion(regions.get(0));
        if (m == null || regions.size() > 1 && m.hasLeadingDigits()) return Optional.empty();
        return Optional.of(RegionPatterns.of(regions.get(0), m));
    }
}
