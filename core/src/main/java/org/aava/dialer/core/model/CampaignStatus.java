package org.aava.dialer.core.model;

import java.util.Locale;

/** Lifecycle of a campaign. Only {@link #RUNNING} campaigns originate calls. */
public enum CampaignStatus {
    DRAFT, RUNNING, PAUSED, STOPPED, COMPLETED, ARCHIVED;

    /** The lower-case name used in the database and the REST API. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CampaignStatus fromWire(String value) {
        if (value == null) throw new IllegalArgumentException("status is required");
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown campaign status '" + value + "'");
        }
    }
}
