package org.aava.dialer.core.ports;

import org.aava.dialer.core.model.Lead;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Where imported leads go, a chunk per call. */
public interface LeadImport {
    /** Inserts new leads, skipping (and reporting) numbers the campaign already has; DNC numbers are stored as {@code dnc}. */
    CompletableFuture<InsertResult> insertBatch(long campaignId, List<Lead> leads, boolean skipExisting);

    /**
     * As {@link #insertBatch(long, List, boolean)}, adding what each transaction commits to the import job's counts
     * in that same transaction (a store without import jobs ignores the id).
     */
    default CompletableFuture<InsertResult> insertBatch(long campaignId, List<Lead> leads, boolean skipExisting, long importJobId) {
        return insertBatch(campaignId, leads, skipExisting);
    }
}
