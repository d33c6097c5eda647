package org.aava.dialer.core.model;

import java.time.Instant;

/**
 * How a lead agreed to be called, as the operator's records say (the CSV's {@code consent_basis},
 * {@code consent_source}, {@code consent_at}): stored with the lead and exported with it, so a campaign can prove
 * it and {@code require_consent_record} can refuse leads without one.
 *
 * @param basis  e.g. "prior express written consent", "existing business relationship"
 * @param source where it was given, e.g. a web form's URL or "call centre recording 2026-10-01"
 * @param at     when it was given, or null if the record does not say
 */
public record ConsentRecord(String basis, String source, Instant at) {
    public static final int MAX_LENGTH = 500;

    public ConsentRecord {
        basis = clean(basis, "consent_basis");
        source = clean(source, "consent_source");
        if (basis == null) throw new IllegalArgumentException("consent_basis is required when consent_source or consent_at is given");
    }

    private static String clean(String s, String field) {
        if (s == null || s.isBlank()) return null;
        s = s.strip();
        if (s.length() > MAX_LENGTH) throw new IllegalArgumentException(field + " is longer than " + MAX_LENGTH + " characters");
        return s;
    }
}
