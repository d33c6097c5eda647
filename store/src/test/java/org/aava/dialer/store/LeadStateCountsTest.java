package org.aava.dialer.store;

import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.AttemptClose;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.model.LeadState;
import org.aava.dialer.core.model.Outcome;
import org.aava.dialer.core.ports.LeadQuery;
import org.aava.dialer.core.ports.LeaseRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * lead_state_counts is kept by triggers: after any mix of the store's lead operations, including a
 * campaign deleted with its leads, the kept counts equal a real count of the leads.
 */
class LeadStateCountsTest {
    @TempDir
    Path dir;
    private static final Instant T0 = Instant.parse("2026-03-02T15:00:00Z");
    private static final Outcome[] OUTCOMES = {Outcome.ANSWERED_HUMAN, Outcome.BUSY, Outcome.NO_ANSWER, Outcome.VOICEMAIL_DROPPED};

    @Test
    void keptCountsEqualARealCountAfterAnyMixOfOperations() throws Exception {
        long seed = Long.getLong("aava.counts.seed", System.nanoTime());
        Random random = new Random(seed);
        try (Store store = StoreFixture.open(dir)) {
            List<Campaign> campaigns = new ArrayList<>();
            for (int i = 0; i < 3; i++) campaigns.add(StoreFixture.runningCampaign(store, "c" + i));
            Instant now = T0;
            int next = 0;
            for (int step = 0; step < 400; step++) {
                now = now.plusSeconds(7);
                Campaign c = campaigns.get(random.nextInt(campaigns.size()));
                List<Lead> leads = store.leads().page(new LeadQuery(c.id(), null, null, 1, 500)).join().items().stream()
                        .map(v -> v.lead()).toList();
                Lead some = leads.isEmpty() ? null : leads.get(random.nextInt(leads.size()));
                String op;
                switch (random.nextInt(11)) {
                    case 0, 1 -> {
                        int n = 1 + random.nextInt(30);
                        // Some numbers repeat earlier ones: duplicates update instead of inserting. Numbers from an
                        // earlier range may be new to this campaign yet on a DNC list (global, or put there for a
                        // lead since deleted): they are inserted as dnc.
                        int pick = random.nextInt(4);
                        int from = pick == 0 && next > 10 ? next - 10 : pick == 1 && next > 10 ? random.nextInt(next - 10) : next;
                        store.leads().insertBatch(c.id(), StoreFixture.leads(c.id(), from, n), random.nextBoolean()).join();
                        next = Math.max(next, from + n);
                        op = "insert " + n;
                    }
                    case 2 -> {
                        List<Lead> leased = store.leads().lease(new LeaseRequest(c.id(), 1 + random.nextInt(5), Duration.ofSeconds(30), now, 0)).join();
                        for (Lead l : leased) {
                            if (random.nextBoolean()) continue; // stays leased
                            Attempt a = StoreFixture.dial(store, l, now, now.plusSeconds(60));
                            if (random.nextBoolean()) {
                                store.attempts().close(a.id(), AttemptClose.of(OUTCOMES[random.nextInt(OUTCOMES.length)], now.plusSeconds(3))).join();
                            }
                        }
                        op = "lease " + leased.size();
                    }
                    case 3 -> {
                        op = "requeue " + store.leads().requeueExpired(now.plusSeconds(random.nextInt(120))).join();
                    }
                    case 4 -> {
                        if (some != null) store.leads().recycle(some.id(), random.nextBoolean()).join();
                        op = "recycle";
                    }
                    case 5 -> {
                        if (some != null) store.leads().ignore(some.id()).join();
                        op = "ignore";
                    }
                    case 6 -> {
                        if (some != null) store.leads().delete(some.id()).join();
                        op = "delete";
                    }
                    case 7 -> {
                        if (some != null) store.dnc().add(some.phoneNormalized(), random.nextBoolean() ? c.id() : null, "asked", "test").join();
                        op = "dnc";
                    }
                    case 8 -> {
                        op = "cancel " + (random.nextInt(5) == 0 ? store.leads().cancelPending(c.id()).join() : 0);
                    }
                    case 9 -> {
                        if (some != null) store.leads().release(some.id(), now.plusSeconds(600), "test").join();
                        op = "release";
                    }
                    default -> {
                        if (random.nextInt(8) == 0 && campaigns.size() > 1) {
                            store.campaigns().delete(c.id()).join();
                            campaigns.remove(c);
                            campaigns.add(StoreFixture.runningCampaign(store, "c" + step));
                            op = "delete campaign";
                        } else {
                            if (some != null) store.leads().scheduleAt(some.id(), now.plusSeconds(60)).join();
                            op = "schedule";
                        }
                    }
                }
                String where = "seed " + seed + " (-Daava.counts.seed), step " + step + " after " + op;
                for (Campaign each : campaigns) {
                    assertEquals(realCounts(store, each.id()), store.leads().countByState(each.id()).join(), where);
                }
                assertEquals(0, orphanCounts(store), "no counts left for deleted campaigns; " + where);
            }
        }
    }

    private static Map<LeadState, Long> realCounts(Store store, long campaignId) throws Exception {
        Map<LeadState, Long> out = new EnumMap<>(LeadState.class);
        try (Connection c = TestDatabases.connection(store); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT state, COUNT(*) FROM outbound_leads WHERE campaign_id = " + campaignId + " GROUP BY state")) {
            while (rs.next()) out.put(LeadState.fromWire(rs.getString(1)), rs.getLong(2));
        }
        return out;
    }

    private static long orphanCounts(Store store) throws Exception {
        try (Connection c = TestDatabases.connection(store); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM lead_state_counts WHERE campaign_id NOT IN (SELECT id FROM outbound_campaigns)")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
