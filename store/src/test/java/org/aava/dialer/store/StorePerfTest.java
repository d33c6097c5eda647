package org.aava.dialer.store;

import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.model.LeadState;
import org.aava.dialer.core.ports.LeadQuery;
import org.aava.dialer.core.ports.LeaseRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Ad-hoc measurement on a 1M-lead campaign (not part of the normal build):
 * {@code mvn -pl store verify -Dtest=StorePerfTest -Daava.perf=true -Dsurefire.failIfNoSpecifiedTests=false}.
 * Real benchmarks live in their own module; this only checks that the queries stay on their indexes.
 */
@EnabledIfSystemProperty(named = "aava.perf", matches = "true")
class StorePerfTest {
    @org.junit.jupiter.api.BeforeAll
    static void onSqliteOnly() {
        TestDatabases.assumeSqlite(); // this class checks the SQLite file itself
    }

    @TempDir
    Path dir;

    private static final int LEADS = Integer.getInteger("aava.perf.leads", 1_000_000);

    @Test
    void oneMillionLeads() throws Exception {
        try (Store store = SqliteStore.open(dir.resolve("perf.db"), StoreOptions.defaults())) {
            Campaign other = StoreFixture.runningCampaign(store, "other");
            store.leads().insertBatch(other.id(), numbers(other.id(), 0, 50_000, "+1444"), true).join();
            Campaign c = StoreFixture.runningCampaign(store, "perf");

            long t0 = System.nanoTime();
            for (int i = 0; i < LEADS; i += 5000) store.leads().insertBatch(c.id(), numbers(c.id(), i, 5000, "+1555"), true).join();
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("insert: %d leads in %.1f s = %.0f rows/s%n", LEADS, secs, LEADS / secs);

            Campaign r = StoreFixture.runningCampaign(store, "random numbers");
            Random rn = new Random(7);
            t0 = System.nanoTime();
            int randomLeads = LEADS / 4;
            for (int i = 0; i < randomLeads; i += 5000) {
                List<Lead> batch = new ArrayList<>(5000);
                for (int k = 0; k < 5000; k++) {
                    String n = "+1" + (2000000000L + (long) (rn.nextDouble() * 7_999_999_999L));
                    batch.add(Lead.newPending(r.id(), n, n, "Random " + (i + k), "{\"k\":" + k + ",\"plan\":\"gold\"}", null, null, null));
                }
                store.leads().insertBatch(r.id(), batch, true).join();
            }
            secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf("insert (random numbers, into a 1M-lead file): %d leads in %.1f s = %.0f rows/s%n", randomLeads, secs, randomLeads / secs);

            plans(store, c.id());

            // page: newest first, with and without a state filter, and searches
            report("page (no filter, pages 1-5)", 200, () -> store.leads().page(new LeadQuery(c.id(), null, null, 1 + new Random().nextInt(5), 50)).join());
            report("page (state=pending)", 200, () -> store.leads().page(new LeadQuery(c.id(), LeadState.PENDING, null, 1, 50)).join());
            report("page (state=failed, empty)", 200, () -> store.leads().page(new LeadQuery(c.id(), LeadState.FAILED, null, 1, 50)).join());
            report("page (search number prefix +1555000012)", 100, () -> store.leads().page(new LeadQuery(c.id(), null, "+1 555 000 012", 1, 50)).join());
            report("page (search dense number prefix +1555)", 20, () -> store.leads().page(new LeadQuery(c.id(), null, "+1555", 1, 50)).join());
            report("page (search dense name 'lead 1')", 20, () -> store.leads().page(new LeadQuery(c.id(), null, "lead 1", 1, 50)).join());
            report("page (search name 'Lead 12345')", 20, () -> store.leads().page(new LeadQuery(c.id(), null, "Lead 12345", 1, 50)).join());
            report("page (deep: page 2000)", 50, () -> store.leads().page(new LeadQuery(c.id(), null, null, 2000, 50)).join());
            report("countByState", 20, () -> store.leads().countByState(c.id()).join());
            report("nextDueAt", 200, () -> store.leads().nextDueAt(c.id(), Instant.now()).join());
            report("countBlockedPending", 50, () -> store.dnc().countBlockedPending(c.id()).join());

            // lease: single caller, batches of 1..50
            Random rnd = new Random(1);
            Instant now = Instant.now();
            int leased = 0;
            List<Long> lat = new ArrayList<>();
            long l0 = System.nanoTime();
            while (leased < 200_000) {
                long s = System.nanoTime();
                int got = store.leads().lease(new LeaseRequest(c.id(), 1 + rnd.nextInt(50), Duration.ofSeconds(60), now, 0)).join().size();
                lat.add(System.nanoTime() - s);
                if (got == 0) break;
                leased += got;
            }
            double ls = (System.nanoTime() - l0) / 1e9;
            System.out.printf("lease: %d leads in %d calls, %.1f s = %.0f leads/s; call p50 %.2f ms p99 %.2f ms p99.9 %.2f ms; >5ms: %d%n",
                    leased, lat.size(), ls, leased / ls, pct(lat, 50), pct(lat, 99), pct(lat, 99.9), lat.stream().filter(x -> x > 5_000_000).count());

            // a backlog of 200k leads waiting for a retry must not slow the lease down
            System.out.println("requeue of 200k leased leads, then releasing them for later: " + store.leads().requeueExpired(now.plusSeconds(61)).join());
            store.campaigns().setStatus(c.id(), org.aava.dialer.core.model.CampaignStatus.PAUSED, null).join();
            long q0 = System.nanoTime();
            int n = TestDatabases.connection(store).createStatement().executeUpdate(
                    "UPDATE outbound_leads SET next_attempt_at_utc='2099-01-01T00:00:00.000Z' WHERE campaign_id=" + c.id()
                            + " AND state='pending' AND id IN (SELECT id FROM outbound_leads WHERE campaign_id=" + c.id() + " ORDER BY id LIMIT 200000)");
            System.out.printf("  (%d leads scheduled for later in %.1f s)%n", n, (System.nanoTime() - q0) / 1e9);
            store.campaigns().setStatus(c.id(), org.aava.dialer.core.model.CampaignStatus.RUNNING, null).join();
            lat.clear();
            leased = 0;
            l0 = System.nanoTime();
            while (leased < 100_000) {
                long s = System.nanoTime();
                int got = store.leads().lease(new LeaseRequest(c.id(), 1 + rnd.nextInt(50), Duration.ofSeconds(60), now, 2)).join().size();
                lat.add(System.nanoTime() - s);
                if (got == 0) break;
                leased += got;
            }
            ls = (System.nanoTime() - l0) / 1e9;
            System.out.printf("lease with 200k retries waiting + 24h cap: %d leads, %.0f leads/s; call p50 %.2f ms p99 %.2f ms%n",
                    leased, leased / ls, pct(lat, 50), pct(lat, 99));
            // the same 200k become due at once (e.g. released until their local hours opened)
            try (var conn = TestDatabases.connection(store); var st = conn.createStatement()) {
                st.executeUpdate("UPDATE outbound_leads SET next_attempt_at_utc='2000-01-01T00:00:00.000Z' WHERE campaign_id=" + c.id()
                        + " AND state='pending' AND next_attempt_at_utc IS NOT NULL");
            }
            lat.clear();
            leased = 0;
            l0 = System.nanoTime();
            while (leased < 50_000) {
                long s = System.nanoTime();
                int got = store.leads().lease(new LeaseRequest(c.id(), 1 + rnd.nextInt(50), Duration.ofSeconds(60), now, 0)).join().size();
                lat.add(System.nanoTime() - s);
                if (got == 0) break;
                leased += got;
            }
            ls = (System.nanoTime() - l0) / 1e9;
            System.out.printf("lease with 200k retries all due at once: %d leads, %.0f leads/s; call p50 %.2f ms p99 %.2f ms%n",
                    leased, leased / ls, pct(lat, 50), pct(lat, 99));
            report("page (state=leased)", 200, () -> store.leads().page(new LeadQuery(c.id(), LeadState.LEASED, null, 1, 50)).join());
            report("requeueExpired (nothing expired)", 50, () -> store.leads().requeueExpired(now).join());
            assertEquals(LEADS, store.leads().countByState(c.id()).join().values().stream().mapToLong(Long::longValue).sum());
        }
    }

