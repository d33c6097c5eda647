package org.aava.dialer.store;

import org.aava.dialer.core.model.AmdOptions;
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
import org.aava.dialer.core.ports.AttemptQuery;
import org.aava.dialer.core.ports.AttemptTransition;
import org.aava.dialer.core.ports.AttemptView;
import org.aava.dialer.core.ports.AuditLog;
import org.aava.dialer.core.ports.CallHistoryRepository.CallRecord;
import org.aava.dialer.core.ports.DncRepository.DncEntry;
import org.aava.dialer.core.ports.InsertResult;
import org.aava.dialer.core.ports.LeadQuery;
import org.aava.dialer.core.ports.LeadView;
import org.aava.dialer.core.ports.LeaseRequest;
import org.aava.dialer.core.ports.Page;
import org.aava.dialer.core.time.LocalHours;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ports' finer semantics, each against a real SQLite file. */
class StoreBehaviourTest {
    @TempDir
    Path dir;

    private static final Duration TTL = Duration.ofSeconds(60);
    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    private static Lead lead(long campaignId, String number, String name, int priority) {
        return new Lead(0, campaignId, number, number, name, "{}", null, null, null, LeadState.PENDING, 0, null, null,
                null, null, priority, null, null, null, null);
    }

    private static List<String> names(List<Lead> leads) {
        return leads.stream().map(Lead::name).toList();
    }

    // ------------------------------------------------------------------ setup

    @Test
    void everyMigrationScriptIsKnownToTheMigratorInOrder() throws Exception {
        Path scripts = Path.of("src/main/resources/org/aava/dialer/store/migrations");
        List<String> files;
        try (Stream<Path> s = Files.list(scripts)) {
            files = s.map(p -> p.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .sorted((a, b) -> Integer.compare(version(a), version(b))).toList();
        }
        assertEquals(files, Migrator.SCRIPTS, "Migrator.SCRIPTS must list every script, in version order");
        // The Migrator records a script's position + 1 as its version, so the file names must run V1, V2, ... without gaps.
        for (int i = 0; i < files.size(); i++) assertEquals(i + 1, version(files.get(i)), "no gaps in the versions: " + files);
    }

    private static int version(String script) {
        return Integer.parseInt(script.substring(1, script.indexOf("__")));
    }

    @Test
    void aLeaseArrivingDuringALargeImportIsServedBetweenItsSlices() {
        try (Store store = StoreFixture.open(dir)) {
            Campaign c = StoreFixture.runningCampaign(store, "busy import");
            store.leads().insertBatch(c.id(), StoreFixture.leads(c.id(), 0, 100), true).join();
            List<Lead> big = new ArrayList<>(StoreFixture.leads(c.id(), 1000, 30_000));
            big.set(15_000, StoreFixture.leads(c.id(), 1010, 1).get(0)); // a repeat of row 10
            CompletableFuture<InsertResult> importing = store.leads().insertBatch(c.id(), big, true);
            int servedDuringImport = 0, leased = 0;
            for (int i = 0; i < 50 && !importing.isDone(); i++) {
                leased += store.leads().lease(new LeaseRequest(c.id(), 1, TTL, T0, 0)).join().size();
                if (!importing.isDone()) servedDuringImport++;
            }
            InsertResult r = importing.join();
            assertTrue(servedDuringImport > 0, "leases were answered while the one 30,000-row import write was still running");
            assertEquals(29_999, r.accepted());
            assertEquals(List.of(15_000), r.duplicateIndexes(), "indexes count from the start of the batch, across slices");
            Map<LeadState, Long> states = store.leads().countByState(c.id()).join();
            assertEquals(30_099L, states.values().stream().mapToLong(Long::longValue).sum());
            assertEquals((long) leased, states.get(LeadState.LEASED));
        }
    }

    @Test
    void allJdbcRunsOnTheStoresOwnThreads() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        Set<String> ops = ConcurrentHashMap.newKeySet();
        StoreMetrics metrics = (name, nanos, ok) -> {
            threads.add(Thread.currentThread().getName());
            ops.add(name);
        };
        try (Store store = TestDatabases.open(dir, StoreOptions.defaults().withMetrics(metrics))) {
            Campaign c = StoreFixture.runningCampaign(store, "threads");
            store.leads().insertBatch(c.id(), StoreFixture.leads(c.id(), 0, 3), true).join();
            store.leads().lease(new LeaseRequest(c.id(), 1, TTL, Instant.now(), 0)).join();
            store.leads().page(new LeadQuery(c.id(), null, null, 1, 10)).join();
            store.dnc().isBlocked(c.id(), "1").join();
            assertTrue(store.healthCheck().join());
        }
        assertFalse(threads.isEmpty());
        assertTrue(threads.stream().allMatch(t -> t.startsWith("aava-db-")), threads.toString());
        assertTrue(ops.containsAll(Set.of("lead.insertBatch", "lead.lease", "lead.page", "campaign.create", "store.healthCheck")), ops.toString());
    }

