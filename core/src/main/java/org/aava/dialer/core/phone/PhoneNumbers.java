package org.aava.dialer.core.phone;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber;
import com.google.i18n.phonenumbers.ShortNumberInfo;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One phone number, one identity: every external number is parsed and validated by libphonenumber and kept
 * in E.164; internal extensions (digits matching {@code dial.extension_pattern}) are kept as their digits.
 * Numbers nobody should autodial (emergency and special-service numbers, FreePBX feature codes) are refused.
 * Every refusal is an {@link IllegalArgumentException} whose message starts with its reason code
 * ({@code invalid_number:} or {@code special_number:}), fit for an error CSV or a 400.
 */
public final class PhoneNumbers {
    public static final String DEFAULT_REGION = "US";
    public static final String DEFAULT_EXTENSION_PATTERN = "^[0-9]{3,6}$";
    private static final int MAX_LENGTH = 40;
    private static final Pattern SEPARATORS = Pattern.compile("[ ().\\-/]");
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final ShortNumberInfo SHORT = ShortNumberInfo.getInstance();
    private static final PhoneNumbers DEFAULTS = new PhoneNumbers(DEFAULT_REGION, DEFAULT_EXTENSION_PATTERN);

    private final String defaultRegion;
    private final Pattern extensionPattern;

    /**
     * @param defaultRegion    ISO 3166 alpha-2 region of numbers written without a country code
     * @param extensionPattern what an internal extension looks like (digits only)
     */
    public PhoneNumbers(String defaultRegion, String extensionPattern) {
        this.defaultRegion = region(defaultRegion);
        this.extensionPattern = Pattern.compile(extensionPattern);
    }

    /** {@code US} and {@link #DEFAULT_EXTENSION_PATTERN}. */
    public static PhoneNumbers defaults() {
        return DEFAULTS;
    }

    /** A validated ISO 3166 alpha-2 region libphonenumber knows, upper-case. */
    public static String region(String region) {
        if (region == null || region.isBlank()) throw new IllegalArgumentException("region is empty");
        String r = region.strip().toUpperCase(Locale.ROOT);
        if (!UTIL.getSupportedRegions().contains(r)) throw new IllegalArgumentException("unknown region '" + region.strip() + "' (ISO 3166 alpha-2, e.g. US)");
        return r;
    }

    public String defaultRegion() {
        return defaultRegion;
    }

    /** {@link #parse(String, String)} in the default region. */
    public PhoneNumber parse(String raw) {
        return parse(raw, null);
    }

    /** Back-compat shorthand: the stored form of {@code raw} in the default region. */
    public static String normalize(String raw) {
        return DEFAULTS.parse(raw).normalized();
    }

