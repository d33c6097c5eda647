package org.aava.dialer.core.admin;

import org.aava.dialer.core.admin.imports.LeadImports;
import org.aava.dialer.core.admin.imports.LeadRowRules;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.CampaignStatus;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.model.LeadState;
import org.aava.dialer.core.phone.PhoneNumbers;
import org.aava.dialer.core.testing.InMemoryStore;
import org.aava.dialer.core.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeadsAndDncTest {
    private final InMemoryStore store = new InMemoryStore(new MutableClock("2026-11-24T12:00:00Z"));
    private final FakeEngine engine = new FakeEngine();
    private final Leads leads = new Leads(store.leads(), store.campaigns(), store.dnc(), store.audit(), engine.engine(), PhoneNumbers.defaults(),
            new LeadImports(store.leads(), new LeadRowRules(null, PhoneNumbers.defaults(), t -> t == null || t.isBlank() ? "{}" : t)));
    private final Dnc dnc = new Dnc(store.dnc(), store.campaigns(), store.audit(), PhoneNumbers.defaults());
    private final Campaign campaign = store.createCampaign(Campaign.builder("c").build());

    @Test
    void aLeadWithACallInFlightIsNotTouchedWhateverItsStoredState() {
        Lead l = store.addLeads(campaign.id(), "+12125550001").getFirst();
        engine.liveLeads.add(l.id());
        RuleViolation v = assertThrows(RuleViolation.class, () -> leads.ignore(l.id(), "op"));
        assertEquals(RuleViolation.Kind.CONFLICT, v.kind());
        assertEquals("cannot ignore lead " + l.id() + ": a call of it is in progress (pending)", v.getMessage());
        assertEquals(LeadState.PENDING, store.lead(l.id()).state());
        engine.liveLeads.clear();
        leads.ignore(l.id(), "op");
        assertEquals(LeadState.CANCELED, store.lead(l.id()).state());
        assertEquals("lead.ignore", store.auditEntries().getLast().action());
    }

    @Test
    void leadsAreDeletedOnlyWhileTheirCampaignDoesNotRun() {
        Lead l = store.addLeads(campaign.id(), "+12125550001").getFirst();
        store.setStatus(campaign.id(), CampaignStatus.RUNNING);
        RuleViolation v = assertThrows(RuleViolation.class, () -> leads.delete(l.id(), "op"));
        assertEquals("pause or stop the campaign to delete leads", v.getMessage());
        store.setStatus(campaign.id(), CampaignStatus.PAUSED);
        leads.delete(l.id(), "op");
        assertEquals(RuleViolation.Kind.NOT_FOUND, assertThrows(RuleViolation.class, () -> leads.find(l.id())).kind());
    }

    @Test
    void aBulkActionSkipsLiveLeadsAndIsOneAuditEntry() {
        List<Lead> added = store.addLeads(campaign.id(), "+12125550001", "+12125550002", "+12125550003");
        engine.liveLeads.add(added.get(1).id());
        int auditsBefore = store.auditEntries().size();
        Leads.BulkResult r = leads.bulk(campaign, Leads.BulkAction.CANCEL, false, null, null, "op");
        assertEquals(new Leads.BulkResult(3, 2, 1), r);
        assertEquals(LeadState.PENDING, store.lead(added.get(1).id()).state());
        assertEquals(auditsBefore + 1, store.auditEntries().size());
        assertEquals("leads.bulk.cancel", store.auditEntries().getLast().action());
        assertTrue(engine.invalidations > 0);
        assertEquals(3, leads.countMatching(campaign.id(), null, null));
    }

    @Test
    void aBulkDeleteOfARunningCampaignIsRefused() {
        store.addLeads(campaign.id(), "+12125550001");
        store.setStatus(campaign.id(), CampaignStatus.RUNNING);
        Campaign running = store.campaign(campaign.id());
        assertThrows(RuleViolation.class, () -> leads.bulk(running, Leads.BulkAction.DELETE, false, null, null, "op"));
        assertEquals(1, store.leadsOf(campaign.id()).size());
    }

    @Test
    void aLeadByHandMeetsTheImportsRulesAndARejectionNamesItsField() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("name", " Ann ");
        fields.put("phone_number", "(212) 555-0001");
        fields.put("consent_source", "web form");
        RuleViolation v = assertThrows(RuleViolation.class, () -> leads.add(campaign, fields, "(212) 555-0001", "op"));
        assertEquals("consent_basis", v.field());
        fields.put("consent_source", "");
        assertEquals(1, leads.add(campaign, fields, "(212) 555-0001", "op").accepted());
        assertEquals(1, leads.add(campaign, fields, "(212) 555-0001", "op").duplicates());
        Lead l = store.leadsOf(campaign.id()).getFirst();
        assertEquals("Ann", l.name());
        assertEquals("+12125550001", l.phoneNormalized());
        assertEquals("leads.add", store.auditEntries().getLast().action());
        fields.put("phone_number", "nope");
        assertEquals("phone_number", assertThrows(RuleViolation.class, () -> leads.add(campaign, fields, "nope", "op")).field());
    }

    @Test
    void dncKeepsNumbersInTheirE164FormAndRefusesWhatIsNotOne() {
        Dnc.Added a = dnc.add("(212) 555-0199", null, "operator", "op");
        assertTrue(a.added());
        assertEquals("+12125550199", a.phoneNumber());
        assertFalse(dnc.add("+1 212 555 0199", null, "operator", "op").added());
        RuleViolation v = assertThrows(RuleViolation.class, () -> dnc.add("not a number", null, "operator", "op"));
        assertEquals("phone_number", v.field());
        assertEquals(RuleViolation.Kind.NOT_FOUND, assertThrows(RuleViolation.class, () -> dnc.add("+12125550100", 999L, "r", "op")).kind());
        dnc.remove("+12125550199", null, "op");
        assertEquals(RuleViolation.Kind.NOT_FOUND, assertThrows(RuleViolation.class, () -> dnc.remove("+12125550199", null, "op")).kind());
    }

    @Test
    void aDncImportCountsWhatItRejectsAndAuditsOnce() {
        Dnc.Import into = dnc.importInto(campaign.id());
        into.offer("+12125550001");
        into.offer("garbage");
        into.offer(null);
        into.finish("op");
        assertEquals(1, into.accepted());
        assertEquals(2, into.rejected());
        assertEquals("accepted 1, rejected 2", store.auditEntries().getLast().details());
        assertEquals(1, dnc.page(campaign.id(), false, null, 1, 50).total());
    }
}
