package org.aava.dialer.core.ports;

import org.aava.dialer.core.model.LeadState;

/** A page of a campaign's leads, optionally filtered by state and by a search on name or number. */
public record LeadQuery(long campaignId, LeadState state, String search, int page, int pageSize) {
    public LeadQuery {
        if (page < 1) page = 1;
        if (pageSize < 1) pageSize = 50;
        if (pageSize > 500) pageSize = 500;
        if (search != null && search.isBlank()) search = null;
    }
}
