package org.aava.dialer.core.ports;

import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.CampaignStatus;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Campaign persistence. Every method runs on the store's own executor; never block an event thread on the result. */
public interface CampaignRepository {
    /** Stores a new campaign (its id is ignored) and returns it with id and timestamps. */
    CompletableFuture<Campaign> create(Campaign campaign);

    CompletableFuture<Optional<Campaign>> find(long id);

    /** All campaigns, newest first; archived ones only when asked. */
    CompletableFuture<List<Campaign>> list(boolean includeArchived);

    CompletableFuture<List<Campaign>> listRunning();

    /** Saves the settings of an existing campaign (not its status); returns it as stored. */
    CompletableFuture<Campaign> update(Campaign campaign);

    /** Changes the status; {@code reason} is shown to the operator (null clears it). */
    CompletableFuture<Void> setStatus(long id, CampaignStatus status, String reason);

    /** Deletes the campaign with its leads, attempts and call history. */
    CompletableFuture<Void> delete(long id);
}
