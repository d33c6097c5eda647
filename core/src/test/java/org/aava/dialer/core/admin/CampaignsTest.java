package org.aava.dialer.core.admin;

import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.CampaignStatus;
import org.aava.dialer.core.model.LeadState;
import org.aava.dialer.core.scheduler.DialingStatus;
import org.aava.dialer.core.testing.InMemoryStore;
import org.aava.dialer.core.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CampaignsTest {
    private final MutableClock clock = new MutableClock("2026-11-24T12:00:00Z");
    private final InMemoryStore store = new InMemoryStore(clock);
    private final FakeEngine engine = new FakeEngine();
    private final Set<String> recordings = new HashSet<>(Set.of("sound:shipped/consent", "sound:shipped/vm"));
    private final Campaigns campaigns = new Campaigns(store.campaigns(), store.leads(), store.attempts(), store.dnc(), store.audit(),
            engine.engine(), new PromptMedia() {
                @Override
                public String defaultConsentUri() {
                    return "sound:shipped/consent";
                }

                @Override
                public String defaultVoicemailUri() {
                    return "sound:shipped/vm";
                }

                @Override
                public boolean exists(String uri) {
                    return recordings.contains(uri);
                }
            }, clock);

    private Campaign draftWithLeads() {
        Campaign c = campaigns.create(Campaign.builder("c").build(), "op");
        store.addLeads(c.id(), "+12125550001");
        return c;
    }

    private static RuleViolation.Kind kind(Runnable r) {
        return assertThrows(RuleViolation.class, r::run).kind();
    }

    @Test
    void aSwitchedOnPromptWithoutARecordingGetsTheShippedOne() {
        Campaign.Builder b = Campaign.builder("c");
        b.consentEnabled = true;
        b.voicemailEnabled = true;
        Campaign c = campaigns.create(b.build(), "op");
        assertEquals("sound:shipped/consent", c.consentMediaUri());
        assertEquals("sound:shipped/vm", c.voicemailMediaUri());
        assertEquals("campaign.create", store.auditEntries().getLast().action());
    }

    @Test
    void startNeedsPendingLeadsRecordingsAndAWindowThatOpens() {
        Campaign empty = campaigns.create(Campaign.builder("empty").build(), "op");
        RuleViolation v = assertThrows(RuleViolation.class, () -> campaigns.setStatus(empty.id(), CampaignStatus.RUNNING, false, "op"));
        assertEquals(RuleViolation.Kind.CONFLICT, v.kind());
        assertTrue(v.getMessage().startsWith("no pending leads to dial"), v.getMessage());

        Campaign c = draftWithLeads();
        Campaign withVm = campaigns.update(c.id(), x -> {
            Campaign.Builder b = x.toBuilder();
            b.voicemailEnabled = true;
            b.voicemailMediaUri = "sound:custom/gone";
            return b.build();
        }, null, () -> "vm on", "op");
        v = assertThrows(RuleViolation.class, () -> campaigns.setStatus(withVm.id(), CampaignStatus.RUNNING, false, "op"));
        assertEquals("voicemail drop is on but its recording sound:custom/gone is missing in the media dir", v.getMessage());

        recordings.add("sound:custom/gone");
        campaigns.update(c.id(), x -> {
            Campaign.Builder b = x.toBuilder();
            b.runEndAt = Instant.parse("2026-11-01T00:00:00Z");
            return b.build();
        }, null, () -> "", "op");
        v = assertThrows(RuleViolation.class, () -> campaigns.setStatus(c.id(), CampaignStatus.RUNNING, false, "op"));
        assertEquals(RuleViolation.Kind.CONFLICT, v.kind());
        assertTrue(v.getMessage().startsWith("the run window ended at 2026-11-01T00:00:00Z"), v.getMessage());
        assertEquals(CampaignStatus.DRAFT, campaigns.find(c.id()).status());
    }

    @Test
    void aStartResetsTheBreakerAndTellsTheScheduler() {
        Campaign c = draftWithLeads();
        int before = engine.invalidations;
        Campaign started = campaigns.setStatus(c.id(), CampaignStatus.RUNNING, false, "op");
        assertEquals(CampaignStatus.RUNNING, started.status());
        assertTrue(engine.asked.contains("resetBreaker " + c.id()));
        assertEquals(before + 1, engine.invalidations);
        assertEquals("draft -> running", store.auditEntries().getLast().details());
    }

    @Test
    void completedIsTheDialersAndARunningCampaignIsNeitherArchivedNorDeleted() {
        Campaign c = draftWithLeads();
        assertEquals(RuleViolation.Kind.INVALID, kind(() -> campaigns.setStatus(c.id(), CampaignStatus.COMPLETED, false, "op")));
        campaigns.setStatus(c.id(), CampaignStatus.RUNNING, false, "op");
        assertEquals(RuleViolation.Kind.CONFLICT, kind(() -> campaigns.archive(c.id(), "op")));
        assertEquals(RuleViolation.Kind.CONFLICT, kind(() -> campaigns.setStatus(c.id(), CampaignStatus.ARCHIVED, false, "op")));
        assertEquals(RuleViolation.Kind.CONFLICT, kind(() -> campaigns.delete(c.id(), "op")));
    }

    @Test
    void aCampaignWithCallsInProgressIsNotDeleted() {
        Campaign c = draftWithLeads();
        campaigns.setStatus(c.id(), CampaignStatus.PAUSED, false, "op");
        engine.liveByCampaign.put(c.id(), 1);
        RuleViolation v = assertThrows(RuleViolation.class, () -> campaigns.delete(c.id(), "op"));
        assertEquals("the campaign still has calls in progress", v.getMessage());
        engine.liveByCampaign.clear();
        campaigns.delete(c.id(), "op");
        assertEquals(RuleViolation.Kind.NOT_FOUND, kind(() -> campaigns.find(c.id())));
    }

    @Test
    void aStopCanCancelThePendingLeads() {
        Campaign c = draftWithLeads();
        campaigns.setStatus(c.id(), CampaignStatus.STOPPED, true, "op");
        assertEquals(LeadState.CANCELED, store.leadsOf(c.id()).getFirst().state());
        assertEquals("draft -> stopped (canceled 1 pending)", store.auditEntries().getLast().details());
    }

    @Test
    void aStaleEditIsRefusedAndNothingIsWritten() {
        Campaign c = draftWithLeads();
        RuleViolation v = assertThrows(RuleViolation.class,
                () -> campaigns.update(c.id(), x -> x.toBuilder().name("renamed").build(), x -> false, () -> "", "op"));
        assertEquals(RuleViolation.Kind.CONFLICT, v.kind());
        assertEquals("c", campaigns.find(c.id()).name());
    }

    @Test
    void aCopyIsADraftNamedAsACopy() {
        Campaign c = draftWithLeads();
        campaigns.setStatus(c.id(), CampaignStatus.PAUSED, false, "op");
        Campaign copy = campaigns.copy(c.id(), "op");
        assertEquals("c (Copy)", copy.name());
        assertEquals(CampaignStatus.DRAFT, copy.status());
    }

    @Test
    void statsSayTheSchedulersWordForARunningCampaignAndTheStatusOtherwise() {
        Campaign c = draftWithLeads();
        assertEquals("not_running", campaigns.stats(c.id()).dialingCode());
        campaigns.setStatus(c.id(), CampaignStatus.RUNNING, false, "op");
        assertEquals("dialing", campaigns.stats(c.id()).dialingCode()); // 12:00 UTC is inside 9-17
        engine.statuses.put(c.id(), new DialingStatus("concurrency_full", "all lines busy", null, Instant.now()));
        Campaigns.Stats s = campaigns.stats(c.id());
        assertEquals("concurrency_full", s.dialingCode());
        assertEquals("all lines busy", s.dialingMessage());
        assertEquals(1L, s.leadStates().get(LeadState.PENDING));
    }

    @Test
    void theChecklistSaysWhatAStartWouldRefuse() {
        Campaign c = campaigns.create(Campaign.builder("c").build(), "op");
        List<Campaigns.Readiness> items = campaigns.readiness(c);
        assertEquals(List.of("pending_leads", "recordings", "window", "run_window"), items.stream().map(Campaigns.Readiness::key).toList());
        assertEquals(new Campaigns.Readiness("pending_leads", false, "no pending leads: import or recycle leads"), items.get(0));
        assertEquals(new Campaigns.Readiness("recordings", true, "no recording needed"), items.get(1));
        store.addLeads(c.id(), "+12125550001");
        Campaign withConsent = campaigns.update(c.id(), x -> {
            Campaign.Builder b = x.toBuilder();
            b.consentEnabled = true;
            b.consentMediaUri = "sound:custom/missing";
            return b.build();
        }, null, () -> "", "op");
        items = campaigns.readiness(withConsent);
        assertEquals(new Campaigns.Readiness("pending_leads", true, "1 pending leads to dial"), items.get(0));
        assertEquals(new Campaigns.Readiness("recordings", false, "consent recording sound:custom/missing is missing"), items.get(1));
        assertEquals(new Campaigns.Readiness("run_window", true, "no run window end"), items.get(3));
        assertThrows(RuleViolation.class, () -> campaigns.setStatus(c.id(), CampaignStatus.RUNNING, false, "op"));
    }
}
