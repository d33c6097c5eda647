package org.aava.dialer.core.phone;

/** What a stored number is: an external E.164 number or an internal extension (wire: {@code phone_kind}). */
public enum PhoneKind {
    E164("e164"), EXTENSION("extension");

    private final String wire;

    PhoneKind(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The kind of a stored form: E.164 numbers start with {@code +}. */
    public static PhoneKind of(String normalized) {
        return normalized != null && normalized.startsWith("+") ? E164 : EXTENSION;
    }
}
