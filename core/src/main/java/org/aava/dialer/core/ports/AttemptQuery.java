package org.aava.dialer.core.ports;

import org.aava.dialer.core.model.Outcome;

/** A page of a campaign's attempts, newest first, optionally filtered by outcome. */
public record AttemptQuery(long campaignId, Outcome outcome, int page, int pageSize) {
    public AttemptQuery {
        if (page < 1) page = 1;
        if (pageSize < 1) pageSize = 50;
        if (pageSize > 500) pageSize = 500;
    }
}
