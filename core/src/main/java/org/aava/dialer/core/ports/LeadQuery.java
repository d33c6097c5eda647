package org.aava.dialer.core.ports;

import org.aava.dialer.core.model.LeadState;

/**
 * A page of a campaign's leads, optionally filtered by state and by a search on name or number, in the given order
 * (a search is always newest first: its matches are collected newest first and capped).
 */
public record LeadQuery(long campaignId, LeadState state, String search, int page, int pageSize, Sort sort) {
    /** The orders the lead table offers. */
    public enum Sort {
        NEWEST, OLDEST, NAME, PHONE, ATTEMPTS;

        /** {@code newest|oldest|name|phone|attempts}; null or blank is newest. */
        public static Sort fromWire(String s) {
            if (s == null || s.isBlank()) return NEWEST;
            for (Sort v : values()) if (v.name().equalsIgnoreCase(s.strip())) return v;
            throw new IllegalArgumentException("sort must be newest, oldest, name, phone or attempts");
        }
    }

    public LeadQuery {
        if (page < 1) page = 1;
        if (pageSize < 1) pageSize = 50;
        if (pageSize > 500) pageSize = 500;
        if (search != null && search.isBlank()) search = null;
        if (sort == null) sort = Sort.NEWEST;
    }

    public LeadQuery(long campaignId, LeadState state, String search, int page, int pageSize) {
        this(campaignId, state, search, page, pageSize, Sort.NEWEST);
    }
}