    private static void plans(Store store, long campaignId) throws Exception {
        String[] queries = {
                "SELECT id FROM outbound_leads WHERE campaign_id=" + campaignId + " AND state='pending' AND next_attempt_at_utc IS NULL ORDER BY priority DESC, id LIMIT 10",
                "SELECT id FROM outbound_leads WHERE campaign_id=" + campaignId + " AND state='pending' AND next_attempt_at_utc IS NOT NULL AND next_attempt_at_utc <= 'x' ORDER BY priority DESC, id LIMIT 10",
                "SELECT id, priority FROM outbound_leads WHERE campaign_id=" + campaignId + " AND state='pending' AND next_attempt_at_utc IS NOT NULL AND +next_attempt_at_utc <= 'x' ORDER BY priority DESC, id LIMIT 10",
                "SELECT * FROM outbound_leads WHERE campaign_id=" + campaignId + " ORDER BY id DESC LIMIT 50",
                "SELECT * FROM outbound_leads WHERE campaign_id=" + campaignId + " AND state='failed' ORDER BY id DESC LIMIT 50",
                "SELECT count(*) FROM outbound_leads WHERE campaign_id=" + campaignId,
                "SELECT count(*) FROM outbound_leads WHERE campaign_id=" + campaignId + " AND state='pending' AND phone_normalized IN (SELECT phone_normalized FROM outbound_dnc WHERE campaign_id IS NULL OR campaign_id=1)",
                "SELECT min(next_attempt_at_utc) FROM outbound_leads WHERE campaign_id=" + campaignId + " AND state='pending' AND next_attempt_at_utc IS NOT NULL AND next_attempt_at_utc > 'x'",
                "SELECT id FROM outbound_leads WHERE state IN ('leased','dialing') AND leased_until_utc < 'x'",
                "UPDATE outbound_leads SET state='dnc' WHERE campaign_id IN (SELECT id FROM outbound_campaigns) AND phone_normalized='1' AND state NOT IN ('leased')",
        };
        try (var c = TestDatabases.connection(store); var s = c.createStatement()) {
            for (String q : queries) {
                System.out.println("PLAN " + q);
                try (var rs = s.executeQuery("EXPLAIN QUERY PLAN " + q)) {
                    while (rs.next()) System.out.println("     " + rs.getString(4));
                }
            }
        }
    }

    private static void report(String name, int n, Supplier<?> op) {
        for (int i = 0; i < 3; i++) op.get();
        List<Long> lat = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long s = System.nanoTime();
            op.get();
            lat.add(System.nanoTime() - s);
        }
        System.out.printf("%-45s p50 %7.2f ms  p99 %7.2f ms%n", name, pct(lat, 50), pct(lat, 99));
    }

    private static double pct(List<Long> nanos, double p) {
        long[] a = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(a);
        return a[Math.min(a.length - 1, (int) Math.ceil(a.length * p / 100.0) - 1)] / 1e6;
    }

    private static List<Lead> numbers(long campaignId, int from, int count, String prefix) {
        List<Lead> out = new ArrayList<>(count);
        for (int i = from; i < from + count; i++) {
            String n = prefix + String.format("%07d", i);
            out.add(Lead.newPending(campaignId, n, n, "Lead " + i, "{\"i\":" + i + "}", null, null, null));
        }
        return out;
    }
}
