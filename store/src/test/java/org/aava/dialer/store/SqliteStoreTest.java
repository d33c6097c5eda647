package org.aava.dialer.store;

import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.AttemptClose;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.CampaignStatus;
import org.aava.dialer.core.model.ConsentResult;
import org.aava.dialer.core.model.HopResult;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.model.LeadState;
import org.aava.dialer.core.model.Outcome;
import org.aava.dialer.core.model.RetryPolicy;
import org.aava.dialer.core.ports.InsertResult;
import org.aava.dialer.core.ports.LeadQuery;
import org.aava.dialer.core.ports.LeadView;
import org.aava.dialer.core.ports.LeaseRequest;
import org.aava.dialer.core.ports.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqliteStoreTest {
    @org.junit.jupiter.api.BeforeAll
    static void onSqliteOnly() {
        TestDatabases.assumeSqlite(); // this class checks the SQLite file itself
    }

    @TempDir
    Path dir;

    private static final Duration TTL = Duration.ofSeconds(60);

    @Test
    void migratesAnEmptyFileAndReopensIdempotently() throws Exception {
        try (Store store = StoreFixture.open(dir)) {
            assertEquals(Migrator.latest(), store.schemaVersion());
        }
        try (Store store = StoreFixture.open(dir)) {
            assertEquals(Migrator.latest(), store.schemaVersion());
            assertTrue(store.healthCheck().join());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("aava.db"));
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM schema_version")) {
            rs.next();
            assertEquals(Migrator.latest(), rs.getInt(1), "each migration recorded once");
        }
    }

    @Test
    void aVersion1DatabaseWithLeadsGetsItsLeadCountsOnUpgrade() throws Exception {
        // a database as the first release left it: schema 1, leads in several states
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("aava.db")); Statement s = c.createStatement();
             java.io.InputStream v1 = Migrator.class.getResourceAsStream("migrations/V1__init.sql")) {
            s.executeUpdate(new String(v1.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            s.executeUpdate("INSERT INTO schema_version VALUES (1, '2026-01-01T00:00:00.000Z')");
            s.executeUpdate("INSERT INTO outbound_campaigns (id, name, created_at_utc, updated_at_utc) VALUES (7, 'old', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')");
            String[] states = {"pending", "pending", "completed", "dnc", "pending"};
            for (int i = 0; i < states.length; i++) {
                s.executeUpdate("INSERT INTO outbound_leads (campaign_id, phone_number, phone_normalized, state, created_at_utc, updated_at_utc)"
                        + " VALUES (7, '+1212555010" + i + "', '+1212555010" + i + "', '" + states[i] + "', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')");
            }
        }
        try (Store store = StoreFixture.open(dir)) {
            assertEquals(Migrator.latest(), store.schemaVersion());
            assertEquals(java.util.Map.of(LeadState.PENDING, 3L, LeadState.COMPLETED, 1L, LeadState.DNC, 1L),
                    store.leads().countByState(7).join(), "counted from the leads already there");
            store.leads().delete(store.leads().page(new org.aava.dialer.core.ports.LeadQuery(7, LeadState.DNC, null, 1, 5)).join()
                    .items().get(0).lead().id()).join();
            assertEquals(java.util.Map.of(LeadState.PENDING, 3L, LeadState.COMPLETED, 1L), store.leads().countByState(7).join(),
                    "and kept from then on");
        }
    }

    @Test
    void aRetryPolicyStoredInTheOldFormIsMovedToTheApiFormOnUpgrade() throws Exception {
        long id;
        try (Store store = StoreFixture.open(dir)) {
            id = store.campaigns().create(Campaign.builder("retrying").build()).join().id();
            store.campaigns().create(Campaign.builder("never retries").build()).join();
        }
        // as version 13 stored it: the delays under "delays"
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("aava.db")); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE outbound_campaigns SET retry_policy_json = '{\"enabled\":true,\"max_attempts\":4,"
                    + "\"delays\":{\"busy\":600,\"no_answer\":1800},\"backoff_multiplier\":2.0,\"jitter\":0.1}' WHERE id = " + id);
            s.executeUpdate("UPDATE outbound_campaigns SET retry_policy_json = '{}' WHERE id <> " + id);
            s.executeUpdate("DELETE FROM schema_version WHERE version >= 14");
            // and without what later versions added, so that they apply again after V14
            s.executeUpdate("DROP TABLE dialer_nodes");
            s.executeUpdate("ALTER TABLE outbound_attempts DROP COLUMN node_id");
            s.executeUpdate("ALTER TABLE outbound_attempts DROP COLUMN asterisk_server");
        }
        try (Store store = StoreFixture.open(dir)) {
            assertEquals(Migrator.latest(), store.schemaVersion());
            RetryPolicy p = store.campaigns().find(id).join().orElseThrow().retryPolicy();
            assertEquals(new RetryPolicy(true, 4, Map.of(Outcome.BUSY, Duration.ofSeconds(600), Outcome.NO_ANSWER, Duration.ofSeconds(1800)),
                    2.0, 0.1), p);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("aava.db")); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, retry_policy_json FROM outbound_campaigns ORDER BY id")) {
            assertTrue(rs.next());
            String moved = rs.getString(2);
            assertTrue(moved.contains("\"delay_seconds\":{\"busy\":600,\"no_answer\":1800}") && !moved.contains("\"delays\""), moved);
            assertTrue(rs.next());
            assertEquals("{}", rs.getString(2), "a policy without delays is left as it was");
        }
    }

    @Test
    void aRetryPolicyIsStoredInTheApiForm() throws Exception {
        RetryPolicy policy = new RetryPolicy(true, 3, Map.of(Outcome.CONGESTION, Duration.ofMinutes(5)), 1.5, 0.2);
        long id;
        try (Store store = StoreFixture.open(dir)) {
            id = store.campaigns().create(Campaign.builder("api form").retryPolicy(policy).build()).join().id();
            assertEquals(policy, store.campaigns().find(id).join().orElseThrow().retryPolicy());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("aava.db")); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT retry_policy_json FROM outbound_campaigns WHERE id = " + id)) {
            assertTrue(rs.next());
            assertEquals("{\"enabled\":true,\"max_attempts\":3,\"delay_seconds\":{\"congestion\":300},\"backoff_multiplier\":1.5,\"jitter\":0.2}",
                    rs.getString(1));
        }
    }

    @Test
    void refusesADatabaseNewerThanTheCode() throws Exception {
        try (Store store = StoreFixture.open(dir)) {
            assertEquals(Migrator.latest(), store.schemaVersion());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("aava.db")); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO schema_version VALUES (99, '2030-01-01T00:00:00.000Z')");
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> StoreFixture.open(dir));
        assertEquals("database schema version 99 is newer than this aava-dialer (knows up to " + Migrator.latest()
                + "); upgrade aava-dialer or restore a backup", e.getMessage());
    }

    @Test
    void pragmasApplyToEveryPooledConnection() throws Exception {
        try (Store store = StoreFixture.open(dir)) {
            List<Connection> held = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < StoreOptions.defaults().poolSize(); i++) held.add(TestDatabases.connection(store));
                for (Connection c : held) {
                    var dsl = org.jooq.impl.DSL.using(c, org.jooq.SQLDialect.SQLITE);
                    assertEquals("wal", dsl.fetchOne("pragma journal_mode").get(0, String.class));
                    assertEquals(1, dsl.fetchOne("pragma foreign_keys").get(0, Integer.class));
                    assertEquals(10000, dsl.fetchOne("pragma busy_timeout").get(0, Integer.class));
                    assertEquals(1, dsl.fetchOne("pragma synchronous").get(0, Integer.class), "NORMAL");
                }
            } finally {
                for (Connection c : held) c.close();
            }
        }
        try (Store store = SqliteStore.open(dir.resolve("aava.db"), StoreOptions.defaults().withBusyTimeout(1234));
             Connection c = TestDatabases.connection(store); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("pragma busy_timeout")) {
            rs.next();
            assertEquals(1234, rs.getInt(1), "busy_timeout is configurable");
        }
    }

    @Test
    void leasesInPriorityThenIdOrderAndNeverTwice() {
        try (Store store = StoreFixture.open(dir)) {
            Campaign c = StoreFixture.runningCampaign(store, "order");
            List<Lead> batch = StoreFixture.leads(c.id(), 0, 5);
            Lead vip = new Lead(0, c.id(), "+19990000001", "+19990000001", "VIP", "{}", null, null, null, LeadState.PENDING,
                    0, null, null, null, null, 5, null, null, null, null);
            store.leads().insertBatch(c.id(), batch, true).join();
            store.leads().insertBatch(c.id(), List.of(vip), true).join();
            Instant now = Instant.parse("2026-01-01T10:00:00Z");
            List<Lead> first = store.leads().lease(new LeaseRequest(c.id(), 3, TTL, now, 0)).join();
            assertEquals(List.of("VIP", "Lead 0", "Lead 1"), first.stream().map(Lead::name).toList());
            first.forEach(l -> assertEquals(LeadState.LEASED, l.state()));
            List<Lead> rest = store.leads().lease(new LeaseRequest(c.id(), 10, TTL, now, 0)).join();
            assertEquals(List.of("Lead 2", "Lead 3", "Lead 4"), rest.stream().map(Lead::name).toList());
            assertTrue(store.leads().lease(new LeaseRequest(c.id(), 10, TTL, now, 0)).join().isEmpty());
        }
    }

    @Test
    void leasesNothingFromACampaignThatIsNotRunningOrLeadsNotDue() {
        try (Store store = StoreFixture.open(dir)) {
            Campaign c = store.campaigns().create(Campaign.builder("paused").build()).join();
            store.leads().insertBatch(c.id(), StoreFixture.leads(c.id(), 0, 3), true).join();
            Instant now = Instant.now();
            assertTrue(store.leads().lease(new LeaseRequest(c.id(), 5, TTL, now, 0)).join().isEmpty(), "draft campaign");
            store.campaigns().setStatus(c.id(), CampaignStatus.RUNNING, null).join();
            Lead l = store.leads().page(new LeadQuery(c.id(), null, null, 1, 10)).join().items().get(0).lead();
            store.leads().scheduleAt(l.id(), now.plusSeconds(3600)).join();
            List<Lead> leased = store.leads().lease(new LeaseRequest(c.id(), 5, TTL, now, 0)).join();
            assertEquals(2, leased.size(), "the lead scheduled for later is not due");
            assertEquals(1, store.leads().lease(new LeaseRequest(c.id(), 5, TTL, now.plusSeconds(3601), 0)).join().size());
        }
    }

    @Test
    void concurrentLeasingFromTwoStoresHandsOutEveryLeadExactlyOnce() throws Exception {
        try (Store a = StoreFixture.open(dir); Store b = StoreFixture.open(dir)) {
            Campaign c = StoreFixture.runningCampaign(a, "race");
            int total = 1000;
            for (int i = 0; i < total; i += 250) a.leads().insertBatch(c.id(), StoreFixture.leads(c.id(), i, 250), true).join();
            java.util.concurrent.ConcurrentLinkedQueue<Long> leased = new java.util.concurrent.ConcurrentLinkedQueue<>();
            List<Thread> threads = new java.util.ArrayList<>();
            for (int t = 0; t < 16; t++) {
                Store store = t % 2 == 0 ? a : b;
                int size = 1 + t % 7;
                threads.add(Thread.ofPlatform().start(() -> {
                    while (true) {
                        List<Lead> got = store.leads().lease(new LeaseRequest(c.id(), size, TTL, Instant.now(), 0)).join();
                        if (got.isEmpty()) return;
                        got.forEach(l -> leased.add(l.id()));
                    }
                }));
            }
            for (Thread t : threads) t.join(60_000);
            assertEquals(total, leased.size(), "every lead leased");
            assertEquals(total, new java.util.HashSet<>(leased).size(), "no lead leased twice");
            assertEquals(Map.of(LeadState.LEASED, (long) total), a.leads().countByState(c.id()).join());
        }
    }

    @Test
    void dncNumbersAreStoredAsDncAtImportAndSkippedAtLeaseTime() {
        try (Store store = StoreFixture.open(dir)) {
            Campaign c = StoreFixture.runningCampaign(store, "dnc");
            Campaign other = StoreFixture.runningCampaign(store, "other");
            List<Lead> leads = StoreFixture.leads(c.id(), 0, 4);
            store.dnc().add(leads.get(0).phoneNormalized(), null, "global opt-out", "test").join();
            store.dnc().add(leads.get(1).phoneNormalized(), other.id(), "other campaign only", "test").join();
            InsertResult r = store.leads().insertBatch(c.id(), leads, true).join();
            assertEquals(4, r.accepted());
            assertEquals(List.of(0), r.dncIndexes(), "global DNC applies; another campaign's list does not");
            // added after import: never leased, becomes dnc at lease time
            store.dnc().add(leads.get(2).phoneNormalized(), c.id(), "asked on a call", "ai").join();
            List<Lead> leased = store.leads().lease(new LeaseRequest(c.id(), 10, TTL, Instant.now(), 0)).join();
            assertEquals(List.of(leads.get(1).phoneNormalized(), leads.get(3).phoneNormalized()),
                    leased.stream().map(Lead::phoneNormalized).toList());
            assertEquals(2L, store.leads().countByState(c.id()).join().get(LeadState.DNC));
            assertTrue(store.dnc().isBlocked(c.id(), leads.get(2).phoneNormalized()).join());
            assertFalse(store.dnc().isBlocked(other.id(), leads.get(2).phoneNormalized()).join());
        }
    }

    @Test
    void numbersAreUniquePerCampaignIncludingDuplicatesInsideOneBatch() {
        try (Store store = StoreFixture.open(dir)) {
            Campaign c = StoreFixture.runningCampaign(store, "unique");
            List<Lead> first = StoreFixture.leads(c.id(), 0, 3);
            assertEquals(3, store.leads().insertBatch(c.id(), first, true).join().accepted());
            List<Lead> second = new java.util.ArrayList<>(StoreFixture.leads(c.id(), 2, 3));
            second.add(second.get(1));
            InsertResult r = store.leads().insertBatch(c.id(), second, true).join();
            assertEquals(2, r.accepted());
            assertEquals(List.of(0, 3), r.duplicateIndexes());
            Campaign other = StoreFixture.runningCampaign(store, "other");
            assertEquals(3, store.leads().insertBatch(other.id(), StoreFixture.leads(other.id(), 0, 3), true).join().accepted(),
                    "the same numbers in another campaign are fine");
            // skip_existing=false updates the existing row's data but keeps its state
            Lead renamed = Lead.newPending(c.id(), first.get(0).phoneNumber(), first.get(0).phoneNormalized(), "Renamed",
                    "{\"x\":1}", null, null, null);
            InsertResult u = store.leads().insertBatch(c.id(), List.of(renamed), false).join();
            assertEquals(List.of(0), u.duplicateIndexes());
            Page<LeadView> page = store.leads().page(new LeadQuery(c.id(), null, "Renamed", 1, 10)).join();
            assertEquals(1, page.total());
            assertEquals("{\"x\":1}", page.items().get(0).lead().customVarsJson());
        }
    }

    @Test
    void attemptClosesExactlyOnceAndMovesTheLeadOnlyWhileLive() {
        try (Store store = StoreFixture.open(dir)) {
            Campaign c = StoreFixture.runningCampaign(store, "close");
            store.leads().insertBatch(c.id(), StoreFixture.leads(c.id(), 0, 2), true).join();
            Instant now = Instant.now();
            List<Lead> leased = store.leads().lease(new LeaseRequest(c.id(), 2, TTL, now, 0)).join();
            Lead lead = leased.get(0);
            Attempt a = StoreFixture.dial(store, lead, now, now.plusSeconds(120));
            assertTrue(StoreFixture.tryDial(store, lead, now, now.plusSeconds(120)).isEmpty(), "only from leased");
            StoreFixture.answer(store, a, "chan", now.plusSeconds(3));
            StoreFixture.hop(store, new HopResult(a.id(), "HUMAN", "HUMAN-1017-1000", "HUMAN", "1", ConsentResult.ACCEPTED), now);
            assertTrue(store.attempts().close(a.id(), AttemptClose.of(Outcome.ANSWERED_HUMAN, now.plusSeconds(30)).withCause(16, "Normal Clearing")).join());
            assertFalse(store.attempts().close(a.id(), AttemptClose.of(Outcome.ERROR, now.plusSeconds(40)).withError("late")).join(),
                    "a second close is a no-op");
            Attempt stored = store.attempts().find(a.id()).join().orElseThrow();
            assertEquals(Outcome.ANSWERED_HUMAN, stored.outcome());
            assertNull(stored.errorMessage());
            assertEquals(16, stored.hangupCause());
            assertEquals("HUMAN", stored.amdStatus());
            assertEquals("1", stored.consentDtmf());
            assertEquals(27, stored.durationSeconds());
            assertEquals(LeadState.COMPLETED, store.leads().find(lead.id()).join().orElseThrow().state());

            // a retry scheduled by the close puts the lead back in the queue
            Lead second = leased.get(1);
            Attempt b = StoreFixture.dial(store, second, now, now.plusSeconds(120));
            StoreFixture.attach(store, b, "default", "test", "prompt", now);
            assertTrue(store.attempts().close(b.id(), AttemptClose.of(Outcome.BUSY, now).withCause(17, "User busy").withSipCode(486)
                    .withRetryAt(now.plusSeconds(600))).join());
            assertEquals(486, store.attempts().find(b.id()).join().orElseThrow().sipCode(), "the SIP status is kept (V5)");
            assertNull(stored.sipCode(), "none given, none stored");
            Lead after = store.leads().find(second.id()).join().orElseThrow();
            assertEquals(LeadState.PENDING, after.state(), "retry scheduled");
            assertEquals("busy", after.lastOutcome());
            assertNull(after.leasedUntil());
            assertEquals(now.plusSeconds(600).toEpochMilli() / 1000, after.nextAttemptAt().toEpochMilli() / 1000);
        }
    }

    @Test
    void closeDoesNotResurrectALeadTakenOutOfTheQueueMeanwhile() throws Exception {
        try (Store store = StoreFixture.open(dir)) {
            Campaign c = StoreFixture.runningCampaign(store, "close");
            store.leads().insertBatch(c.id(), StoreFixture.leads(c.id(), 0, 1), true).join();
            Instant now = Instant.now();
            Lead lead = store.leads().lease(new LeaseRequest(c.id(), 1, TTL, now, 0)).join().get(0);
            Attempt a = StoreFixture.dial(store, lead, now, now.plusSeconds(120));
            // an operator (or the admin process) cancels the lead while the call is up
            try (Connection conn = TestDatabases.connection(store); Statement s = conn.createStatement()) {
                s.executeUpdate("UPDATE outbound_leads SET state='canceled' WHERE id=" + lead.id());
            }
            assertTrue(store.attempts().close(a.id(), AttemptClose.of(Outcome.NO_ANSWER, now.plusSeconds(20))
                    .withRetryAt(now.plusSeconds(600))).join(), "the attempt itself is closed");
            Lead after = store.leads().find(lead.id()).join().orElseThrow();
            assertEquals(LeadState.CANCELED, after.state(), "not resurrected");
            assertNull(after.nextAttemptAt());
            assertEquals(Outcome.NO_ANSWER, store.attempts().find(a.id()).join().orElseThrow().outcome());
        }
    }

    @Test
    void expiredLeasesReturnToPendingAndTheirOpenAttemptsAreClosed() {
        try (Store store = StoreFixture.open(dir)) {
            Campaign c = StoreFixture.runningCampaign(store, "requeue");
            store.leads().insertBatch(c.id(), StoreFixture.leads(c.id(), 0, 3), true).join();
            Instant t0 = Instant.parse("2026-01-01T10:00:00Z");
            List<Lead> leased = store.leads().lease(new LeaseRequest(c.id(), 3, TTL, t0, 0)).join();
            Attempt open = StoreFixture.dial(store, leased.get(0), t0, t0.plusSeconds(120));
            assertEquals(0, store.leads().requeueExpired(t0.plusSeconds(30)).join(), "nothing expired yet");
            assertEquals(2, store.leads().requeueExpired(t0.plusSeconds(61)).join(), "the two leased leads");
            assertEquals(1, store.leads().requeueExpired(t0.plusSeconds(121)).join(), "the dialing lead");
            assertEquals(Map.of(LeadState.PENDING, 3L), store.leads().countByState(c.id()).join());
            Attempt closed = store.attempts().find(open.id()).join().orElseThrow();
            assertEquals(Outcome.ERROR, closed.outcome());
            assertEquals("lease expired (lost on restart)", closed.errorMessage());
            assertEquals(t0.plusSeconds(121), closed.endedAt());
            assertTrue(store.attempts().listOpen().join().isEmpty());
            assertFalse(store.attempts().close(open.id(), AttemptClose.of(Outcome.ANSWERED_HUMAN, t0.plusSeconds(200))).join(),
                    "closed exactly once: a late close from the lost call changes nothing");
            assertEquals(Outcome.ERROR, store.attempts().find(open.id()).join().orElseThrow().outcome());
            Lead requeued = store.leads().find(leased.get(0).id()).join().orElseThrow();
            assertEquals("error", requeued.lastOutcome());
            assertEquals(1, requeued.attemptCount());
            assertNull(requeued.leasedUntil());
            assertEquals(0, store.leads().requeueExpired(t0.plusSeconds(500)).join(), "nothing left to requeue");
        }
    }

    @Test
    void recycleIgnoreAndDeleteAreRefusedWhileALeadIsLive() {
        try (Store store = StoreFixture.open(dir)) {
            Campaign c = StoreFixture.runningCampaign(store, "live");
            store.leads().insertBatch(c.id(), StoreFixture.leads(c.id(), 0, 1), true).join();
            Instant now = Instant.now();
            Lead lead = store.leads().lease(new LeaseRequest(c.id(), 1, TTL, now, 0)).join().get(0);
            Attempt a = StoreFixture.dial(store, lead, now, now.plusSeconds(120));
            assertFalse(store.leads().recycle(lead.id(), false).join());
            assertFalse(store.leads().ignore(lead.id()).join());
            assertFalse(store.leads().delete(lead.id()).join());
            store.attempts().close(a.id(), AttemptClose.of(Outcome.NO_ANSWER, now)).join();
            assertTrue(store.leads().recycle(lead.id(), true).join());
            Lead reset = store.leads().find(lead.id()).join().orElseThrow();
            assertEquals(LeadState.PENDING, reset.state());
            assertEquals(0, reset.attemptCount());
            assertTrue(store.attempts().find(a.id()).join().isEmpty(), "reset deletes the lead's attempts");
            assertTrue(store.leads().ignore(lead.id()).join());
            assertTrue(store.leads().delete(lead.id()).join());
        }
    }

    @Test
    void the24HourCapKeepsALeadFromBeingLeasedAgain() {
        try (Store store = StoreFixture.open(dir)) {
            Campaign c = StoreFixture.runningCampaign(store, "cap");
            store.leads().insertBatch(c.id(), StoreFixture.leads(c.id(), 0, 1), true).join();
            Instant t0 = Instant.parse("2026-01-01T10:00:00Z");
            for (int i = 0; i < 2; i++) {
                Instant t = t0.plusSeconds(i * 600L);
                Lead l = store.leads().lease(new LeaseRequest(c.id(), 1, TTL, t, 2)).join().get(0);
                Attempt a = StoreFixture.dial(store, l, t, t.plusSeconds(120));
                store.attempts().close(a.id(), AttemptClose.of(Outcome.BUSY, t.plusSeconds(5)).withRetryAt(t.plusSeconds(60))).join();
            }
            assertTrue(store.leads().lease(new LeaseRequest(c.id(), 1, TTL, t0.plusSeconds(3600), 2)).join().isEmpty(),
                    "two attempts within 24 h");
            assertEquals(java.util.Optional.of(t0.plusSeconds(86_400)), store.leads().nextDueAt(c.id(), t0.plusSeconds(3600)).join(),
                    "the capped lead waits, visibly, until its first attempt leaves the 24 h window");
            assertEquals(1, store.leads().lease(new LeaseRequest(c.id(), 1, TTL, t0.plusSeconds(86_400 + 700), 2)).join().size(),
                    "after 24 h the lead may be dialed again");
        }
    }

    @Test
    void pagesCarryTheLastAttemptAndFilterByStateAndSearch() {
        try (Store store = StoreFixture.open(dir)) {
            Campaign c = StoreFixture.runningCampaign(store, "page");
            store.leads().insertBatch(c.id(), StoreFixture.leads(c.id(), 0, 120), true).join();
            Instant now = Instant.now();
            Lead l = store.leads().lease(new LeaseRequest(c.id(), 1, TTL, now, 0)).join().get(0);
            Attempt first = StoreFixture.dial(store, l, now, now.plusSeconds(60));
            store.attempts().close(first.id(), AttemptClose.of(Outcome.BUSY, now).withCause(17, "User busy").withRetryAt(now)).join();
            Lead again = store.leads().lease(new LeaseRequest(c.id(), 1, TTL, now.plusSeconds(1), 0)).join().get(0);
            assertEquals(l.id(), again.id());
            Attempt second = StoreFixture.dial(store, l, now.plusSeconds(2), now.plusSeconds(60));
            store.attempts().close(second.id(), AttemptClose.of(Outcome.NO_ANSWER, now.plusSeconds(30)).withCause(19, "x")).join();
            Page<LeadView> all = store.leads().page(new LeadQuery(c.id(), null, null, 1, 50)).join();
            assertEquals(120, all.total());
            assertEquals(50, all.items().size());
            assertEquals(3, all.totalPages());
            Page<LeadView> failed = store.leads().page(new LeadQuery(c.id(), LeadState.FAILED, null, 1, 50)).join();
            assertEquals(1, failed.total());
            assertEquals(second.id(), failed.items().get(0).lastAttempt().id(), "the most recent attempt");
            assertEquals(Outcome.NO_ANSWER, failed.items().get(0).lastAttempt().outcome());
            assertEquals(1, store.leads().page(new LeadQuery(c.id(), null, "Lead 42", 1, 50)).join().total());
            assertEquals(1, store.leads().page(new LeadQuery(c.id(), null, "+1 (555) 000-0042", 1, 50)).join().total());
            assertEquals(Map.of("busy", 1L, "no_answer", 1L), store.attempts().countOutcomes(c.id()).join());
        }
    }
}
