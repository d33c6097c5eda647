package org.aava.dialer.bench.data;

import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.AttemptClose;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.CampaignStatus;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.model.Outcome;
import org.aava.dialer.core.ports.AttemptTransition;
import org.aava.dialer.core.ports.LeaseRequest;
import org.aava.dialer.store.SqliteStore;
import org.aava.dialer.store.StoreOptions;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Writes a {@link Dataset} through the store's own API (batch insert, lease, attempts), the way the
 * server would have written it, so the indexes and the file layout are what production gets.
 */
final class DatasetBuilder {
    /** Rows per insertBatch call while building, as the web importer's chunks. */
    static final int IMPORT_CHUNK = 10_000;
    static final int DIALED_LEADS = 10_000;
    static final int LEFT_LEASED = 2_000;
    static final int DNC_ENTRIES = 1_000;
    /** Closed attempts cycle through these; the no-answer in {@link #RETRIED_SLOT} gets a retry scheduled, the other does not. */
    private static final Outcome[] OUTCOMES = {Outcome.ANSWERED_HUMAN, Outcome.NO_ANSWER, Outcome.BUSY, Outcome.MACHINE_DETECTED,
            Outcome.VOICEMAIL_DROPPED, Outcome.NO_ANSWER, Outcome.CONSENT_DENIED, Outcome.ERROR};
    private static final int RETRIED_SLOT = 1;

    private DatasetBuilder() {
    }

    static void build(Dataset dataset, Path file) {
        try (SqliteStore store = SqliteStore.open(file, StoreOptions.defaults())) {
            List<Campaign> campaigns = new ArrayList<>();
            for (int c = 1; c <= dataset.campaigns(); c++) {
                Campaign created = store.campaigns().create(Campaign.builder("bench " + c)
                        .maxConcurrent(10).minIntervalSeconds(0).maxAttemptsPer24h(3).build()).join();
                store.campaigns().setStatus(created.id(), CampaignStatus.RUNNING, null).join();
                campaigns.add(created);
                importLeads(store, created.id(), dataset.leadsPerCampaign());
            }
            if (dataset.history()) writeHistory(store, campaigns.getFirst());
            awaitNameIndex(store);
        }
    }

    /** A database that has been running for a while has its name index filled (the store does it in the background). */
    private static void awaitNameIndex(SqliteStore store) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        try {
            while (System.nanoTime() < deadline) {
                if (store.nameIndexBacklog().join() == 0) return;
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("the name index of " + store.file() + " did not catch up within 10 minutes");
    }

    private static void importLeads(SqliteStore store, long campaignId, int count) {
        for (int i = 0; i < count; i += IMPORT_CHUNK) {
            store.leads().insertBatch(campaignId, LeadRows.leads(campaignId, i, Math.min(IMPORT_CHUNK, count - i)), true).join();
        }
    }

    /**
     * A campaign that has been dialing for a while: global DNC entries spread over its numbers,
     * {@value #DIALED_LEADS} leads dialed with mixed outcomes (some waiting for a retry), and
     * {@value #LEFT_LEASED} leads still leased.
     */
    private static void writeHistory(SqliteStore store, Campaign campaign) {
        for (int k = 0; k < DNC_ENTRIES; k++) {
            store.dnc().add(LeadRows.number(997L * k + 13), null, "asked not to be called", "bench").join();
        }
        Instant now = Instant.now();
        int dialed = 0;
        while (dialed < DIALED_LEADS) {
            List<Lead> leased = store.leads().lease(new LeaseRequest(campaign.id(), 50, Duration.ofMinutes(2), now, 0)).join();
            if (leased.isEmpty()) break;
            List<CompletableFuture<?>> calls = new ArrayList<>();
            for (Lead lead : leased) {
                int slot = dialed++ % OUTCOMES.length;
                calls.add(dial(store, lead, OUTCOMES[slot], now, slot == RETRIED_SLOT));
            }
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        }
        for (int left = 0; left < LEFT_LEASED; left += 50) {
            store.leads().lease(new LeaseRequest(campaign.id(), 50, Duration.ofMinutes(2), now, 0)).join();
        }
    }

    /** One call's worth of writes: dialing with the attempt opened, its close (a no-answer sometimes scheduled for a retry). */
    private static CompletableFuture<?> dial(SqliteStore store, Lead lead, Outcome outcome, Instant now, boolean retry) {
        AttemptClose close = AttemptClose.of(outcome, now.plusSeconds(30));
        // far ahead, so the data reads the same however old the cached file is (retries due now would change the lease's plan)
        if (retry) close = close.withRetryAt(now.plus(Duration.ofDays(365)));
        AttemptClose finalClose = close;
        return store.journal().apply(new AttemptTransition.Open(Attempt.opening(lead.campaignId(), lead.id(), lead.phoneNormalized(),
                        now, false, "bench-" + lead.id(), "default", "bench"), now.plusSeconds(120)))
                .thenCompose(opened -> store.attempts().close(opened.orElseThrow().id(), finalClose));
    }
}
