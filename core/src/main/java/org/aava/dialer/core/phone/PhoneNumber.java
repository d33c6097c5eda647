package org.aava.dialer.core.phone;

/**
 * A parsed number: its stored form ({@code +14155550120} or an extension's digits), its kind, and for an
 * external number the region it belongs to.
 */
public record PhoneNumber(String normalized, PhoneKind kind, String region) {
}
