package org.aava.dialer.core.phone;

/**
 * Phone number normalisation for storage, uniqueness and DNC matching. E.164 is deliberately not
 * enforced: internal extensions and feature codes ({@code *}, {@code #}) are valid targets.
 */
public final class PhoneNumbers {
    private static final int MAX_LENGTH = 32;

    private PhoneNumbers() {
    }

    /**
     * Strips formatting ({@code space ( ) . / -}) and keeps digits, {@code *}, {@code #} and a leading {@code +}.
     *
     * @throws IllegalArgumentException with a reason fit for an error CSV
     */
    public static String normalize(String raw) {
        if (raw == null || raw.isBlank()) throw new IllegalArgumentException("phone number is empty");
        String s = raw.strip();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9' || c == '*' || c == '#') {
                out.append(c);
            } else if (c == '+') {
                if (!out.isEmpty() || hasPlusAlready(s, i)) throw new IllegalArgumentException("'+' is only allowed at the start of a phone number");
                out.append(c);
            } else if (c == ' ' || c == '(' || c == ')' || c == '.' || c == '/' || c == '-') {
                continue;
            } else if (Character.isLetter(c)) {
                throw new IllegalArgumentException("phone number contains letters: '" + raw.strip() + "'");
            } else {
                // the whole code point: half a surrogate pair (an emoji, say) would make the reason unwritable as UTF-8
                throw new IllegalArgumentException("phone number contains an invalid character '" + Character.toString(s.codePointAt(i)) + "'");
            }
        }
        String n = out.toString();
        if (n.chars().noneMatch(Character::isDigit)) throw new IllegalArgumentException("phone number has no digits");
        if (n.length() > MAX_LENGTH) throw new IllegalArgumentException("phone number is longer than " + MAX_LENGTH + " characters");
        return n;
    }

    private static boolean hasPlusAlready(String s, int index) {
        return s.substring(0, index).indexOf('+') >= 0;
    }

    /** The number as dialed: FreePBX outbound routes usually do not match a leading {@code +}. */
    public static String dialable(String normalized) {
        return normalized.startsWith("+") ? normalized.substring(1) : normalized;
    }
}
