package org.aava.dialer.store;

import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.CampaignStatus;
import org.aava.dialer.core.model.Lead;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Small helpers shared by the store tests. */
final class StoreFixture {
    private StoreFixture() {
    }

    static Campaign runningCampaign(SqliteStore store, String name) {
        Campaign c = store.campaigns().create(Campaign.builder(name).build()).join();
        store.campaigns().setStatus(c.id(), CampaignStatus.RUNNING, null).join();
        return store.campaigns().find(c.id()).join().orElseThrow();
    }

    static List<Lead> leads(long campaignId, int from, int count) {
        List<Lead> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            String n = "+1555" + String.format("%07d", i);
            out.add(Lead.newPending(campaignId, n, n, "Lead " + i, "{\"i\":" + i + "}", null, null, null));
        }
        return out;
    }

    static Attempt open(SqliteStore store, Lead lead, Instant now) {
        return store.attempts().open(Attempt.opening(lead.campaignId(), lead.id(), lead.phoneNormalized(), now, false,
                "chan-" + lead.id(), "default", "test")).join();
    }

    static SqliteStore open(Path dir) {
        return SqliteStore.open(dir.resolve("aava.db"), StoreOptions.defaults());
    }
}
