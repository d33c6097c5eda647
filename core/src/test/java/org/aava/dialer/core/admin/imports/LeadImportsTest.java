package org.aava.dialer.core.admin.imports;

import org.aava.dialer.core.admin.RuleViolation;
import org.aava.dialer.core.ai.AiContext;
import org.aava.dialer.core.ai.AiContexts;
import org.aava.dialer.core.ai.AttachTarget;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.model.LeadState;
import org.aava.dialer.core.phone.PhoneNumbers;
import org.aava.dialer.core.testing.InMemoryStore;
import org.aava.dialer.core.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeadImportsTest {
    private final InMemoryStore store = new InMemoryStore(new MutableClock("2026-11-24T12:00:00Z"));
    private final Campaign campaign = store.createCampaign(Campaign.builder("c").build());
    private final AiContexts contexts = new AiContexts(List.of(new AiContext("default", "p", "Hi", "prov", List.of(), AttachTarget.stasis("ai"))));
    /** custom_vars as the web stores them, without a JSON parser: only "{}" or a text starting with '{' passes. */
    private final CustomVarsText vars = t -> {
        if (t == null || t.isBlank()) return "{}";
        if (!t.startsWith("{")) throw new IllegalArgumentException("custom_vars must be a JSON object");
        return t;
    };
    private final LeadImports imports = new LeadImports(store.leads(), new LeadRowRules(contexts, PhoneNumbers.defaults(), vars));

    /** Rows given in memory; {@code failAfter} rows, the file turns unreadable (-1: never). */
    private static LeadRows rows(List<String> header, int failAfter, List<List<String>> data) {
        Iterator<List<String>> it = data.iterator();
        return new LeadRows() {
            long n = 1;

            @Override
            public List<String> header() {
                return header;
            }

            @Override
            public Row next() {
                if (failAfter >= 0 && n - 1 == failAfter) throw new Unreadable("unreadable CSV: broken quote", null);
                return it.hasNext() ? new Row(++n, it.next()) : null;
            }
        };
    }

    private static final class Rejected implements RejectedRows {
        final List<String> reasons = new ArrayList<>();

        @Override
        public void reject(List<String> given, long rowNumber, String reason) {
            reasons.add(rowNumber + ": " + reason);
        }

        @Override
        public long omitted() {
            return 0;
        }
    }

    private static LeadImports.Options options() {
        return new LeadImports.Options(true, Map.of(), 0, LeadImports.Progress.NONE, null);
    }

    @Test
    void badRowsAreRejectedWithTheirReasonAndTheRestAreImported() {
        Rejected rejected = new Rejected();
        ImportResult r = imports.run(campaign.id(), rows(List.of("name", "phone_number", "custom_vars", "consent_source"), -1, List.of(
                List.of("Ann", "+12125550001", "", ""),
                List.of("x".repeat(LeadRowRules.MAX_NAME_CHARS + 1), "+12125550002", "", ""),
                List.of("Bob", "not a number", "", ""),
                List.of("Cy", "+12125550003", "[1]", ""),
                List.of("Di", "+12125550004", "", "web form"),
                List.of("Ann again", "+1 212 555 0001", "", ""))), options(), rejected);
        assertEquals(6, r.rows());
        assertEquals(1, r.accepted());
        assertEquals(1, r.duplicates());
        assertEquals(4, r.rejected());
        assertEquals(r.rows(), r.accepted() + r.duplicates() + r.rejected());
        assertTrue(rejected.reasons.get(0).startsWith("3: name is longer than " + LeadRowRules.MAX_NAME_CHARS), rejected.reasons.toString());
        assertTrue(rejected.reasons.get(2).startsWith("5: custom_vars"), rejected.reasons.toString());
        assertEquals(1, store.leadsOf(campaign.id()).size());
    }

    @Test
    void aValueOverTheBoundRejectsItsRowButCustomVarsHasItsOwn() {
        Rejected rejected = new Rejected();
        String bigVars = "{\"k\":\"" + "v".repeat(LeadRowRules.MAX_VALUE_CHARS + 10) + "\"}";
        ImportResult r = imports.run(campaign.id(), rows(List.of("phone_number", "caller_id", "custom_vars"), -1, List.of(
                List.of("+12125550001", "9".repeat(LeadRowRules.MAX_VALUE_CHARS + 1), "{}"),
                List.of("+12125550002", "", bigVars))), options(), rejected);
        assertEquals(1, r.accepted());
        assertEquals(List.of("2: a value is longer than " + LeadRowRules.MAX_VALUE_CHARS + " characters (column 2)"), rejected.reasons);
    }

    @Test
    void anUnknownZoneOrContextIsAWarningAndFallsBack() {
        ImportResult r = imports.run(campaign.id(), rows(List.of("phone_number", "timezone", "agent", "context"), -1, List.of(
                List.of("+12125550001", "Mars/Olympus", "", "nope"))), options(), new Rejected());
        assertEquals(1, r.accepted());
        assertEquals(2, r.warnings().size());
        Lead l = store.leadsOf(campaign.id()).getFirst();
        assertNull(l.timezone());
        assertNull(l.contextOverride());
    }

    @Test
    void aNumberOnTheDncListIsStoredAsDnc() {
        store.dnc().add("+12125550001", null, "asked", "admin").join();
        ImportResult r = imports.run(campaign.id(), rows(List.of("phone_number"), -1, List.of(List.of("+12125550001"))), options(), new Rejected());
        assertEquals(1, r.accepted());
        assertEquals(1, r.dnc());
        assertEquals(LeadState.DNC, store.leadsOf(campaign.id()).getFirst().state());
    }

    @Test
    void withoutAPhoneColumnNothingIsRead() {
        RuleViolation v = assertThrows(RuleViolation.class,
                () -> imports.run(campaign.id(), rows(List.of("name"), -1, List.of(List.of("Ann"))), options(), new Rejected()));
        assertEquals("phone_number", v.field());
        RuleViolation m = assertThrows(RuleViolation.class, () -> imports.run(campaign.id(), rows(List.of("tel"), -1, List.of()),
                new LeadImports.Options(true, Map.of("phone_number", "mobile"), 0, LeadImports.Progress.NONE, null), new Rejected()));
        assertEquals("mapping", m.field());
    }

    @Test
    void aMappingReadsAForeignHeader() {
        ImportResult r = imports.run(campaign.id(), rows(List.of("Mobile", "Full Name"), -1, List.of(List.of("+12125550001", "Ann"))),
                new LeadImports.Options(true, Map.of("phone_number", "Mobile", "name", "Full Name"), 0, LeadImports.Progress.NONE, null),
                new Rejected());
        assertEquals(1, r.accepted());
        assertEquals("Ann", store.leadsOf(campaign.id()).getFirst().name());
        assertEquals("Mobile", LeadColumns.guessColumn("phone_number", List.of("Full Name", "Mobile")));
    }

    @Test
    void aFileThatTurnsUnreadableKeepsWhatCameBefore() {
        List<List<String>> data = new ArrayList<>();
        for (int i = 0; i < 3; i++) data.add(Arrays.asList("+1212555000" + i));
        PartlyImported e = assertThrows(PartlyImported.class,
                () -> imports.run(campaign.id(), rows(List.of("phone_number"), 2, data), options(), new Rejected()));
        assertEquals(2, e.partial().rows());
        assertEquals(2, e.partial().accepted());
        assertEquals("file", e.field());
        assertTrue(e.getMessage().startsWith("unreadable CSV: broken quote after row 3; the rows before it were imported"), e.getMessage());
        assertEquals(2, store.leadsOf(campaign.id()).size());
    }

    @Test
    void progressIsToldOfEachCommittedChunkAndTheEnd() {
        List<List<String>> data = new ArrayList<>();
        for (int i = 0; i < LeadImports.CHUNK + 5; i++) data.add(List.of(String.format("+1%03d555%04d", 212 + i / 10_000, i % 10_000)));
        List<Long> told = new ArrayList<>();
        ImportResult r = imports.run(campaign.id(), rows(List.of("phone_number"), -1, data),
                new LeadImports.Options(true, Map.of(), 0, soFar -> told.add(soFar.rows()), null), new Rejected());
        assertEquals(LeadImports.CHUNK + 5, r.accepted());
        assertEquals(List.of((long) LeadImports.CHUNK, (long) LeadImports.CHUNK + 5), told);
    }
}
