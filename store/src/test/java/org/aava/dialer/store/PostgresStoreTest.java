package org.aava.dialer.store;

import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.ports.LeaseRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What only the PostgreSQL store has: its migrations as a plain role, several nodes on one database. */
class PostgresStoreTest {
    private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");

    @BeforeAll
    static void onPostgresOnly() {
        org.junit.jupiter.api.Assumptions.assumeTrue(TestDatabases.postgres(), "PostgreSQL only");
    }

    private static PostgresStore open(String url) {
        return PostgresStore.open(url, TestDatabases.username(), TestDatabases.password(), StoreOptions.defaults());
    }

    @Test
    void migratesAnEmptyDatabaseAsARoleThatIsNotASuperuserAndReopensIdempotently() throws Exception {
        String url = TestDatabases.freshDatabase();
        try (PostgresStore store = open(url)) {
            assertEquals(Migrator.latest(), store.schemaVersion());
            assertTrue(store.healthCheck().join());
        }
        try (PostgresStore again = open(url); Connection c = again.dataSource().getConnection(); Statement s = c.createStatement()) {
            assertEquals(Migrator.latest(), again.schemaVersion());
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM schema_version")) {
                rs.next();
                assertEquals(Migrator.latest() - Migrator.POSTGRES_BASELINE + 1, rs.getInt(1), "each step applied once");
            }
            try (ResultSet rs = s.executeQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
                rs.next();
                assertFalse(rs.getBoolean(1), "the tests' role must be an ordinary one, as in production");
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'")) {
                rs.next();
                assertEquals(1, rs.getInt(1), "the migration created pg_trgm as the database's owner");
            }
        }
    }

    @Test
    void nodesStartingTogetherApplyEachMigrationOnce() throws Exception {
        String url = TestDatabases.freshDatabase();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> opened = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                opened.add(pool.submit(() -> {
                    try (PostgresStore s = open(url)) {
                        return s.schemaVersion();
                    }
                }));
            }
            for (Future<Integer> f : opened) assertEquals(Migrator.latest(), f.get());
        } finally {
            pool.shutdownNow();
        }
        try (Connection c = DriverManager.getConnection(url, TestDatabases.username(), TestDatabases.password());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM schema_version")) {
            rs.next();
            assertEquals(Migrator.latest() - Migrator.POSTGRES_BASELINE + 1, rs.getInt(1));
        }
    }

    @Test
    void refusesADatabaseNewerThanTheCode() throws Exception {
        String url = TestDatabases.freshDatabase();
        open(url).close();
        try (Connection c = DriverManager.getConnection(url, TestDatabases.username(), TestDatabases.password());
             Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO schema_version VALUES (" + (Migrator.latest() + 1) + ", '2030-01-01T00:00:00.000Z')");
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> open(url));
        assertTrue(e.getMessage().contains("newer than this aava-dialer"), e.getMessage());
    }

    @Test
    void aUrlCarryingCredentialsIsRefusedWithoutConnecting() {
        for (String url : List.of("jdbc:postgresql://aava:secret@127.0.0.1:1/aava", "jdbc:postgresql://127.0.0.1:1/aava?password=secret",
                "jdbc:postgresql://127.0.0.1:1/aava?ssl=true&user=aava")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PostgresStore.open(url, "aava", "x",
                    StoreOptions.defaults()));
            assertTrue(e.getMessage().contains("database.username"), e.getMessage());
            assertFalse(e.getMessage().contains("secret"), "the message repeats no secret: " + e.getMessage());
        }
    }

    @Test
    void anUnreachableServerIsAClearError() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PostgresStore.open("jdbc:postgresql://127.0.0.1:9/aava",
                "aava", "not-logged", StoreOptions.defaults()));
        assertTrue(e.getMessage().contains("cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:9/aava"), e.getMessage());
        assertFalse(e.getMessage().contains("not-logged"));
    }

    @Test
    void twoNodesLeasingOneCampaignAtOnceNeverTakeTheSameLead() throws Exception {
        String url = TestDatabases.freshDatabase();
        int leads = 2_000;
        try (PostgresStore a = open(url); PostgresStore b = open(url)) {
            Campaign c = StoreFixture.runningCampaign(a, "two nodes");
            a.leads().insertBatch(c.id(), StoreFixture.leads(c.id(), 0, leads), true).join();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<List<Long>>> takers = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    PostgresStore node = i % 2 == 0 ? a : b;
                    Callable<List<Long>> taker = () -> {
                        List<Long> mine = new ArrayList<>();
                        for (int round = 0; round < 10_000; round++) {
                            List<Lead> got = node.leads().lease(new LeaseRequest(c.id(), 7, Duration.ofMinutes(5), T0, 0)).join();
                            if (got.isEmpty()) break;
                            got.forEach(l -> mine.add(l.id()));
                        }
                        return mine;
                    };
                    takers.add(pool.submit(taker));
                }
                List<Long> all = new ArrayList<>();
                for (Future<List<Long>> f : takers) all.addAll(f.get());
                Set<Long> distinct = new HashSet<>(all);
                assertEquals(all.size(), distinct.size(), "a lead leased twice");
                assertEquals(leads, distinct.size(), "every lead leased once");
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aCampaignsMaxConcurrentHoldsOverTwoNodesLeasingAtOnce() throws Exception {
        String url = TestDatabases.freshDatabase();
        int maxConcurrent = 4;
        try (PostgresStore a = open(url); PostgresStore b = open(url)) {
            Campaign c = StoreFixture.runningCampaign(a, "capped");
            a.leads().insertBatch(c.id(), StoreFixture.leads(c.id(), 0, 300), true).join();
            LeaseRequest.Pace pace = new LeaseRequest.Pace(maxConcurrent, 0);
            java.util.concurrent.atomic.AtomicInteger mostLiveSeen = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger leasedTotal = new java.util.concurrent.atomic.AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Future<?>> takers = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    PostgresStore node = i % 2 == 0 ? a : b;
                    java.util.Random random = new java.util.Random(i);
                    takers.add(pool.submit(() -> {
                        for (int round = 0; round < 40; round++) {
                            List<Lead> got = node.leads().lease(new LeaseRequest(c.id(), 3, Duration.ofMinutes(5), T0, 0, false, false,
                                    pace)).join();
                            leasedTotal.addAndGet(got.size());
                            // every committed state must hold the cap: sample it while the others lease and release
                            mostLiveSeen.accumulateAndGet(liveLeads(url, c.id()), Math::max);
                            Thread.sleep(random.nextInt(3));
                            for (Lead l : got) node.leads().release(l.id(), T0.plusSeconds(3600), "test").join();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : takers) f.get();
            } finally {
                pool.shutdownNow();
            }
            assertTrue(mostLiveSeen.get() <= maxConcurrent, "live leads reached " + mostLiveSeen.get());
            assertTrue(mostLiveSeen.get() >= 2, "the nodes did lease side by side: " + mostLiveSeen.get());
            assertTrue(leasedTotal.get() > 40, "leases went on: " + leasedTotal.get());
        }
    }

    @Test
    void aCampaignsMinimumIntervalHoldsOverTwoNodes() {
        String url = TestDatabases.freshDatabase();
        try (PostgresStore a = open(url); PostgresStore b = open(url)) {
            Campaign c = StoreFixture.runningCampaign(a, "spaced");
            a.leads().insertBatch(c.id(), StoreFixture.leads(c.id(), 0, 10), true).join();
            LeaseRequest.Pace pace = new LeaseRequest.Pace(0, 30);
            List<Lead> first = a.leads().lease(new LeaseRequest(c.id(), 5, Duration.ofMinutes(5), T0, 0, false, false, pace)).join();
            assertEquals(1, first.size(), "one call at a time when calls are spaced");
            assertTrue(b.leads().lease(new LeaseRequest(c.id(), 5, Duration.ofMinutes(5), T0, 0, false, false, pace)).join().isEmpty(),
                    "the other node waits while the first node's call is about to start");
            StoreFixture.dial(a, first.get(0), T0, T0.plusSeconds(300));
            assertTrue(b.leads().lease(new LeaseRequest(c.id(), 5, Duration.ofMinutes(5), T0.plusSeconds(29), 0, false, false, pace))
                    .join().isEmpty(), "29 s after the last start");
            assertEquals(1, b.leads().lease(new LeaseRequest(c.id(), 5, Duration.ofMinutes(5), T0.plusSeconds(30), 0, false, false, pace))
                    .join().size(), "30 s after it");
        }
    }

    private static int liveLeads(String url, long campaignId) throws Exception {
        try (Connection c = DriverManager.getConnection(url, TestDatabases.username(), TestDatabases.password());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM outbound_leads WHERE campaign_id = "
                     + campaignId + " AND state IN ('leased', 'dialing', 'amd_pending', 'in_progress')")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void backupNamesTheToolToUse() {
        try (PostgresStore store = open(TestDatabases.freshDatabase())) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> store.backup(Path.of("x.db")));
            assertTrue(e.getMessage().contains("pg_dump"), e.getMessage());
        }
    }
}
