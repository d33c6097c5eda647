package org.aava.dialer.core.phone;

import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneNumberDesc;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One region's number types as libphonenumber's type test reads them: a national number is valid there when it fits
 * the general description and at least one type's (the order libphonenumber tries them in only names the type).
 * Compiled once and matched once each, where libphonenumber looks every pattern up in a synchronized cache and
 * matches it twice (a prefix match, then the whole).
 */
final class RegionPatterns {
    /** A description as libphonenumber's isNumberMatchingDesc tests it: a listed length, then the whole pattern. */
    private record Description(boolean anyLength, long lengths, Pattern pattern) {
        static Description of(PhoneNumberDesc d) {
            long lengths = 0;
            for (int n : d.getPossibleLengthList()) if (n >= 0 && n < Long.SIZE) lengths |= 1L << n;
            String p = d.getNationalNumberPattern();
            return new Description(d.getPossibleLengthCount() == 0, lengths, p.isEmpty() ? null : Pattern.compile(p));
        }

        boolean matches(String nsn) {
            int n = nsn.length();
            if (!anyLength && (n >= Long.SIZE || (lengths & 1L << n) == 0)) return false;
            return pattern != null && pattern.matcher(nsn).matches();
        }
    }

    private final String region;
    private final Description general;
    private final List<Description> types;

    private RegionPatterns(String region, Description general, List<Description> types) {
        this.region = region;
        this.general = general;
        this.types = types;
    }

    static RegionPatterns of(String region, PhoneMetadata m) {
        List<Description> types = new ArrayList<>();
        types.add(Description.of(m.getFixedLine())); // most numbers an import sees, so first
        // libphonenumber reads the mobile pattern only when it differs from the fixed-line one
        if (!m.getSameMobileAndFixedLinePattern()) types.add(Description.of(m.getMobile()));
        for (PhoneNumberDesc d : List.of(m.getTollFree(), m.getPremiumRate(), m.getSharedCost(), m.getVoip(), m.getPersonalNumber(),
                m.getPager(), m.getUan(), m.getVoicemail())) {
            types.add(Description.of(d));
        }
        return new RegionPatterns(region, Description.of(m.getGeneralDesc()), List.copyOf(types));
    }

    String region() {
        return region;
    }

    /** Whether libphonenumber's isValidNumberForRegion accepts this national significant number in {@link #region()}. */
    boolean accepts(String nsn) {
        if (!general.matches(nsn)) return false;
        for (Description t : types) if (t.matches(nsn)) return true;
        return false;
    }
}
