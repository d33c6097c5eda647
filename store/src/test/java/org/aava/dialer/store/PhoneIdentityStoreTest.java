package org.aava.dialer.store;

import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.model.LeadState;
import org.aava.dialer.core.phone.PhoneNumbers;
import org.aava.dialer.core.ports.InsertResult;
import org.aava.dialer.core.ports.LeaseRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A number is one identity: a DNC entry in any format blocks every format, at import and at the lease. */
class PhoneIdentityStoreTest {
    private static final List<String> FORMATS = List.of("415 555 0120", "(415) 555-0120", "4155550120", "1-415-555-0120",
            "+14155550120", "+1 (415) 555-0120");
    private static final PhoneNumbers PHONES = PhoneNumbers.defaults();

    @TempDir
    Path dir;

    private static Lead lead(long campaignId, String raw) {
        return Lead.newPending(campaignId, raw, PHONES.parse(raw).normalized(), null, "{}", null, null, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"415 555 0120", "(415) 555-0120", "1-415-555-0120", "+14155550120"})
    void aDncEntryInAnyFormatBlocksEveryFormatAtImport(String dncFormat) {
        try (Store store = StoreFixture.open(dir)) {
            for (String leadFormat : FORMATS) {
                Campaign c = StoreFixture.runningCampaign(store, "import " + leadFormat);
                store.dnc().add(PHONES.parse(dncFormat).normalized(), c.id(), "asked", "test").join();
                InsertResult r = store.leads().insertBatch(c.id(), List.of(lead(c.id(), leadFormat)), true).join();
                assertEquals(List.of(0), r.dncIndexes(), dncFormat + " blocks " + leadFormat);
                assertTrue(store.leads().lease(new LeaseRequest(c.id(), 5, Duration.ofMinutes(1), Instant.now(), 0)).join().isEmpty());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"415 555 0120", "(415) 555-0120", "4155550120", "+1 415 555 0120"})
    void aDncEntryAddedAfterImportInAnyFormatBlocksTheLease(String dncFormat) {
        try (Store store = StoreFixture.open(dir)) {
            Campaign c = StoreFixture.runningCampaign(store, "lease");
            store.leads().insertBatch(c.id(), List.of(lead(c.id(), "1-415-555-0120"), lead(c.id(), "+1 212 555 0199")), true).join();
            store.dnc().add(PHONES.parse(dncFormat).normalized(), null, "global", "test").join();
            List<Lead> leased = store.leads().lease(new LeaseRequest(c.id(), 5, Duration.ofMinutes(1), Instant.now(), 0)).join();
            assertEquals(List.of("+12125550199"), leased.stream().map(Lead::phoneNormalized).toList());
            assertEquals(1L, store.leads().countByState(c.id()).join().get(LeadState.DNC));
        }
    }

    @Test
    void everyFormatOfOneNumberIsOneLeadOfACampaign() {
        try (Store store = StoreFixture.open(dir)) {
            Campaign c = StoreFixture.runningCampaign(store, "dedupe");
            List<Lead> batch = new ArrayList<>();
            for (String f : FORMATS) batch.add(lead(c.id(), f));
            InsertResult r = store.leads().insertBatch(c.id(), batch, true).join();
            assertEquals(1, r.accepted());
            assertEquals(FORMATS.size() - 1, r.duplicateIndexes().size());
        }
    }

    @Test
    void aFeatureCodeOrEmergencyNumberStoredBeforeValidationIsNeverLeased() {
        try (Store store = StoreFixture.open(dir)) {
            Campaign c = StoreFixture.runningCampaign(store, "special");
            store.leads().insertBatch(c.id(), List.of(
                    Lead.newPending(c.id(), "*80 2765", "*802765", null, "{}", null, null, null),
                    Lead.newPending(c.id(), "911", "911", null, "{}", null, null, null),
                    lead(c.id(), "2765")), true).join();
            List<Lead> leased = store.leads().lease(new LeaseRequest(c.id(), 5, Duration.ofMinutes(1), Instant.now(), 0)).join();
            assertEquals(List.of("2765"), leased.stream().map(Lead::phoneNormalized).toList());
            assertEquals(2L, store.leads().countByState(c.id()).join().get(LeadState.DNC));
        }
    }

    /** A database as V4 left it (numbers stored with the formatting stripped only), with campaign 7. */
    private Statement v4Database(Connection c) throws Exception {
        Statement s = c.createStatement();
        for (String script : Migrator.SCRIPTS.subList(0, 4)) {
            try (java.io.InputStream in = Migrator.class.getResourceAsStream("migrations/" + script)) {
                s.executeUpdate(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        for (int v = 1; v <= 4; v++) s.executeUpdate("INSERT INTO schema_version VALUES (" + v + ", '2026-01-01T00:00:00.000Z')");
        s.executeUpdate("INSERT INTO outbound_campaigns (id, name, status, created_at_utc, updated_at_utc) VALUES (7, 'old', 'running', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')");
        return s;
    }

    @Test
    void migrationV6ReadsNumbersWithoutACountryCodeInTheNodesDefaultRegion() throws Exception {
        TestDatabases.assumeSqlite(); // PostgreSQL databases begin after V6
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("aava.db")); Statement s = v4Database(c)) {
            s.executeUpdate("INSERT INTO outbound_leads (campaign_id, phone_number, phone_normalized, created_at_utc, updated_at_utc)"
                    + " VALUES (7, '020 7946 0958', '02079460958', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')");
            s.executeUpdate("INSERT INTO outbound_dnc (phone_normalized, campaign_id, created_at_utc) VALUES ('02079460959', NULL, '2026-01-01T00:00:00.000Z')");
        }
        StoreOptions uk = StoreOptions.defaults().withPhones(new org.aava.dialer.core.phone.PhoneNumbers("GB", org.aava.dialer.core.phone.PhoneNumbers.DEFAULT_EXTENSION_PATTERN));
        try (Store store = SqliteStore.open(dir.resolve("aava.db"), uk)) {
            List<Lead> leased = store.leads().lease(new LeaseRequest(7, 10, Duration.ofMinutes(1), Instant.now(), 0, false, false)).join();
            assertEquals(List.of("+442079460958"), leased.stream().map(Lead::phoneNormalized).toList(), "a London number, not an invalid US one");
            assertEquals(List.of("+442079460959"), store.dnc().page(null, true, null, 1, 10).join().items().stream()
                    .map(e -> e.phoneNormalized()).toList());
        }
    }

    @Test
    void migrationV6RenormalisesLeadsAndDncAndReportsDuplicates() throws Exception {
        TestDatabases.assumeSqlite(); // PostgreSQL databases begin after V6
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("aava.db")); Statement s = v4Database(c)) {
            String[][] leads = {{"(415) 555-0120", "4155550120"}, {"1-415-555-0120", "14155550120"}, {"212 555 0199", "2125550199"},
                    {"2765", "2765"}, {"+1415", "+1415"}};
            for (String[] l : leads) {
                s.executeUpdate("INSERT INTO outbound_leads (campaign_id, phone_number, phone_normalized, created_at_utc, updated_at_utc)"
                        + " VALUES (7, '" + l[0] + "', '" + l[1] + "', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')");
            }
            s.executeUpdate("INSERT INTO outbound_dnc (phone_normalized, campaign_id, created_at_utc) VALUES"
                    + " ('2125550199', NULL, '2026-01-01T00:00:00.000Z'), ('+12125550199', NULL, '2026-01-02T00:00:00.000Z')");
        }
        try (Store store = StoreFixture.open(dir)) {
            assertEquals(Migrator.latest(), store.schemaVersion());
            // the global DNC entries merged into one E.164 entry, which blocks the 212 lead at the lease
            assertEquals(List.of("+12125550199"), store.dnc().page(null, true, null, 1, 10).join().items().stream()
                    .map(e -> e.phoneNormalized()).toList());
            List<Lead> leased = store.leads().lease(new LeaseRequest(7, 10, Duration.ofMinutes(1), Instant.now(), 0)).join();
            assertEquals(List.of("+14155550120", "2765"), leased.stream().map(Lead::phoneNormalized).sorted().toList(),
                    "the duplicate, the invalid and the DNC number are not leased");
            var counts = store.leads().countByState(7).join();
            assertEquals(1L, counts.get(LeadState.CANCELED), "the duplicate is kept, canceled");
            assertEquals(1L, counts.get(LeadState.FAILED), "the invalid number is kept, failed");
            assertEquals(1L, counts.get(LeadState.DNC));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("aava.db")); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT action, details FROM audit_log WHERE action LIKE 'lead.%' ORDER BY id")) {
            List<String> actions = new ArrayList<>();
            while (rs.next()) actions.add(rs.getString(1) + " " + rs.getString(2));
            assertEquals(2, actions.size(), actions.toString());
            assertTrue(actions.get(0).startsWith("lead.duplicate_number same number +14155550120 as lead 1"), actions.toString());
            assertTrue(actions.get(1).startsWith("lead.invalid_number invalid_number"), actions.toString());
        }
    }

    @Test
    void aFloridaNumberIsCalledAtMostThreeTimesIn24hEvenWithoutACampaignCap() {
        try (Store store = StoreFixture.open(dir)) {
            Campaign c = StoreFixture.runningCampaign(store, "florida");
            store.leads().insertBatch(c.id(), List.of(lead(c.id(), "305 555 0100"), lead(c.id(), "212 555 0100")), true).join();
            Instant now = Instant.parse("2026-05-06T15:00:00Z");
            for (int i = 0; i < 3; i++) {
                Instant t = now.plusSeconds(i * 600L);
                for (Lead l : store.leads().lease(new LeaseRequest(c.id(), 5, Duration.ofSeconds(30), t, 0)).join()) {
                    StoreFixture.open(store, l, t);
                    store.leads().release(l.id(), null, "retry").join();
                }
            }
            Instant fourth = now.plusSeconds(1800);
            List<Lead> leased = store.leads().lease(new LeaseRequest(c.id(), 5, Duration.ofSeconds(30), fourth, 0)).join();
            assertEquals(List.of("+12125550100"), leased.stream().map(Lead::phoneNormalized).toList(), "New York has no cap; Florida's is 3");
            Lead florida = store.leads().page(new org.aava.dialer.core.ports.LeadQuery(c.id(), LeadState.PENDING, null, 1, 5)).join()
                    .items().get(0).lead();
            assertEquals(now.plusSeconds(86_400), florida.nextAttemptAt(), "due again when its first call leaves the 24 h");
        }
    }

    @Test
    void aCampaignWithoutStateRulesIsHeldOnlyByItsOwnCap() {
        try (Store store = StoreFixture.open(dir)) {
            Campaign c = StoreFixture.runningCampaign(store, "florida, profile none");
            store.leads().insertBatch(c.id(), List.of(lead(c.id(), "305 555 0100")), true).join();
            Instant now = Instant.parse("2026-05-06T15:00:00Z");
            for (int i = 0; i < 4; i++) {
                Instant t = now.plusSeconds(i * 600L);
                List<Lead> leased = store.leads().lease(new LeaseRequest(c.id(), 5, Duration.ofSeconds(30), t, 0, false, false)).join();
                assertEquals(1, leased.size(), "call " + (i + 1) + ": the compliance profile none applies no state cap");
                StoreFixture.open(store, leased.get(0), t);
                store.leads().release(leased.get(0).id(), null, "retry").join();
            }
            assertTrue(store.leads().lease(new LeaseRequest(c.id(), 5, Duration.ofSeconds(30), now.plusSeconds(3000), 4, false, false))
                    .join().isEmpty(), "the campaign's own cap of 4 still holds");
        }
    }

    @Test
    void aLeadWithoutAConsentRecordIsNeverLeasedWhenTheCampaignRequiresOne() {
        try (Store store = StoreFixture.open(dir)) {
            Campaign c = StoreFixture.runningCampaign(store, "consent");
            store.leads().insertBatch(c.id(), List.of(lead(c.id(), "212 555 0101"),
                    lead(c.id(), "212 555 0102").withConsent(new org.aava.dialer.core.model.ConsentRecord("written", "form", null))), true).join();
            Instant now = Instant.now();
            List<Lead> leased = store.leads().lease(new LeaseRequest(c.id(), 5, Duration.ofSeconds(30), now, 0, true, true)).join();
            assertEquals(List.of("+12125550102"), leased.stream().map(Lead::phoneNormalized).toList());
            assertEquals("written", leased.get(0).consent().basis(), "the lease returns the record with the lead");
            assertTrue(store.leads().lease(new LeaseRequest(c.id(), 5, Duration.ofSeconds(30), now, 0, true, true)).join().isEmpty());
            assertEquals(1, store.leads().lease(new LeaseRequest(c.id(), 5, Duration.ofSeconds(30), now, 0, true, false)).join().size(),
                    "not required: the other lead is dialable");
        }
    }

    @Test
    void aStateCapCountsTheNumbersCallsInEveryCampaign() {
        try (Store store = StoreFixture.open(dir)) {
            Campaign a = StoreFixture.runningCampaign(store, "florida a");
            Campaign b = StoreFixture.runningCampaign(store, "florida b");
            store.leads().insertBatch(a.id(), List.of(lead(a.id(), "305 555 0100")), true).join();
            store.leads().insertBatch(b.id(), List.of(lead(b.id(), "(305) 555-0100"), lead(b.id(), "212 555 0100")), true).join();
            Instant now = Instant.parse("2026-05-06T15:00:00Z");
            Campaign[] order = {a, a, b};
            for (int i = 0; i < order.length; i++) {
                Instant t = now.plusSeconds(i * 600L);
                for (Lead l : store.leads().lease(new LeaseRequest(order[i].id(), 1, Duration.ofSeconds(30), t, 0)).join()) {
                    assertEquals("+13055550100", l.phoneNormalized(), "the Florida lead comes first by id in each campaign");
                    StoreFixture.open(store, l, t);
                    store.leads().release(l.id(), null, "retry").join();
                }
            }
            Instant fourth = now.plusSeconds(1800);
            assertTrue(store.leads().lease(new LeaseRequest(a.id(), 5, Duration.ofSeconds(30), fourth, 0)).join().isEmpty(),
                    "two calls from campaign a and one from b make three to the person");
            List<Lead> fromB = store.leads().lease(new LeaseRequest(b.id(), 5, Duration.ofSeconds(30), fourth, 0)).join();
            assertEquals(List.of("+12125550100"), fromB.stream().map(Lead::phoneNormalized).toList());
            Lead deferred = store.leads().page(new org.aava.dialer.core.ports.LeadQuery(a.id(), LeadState.PENDING, null, 1, 5)).join()
                    .items().get(0).lead();
            assertEquals(now.plusSeconds(86_400), deferred.nextAttemptAt(), "due again when the number's first call leaves the 24 h");
        }
    }
}