    @Test
    void healthCheckFailsWhileAnotherConnectionHoldsTheWriteLock() throws Exception {
        TestDatabases.assumeSqlite();
        try (Store store = SqliteStore.open(dir.resolve("h.db"), StoreOptions.defaults().withBusyTimeout(200));
             Connection other = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("h.db"));
             Statement s = other.createStatement()) {
            assertTrue(store.healthCheck().join());
            s.execute("BEGIN IMMEDIATE");
            assertFalse(store.healthCheck().get(10, TimeUnit.SECONDS));
            s.execute("ROLLBACK");
            assertTrue(store.healthCheck().join());
        }
    }

    @Test
    void onlineBackupIsAConsistentCopyAndNeverOverwritesUnlessTold() throws Exception {
        TestDatabases.assumeSqlite();
        Path backup = dir.resolve("backups/aava-backup.db");
        try (Store store = StoreFixture.open(dir)) {
            Campaign c = StoreFixture.runningCampaign(store, "backup");
            store.leads().insertBatch(c.id(), StoreFixture.leads(c.id(), 0, 25), true).join();
            store.backup(backup);
            assertThrows(IllegalArgumentException.class, () -> store.backup(backup), "refuses to overwrite");
            store.leads().insertBatch(c.id(), StoreFixture.leads(c.id(), 25, 5), true).join();
            store.backup(backup, true);
        }
        try (Store copy = SqliteStore.open(backup, StoreOptions.defaults())) {
            Campaign c = copy.campaigns().list(false).join().get(0);
            assertEquals("backup", c.name());
            assertEquals(30L, copy.leads().countByState(c.id()).join().get(LeadState.PENDING));
        }
        try (Stream<Path> files = Files.list(backup.getParent())) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains(".tmp-")), "no temporary file left");
        }
    }

    // ------------------------------------------------------------------ campaigns

    @Test
    void campaignsRoundTripEverySettingAndUpdateLeavesTheStatusAlone() {
        try (Store store = StoreFixture.open(dir)) {
            Campaign in = Campaign.builder("Spring renewals").timezone(ZoneId.of("America/Chicago"))
                    .window(LocalTime.of(8, 30), LocalTime.of(20, 15))
                    .daysOfWeek(EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.WEDNESDAY, DayOfWeek.FRIDAY))
                    .maxConcurrent(12).minIntervalSeconds(0).defaultContext("sales").providerOverride("openai")
                    .consent(true, "sound:ai-generated/consent", 7).voicemail(true, "sound:ai-generated/vm")
                    .amdOptions(new AmdOptions(2500, null, null, 5000, null, null, 8, null, null)).dialTimeoutSeconds(45)
                    .retryPolicy(new RetryPolicy(true, 4, Map.of(Outcome.BUSY, Duration.ofMinutes(10), Outcome.NO_ANSWER,
                            Duration.ofMinutes(45)), 1.5, 0.2))
                    .respectLeadTimezone(true).localHours(new LocalHours(true, LocalTime.of(9, 0), LocalTime.of(20, 0)))
                    .maxAttemptsPer24h(3).build();
            Campaign created = store.campaigns().create(in).join();
            assertTrue(created.id() > 0);
            assertNotNull(created.createdAt());
            Campaign found = store.campaigns().find(created.id()).join().orElseThrow();
            assertEquals(created, found);
            assertEquals(in.toBuilder().id(created.id()).createdAt(found.createdAt()).updatedAt(found.updatedAt()).build(), found,
                    "every setting survives the round trip");

            store.campaigns().setStatus(created.id(), CampaignStatus.PAUSED, "5 errors in a row").join();
            Campaign renamed = store.campaigns().update(found.toBuilder().name("Renewals").status(CampaignStatus.DRAFT)
                    .pausedReason(null).maxConcurrent(3).build()).join();
            assertEquals("Renewals", renamed.name());
            assertEquals(3, renamed.maxConcurrent());
            assertEquals(CampaignStatus.PAUSED, renamed.status(), "update never changes the status");
            assertEquals("5 errors in a row", renamed.pausedReason());
            store.campaigns().setStatus(created.id(), CampaignStatus.RUNNING, null).join();
            assertNull(store.campaigns().find(created.id()).join().orElseThrow().pausedReason(), "a null reason clears it");
        }
    }

    @Test
    void campaignListsAreNewestFirstAndHideArchivedUnlessAsked() {
        try (Store store = StoreFixture.open(dir)) {
            Campaign a = store.campaigns().create(Campaign.builder("a").build()).join();
            Campaign b = StoreFixture.runningCampaign(store, "b");
            Campaign c = store.campaigns().create(Campaign.builder("c").build()).join();
            store.campaigns().setStatus(a.id(), CampaignStatus.ARCHIVED, null).join();
            assertEquals(List.of("c", "b"), store.campaigns().list(false).join().stream().map(Campaign::name).toList());
            assertEquals(List.of("c", "b", "a"), store.campaigns().list(true).join().stream().map(Campaign::name).toList());
            assertEquals(List.of(b.id()), store.campaigns().listRunning().join().stream().map(Campaign::id).toList());
            assertTrue(store.campaigns().find(999).join().isEmpty());
            assertTrue(c.id() > b.id());
        }
    }

    @Test
    void deletingACampaignCascadesToLeadsAttemptsHistoryAndItsDncList() {
        try (Store store = StoreFixture.open(dir)) {
            Campaign c = StoreFixture.runningCampaign(store, "gone");
            Campaign keep = StoreFixture.runningCampaign(store, "kept");
            store.leads().insertBatch(c.id(), StoreFixture.leads(c.id(), 0, 3), true).join();
            store.leads().insertBatch(keep.id(), StoreFixture.leads(keep.id(), 0, 3), true).join();
            Lead l = store.leads().lease(new LeaseRequest(c.id(), 1, TTL, T0, 0)).join().get(0);
            Attempt a = StoreFixture.open(store, l, T0);
            CallRecord h = store.callHistory().create(a.id(), c.id(), l.id(), l.phoneNumber(), "sales", "openai", T0).join();
            store.dnc().add("+19998887777", c.id(), "campaign list", "test").join();
            store.dnc().add("+19998887777", null, "global list", "test").join();

            store.campaigns().delete(c.id()).join();
            assertTrue(store.campaigns().find(c.id()).join().isEmpty());
            assertTrue(store.leads().find(l.id()).join().isEmpty());
            assertTrue(store.attempts().find(a.id()).join().isEmpty());
            assertTrue(store.callHistory().find(h.id()).join().isEmpty());
            assertEquals(1, store.dnc().page(null, true, null, 1, 50).join().total(), "only the global entry is left");
            assertEquals(3L, store.leads().countByState(keep.id()).join().get(LeadState.PENDING), "other campaigns untouched");
        }
    }

    // ------------------------------------------------------------------ lease

    @Test
    void leaseMergesLeadsWithoutARetryTimeAndLeadsWhoseRetryTimeHasCome() {
        try (Store store = StoreFixture.open(dir)) {
            Campaign c = StoreFixture.runningCampaign(store, "arms");
            store.leads().insertBatch(c.id(), List.of(lead(c.id(), "+1001", "A", 0), lead(c.id(), "+1002", "B", 0),
                    lead(c.id(), "+1003", "C", 0), lead(c.id(), "+1004", "D", 1), lead(c.id(), "+1005", "E", 0)), true).join();
            Map<String, Long> ids = new java.util.HashMap<>();
            store.leads().forEach(c.id(), v -> ids.put(v.lead().name(), v.lead().id())).join();
            store.leads().scheduleAt(ids.get("A"), T0.minusSeconds(60)).join(); // due (retry time passed)
            store.leads().scheduleAt(ids.get("B"), T0.plusSeconds(60)).join();  // not due yet
            store.leads().scheduleAt(ids.get("D"), T0.minusSeconds(1)).join();  // due, higher priority
            List<Lead> got = store.leads().lease(new LeaseRequest(c.id(), 10, TTL, T0, 0)).join();
            assertEquals(List.of("D", "A", "C", "E"), names(got), "priority, then id, across both kinds of due leads");
            assertEquals(Optional_of(T0.plusSeconds(60)), store.leads().nextDueAt(c.id(), T0).join());
            assertEquals(List.of("B"), names(store.leads().lease(new LeaseRequest(c.id(), 10, TTL, T0.plusSeconds(60), 0)).join()));
            assertTrue(store.leads().nextDueAt(c.id(), T0).join().isEmpty());
            Lead b = store.leads().find(ids.get("B")).join().orElseThrow();
            assertEquals(T0.plusSeconds(60).plus(TTL), b.leasedUntil());
        }
    }

    @Test
    void thousandsOfRetriesDueAtOnceAreStillLeasedInPriorityThenIdOrder() throws Exception {
        try (Store store = StoreFixture.open(dir)) {
            Campaign c = StoreFixture.runningCampaign(store, "cohort");
            List<Lead> batch = new ArrayList<>();
            for (int i = 0; i < LeadLease.DENSE_DUE + 500; i++) batch.add(lead(c.id(), "+1777" + String.format("%07d", i), "R" + i, i % 3));
            store.leads().insertBatch(c.id(), batch, true).join();
            store.leads().insertBatch(c.id(), List.of(lead(c.id(), "+18880000000", "fresh", 2)), true).join();
            try (Connection conn = TestDatabases.connection(store); Statement s = conn.createStatement()) {
                // a whole cohort released until its local hours opened, now all due
                s.executeUpdate("UPDATE outbound_leads SET next_attempt_at_utc='2026-03-02T09:00:00.000Z' WHERE name LIKE 'R%'");
            }
            List<Lead> got = store.leads().lease(new LeaseRequest(c.id(), 4, TTL, T0, 0)).join();
            assertEquals(List.of("R2", "R5", "R8", "R11"), names(got), "priority 2 first, oldest first; the newer fresh lead waits");
            assertEquals(List.of("R14", "R17", "R20", "R23", "R26", "R29", "R32", "R35", "R38", "R41", "R44", "R47"),
                    names(store.leads().lease(new LeaseRequest(c.id(), 12, TTL, T0, 0)).join()));
        }
    }

    private static java.util.Optional<Instant> Optional_of(Instant i) {
        return java.util.Optional.of(i);
    }

    @Test
    void leaseKeepsLookingPastDncNumbersAndExplainsThem() throws Exception {
        try (Store store = StoreFixture.open(dir)) {
            Campaign c = StoreFixture.runningCampaign(store, "dnc-lease");
            List<Lead> leads = StoreFixture.leads(c.id(), 0, 6);
            store.leads().insertBatch(c.id(), leads, true).join();
            // numbers put on lists after the import: the global one, this campaign's, and another campaign's
            Campaign other = StoreFixture.runningCampaign(store, "other");
            try (Connection conn = TestDatabases.connection(store); Statement s = conn.createStatement()) {
                // straight into the table, as another process would, so no lead is marked yet
                s.executeUpdate("INSERT INTO outbound_dnc (phone_normalized, campaign_id, reason, source, created_at_utc) VALUES "
                        + "('" + leads.get(0).phoneNormalized() + "', NULL, 'asked to stop', 'ai', '2026-01-01T00:00:00.000Z'),"
                        + "('" + leads.get(1).phoneNormalized() + "', " + c.id() + ", NULL, 'operator', '2026-01-01T00:00:00.000Z'),"
                        + "('" + leads.get(2).phoneNormalized() + "', " + c.id() + ", 'lawyer', 'operator', '2026-01-01T00:00:00.000Z'),"
                        + "('" + leads.get(3).phoneNormalized() + "', " + other.id() + ", 'other list', 'operator', '2026-01-01T00:00:00.000Z')");
            }
            assertEquals(3L, store.dnc().countBlockedPending(c.id()).join());
            List<Lead> got = store.leads().lease(new LeaseRequest(c.id(), 2, TTL, T0, 0)).join();
            assertEquals(List.of("Lead 3", "Lead 4"), names(got), "two dialable leads despite three DNC numbers first");
            Map<String, String> reasons = new java.util.HashMap<>();
            store.leads().forEach(c.id(), v -> {
                if (v.lead().state() == LeadState.DNC) reasons.put(v.lead().name(), v.lead().dncReason());
            }).join();
            assertEquals(Map.of("Lead 0", "asked to stop", "Lead 1", "on a do-not-call list", "Lead 2", "lawyer"), reasons);
            assertEquals(0L, store.dnc().countBlockedPending(c.id()).join());
            assertEquals(List.of("Lead 5"), names(store.leads().lease(new LeaseRequest(c.id(), 5, TTL, T0, 0)).join()));
        }
    }

    @Test
    void releaseReturnsALeasedLeadWithoutCountingAnAttempt() {
        try (Store store = StoreFixture.open(dir)) {
            Campaign c = StoreFixture.runningCampaign(store, "release");
            store.leads().insertBatch(c.id(), StoreFixture.leads(c.id(), 0, 1), true).join();
            Lead l = store.leads().lease(new LeaseRequest(c.id(), 1, TTL, T0, 0)).join().get(0);
            store.leads().release(l.id(), T0.plus(2, ChronoUnit.HOURS), "outside local hours").join();
            Lead back = store.leads().find(l.id()).join().orElseThrow();
            assertEquals(LeadState.PENDING, back.state());
            assertEquals(0, back.attemptCount());
            assertNull(back.leasedUntil());
            assertTrue(StoreFixture.tryDial(store, l, T0, T0).isEmpty(), "a released lead is not leased any more");
            assertTrue(store.leads().lease(new LeaseRequest(c.id(), 1, TTL, T0.plusSeconds(60), 0)).join().isEmpty());
            assertEquals(1, store.leads().lease(new LeaseRequest(c.id(), 1, TTL, T0.plus(2, ChronoUnit.HOURS), 0)).join().size());
        }
    }

    // ------------------------------------------------------------------ import

    @Test
    void importUpdatesExistingLeadsOnlyWhenAskedAndRecordsTheDncReason() {
        try (Store store = StoreFixture.open(dir)) {
            Campaign c = StoreFixture.runningCampaign(store, "import");
            store.dnc().add("+15550000002", null, "litigator", "import").join();
            InsertResult first = store.leads().insertBatch(c.id(), StoreFixture.leads(c.id(), 0, 3), true).join();
            assertEquals(3, first.accepted());
            assertEquals(List.of(2), first.dncIndexes());
            Lead lead0 = store.leads().page(new LeadQuery(c.id(), null, "+15550000000", 1, 5)).join().items().get(0).lead();
            store.leads().lease(new LeaseRequest(c.id(), 1, TTL, T0, 0)).join();

            Lead changed = new Lead(0, c.id(), "(555) 000-0000", "+15550000000", "New name", "{\"plan\":\"gold\"}", "support",
                    "America/Denver", "100", LeadState.PENDING, 0, null, null, null, null, 0, null, null, null, null);
            InsertResult skip = store.leads().insertBatch(c.id(), List.of(changed), true).join();
            assertEquals(new InsertResult(0, List.of(0), List.of()), skip);
            assertEquals("Lead 0", store.leads().find(lead0.id()).join().orElseThrow().name(), "skipExisting leaves it alone");

            InsertResult update = store.leads().insertBatch(c.id(), List.of(changed), false).join();
            assertEquals(List.of(0), update.duplicateIndexes());
            Lead after = store.leads().find(lead0.id()).join().orElseThrow();
            assertEquals("New name", after.name());
            assertEquals("{\"plan\":\"gold\"}", after.customVarsJson());
            assertEquals("support", after.contextOverride());
            assertEquals("America/Denver", after.timezone());
            assertEquals("100", after.callerId());
            assertEquals(LeadState.LEASED, after.state(), "state and counters unchanged");
            assertEquals("+15550000000", after.phoneNumber());

            Lead dnc = store.leads().page(new LeadQuery(c.id(), LeadState.DNC, null, 1, 5)).join().items().get(0).lead();
            assertEquals("litigator", dnc.dncReason());
            assertThrows(Exception.class, () -> store.leads().insertBatch(424242, StoreFixture.leads(424242, 0, 1), true).join());
        }
    }

    // ------------------------------------------------------------------ operator actions

    @Test
    void recycleRedialKeepsHistoryResetClearsItAndDncLeadsStayOutWhileListed() {
        try (Store store = StoreFixture.open(dir)) {
            Campaign c = StoreFixture.runningCampaign(store, "recycle");
            store.leads().insertBatch(c.id(), StoreFixture.leads(c.id(), 0, 2), true).join();
            List<Lead> leased = store.leads().lease(new LeaseRequest(c.id(), 2, TTL, T0, 0)).join();
            Lead l = leased.get(0);
            Attempt a = StoreFixture.dial(store, l, T0, T0.plusSeconds(90));
            store.attempts().close(a.id(), AttemptClose.of(Outcome.NO_ANSWER, T0.plusSeconds(30))).join();
            assertTrue(store.leads().recycle(l.id(), false).join());
            Lead redial = store.leads().find(l.id()).join().orElseThrow();
            assertEquals(LeadState.PENDING, redial.state());
            assertEquals(1, redial.attemptCount(), "redial keeps the count");
            assertEquals("no_answer", redial.lastOutcome());
            assertTrue(store.attempts().find(a.id()).join().isPresent(), "and the attempts");
            assertNull(redial.nextAttemptAt());

            // a DNC lead comes back only once its number is off every list
            Lead other = leased.get(1);
            store.leads().release(other.id(), null, "test").join();
            store.dnc().add(other.phoneNormalized(), c.id(), "asked", "ai").join();
            assertEquals(LeadState.DNC, store.leads().find(other.id()).join().orElseThrow().state(), "add marks not-live leads");
            assertFalse(store.leads().recycle(other.id(), false).join());
            assertTrue(store.dnc().remove(other.phoneNormalized(), c.id()).join());
            assertFalse(store.dnc().remove(other.phoneNormalized(), c.id()).join());
            assertTrue(store.leads().recycle(other.id(), true).join());
            Lead back = store.leads().find(other.id()).join().orElseThrow();
            assertEquals(LeadState.PENDING, back.state());
            assertNull(back.dncReason());
            assertFalse(store.leads().recycle(12345, false).join(), "missing lead");
        }
    }

    @Test
    void listingANumberScopesTheLeadsItMarksAndLeavesLiveOnesToFinishTheirCall() {
        try (Store store = StoreFixture.open(dir)) {
            Campaign a = StoreFixture.runningCampaign(store, "a");
            Campaign b = StoreFixture.runningCampaign(store, "b");
            String number = "+15550000000";
            store.leads().insertBatch(a.id(), StoreFixture.leads(a.id(), 0, 1), true).join();
            store.leads().insertBatch(b.id(), StoreFixture.leads(b.id(), 0, 1), true).join();
            Lead live = store.leads().lease(new LeaseRequest(b.id(), 1, TTL, T0, 0)).join().get(0);
            assertTrue(store.dnc().add(number, a.id(), "asked in campaign a", "test").join());
            assertEquals(Map.of(LeadState.DNC, 1L), store.leads().countByState(a.id()).join());
            assertEquals(LeadState.LEASED, store.leads().find(live.id()).join().orElseThrow().state(), "campaign scope");
            assertTrue(store.dnc().add(number, null, "global", "test").join());
            assertEquals(LeadState.LEASED, store.leads().find(live.id()).join().orElseThrow().state(), "b's lead is live");
            store.leads().release(live.id(), null, "test").join();
            assertFalse(store.dnc().add(number, null, "again", "test").join(), "idempotent");
            assertEquals(LeadState.DNC, store.leads().find(live.id()).join().orElseThrow().state(), "no longer live: marked");
            assertTrue(store.dnc().add(number, b.id(), "campaign", "test").join(), "another scope is a new entry");
            assertTrue(store.dnc().isBlocked(b.id(), number).join());
            assertFalse(store.dnc().isBlocked(b.id(), "+15550000001").join());
        }
    }

    @Test
    void ignoreCancelPendingAndScheduledCallbacks() {
        try (Store store = StoreFixture.open(dir)) {
            Campaign c = StoreFixture.runningCampaign(store, "ops");
            store.leads().insertBatch(c.id(), StoreFixture.leads(c.id(), 0, 4), true).join();
            List<Lead> leased = store.leads().lease(new LeaseRequest(c.id(), 1, TTL, T0, 0)).join();
            Lead live = leased.get(0);
            Attempt a = StoreFixture.dial(store, live, T0, T0.plusSeconds(60));
            StoreFixture.attach(store, a, "default", "test", "prompt", T0);
            // the AI books a callback during the call: remembered, applied when the call ends
            store.leads().scheduleAt(live.id(), T0.plus(1, ChronoUnit.DAYS)).join();
            assertEquals(LeadState.IN_PROGRESS, store.leads().find(live.id()).join().orElseThrow().state());
            store.attempts().close(a.id(), AttemptClose.of(Outcome.ANSWERED_HUMAN, T0.plusSeconds(90))).join();
            Lead afterCall = store.leads().find(live.id()).join().orElseThrow();
            assertEquals(LeadState.PENDING, afterCall.state());
            assertEquals(T0.plus(1, ChronoUnit.DAYS), afterCall.nextAttemptAt());
            assertEquals("answered_human", afterCall.lastOutcome());

            assertEquals(4, store.leads().cancelPending(c.id()).join(), "three never-dialed leads plus the callback");
            Map<LeadState, Long> counts = store.leads().countByState(c.id()).join();
            assertEquals(Map.of(LeadState.CANCELED, 4L), counts);
            Lead any = store.leads().find(live.id()).join().orElseThrow();
            store.leads().scheduleAt(any.id(), T0.plusSeconds(5)).join();
            assertEquals(LeadState.PENDING, store.leads().find(any.id()).join().orElseThrow().state(), "a closed lead is re-queued");
            assertTrue(store.leads().ignore(any.id()).join());
            assertEquals(LeadState.CANCELED, store.leads().find(any.id()).join().orElseThrow().state());
            assertFalse(store.leads().ignore(987654).join());
        }
    }

    // ------------------------------------------------------------------ attempts

    @Test
    void attemptDetailsHistoryDispositionAndListings() {
        try (Store store = StoreFixture.open(dir)) {
            Campaign c = StoreFixture.runningCampaign(store, "attempts");
            store.leads().insertBatch(c.id(), StoreFixture.leads(c.id(), 0, 3), true).join();
            List<Lead> leads = store.leads().lease(new LeaseRequest(c.id(), 3, TTL, T0, 0)).join();
            List<Attempt> opened = new ArrayList<>();
            for (Lead l : leads) {
                opened.add(store.journal().apply(new AttemptTransition.Open(Attempt.opening(c.id(), l.id(), l.phoneNumber(), T0, true,
                        null, "sales", "p1"), T0.plusSeconds(90))).join().orElseThrow());
            }
            Attempt a = opened.get(0);
            assertTrue(a.id() > 0 && a.open() && a.consentEnabled());
            StoreFixture.answer(store, a, "chan-1b", T0.plusSeconds(8));
            StoreFixture.hop(store, new HopResult(a.id(), "HUMAN", "HUMAN-1000-500", "HUMAN", "", ConsentResult.SKIPPED), T0.plusSeconds(9));
            StoreFixture.hop(store, new HopResult(a.id(), "MACHINE", "LONGGREETING", "MACHINE", "1", ConsentResult.ACCEPTED), T0.plusSeconds(12));
            CallRecord h = StoreFixture.attach(store, a, "sales-v2", "openai", "You are ...", T0.plusSeconds(12));
            store.callHistory().appendTranscript(h.id(), "AI: hello").join();
            store.callHistory().appendTranscript(h.id(), "Caller: hi").join();
            store.attempts().close(a.id(), AttemptClose.of(Outcome.ANSWERED_HUMAN, T0.plusSeconds(70)).withCause(16, "Normal Clearing")).join();
            store.attempts().setDisposition(a.id(), "interested", "call back in May").join();
            store.attempts().close(opened.get(1).id(), AttemptClose.of(Outcome.BUSY, T0.plusSeconds(5)).withCause(17, "User busy")).join();

            Attempt stored = store.attempts().find(a.id()).join().orElseThrow();
            assertEquals("chan-1b", stored.channelId());
            assertEquals(T0.plusSeconds(8), stored.answeredAt());
            assertEquals("HUMAN", stored.amdStatus(), "the first hop result is kept");
            assertEquals("HUMAN-1000-500", stored.amdCause());
            assertEquals(ConsentResult.SKIPPED, stored.consentResult());
            assertEquals("1", stored.consentDtmf(), "a field not set before is filled in");
            assertNull(stored.consentAt(), "no consent time for a skipped gate");
            assertEquals("sales-v2", stored.context());
            assertEquals("You are ...", stored.effectivePrompt());
            assertEquals(h.id(), stored.callHistoryId());
            assertEquals("interested", stored.disposition());
            assertEquals("call back in May", stored.dispositionNotes());
            assertEquals(62, stored.durationSeconds());
            CallRecord history = store.callHistory().find(h.id()).join().orElseThrow();
            assertEquals("AI: hello\nCaller: hi", history.transcript());
            assertEquals("answered_human", history.outcome());
            assertEquals(T0.plusSeconds(70), history.endedAt());

            assertEquals(List.of(opened.get(2).id()), store.attempts().listOpen().join().stream().map(Attempt::id).toList());
            Page<AttemptView> page = store.attempts().page(new AttemptQuery(c.id(), null, 1, 2)).join();
            assertEquals(3, page.total());
            assertEquals(List.of(opened.get(2).id(), opened.get(1).id()), page.items().stream().map(v -> v.attempt().id()).toList());
            assertEquals("Lead 2", page.items().get(0).leadName());
            Page<AttemptView> busy = store.attempts().page(new AttemptQuery(c.id(), Outcome.BUSY, 1, 50)).join();
            assertEquals(1, busy.total());
            assertEquals(leads.get(1).phoneNumber(), busy.items().get(0).leadPhoneNumber());
            List<Long> all = new ArrayList<>();
            store.attempts().forEach(c.id(), v -> all.add(v.attempt().id())).join();
            assertEquals(opened.stream().map(Attempt::id).toList(), all);
            assertEquals(Map.of("answered_human", 1L, "busy", 1L), store.attempts().countOutcomes(c.id()).join());
            assertEquals(1, StoreFixture.ownStarts(store, leads.get(0), T0.plusSeconds(100)));
            assertEquals(0, StoreFixture.ownStarts(store, leads.get(0), T0.plus(25, ChronoUnit.HOURS)));

            // a hop result for a closed attempt changes nothing
            StoreFixture.hop(store, new HopResult(opened.get(1).id(), "MACHINE", "X", "MACHINE", "2", ConsentResult.DENIED), T0);
            assertNull(store.attempts().find(opened.get(1).id()).join().orElseThrow().amdStatus());
        }
    }

    @Test
    void consentTimeIsRecordedForARealConsentResultAndDncOutcomesExplainTheLead() {
        try (Store store = StoreFixture.open(dir)) {
            Campaign c = StoreFixture.runningCampaign(store, "consent");
            store.leads().insertBatch(c.id(), StoreFixture.leads(c.id(), 0, 1), true).join();
            Lead l = store.leads().lease(new LeaseRequest(c.id(), 1, TTL, T0, 0)).join().get(0);
            Attempt a = StoreFixture.dial(store, l, T0, T0.plusSeconds(90));
            StoreFixture.hop(store, new HopResult(a.id(), "HUMAN", "HUMAN", "HUMAN", "2", ConsentResult.DENIED), T0.plusSeconds(11));
            Attempt hop = store.attempts().find(a.id()).join().orElseThrow();
            assertEquals(ConsentResult.DENIED, hop.consentResult());
            assertEquals(T0.plusSeconds(11), hop.consentAt());
            store.attempts().close(a.id(), AttemptClose.of(Outcome.DNC, T0.plusSeconds(30)).withError("caller asked not to be called")).join();
            Lead after = store.leads().find(l.id()).join().orElseThrow();
            assertEquals(LeadState.DNC, after.state());
            assertEquals("caller asked not to be called", after.dncReason());
        }
    }

    // ------------------------------------------------------------------ listings

    @Test
    void forEachStreamsEveryLeadInIdOrderWithItsLastAttempt() {
        try (Store store = StoreFixture.open(dir)) {
            Campaign c = StoreFixture.runningCampaign(store, "export");
            store.leads().insertBatch(c.id(), StoreFixture.leads(c.id(), 0, 2500), true).join();
            Lead first = store.leads().lease(new LeaseRequest(c.id(), 1, TTL, T0, 0)).join().get(0);
            Attempt a = StoreFixture.open(store, first, T0);
            List<LeadView> seen = new ArrayList<>();
            store.leads().forEach(c.id(), seen::add).join();
            assertEquals(2500, seen.size());
            for (int i = 1; i < seen.size(); i++) assertTrue(seen.get(i).lead().id() > seen.get(i - 1).lead().id());
            assertEquals(a.id(), seen.get(0).lastAttempt().id());
            assertNull(seen.get(1).lastAttempt());
        }
    }

    @Test
    void searchMatchesNumbersByPrefixWithOrWithoutFormattingAndNamesBySubstring() {
        try (Store store = StoreFixture.open(dir)) {
            Campaign c = StoreFixture.runningCampaign(store, "search");
            store.leads().insertBatch(c.id(), List.of(lead(c.id(), "+14155550100", "Ada Lovelace", 0),
                    new Lead(0, c.id(), "7001", "7001", "Front desk", "{}", null, null, null, LeadState.PENDING, 0, null, null,
                            null, null, 0, null, null, null, null),
                    lead(c.id(), "+14155550199", "Grace 100% Hopper", 0)), true).join();
            assertEquals(List.of("Grace 100% Hopper", "Ada Lovelace"), searched(store, c.id(), "+1 (415) 555"));
            assertEquals(List.of("Grace 100% Hopper", "Ada Lovelace"), searched(store, c.id(), "1415555"), "without the +");
            assertEquals(List.of("Ada Lovelace"), searched(store, c.id(), "415-555-0100".replace("415", "+1415")));
            assertEquals(List.of("Front desk"), searched(store, c.id(), "700"));
            assertEquals(List.of("Ada Lovelace"), searched(store, c.id(), "lovelace"), "case-insensitive substring");
            assertEquals(List.of("Grace 100% Hopper"), searched(store, c.id(), "100%"), "wildcards are literal");
            assertEquals(List.of(), searched(store, c.id(), "_"));
            assertEquals(List.of("Front desk"), searched(store, c.id(), "desk"));
        }
    }

    private static List<String> searched(Store store, long campaignId, String term) {
        Page<LeadView> page = store.leads().page(new LeadQuery(campaignId, null, term, 1, 50)).join();
        assertEquals(page.items().size(), page.total());
        return page.items().stream().map(v -> v.lead().name()).toList();
    }

    @Test
    void auditLogPagesNewestFirstFilteredBySubject() {
        try (Store store = StoreFixture.open(dir)) {
            store.audit().record("alice", "campaign.start", "campaign/1", null).join();
            store.audit().record("bob", "lead.recycle", "campaign/1/lead/7", "{\"reset\":true}").join();
            store.audit().record(null, "dnc.add", "dnc/+1555", "by the AI").join();
            Page<AuditLog.AuditEntry> camp = store.audit().page("campaign/1", 1, 10).join();
            assertEquals(2, camp.total());
            assertEquals(List.of("lead.recycle", "campaign.start"), camp.items().stream().map(AuditLog.AuditEntry::action).toList());
            assertEquals("system", store.audit().page("dnc/", 1, 10).join().items().get(0).actor());
            assertEquals(3, store.audit().page(null, 1, 2).join().total());
            assertEquals(1, store.audit().page(null, 2, 2).join().items().size());
        }
    }

    @Test
    void dncPagesByScope() {
        try (Store store = StoreFixture.open(dir)) {
            Campaign c = StoreFixture.runningCampaign(store, "dnc-page");
            store.dnc().add("+15551110000", null, "g1", "csv").join();
            store.dnc().add("+15551110001", null, "g2", "csv").join();
            store.dnc().add("+15552220000", c.id(), "c1", "operator").join();
            Page<DncEntry> global = store.dnc().page(null, false, null, 1, 10).join();
            assertEquals(List.of("+15551110001", "+15551110000"), global.items().stream().map(DncEntry::phoneNormalized).toList());
            assertNull(global.items().get(0).campaignId());
            Page<DncEntry> campaign = store.dnc().page(c.id(), false, null, 1, 10).join();
            assertEquals(1, campaign.total());
            assertEquals(c.id(), campaign.items().get(0).campaignId());
            assertEquals(3, store.dnc().page(null, true, null, 1, 10).join().total());
            assertEquals(2, store.dnc().page(null, true, "1110", 1, 10).join().total());
        }
    }
}