    /**
     * The number's identity. {@code region} (a campaign's {@code default_region}) overrides the default for
     * numbers written without a country code; null means the default.
     *
     * @throws IllegalArgumentException {@code invalid_number: ...} or {@code special_number: ...}
     */
    public PhoneNumber parse(String raw, String region) {
        String r = region == null || region.isBlank() ? defaultRegion : region(region);
        if (raw == null || raw.isBlank()) throw new IllegalArgumentException("invalid_number: phone number is empty");
        String s = raw.strip();
        if (s.length() > MAX_LENGTH) throw new IllegalArgumentException("invalid_number: longer than " + MAX_LENGTH + " characters");
        if (s.indexOf('*') >= 0 || s.indexOf('#') >= 0) {
            throw new IllegalArgumentException("special_number: '" + s + "' is a feature code (* or #), never autodialed");
        }
        boolean separated = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean separator = c == ' ' || c == '(' || c == ')' || c == '.' || c == '/' || c == '-'; // what SEPARATORS strips
            separated |= separator;
            if (Character.isLetter(c)) throw new IllegalArgumentException("invalid_number: contains letters: '" + s + "'");
            if (!(c >= '0' && c <= '9' || c == '+' || separator)) {
                // the whole code point: half a surrogate pair would make the reason unwritable as UTF-8
                throw new IllegalArgumentException("invalid_number: invalid character '" + Character.toString(s.codePointAt(i)) + "'");
            }
        }
        String digits = separated ? SEPARATORS.matcher(s).replaceAll("") : s; // most imported numbers have none
        if (!digits.startsWith("+") && digits.length() <= 3 && isSpecialService(digits, r)) {
            throw new IllegalArgumentException("special_number: '" + s + "' is an emergency or special-service number, never autodialed");
        }
        if (!digits.startsWith("+") && SHORT.connectsToEmergencyNumber(digits, r)) {
            throw new IllegalArgumentException("special_number: '" + s + "' connects to an emergency number, never autodialed");
        }
        if (digits.indexOf('+') < 0 && extensionPattern.matcher(digits).matches()) return new PhoneNumber(digits, PhoneKind.EXTENSION, null);
        Phonenumber.PhoneNumber p = nanp(digits, r);
        if (p == null) {
            try {
                p = UTIL.parse(s, r);
            } catch (NumberParseException e) {
                throw new IllegalArgumentException("invalid_number: '" + s + "' " + e.getMessage().toLowerCase(Locale.ROOT));
            }
        }
        String numberRegion = NumberValidity.validRegion(p);
        if (numberRegion == null) {
            throw new IllegalArgumentException("invalid_number: '" + s + "' is not a valid number for " + regionOf(p, r));
        }
        String e164 = p.getCountryCode() == 1 ? "+1" + p.getNationalNumber() : UTIL.format(p, PhoneNumberFormat.E164);
        return new PhoneNumber(e164, PhoneKind.E164, numberRegion);
    }

    /**
     * A North American number in one of its plain forms ({@code +1NXXNXXXXXX}, or in a +1 region {@code NXXNXXXXXX}
     * and {@code 1NXXNXXXXXX}), taken apart without libphonenumber's general parser, which is half the cost of an
     * import; null for anything else. Validity is still libphonenumber's ({@code PhoneNumbersTest} checks the two
     * paths agree).
     */
    static Phonenumber.PhoneNumber nanp(String digits, String region) {
        String national;
        if (digits.length() == 12 && digits.startsWith("+1")) national = digits.substring(2);
        else if (digits.indexOf('+') >= 0 || UTIL.getCountryCodeForRegion(region) != 1) return null;
        else if (digits.length() == 10) national = digits;
        else if (digits.length() == 11 && digits.charAt(0) == '1') national = digits.substring(1);
        else return null;
        if (national.charAt(0) < '2') return null;
        for (int i = 0; i < national.length(); i++) if (national.charAt(i) < '0' || national.charAt(i) > '9') return null;
        return new Phonenumber.PhoneNumber().setCountryCode(1).setNationalNumber(Long.parseLong(national));
    }

    /** libphonenumber's general path alone, for the test that proves {@link #nanp} agrees with it. */
    static String viaGeneralParser(String raw, String region) {
        try {
            Phonenumber.PhoneNumber p = UTIL.parse(raw, region);
            return UTIL.isValidNumber(p) ? UTIL.format(p, PhoneNumberFormat.E164) + " " + UTIL.getRegionCodeForNumber(p) : "invalid";
        } catch (NumberParseException e) {
            return "invalid";
        }
    }

    /** Whether a stored form is a number nobody should autodial (leads stored before validation existed). */
    public boolean refusedAtLease(String normalized) {
        if (normalized == null || normalized.isEmpty()) return true;
        if (normalized.indexOf('*') >= 0 || normalized.indexOf('#') >= 0) return true;
        if (normalized.startsWith("+")) return false;
        return normalized.length() <= 3 && isSpecialService(normalized, defaultRegion) || SHORT.connectsToEmergencyNumber(normalized, defaultRegion);
    }

    private static boolean isSpecialService(String digits, String region) {
        if (SHORT.isEmergencyNumber(digits, region)) return true;
        try {
            return SHORT.isValidShortNumberForRegion(UTIL.parse(digits, region), region);
        } catch (NumberParseException e) {
            return false;
        }
    }

    private static String regionOf(Phonenumber.PhoneNumber p, String fallback) {
        String r = UTIL.getRegionCodeForCountryCode(p.getCountryCode());
        return "ZZ".equals(r) ? "country code +" + p.getCountryCode() : r.equals(fallback) ? r : r + " (+" + p.getCountryCode() + ")";
    }

    /** The number as dialed for {@code {number}}: FreePBX outbound routes usually do not match a leading {@code +}. */
    public static String dialable(String normalized) {
        return normalized.startsWith("+") ? normalized.substring(1) : normalized;
    }

    /** The national significant number of an E.164 number ({@code 4155550120}); an extension as it is. */
    public static String national(String normalized) {
        if (!normalized.startsWith("+")) return normalized;
        try {
            return UTIL.getNationalSignificantNumber(UTIL.parse(normalized, "ZZ"));
        } catch (NumberParseException e) {
            return dialable(normalized);
        }
    }
}
