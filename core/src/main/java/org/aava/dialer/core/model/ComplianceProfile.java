package org.aava.dialer.core.model;

/**
 * Which calling rules a campaign follows on top of its own window and the federal local hours. {@code
 * us_telemarketing} applies the US state rules (hours, 24 h caps) of each callee's number; {@code none} does not
 * (e.g. calls that are not telemarketing, or numbers outside the US). The default for a US campaign is
 * {@code us_telemarketing}.
 */
public enum ComplianceProfile {
    US_TELEMARKETING("us_telemarketing"),
    NONE("none");

    private final String wire;

    ComplianceProfile(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public boolean stateRules() {
        return this == US_TELEMARKETING;
    }

    public static ComplianceProfile fromWire(String s) {
        for (ComplianceProfile p : values()) if (p.wire.equalsIgnoreCase(s == null ? "" : s.strip())) return p;
        throw new IllegalArgumentException("compliance_profile must be us_telemarketing or none, not '" + s + "'");
    }
}
