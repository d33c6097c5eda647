package org.aava.dialer.core.ports;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Do-not-call lists: one global list and one per campaign. Numbers are stored normalised. */
public interface DncRepository {
    /** @param campaignId null for the global list */
    record DncEntry(long id, String phoneNormalized, Long campaignId, String reason, String source, Instant createdAt) {
    }

    /** True when the number is on the global list or on the campaign's list. */
    CompletableFuture<Boolean> isBlocked(long campaignId, String phoneNormalized);

    /** Adds (or keeps) an entry; returns true if it was new. */
    CompletableFuture<Boolean> add(String phoneNormalized, Long campaignId, String reason, String source);

    CompletableFuture<Boolean> remove(String phoneNormalized, Long campaignId);

    /** Entries of one scope (campaignId null = global; {@code allScopes} lists every list), optionally filtered. */
    CompletableFuture<Page<DncEntry>> page(Long campaignId, boolean allScopes, String search, int page, int pageSize);

    /** How many of the campaign's pending leads are blocked by a DNC entry. */
    CompletableFuture<Long> countBlockedPending(long campaignId);
}
