package org.aava.dialer.core.admin;

import org.aava.dialer.core.ai.AiContext;
import org.aava.dialer.core.ai.AiContexts;
import org.aava.dialer.core.ai.AttachTarget;
import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.testing.InMemoryStore;
import org.aava.dialer.core.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AiToolsTest {
    private final MutableClock clock = new MutableClock("2026-11-24T12:00:00Z");
    private final InMemoryStore store = new InMemoryStore(clock);
    private final FakeEngine engine = new FakeEngine();
    private final AiContexts contexts = new AiContexts(List.of(
            new AiContext("default", "p", "Hi", "prov", List.of("hangup_call", "transfer", "add_to_dnc", "schedule_callback"),
                    AttachTarget.stasis("ai"), List.of("200@sales"))));
    private final AiTools tools = new AiTools(engine, store.attempts(), store.campaigns(), store.leads(), store.dnc(), store.callHistory(),
            store.audit(), contexts, clock);
    private final Campaign campaign = store.createCampaign(Campaign.builder("c").build());
    private final Lead lead = store.addLeads(campaign.id(), "+12125550001").getFirst();
    private final Attempt attempt = store.attempts().open(Attempt.opening(campaign.id(), lead.id(), lead.phoneNumber(), clock.instant(),
            false, "chan-1", "default", "prov")).join();

    private AiTools.Session open() {
        engine.sessions.put("key-1", new AiCallSession(attempt.id(), "the prompt", "uuid-1"));
        return tools.session("key-1");
    }

    @Test
    void onlyALiveSessionsKeyOpensIt() {
        assertEquals(RuleViolation.Kind.NOT_FOUND, assertThrows(RuleViolation.class, () -> tools.session("key-1")).kind());
        AiTools.Session s = open();
        assertEquals(attempt.id(), s.attempt().id());
        assertEquals("the prompt", s.prompt());
        assertEquals("uuid-1", s.audioSocketUuid());
        assertEquals(RuleViolation.Kind.NOT_FOUND, assertThrows(RuleViolation.class, () -> tools.session(String.valueOf(attempt.id()))).kind());
    }

    @Test
    void withoutACallEngineEverySessionIsUnavailable() {
        AiTools none = new AiTools(null, store.attempts(), store.campaigns(), store.leads(), store.dnc(), store.callHistory(), store.audit(),
                contexts, clock);
        RuleViolation v = assertThrows(RuleViolation.class, () -> none.session("key-1"));
        assertEquals(RuleViolation.Kind.UNAVAILABLE, v.kind());
        assertEquals("the call flow is not running", v.getMessage());
    }

    @Test
    void aToolTheContextDoesNotEnableIsForbidden() {
        open();
        RuleViolation v = assertThrows(RuleViolation.class, () -> tools.sessionFor("key-1", "post_transcript"));
        assertEquals(RuleViolation.Kind.FORBIDDEN, v.kind());
        assertEquals("tool post_transcript is not enabled for context default", v.getMessage());
    }

    @Test
    void aTransferGoesOnlyToAConfiguredTarget() {
        AiTools.Session s = open();
        RuleViolation v = assertThrows(RuleViolation.class, () -> tools.transfer(s, "", "300"));
        assertEquals(RuleViolation.Kind.FORBIDDEN, v.kind());
        assertEquals("extension", assertThrows(RuleViolation.class, () -> tools.transfer(s, "", "no spaces")).field());
        assertTrue(tools.transfer(s, "", "200"));
        assertEquals("transfer " + attempt.id() + " sales 200", engine.asked.getLast());
    }

    @Test
    void addToDncPutsTheNumberOnTheGlobalListAndEndsTheCall() {
        AiTools.Session s = open();
        assertTrue(tools.addToDnc(s, "asked"));
        assertTrue(store.dnc().isBlocked(campaign.id(), lead.phoneNormalized()).join());
        assertEquals("optOut " + attempt.id(), engine.asked.getLast());
        assertEquals("ai", store.auditEntries().getLast().actor());
    }

    @Test
    void aCallbackIsAnInstantOrMinutesWithinAYear() {
        AiTools.Session s = open();
        assertEquals(Instant.parse("2026-11-24T12:30:00Z"), tools.scheduleCallback(s, null, 30L));
        assertEquals("minutes", assertThrows(RuleViolation.class, () -> tools.scheduleCallback(s, null, 0L)).field());
        assertEquals("minutes", assertThrows(RuleViolation.class,
                () -> tools.scheduleCallback(s, null, (long) AiTools.MAX_CALLBACK_MINUTES + 1)).field());
        assertEquals("at", assertThrows(RuleViolation.class, () -> tools.scheduleCallback(s, "tomorrow", null)).field());
        assertEquals("at", assertThrows(RuleViolation.class, () -> tools.scheduleCallback(s, null, null)).field());
        assertEquals(Instant.parse("2026-12-01T10:00:00Z"), tools.scheduleCallback(s, "2026-12-01T10:00:00Z", null));
    }

    @Test
    void aTranscriptNeedsACallRecordAndADispositionALabel() {
        AiTools.Session s = open();
        RuleViolation v = assertThrows(RuleViolation.class, () -> tools.postTranscript(s, "hello"));
        assertEquals("the call has no call record yet", v.getMessage());
        assertEquals("label", assertThrows(RuleViolation.class, () -> tools.setDisposition(s, " ", null)).field());
        assertEquals("label", assertThrows(RuleViolation.class, () -> tools.setDisposition(s, "x".repeat(101), null)).field());
        tools.setDisposition(s, "interested", "call back");
        assertEquals("interested", store.attempt(attempt.id()).disposition());
    }
}
