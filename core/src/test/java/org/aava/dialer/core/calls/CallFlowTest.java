package org.aava.dialer.core.calls;

import org.aava.dialer.core.ai.AiContext;
import org.aava.dialer.core.ai.AiContexts;
import org.aava.dialer.core.ai.AttachTarget;
import org.aava.dialer.core.model.AmdOptions;
import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.AttemptClose;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.CampaignStatus;
import org.aava.dialer.core.model.ConsentResult;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.model.LeadState;
import org.aava.dialer.core.model.Outcome;
import org.aava.dialer.core.model.RetryPolicy;
import org.aava.dialer.core.ports.CallControlException;
import org.aava.dialer.core.ports.CallHistoryRepository.CallRecord;
import org.aava.dialer.core.ports.OriginateRequest;
import org.aava.dialer.core.testing.DialerHarness;
import org.aava.dialer.core.testing.FakeCallControl.Originated;
import org.aava.dialer.core.testing.FakeCallControl.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every path of one attempt's life, with a fake PBX and the in-memory store: the outcome, the lead's
 * state, and that the attempt is closed exactly once (later events and watchdogs change nothing).
 */
class CallFlowTest {
    private DialerHarness h = new DialerHarness(DialerHarness.settings(50, 0), AttachTarget.dialplan("ai-agent", "s", 1));

    private Campaign campaign(Consumer<Campaign.Builder> settings) {
        return h.campaign("flow", settings, 1);
    }

    private Campaign campaign() {
        return campaign(b -> { });
    }

    private Attempt attempt(Originated o) {
        return h.store.attempt(o.attemptId());
    }

    private Lead lead(Originated o) {
        return h.store.lead(o.leadId());
    }

    /** The attempt is closed with this outcome, once, its call is gone from memory, and later events change nothing. */
    private Attempt assertClosedOnce(Originated o, Outcome outcome) {
        Attempt a = attempt(o);
        assertEquals(outcome, a.outcome(), () -> "outcome of " + a);
        assertNotNull(a.endedAt());
        assertEquals(1, h.store.closeCount(o.attemptId()), "closed exactly once");
        assertTrue(h.flow.live().byAttempt(o.attemptId()).isEmpty(), "no longer live in memory");
        assertTrue(h.flow.live().byChannel(o.channelId()).isEmpty());
        Lead leadBefore = lead(o);
        // duplicate and late events, watchdogs far in the future, and a direct second close: all no-ops
        h.pbx.fireDestroyed(o.channelId(), 17, "late duplicate");
        h.pbx.fireDestroyed(o.channelId(), 0, "another");
        h.pbx.answer(o);
        h.pbx.hopReturns(o, "HUMAN", "HUMAN-1-1", "", "");
        h.pbx.finishPlayback("aava-vm-" + o.attemptId());
        if (h.flow.live().count() == 0) { // watchdogs far in the future (only when they cannot end other calls)
            Instant back = h.clock.instant();
            h.clock.advance(Duration.ofHours(2));
            h.flow.sweep(h.clock.instant());
            h.clock.set(back);
        }
        assertFalse(h.store.attempts().close(o.attemptId(), AttemptClose.of(Outcome.CANCELED, h.clock.instant())).join(),
                "a second close is refused");
        assertEquals(a, attempt(o), "a second close never overwrites the first");
        assertEquals(leadBefore, lead(o), "nor moves the lead");
        assertEquals(1, h.store.closeCount(o.attemptId()));
        return a;
    }

    private List<Request> requestsOn(Originated o) {
        return h.pbx.requests.stream().filter(r -> o.channelId().equals(r.channelId())).toList();
    }

    private boolean hungUp(Originated o) {
        return !h.pbx.requests("hangup", o.channelId()).isEmpty();
    }

    // ---------------------------------------------------------------- originate

    @Test
    void theLeadsCallerIdSetsCallerIdNumButNotTheFreePbxUser() {
        Campaign c = campaign(b -> { });
        Lead lead = h.store.addLeads(c.id(), List.of(Lead.newPending(c.id(), "+1 415 555 0120", "+14155550120", "Ann", "{}", null, null,
                "+12125550100"))).get(0);
        Lead leased = h.store.leads().lease(new org.aava.dialer.core.ports.LeaseRequest(c.id(), 5, Duration.ofMinutes(2),
                h.clock.instant(), 0)).join().stream().filter(l -> l.id() == lead.id()).findFirst().orElseThrow();
        OriginateRequest r = h.pbx.originated(h.flow.start(c, leased).join().orElseThrow()).orElseThrow().request();
        assertEquals("+12125550100", r.variables().get("CALLERID(num)"));
        assertEquals("\"Outbound\" <+12125550100>", r.callerId());
        assertEquals("6789", r.variables().get("AMPUSER"));
        assertEquals("Local/14155550120@from-internal", r.endpoint());
    }

    @Test
    void theCampaignsCallerIdNumberAndOptOutKeyGoOnTheCallWhenTheLeadHasNoCallerIdOfItsOwn() {
        Campaign c = campaign(b -> b.callerIdNumber("+13055550100").optOutDigit("#").consent(true, "sound:consent", 5));
        Lead own = h.store.addLeads(c.id(), List.of(Lead.newPending(c.id(), "+1 415 555 0120", "+14155550120", "Ann", "{}", null, null,
                "+12125550100"))).get(0);
        h.store.addLeads(c.id(), List.of(Lead.newPending(c.id(), "+1 415 555 0121", "+14155550121", "Bob", "{}", null, null, null)));
        for (Lead leased : h.store.leads().lease(new org.aava.dialer.core.ports.LeaseRequest(c.id(), 5, Duration.ofMinutes(2),
                h.clock.instant(), 0)).join()) {
            OriginateRequest r = h.pbx.originated(h.flow.start(c, leased).join().orElseThrow()).orElseThrow().request();
            String expected = leased.id() == own.id() ? "+12125550100" : "+13055550100";
            assertEquals(expected, r.variables().get("CALLERID(num)"), "the lead's caller_id wins over the campaign's");
            assertEquals("\"Outbound\" <" + expected + ">", r.callerId());
            assertEquals("6789", r.variables().get("AMPUSER"), "the FreePBX user stays the dialer's extension");
            assertEquals("#", r.variables().get("AAVA_OPT_OUT_DIGIT"));
        }
    }

    @Test
    void theOriginateCarriesEverythingTheDialplanAndFreePbxNeed() {
        Campaign c = campaign(b -> b.consent(true, "sound:custom/consent-en", 7).voicemail(true, "sound:custom/vm")
                .amdOptions(AmdOptions.parse("2500,1500")).dialTimeoutSeconds(25));
        Lead lead = h.store.addLeads(c.id(), List.of(Lead.newPending(c.id(), "+1 555 0100", "+15550100", "Ann", "{}", null, null, null))).get(0);
        h.store.lead(lead.id());
        Lead leased = h.store.leads().lease(new org.aava.dialer.core.ports.LeaseRequest(c.id(), 5, Duration.ofMinutes(2),
                h.clock.instant(), 0)).join().stream().filter(l -> l.id() == lead.id()).findFirst().orElseThrow();
        long attemptId = h.flow.start(c, leased).join().orElseThrow();
        Originated o = h.pbx.originated(attemptId).orElseThrow();
        OriginateRequest r = o.request();
        assertEquals("Local/15550100@from-internal", r.endpoint(), "dialed without the +");
        assertEquals(List.of("outbound", Long.toString(attemptId)), r.appArgs());
        assertEquals(r.channelId() + ";2", r.otherChannelId());
        assertTrue(r.channelId().startsWith("aava-"));
        assertEquals("\"Outbound\" <6789>", r.callerId());
        assertEquals(25, r.timeoutSeconds());
        Map<String, String> v = r.variables();
        assertEquals("6789", v.get("AMPUSER"));
        assertEquals("6789", v.get("__AMPUSER"));
        assertEquals("6789", v.get("FROMEXTEN"));
        assertEquals("6789", v.get("CALLERID(num)"));
        assertEquals(Long.toString(attemptId), v.get("AAVA_ATTEMPT_ID"));
        assertEquals(Long.toString(c.id()), v.get("AAVA_CAMPAIGN_ID"));
        assertEquals(Long.toString(lead.id()), v.get("AAVA_LEAD_ID"));
        assertEquals("2500,1500,1000,5000,100,50,10,256,5000", v.get("AAVA_AMD_OPTS"));
        assertEquals("1", v.get("AAVA_CONSENT_ENABLED"));
        assertEquals("custom/consent-en", v.get("AAVA_CONSENT_PLAYBACK"));
        assertEquals("7", v.get("AAVA_CONSENT_TIMEOUT"));
        assertEquals("1", v.get("AAVA_VM_ENABLED"));
        // the attempt and the lead before anything happens
        Attempt a = h.store.attempt(attemptId);
        assertTrue(a.open());
        assertEquals(r.channelId(), a.channelId());
        assertTrue(a.consentEnabled());
        assertEquals("+15550100", a.phoneNumber());
        assertEquals(new org.aava.dialer.core.model.Placement("node-test", "127.0.0.1:8088/aava-test"), a.placement(),
                "the attempt names the node and server that placed it");
        Lead dialing = h.store.lead(lead.id());
        assertEquals(LeadState.DIALING, dialing.state());
        assertEquals(1, dialing.attemptCount());
        assertEquals(CallPhase.ORIGINATING, h.flow.live().byAttempt(attemptId).orElseThrow().phase());
    }

    @Test
    void togglesOffAndDefaultsInTheOriginate() {
        Originated o = h.dialOne(campaign());
        Map<String, String> v = o.request().variables();
        assertEquals("0", v.get("AAVA_CONSENT_ENABLED"));
        assertEquals("0", v.get("AAVA_VM_ENABLED"));
        assertEquals("beep", v.get("AAVA_CONSENT_PLAYBACK"));
        assertEquals(AmdOptions.DEFAULTS.toDialplanArgument(), v.get("AAVA_AMD_OPTS"));
    }

    @Test
    void siteVariablesFromTheSettingsAreAddedToEveryOriginate() {
        DialerSettings d = DialerHarness.settings(50, 0);
        DialerSettings withExtra = new DialerSettings(d.stasisApp(), "PJSIP/{number}@trunk", d.identity(), d.callerIdName(), d.leaseTtl(),
                d.tick(), d.nodeMaxConcurrent(), d.maxOriginatesPerSecond(), d.maxCallDuration(), d.stasisMargin(), d.amdHopTimeout(),
                d.voicemailTimeout(), Map.of("OUTBOUND_ROUTE", "7", "AMPUSER", "overridden"), d.breakerErrors(), d.breakerWindow(),
                d.placement());
        h = new DialerHarness(withExtra, AttachTarget.dialplan("ai-agent", "s", 1));
        Originated o = h.dialOne(campaign());
        assertEquals("7", o.request().variables().get("OUTBOUND_ROUTE"));
        assertEquals("6789", o.request().variables().get("AMPUSER"), "the identity wins over site variables");
        assertTrue(o.request().endpoint().startsWith("PJSIP/1555"));
    }

    @Test
    void theCallCarriesThisNodesFastAgiAddressWhenOneIsConfigured() {
        Originated without = h.dialOne(campaign());
        assertFalse(without.request().variables().containsKey("AAVA_AGI_URL"), "not configured: the dialplan's default applies");
        h = new DialerHarness(DialerHarness.settings(50, 0).withAgiUrl("agi://10.0.0.7:4600/outbound-amd"),
                AttachTarget.dialplan("ai-agent", "s", 1));
        Map<String, String> v = h.dialOne(campaign()).request().variables();
        assertEquals("agi://10.0.0.7:4600/outbound-amd", v.get("AAVA_AGI_URL"));
        assertEquals("aava-test", h.settings.stasisApp(), "the wither keeps the other settings");
        assertEquals("agi://10.0.0.7:4600/outbound-amd", ChannelVars.agiUrl("10.0.0.7", 4600));
        assertEquals("agi://[fd00::7]:4600/outbound-amd", ChannelVars.agiUrl("fd00::7", 4600));
        assertEquals("agi://[fd00::7]:4600/outbound-amd", ChannelVars.agiUrl("[fd00::7]", 4600));
        DialerHarness.settings(50, 0).withAgiUrl(ChannelVars.agiUrl("fd00::7", 4600));
        for (String bad : new String[]{"agi://h:1/x,Hangup()", "agi://h/outbound-amd", "http://h:1/x", "agi://h:1/x)"}) {
            assertThrows(IllegalArgumentException.class, () -> DialerHarness.settings(50, 0).withAgiUrl(bad), bad);
        }
    }

    @Test
    void aLeadThatIsNoLongerLeasedIsNotDialed() {
        Campaign c = campaign();
        Lead leased = h.leaseOne(c);
        assertTrue(h.store.leads().requeueExpired(h.clock.instant().plus(Duration.ofHours(1))).join() > 0);
        assertTrue(h.flow.start(c, leased).join().isEmpty());
        assertTrue(h.pbx.originates.isEmpty());
        assertTrue(h.store.attemptsOf(c.id()).isEmpty(), "no attempt opened");
    }

    @Test
    void originateRefusedIsAnErrorWithTheMessageKept() {
        Campaign c = campaign();
        h.pbx.failNext("originate", new CallControlException(400, "Allocation failed"));
        long attemptId = h.startOne(c);
        Attempt a = h.store.attempt(attemptId);
        assertEquals(Outcome.ERROR, a.outcome());
        assertEquals("originate failed: HTTP 400: Allocation failed", a.errorMessage());
        assertEquals(1, h.store.closeCount(attemptId));
        assertTrue(h.flow.live().byAttempt(attemptId).isEmpty());
        assertTrue(h.pbx.live.isEmpty());
        Lead lead = h.store.lead(a.leadId());
        assertEquals(LeadState.FAILED, lead.state(), "retries are off");
        assertEquals("error", lead.lastOutcome());
    }

    @ParameterizedTest
    @CsvSource({"500, HTTP 500: Internal Server Error", "503, HTTP 503: Internal Server Error", "-1, Connection refused"})
    void originateThatPlacedNoCallRequeuesTheLeadSoon(int status, String described) {
        Campaign c = campaign();
        h.pbx.failNext("originate", new CallControlException(status, described.replace("HTTP " + status + ": ", "")));
        long attemptId = h.startOne(c);
        Attempt a = h.store.attempt(attemptId);
        assertEquals(Outcome.ERROR, a.outcome());
        assertEquals("originate failed: " + described, a.errorMessage());
        Lead lead = h.store.lead(a.leadId());
        assertEquals(LeadState.PENDING, lead.state(), "the call reached nobody: back to the queue");
        assertEquals(h.clock.instant().plusSeconds(30), lead.nextAttemptAt());
    }

    @Test
    void originateWithoutAnAnswerKeepsTheSlotUntilTheCallShowsUpOrTheDialTimeoutPasses() {
        // a timeout under load: Asterisk may have placed the call, so dialing the lead again could ring the person twice
        Campaign c = campaign();
        h.pbx.failNext("originate", new CallControlException(0, "request timed out"));
        long attemptId = h.startOne(c);
        assertTrue(h.store.attempt(attemptId).open(), "not closed on an unanswered originate");
        assertTrue(h.flow.live().byAttempt(attemptId).isPresent(), "the call keeps its slot");
        assertEquals(LeadState.DIALING, h.store.lead(h.store.attempt(attemptId).leadId()).state());

        // past the usual dial budget it still waits: an overloaded Asterisk may place the call late
        h.clock.advanceSeconds(c.dialTimeoutSeconds() + 60);
        h.flow.sweep(h.clock.instant());
        assertTrue(h.store.attempt(attemptId).open(), "still waiting for a late call");

        // no sign of the call for the dial budget and the grace: it was never placed; the lead goes back to the queue
        h.clock.advanceSeconds(60);
        h.flow.sweep(h.clock.instant());
        Attempt a = h.store.attempt(attemptId);
        assertEquals(Outcome.ERROR, a.outcome());
        assertEquals("originate unanswered and no call appeared", a.errorMessage());
        assertEquals(1, h.store.closeCount(attemptId));
        assertFalse(h.pbx.requests("hangup", a.channelId()).isEmpty(), "a late call is hung up, not left ringing");
        assertEquals(LeadState.PENDING, h.store.lead(a.leadId()).state());
        assertEquals(h.clock.instant().plus(Duration.ofMinutes(5)), h.store.lead(a.leadId()).nextAttemptAt(),
                "dialed again only well after any late call");
    }

    @Test
    void anOriginateThatTimedOutButPlacedTheCallIsFollowedAsUsual() {
        Campaign c = campaign();
        h.pbx.failNext("originate", new CallControlException(0, "request timed out"));
        long attemptId = h.startOne(c);
        String channelId = h.store.attempt(attemptId).channelId();
        // the call was placed after all: its events arrive and it is handled like any other
        h.clock.advanceSeconds(3);
        h.flow.stasisStart(channelId, List.of("outbound", Long.toString(attemptId)));
        assertEquals(CallPhase.AMD_HOP, h.flow.live().byAttempt(attemptId).orElseThrow().phase());
        h.clock.advanceSeconds(c.dialTimeoutSeconds() + 60);
        h.flow.sweep(h.clock.instant());
        assertNotEquals("originate unanswered and no call appeared", h.store.attempt(attemptId).errorMessage(),
                "the unanswered-originate watchdog leaves an answered call alone");
    }

    // ---------------------------------------------------------------- unanswered

    @ParameterizedTest(name = "cause {0} dialstatus {1} -> {2}")
    @CsvSource(value = {"17||BUSY", "19||NO_ANSWER", "18||NO_ANSWER", "21||REJECTED", "34||CONGESTION", "1||INVALID_NUMBER",
            "20||CHANUNAVAIL", "0|BUSY|BUSY", "0|CONGESTION|CONGESTION", "0||NO_ANSWER", "16|NOANSWER|NO_ANSWER", "102||ERROR"},
            delimiter = '|')
    void unansweredCallsAreClassifiedByCause(int cause, String dialStatus, Outcome outcome) {
        Originated o = h.dialOne(campaign());
        h.pbx.dialStatus(o.channelId(), "RINGING");
        if (dialStatus != null) h.pbx.dialStatus(o.channelId(), dialStatus);
        h.clock.advanceSeconds(12);
        h.pbx.destroy(o, cause);
        assertFalse(hungUp(o), "nothing to hang up");
        Attempt a = assertClosedOnce(o, outcome);
        assertEquals(cause, a.hangupCause(), "the numeric cause is stored");
        assertEquals("cause " + cause, a.hangupCauseText());
        assertEquals(h.clock.instant(), a.endedAt());
        assertNull(a.answeredAt());
        Lead lead = lead(o);
        assertEquals(outcome.leadStateAfter(), lead.state());
        assertEquals(outcome.wire(), lead.lastOutcome());
        assertEquals(1, lead.attemptCount());
    }

    @Test
    void busyWithRetriesOnPutsTheLeadBackForLater() {
        RetryPolicy retry = new RetryPolicy(true, 3, Map.of(Outcome.BUSY, Duration.ofMinutes(10)), 2.0, 0.0);
        Originated o = h.dialOne(campaign(b -> b.retryPolicy(retry)));
        h.pbx.destroy(o, 17);
        assertClosedOnce(o, Outcome.BUSY);
        Lead lead = lead(o);
        assertEquals(LeadState.PENDING, lead.state());
        assertEquals(attempt(o).endedAt().plus(Duration.ofMinutes(10)), lead.nextAttemptAt());
    }

    // ---------------------------------------------------------------- answer and the AMD hop

    @Test
    void anAnsweredCallGoesThroughTheAmdHopWithItsVariablesSetOnTheAnsweredChannel() {
        Originated o = h.dialOne(campaign(b -> b.consent(true, null, 5)));
        h.clock.advanceSeconds(8);
        h.pbx.answer(o);
        List<Request> mine = requestsOn(o);
        // the hop's variables went on with the originate: answering costs one request, the continue
        assertTrue(h.pbx.originateRequests.get(0).variables().keySet().containsAll(List.of("AAVA_ATTEMPT_ID", "AAVA_CAMPAIGN_ID",
                "AAVA_LEAD_ID", "AAVA_AMD_OPTS", "AAVA_CONSENT_ENABLED", "AAVA_CONSENT_PLAYBACK", "AAVA_CONSENT_TIMEOUT",
                "AAVA_VM_ENABLED")), h.pbx.originateRequests.get(0).variables().toString());
        int cont = -1;
        for (int i = 0; i < mine.size(); i++) if (mine.get(i).op().equals("continue")) cont = i;
        assertTrue(cont > 0, mine.toString());
        assertTrue(mine.stream().noneMatch(r -> r.op().equals("setVariables")), "no extra requests: " + mine);
        assertEquals(List.of("aava-outbound-amd", "s", "1"), mine.get(cont).args());
        assertEquals(Long.toString(o.attemptId()), h.pbx.variables.get(o.channelId()).get("AAVA_ATTEMPT_ID"));
        assertFalse(h.pbx.requests("follow", o.channelId()).isEmpty(), "followed while it is out of our app");
        Attempt a = attempt(o);
        assertTrue(a.open());
        assertEquals(h.clock.instant(), a.answeredAt());
        assertEquals(LeadState.AMD_PENDING, lead(o).state());
        assertEquals(CallPhase.AMD_HOP, h.flow.live().byAttempt(o.attemptId()).orElseThrow().phase());

        // leaving Stasis for the hop is not the end of the call; a duplicate StasisStart does not hop twice
        h.pbx.stasisEnd(o.channelId());
        h.pbx.answer(o);
        assertTrue(attempt(o).open());
        assertEquals(1, h.pbx.requests("continue", o.channelId()).size());
        assertEquals(CallPhase.AMD_HOP, h.flow.live().byAttempt(o.attemptId()).orElseThrow().phase());
    }

    @ParameterizedTest
    @EnumSource(org.aava.dialer.core.ai.AttachMode.class)
    void aHumanIsAttachedToTheAiAndTheCallRecordFollowsTheCall(org.aava.dialer.core.ai.AttachMode mode) {
        AttachTarget target = switch (mode) {
            case STASIS -> AttachTarget.stasis("ai-engine");
            case DIALPLAN -> AttachTarget.dialplan("ai-agent", "s", 2);
            case AUDIOSOCKET -> AttachTarget.audioSocket("127.0.0.1", 9092);
        };
        h = new DialerHarness(DialerHarness.settings(50, 0), new AiContexts(List.of(
                new AiContext("sales", "Sell politely.", "Hi", "openai", List.of("hangup_call"), target),
                new AiContext("support", "Help.", "Hi", "deepgram", List.of(), AttachTarget.stasis("other")))), DialerHarness.MONDAY_NOON_UTC);
        Campaign c = h.campaign("ai", b -> b.defaultContext("sales"), 1);
        Originated o = h.dialOne(c);
        h.clock.advanceSeconds(5);
        h.pbx.answer(o);
        h.clock.advanceSeconds(3);
        Instant hopBack = h.clock.instant();
        h.pbx.stasisEnd(o.channelId());
        h.pbx.hopReturns(o, "HUMAN", "HUMAN-1017-1000", "", "");

        // the AI's variables are on the channel before it is handed over
        List<Request> mine = requestsOn(o);
        String attachOp = switch (mode) {
            case STASIS -> "move";
            case DIALPLAN -> "continue";
            case AUDIOSOCKET -> "audiosocket";
        };
        int attachAt = -1;
        for (int i = 0; i < mine.size(); i++) {
            if (mine.get(i).op().equals(attachOp) && !mine.get(i).args().contains("aava-outbound-amd")) attachAt = i;
        }
        assertTrue(attachAt > 0, mine.toString());
        // set at originate, so the attach itself is a single request when every millisecond counts
        assertTrue(mine.stream().noneMatch(r -> r.op().equals("setVariables")), "no request before the attach: " + mine);
        assertTrue(h.pbx.originateRequests.get(0).variables().keySet().containsAll(
                List.of("AAVA_ATTEMPT_ID", "AAVA_CONTEXT", "AI_CONTEXT", "AI_PROVIDER", "AAVA_LEAD_CONTEXT_JSON")));
        Map<String, String> v = h.pbx.variables.get(o.channelId());
        assertEquals(Long.toString(o.attemptId()), v.get("AAVA_ATTEMPT_ID"));
        assertEquals("sales", v.get("AAVA_CONTEXT"));
        assertEquals("sales", v.get("AI_CONTEXT"));
        assertEquals("openai", v.get("AI_PROVIDER"));
        assertEquals("{\"name\":\"L0\"}", v.get("AAVA_LEAD_CONTEXT_JSON"));
        Request attach = mine.get(attachAt);
        switch (mode) {
            case STASIS -> assertEquals(List.of("ai-engine", "outbound", Long.toString(o.attemptId())), attach.args());
            case DIALPLAN -> assertEquals(List.of("ai-agent", "s", "2"), attach.args());
            case AUDIOSOCKET -> {
                String uuid = attach.args().get(2);
                assertEquals(List.of("127.0.0.1", "9092", uuid), attach.args());
                assertEquals(uuid, v.get("AAVA_AUDIOSOCKET_UUID"));
                assertEquals(o.attemptId(), h.flow.session(uuid).orElseThrow().attemptId());
            }
        }
        String key = v.get("AAVA_AI_SESSION_KEY");
        assertEquals(attempt(o).aiSessionKey().value(), key, "the key on the channel is the one stored on the attempt");
        assertEquals(o.attemptId(), h.flow.session(key).orElseThrow().attemptId());
        assertTrue(h.flow.session(Long.toString(o.attemptId())).isEmpty(), "the attempt id, a guessable number, opens no session");
        assertEquals(CallPhase.AI_ATTACHED, h.flow.live().byAttempt(o.attemptId()).orElseThrow().phase());

        // while the AI talks: the attempt is open, the lead in progress, the call record started
        Attempt during = attempt(o);
        assertTrue(during.open());
        assertEquals("HUMAN", during.amdStatus());
        assertEquals("HUMAN-1017-1000", during.amdCause());
        assertEquals(ConsentResult.SKIPPED, during.consentResult());
        assertEquals("sales", during.context());
        assertEquals("openai", during.provider());
        assertEquals("Sell politely. [lead L0]", during.effectivePrompt());
        assertEquals(LeadState.IN_PROGRESS, lead(o).state());
        assertEquals(1, h.store.historyRows().size());
        CallRecord started = h.store.historyRows().get(0);
        assertEquals(started.id(), during.callHistoryId());
        assertEquals(hopBack, started.startedAt());
        assertEquals(o.attemptId(), started.attemptId());
        assertNull(started.endedAt());

        h.clock.advance(Duration.ofMinutes(3));
        h.pbx.destroy(o, 16);
        Attempt done = assertClosedOnce(o, Outcome.ANSWERED_HUMAN);
        assertEquals(16, done.hangupCause());
        assertEquals(183, done.durationSeconds(), "talk time from the answer");
        assertEquals(LeadState.COMPLETED, lead(o).state());
        CallRecord finished = h.store.historyRows().get(0);
        assertEquals(h.clock.instant(), finished.endedAt());
        assertEquals("answered_human", finished.outcome());
        assertTrue(h.flow.session(key).isEmpty(), "an ended call is no AI session");
        assertTrue(h.flow.session(Long.toString(o.attemptId())).isEmpty());
    }

    @Test
    void everyCallCarriesItsOwnAiSessionKeyStoredOnItsAttempt() {
        Campaign c = h.campaign("keys", b -> { }, 2);
        Originated first = h.dialOne(c);
        Originated second = h.dialOne(c);
        String firstKey = first.request().variables().get(ChannelVars.AI_SESSION_KEY);
        String secondKey = second.request().variables().get(ChannelVars.AI_SESSION_KEY);
        assertEquals("test-session-key-1", firstKey, "from the flow's key supplier");
        assertEquals("test-session-key-2", secondKey);
        assertEquals(firstKey, attempt(first).aiSessionKey().value(), "stored, so a restarted dialer still knows it");
        assertEquals(secondKey, attempt(second).aiSessionKey().value());
        assertFalse(first.request().variables().containsKey("__" + ChannelVars.AI_SESSION_KEY),
                "set on our channel like the other AI variables, where the AI side reads them");
        assertFalse(attempt(first).toString().contains(firstKey), "a logged attempt does not show its key");
    }

    @Test
    void theAiSessionExistsOnlyWhileTheCallIsAttachedToTheAi() {
        Campaign c = h.campaign("phases", b -> b.voicemail(true, "sound:custom/vm").maxConcurrent(2), 2);
        Originated machine = h.dialOne(c);
        String machineKey = machine.request().variables().get(ChannelVars.AI_SESSION_KEY);
        assertTrue(h.flow.session(machineKey).isEmpty(), "ringing: no AI yet");
        h.pbx.answer(machine);
        assertEquals(CallPhase.AMD_HOP, h.flow.live().byAttempt(machine.attemptId()).orElseThrow().phase());
        assertTrue(h.flow.session(machineKey).isEmpty(), "in AMD: no AI yet");
        h.pbx.hopReturns(machine, "MACHINE", "MAXWORDS-3-3", "", "");
        assertEquals(CallPhase.VOICEMAIL, h.flow.live().byAttempt(machine.attemptId()).orElseThrow().phase());
        assertTrue(h.flow.session(machineKey).isEmpty(), "a voicemail drop is no AI session");

        Originated human = h.dialOne(c);
        String humanKey = human.request().variables().get(ChannelVars.AI_SESSION_KEY);
        h.pbx.answer(human);
        h.pbx.hopReturns(human, "HUMAN", "HUMAN-1-1", "", "");
        assertEquals(human.attemptId(), h.flow.session(humanKey).orElseThrow().attemptId());
        assertTrue(h.flow.session(machineKey).isEmpty(), "one call's key never opens another");
        assertTrue(h.flow.session("").isEmpty());
        assertTrue(h.flow.session(null).isEmpty());
        h.pbx.destroy(human, 16);
        assertTrue(h.flow.session(humanKey).isEmpty(), "ended: 404 for the AI");
    }

    @Test
    void aCallAdoptedAfterARestartIsStillFoundByItsStoredKey() {
        Originated o = h.dialOne(campaign());
        String key = o.request().variables().get(ChannelVars.AI_SESSION_KEY);
        h.pbx.answer(o);
        h.pbx.hopReturns(o, "HUMAN", "HUMAN-1-1", "", "");
        h.clock.advanceSeconds(30);

        CallFlow fresh = restartedFlow();
        h.pbx.reconnect();

        assertEquals(CallPhase.AI_ATTACHED, fresh.live().byAttempt(o.attemptId()).orElseThrow().phase());
        assertEquals(o.attemptId(), fresh.session(key).orElseThrow().attemptId(), "the AI engine's key still works");
        assertTrue(fresh.session(Long.toString(o.attemptId())).isEmpty());
        h.pbx.destroy(o, 16);
        assertTrue(fresh.session(key).isEmpty());
    }

    @Test
    void consentAcceptedAttachesTheAi() {
        Originated o = h.dialOne(campaign(b -> b.consent(true, "sound:consent", 5)));
        h.pbx.answer(o);
        h.pbx.hopReturns(o, "HUMAN", "HUMAN-1-1", "1", "accepted");
        assertEquals(List.of("ai-agent", "s", "1"), h.pbx.requests("continue", o.channelId()).get(1).args());
        Attempt a = attempt(o);
        assertEquals(ConsentResult.ACCEPTED, a.consentResult());
        assertEquals("1", a.consentDtmf());
        assertNotNull(a.consentAt());
        h.pbx.destroy(o, 16);
        assertClosedOnce(o, Outcome.ANSWERED_HUMAN);
    }

    @Test
    void theOptOutKeyEndsTheCallOptedOutAndPutsTheNumberOnTheGlobalDnc() {
        Originated o = h.dialOne(campaign(b -> b.consent(true, "sound:consent", 5)));
        assertEquals("9", o.request().variables().get("AAVA_OPT_OUT_DIGIT"));
        h.pbx.answer(o);
        h.pbx.hopReturns(o, "HUMAN", "HUMAN-1-1", "9", "opted_out");
        assertTrue(hungUp(o));
        assertTrue(h.pbx.requests("move").isEmpty(), "never reaches the AI");
        Attempt a = assertClosedOnce(o, Outcome.OPTED_OUT);
        assertEquals(ConsentResult.OPTED_OUT, a.consentResult());
        assertEquals(LeadState.DNC, lead(o).state());
        String number = lead(o).phoneNormalized();
        var entries = h.store.dnc().page(null, true, null, 1, 10).join().items();
        assertEquals(1, entries.size());
        assertEquals(number, entries.get(0).phoneNormalized());
        assertNull(entries.get(0).campaignId(), "global");
        assertEquals("opt_out_keypress", entries.get(0).source());
    }

    @ParameterizedTest
    @CsvSource({"2, denied, CONSENT_DENIED", "'', timeout, CONSENT_TIMEOUT", "7, timeout, CONSENT_TIMEOUT"})
    void consentRefusedOrUnansweredHangsUp(String dtmf, String consent, Outcome outcome) {
        Originated o = h.dialOne(campaign(b -> b.consent(true, "sound:consent", 5)));
        h.pbx.answer(o);
        h.clock.advanceSeconds(9);
        h.pbx.hopReturns(o, "HUMAN", "HUMAN-1-1", dtmf, consent);
        assertTrue(hungUp(o));
        assertFalse(h.pbx.live.contains(o.channelId()));
        assertEquals(1, h.pbx.requests("continue", o.channelId()).size(), "only the AMD hop, never the AI");
        assertTrue(h.pbx.requests("move").isEmpty());
        Attempt a = assertClosedOnce(o, outcome);
        assertEquals(ConsentResult.parse(consent), a.consentResult());
        assertEquals(dtmf.isEmpty() ? null : dtmf, a.consentDtmf());
        assertEquals(LeadState.CANCELED, lead(o).state());
        assertTrue(h.store.historyRows().isEmpty(), "no call record without the AI");
    }

    @ParameterizedTest
    @CsvSource({"MACHINE, MACHINE", "NOTSURE, MACHINE"})
    void aMachineGetsTheVoicemailDropWhenEnabled(String reported, String stored) {
        Originated o = h.dialOne(campaign(b -> b.voicemail(true, "sound:aava/vm-drop")));
        h.pbx.answer(o);
        h.pbx.hopReturns(o, reported, "MAXWORDS-11-10", "", "");
        Request play = h.pbx.requests("play", o.channelId()).get(0);
        assertEquals("sound:aava/vm-drop", play.args().get(0));
        assertTrue(attempt(o).open(), "open while the message plays");
        assertFalse(hungUp(o));
        assertEquals(CallPhase.VOICEMAIL, h.flow.live().byAttempt(o.attemptId()).orElseThrow().phase());
        h.pbx.finishPlayback("some-other-playback");
        assertTrue(attempt(o).open(), "another playback's end is not ours");
        h.clock.advanceSeconds(20);
        h.pbx.finishPlayback(play.args().get(1));
        assertTrue(hungUp(o));
        Attempt a = assertClosedOnce(o, Outcome.VOICEMAIL_DROPPED);
        assertEquals(stored, a.amdStatus());
        assertEquals(LeadState.COMPLETED, lead(o).state());
    }

    @Test
    void aMachineThatHangsUpDuringTheDropIsMachineDetected() {
        Originated o = h.dialOne(campaign(b -> b.voicemail(true, "sound:aava/vm-drop")));
        h.pbx.answer(o);
        h.pbx.hopReturns(o, "MACHINE", "LONGGREETING", "", "");
        h.pbx.destroy(o, 16);
        Attempt a = assertClosedOnce(o, Outcome.MACHINE_DETECTED);
        assertEquals("hung up before the voicemail drop finished", a.errorMessage());
    }

    @Test
    void aVoicemailDropThatCannotPlayOrNeverEndsIsMachineDetected() {
        Campaign c = h.campaign("vm", b -> b.voicemail(true, "sound:missing").maxConcurrent(2), 2);
        h.pbx.failNext("play", new CallControlException(404, "Media not found"));
        Originated failing = h.dialOne(c);
        h.pbx.answer(failing);
        h.pbx.hopReturns(failing, "MACHINE", "", "", "");
        Attempt a = assertClosedOnce(failing, Outcome.MACHINE_DETECTED);
        assertEquals("voicemail drop failed: HTTP 404: Media not found", a.errorMessage());

        Originated endless = h.dialOne(c);
        h.pbx.answer(endless);
        h.pbx.hopReturns(endless, "MACHINE", "", "", "");
        h.clock.advanceSeconds(119);
        h.flow.sweep(h.clock.instant());
        assertTrue(attempt(endless).open());
        h.clock.advanceSeconds(2);
        h.flow.sweep(h.clock.instant());
        assertTrue(hungUp(endless));
        Attempt b = assertClosedOnce(endless, Outcome.MACHINE_DETECTED);
        assertEquals("voicemail playback did not finish", b.errorMessage());
    }

    @Test
    void aMachineWithoutVoicemailIsHungUp() {
        Originated o = h.dialOne(campaign());
        h.pbx.answer(o);
        h.pbx.hopReturns(o, "MACHINE", "MAXWORDS-11-10", "", "");
        assertTrue(hungUp(o));
        assertTrue(h.pbx.requests("play").isEmpty());
        assertClosedOnce(o, Outcome.MACHINE_DETECTED);
        assertEquals(LeadState.COMPLETED, lead(o).state());
    }

    @Test
    void hangingUpDuringTheHopIsHangupDuringAmd() {
        Campaign c = h.campaign("hop", b -> b.maxConcurrent(2), 2);
        Originated destroyed = h.dialOne(c);
        h.pbx.answer(destroyed);
        h.pbx.stasisEnd(destroyed.channelId());
        h.pbx.destroy(destroyed, 16);
        assertClosedOnce(destroyed, Outcome.HANGUP_DURING_AMD);
        assertEquals(LeadState.FAILED, lead(destroyed).state());

        Originated reported = h.dialOne(c);
        h.pbx.answer(reported);
        h.pbx.hopReturns(reported, "HANGUP", "", "", "");
        assertTrue(h.pbx.requests("move").isEmpty() && h.pbx.requests("continue", reported.channelId()).size() == 1, "no AI attach");
        assertClosedOnce(reported, Outcome.HANGUP_DURING_AMD);
    }

    @Test
    void aRefusedHopIsAnErrorAndTheCallIsHungUp() {
        Originated o = h.dialOne(campaign());
        h.pbx.failNext("continue", new CallControlException(409, "Channel not in Stasis application"));
        h.pbx.answer(o);
        assertTrue(hungUp(o));
        Attempt a = assertClosedOnce(o, Outcome.ERROR);
        assertEquals("continueInDialplan failed: HTTP 409: Channel not in Stasis application", a.errorMessage());
        assertEquals(LeadState.FAILED, lead(o).state());
    }

    @Test
    void anIndeterminateHopFailureWaitsForTheChannelOrTheWatchdog() {
        Campaign c = h.campaign("hop5xx", b -> b.maxConcurrent(2), 2);
        h.pbx.fail("continue", new CallControlException(500, "timeout"));
        Originated settledByDestroy = h.dialOne(c);
        h.pbx.answer(settledByDestroy);
        assertTrue(attempt(settledByDestroy).open(), "Asterisk may have acted on it");
        assertFalse(hungUp(settledByDestroy));
        assertEquals(CallPhase.AMD_HOP, h.flow.live().byAttempt(settledByDestroy.attemptId()).orElseThrow().phase());
        h.pbx.destroy(settledByDestroy, 16);
        assertClosedOnce(settledByDestroy, Outcome.HANGUP_DURING_AMD);

        Originated settledByWatchdog = h.dialOne(c);
        Instant answered = h.clock.instant();
        h.pbx.answer(settledByWatchdog);
        h.clock.set(answered.plusSeconds(60));
        h.flow.sweep(h.clock.instant());
        assertTrue(attempt(settledByWatchdog).open(), "the hop timeout is not over yet");
        h.clock.set(answered.plusSeconds(61));
        h.flow.sweep(h.clock.instant());
        assertTrue(hungUp(settledByWatchdog));
        Attempt a = assertClosedOnce(settledByWatchdog, Outcome.ERROR);
        assertEquals("the AMD hop did not return to Stasis within 60 s", a.errorMessage());
    }

    @Test
    void aFailedAiAttachIsAnError() {
        Originated o = h.dialOne(campaign());
        h.pbx.answer(o);
        h.pbx.failNext("continue", new CallControlException(404, "Context not found"));
        h.pbx.hopReturns(o, "HUMAN", "", "", "");
        assertTrue(hungUp(o));
        Attempt a = assertClosedOnce(o, Outcome.ERROR);
        assertEquals("AI attach failed: HTTP 404: Context not found", a.errorMessage());
        assertTrue(h.store.historyRows().isEmpty());
    }

    // ---------------------------------------------------------------- watchdogs

    @Test
    void noStasisStartWithinTheDialTimeoutPlusMarginIsNoAnswer() {
        Originated o = h.dialOne(campaign(b -> b.dialTimeoutSeconds(30)));
        Instant started = h.clock.instant();
        h.clock.set(started.plusSeconds(45));
        h.flow.sweep(h.clock.instant());
        assertTrue(attempt(o).open(), "30 s dial timeout + 15 s margin not over yet");
        h.clock.set(started.plusSeconds(45).plusMillis(1));
        h.flow.sweep(h.clock.instant());
        assertTrue(hungUp(o));
        Attempt a = assertClosedOnce(o, Outcome.NO_ANSWER);
        assertEquals("no answer within the dial timeout (no StasisStart)", a.errorMessage());
        assertEquals(LeadState.FAILED, lead(o).state());
    }

    @Test
    void aCallOverTheMaximumDurationIsHungUpAndStaysAnsweredHuman() {
        Originated o = h.dialOne(campaign());
        h.pbx.answer(o);
        h.pbx.hopReturns(o, "HUMAN", "", "", "");
        h.clock.advance(Duration.ofMinutes(59));
        h.flow.sweep(h.clock.instant());
        assertFalse(hungUp(o));
        h.pbx.destroyOnHangup = false;
        h.clock.advance(Duration.ofMinutes(2));
        h.flow.sweep(h.clock.instant());
        h.flow.sweep(h.clock.instant());
        assertEquals(1, h.pbx.requests("hangup", o.channelId()).size(), "hung up once");
        assertTrue(attempt(o).open(), "closed when the channel is gone");
        h.pbx.destroy(o, 16);
        assertClosedOnce(o, Outcome.ANSWERED_HUMAN);
    }

    // ---------------------------------------------------------------- AI actions

    @Test
    void aTransferEndsAsTransferred() {
        Originated o = h.dialOne(campaign());
        assertFalse(h.flow.transfer(o.attemptId(), "from-internal", "200").join(), "not before the AI has the call");
        h.pbx.answer(o);
        h.pbx.hopReturns(o, "HUMAN", "", "", "");
        assertTrue(h.flow.transfer(o.attemptId(), "from-internal", "200").join());
        assertEquals(List.of("from-internal", "200", "1"), h.pbx.requests("continue", o.channelId()).get(2).args());
        h.pbx.destroy(o, 16);
        assertClosedOnce(o, Outcome.TRANSFERRED);
        assertEquals(LeadState.COMPLETED, lead(o).state());
        assertEquals("transferred", h.store.historyRows().get(0).outcome());
    }

    @Test
    void theAiHangingUpKeepsAnsweredHuman() {
        Originated o = h.dialOne(campaign());
        h.pbx.answer(o);
        h.pbx.hopReturns(o, "HUMAN", "", "", "");
        assertTrue(h.flow.hangupByAi(o.attemptId()));
        assertClosedOnce(o, Outcome.ANSWERED_HUMAN);
        assertFalse(h.flow.hangupByAi(o.attemptId()), "gone");
    }

    // ---------------------------------------------------------------- malformed and unknown

    @Test
    void malformedHopArgumentsEndTheCallAsAnError() {
        Originated o = h.dialOne(campaign());
        h.pbx.answer(o);
        h.pbx.stasisStart(o.channelId(), List.of("outbound_amd", "not-a-number", "HUMAN"));
        assertTrue(hungUp(o));
        Attempt a = assertClosedOnce(o, Outcome.ERROR);
        assertTrue(a.errorMessage().startsWith("malformed AMD hop arguments: [outbound_amd, not-a-number, HUMAN]"), a.errorMessage());
        assertEquals(LeadState.FAILED, lead(o).state());
        assertTrue(h.pbx.requests("move").isEmpty());
    }

    @Test
    void malformedArgumentsOnAnUnknownChannelAreHungUpAndNothingElse() {
        Originated o = h.dialOne(campaign());
        h.pbx.stasisStart("stranger", List.of("outbound_amd"));
        assertEquals(1, h.pbx.requests("hangup", "stranger").size());
        assertTrue(attempt(o).open(), "our call is untouched");
        h.pbx.stasisStart("stranger2", List.of());
        h.pbx.stasisStart("stranger3", List.of("something-else", "1"));
        assertTrue(h.pbx.requests("hangup", "stranger2").isEmpty());
    }

    @Test
    void aHopReturningForAnAttemptThisProcessDoesNotKnowIsClosedAsAnError() {
        Originated o = h.dialOne(campaign());
        h.pbx.answer(o);
        // a restarted process: same store and PBX, empty memory
        DialerHarness restarted = new DialerHarness(h.settings, h.contexts, h.clock.instant());
        CallFlow fresh = restartedFlow();
        h.pbx.hopReturns(o, "HUMAN", "HUMAN-1-1", "", "");
        assertTrue(hungUp(o));
        Attempt a = attempt(o);
        assertEquals(Outcome.ERROR, a.outcome());
        assertEquals("unknown call after restart", a.errorMessage());
        assertEquals("HUMAN", a.amdStatus(), "the hop's result is still recorded");
        assertEquals(1, h.store.closeCount(o.attemptId()));
        assertTrue(restarted.pbx.originates.isEmpty());
    }

    // ---------------------------------------------------------------- reconnect and restart

    @Test
    void afterReconnectACallWhoseChannelIsGoneEndsAsLostOnRestart() {
        Campaign c = h.campaign("reconnect", b -> b.maxConcurrent(3), 3);
        Originated gone = h.dialOne(c);
        Originated kept = h.dialOne(c);
        h.pbx.answer(kept);
        h.pbx.hopReturns(kept, "HUMAN", "", "", "");
        h.clock.advanceSeconds(10);
        Originated young = h.dialOne(c);
        h.pbx.disconnect();
        assertFalse(h.flow.pbxConnected());
        h.pbx.live.remove(gone.channelId());
        h.pbx.live.remove(young.channelId());
        h.clock.advanceSeconds(2);
        h.pbx.reconnect();
        Attempt a = assertClosedOnce(gone, Outcome.ERROR);
        assertEquals("lost on restart: channel gone after reconnect", a.errorMessage());
        assertEquals(LeadState.FAILED, lead(gone).state(), "never a stuck dialing lead");
        assertTrue(attempt(kept).open(), "a channel that still exists keeps its call");
        assertEquals(CallPhase.AI_ATTACHED, h.flow.live().byAttempt(kept.attemptId()).orElseThrow().phase());
        assertTrue(attempt(young).open(), "a call originated seconds ago may not be listed yet");
        h.pbx.destroy(kept, 16);
        assertClosedOnce(kept, Outcome.ANSWERED_HUMAN);
    }

    @Test
    void aNodeOnAnotherAsteriskLeavesThisServersOpenCallsToTheirNode() {
        // two nodes on one database, each with its own Asterisk: a node's reconciliation sees only its server's
        // channels, so another server's open attempt (its channel "missing" here) is not its to close
        Campaign c = h.campaign("two servers", b -> b.maxConcurrent(3), 1);
        Originated o = h.dialOne(c);
        h.pbx.answer(o);
        h.pbx.live.remove(o.channelId());
        h.clock.advanceSeconds(10);
        DialerSettings d = h.settings;
        DialerSettings otherNode = new DialerSettings(d.stasisApp(), d.endpointTemplate(), d.identity(), d.callerIdName(), d.leaseTtl(),
                d.tick(), d.nodeMaxConcurrent(), d.maxOriginatesPerSecond(), d.maxCallDuration(), d.stasisMargin(), d.amdHopTimeout(),
                d.voicemailTimeout(), d.extraVariables(), d.breakerErrors(), d.breakerWindow(),
                new org.aava.dialer.core.model.Placement("node-2", "10.0.0.2:8088/aava-test"), d.agiUrl());
        CallFlow other = flowWith(otherNode);
        h.pbx.reconnect();
        other.sweep(h.clock.instant());
        assertTrue(attempt(o).open(), "another server's call is left to its own node");

        CallFlow own = restartedFlow();
        h.pbx.reconnect();
        own.sweep(h.clock.instant());
        assertEquals("lost on restart", attempt(o).errorMessage(), "its own node, restarted, settles it");
        assertEquals(1, h.store.closeCount(o.attemptId()));
    }

    @Test
    void anAttemptLostInAQuickRestartIsSettledOnceItIsOldEnough() {
        // killed 2 s after dialing, restarted at once: the attempt is too young to tell from one being started now
        Campaign c = h.campaign("quick restart", b -> b.maxConcurrent(3), 1);
        Originated o = h.dialOne(c);
        h.pbx.answer(o);
        h.pbx.live.remove(o.channelId()); // gone while nobody was listening
        h.clock.advanceSeconds(2);
        CallFlow fresh = restartedFlow();
        h.pbx.reconnect();
        assertTrue(attempt(o).open(), "left alone while young");

        h.clock.advanceSeconds(5);
        fresh.sweep(h.clock.instant());
        Attempt lost = attempt(o);
        assertEquals(Outcome.ERROR, lost.outcome(), "settled by the watchdog's second pass, not left open for ever");
        assertEquals("lost on restart", lost.errorMessage());
        assertEquals(1, h.store.closeCount(o.attemptId()));
        assertFalse(lead(o).state().isLive(), "the lead is out of its live state: " + lead(o));
    }

    @Test
    void aRestartedProcessAdoptsLiveCallsAndClosesLostOnes() {
        Campaign c = h.campaign("restart", b -> b.maxConcurrent(3), 3);
        Originated unanswered = h.dialOne(c);
        Originated talking = h.dialOne(c);
        h.pbx.answer(talking);
        h.pbx.hopReturns(talking, "HUMAN", "", "", "");
        Originated ringing = h.dialOne(c);
        h.pbx.live.remove(unanswered.channelId()); // it ended while nobody was listening
        h.clock.advanceSeconds(30);

        CallFlow fresh = restartedFlow();
        h.pbx.reconnect();

        Attempt lost = attempt(unanswered);
        assertEquals(Outcome.ERROR, lost.outcome());
        assertEquals("lost on restart", lost.errorMessage());
        // its originate was sent, so it may have rung: with retries off it is not dialed again (ReconnectRecoveryTest)
        assertEquals(LeadState.FAILED, lead(unanswered).state(), "a lost call that was sent is never redialed at once");
        assertEquals(CallPhase.AI_ATTACHED, fresh.live().byAttempt(talking.attemptId()).orElseThrow().phase());
        assertEquals(CallPhase.ORIGINATING, fresh.live().byAttempt(ringing.attemptId()).orElseThrow().phase());
        // the adopted calls are still accounted for
        h.pbx.destroy(talking, 16);
        assertEquals(Outcome.ANSWERED_HUMAN, attempt(talking).outcome());
        assertEquals("answered_human", h.store.historyRows().get(0).outcome(), "the call record is finished too");
        h.pbx.answer(ringing);
        assertEquals(List.of("aava-outbound-amd", "s", "1"), h.pbx.requests("continue", ringing.channelId()).get(0).args());
        h.pbx.destroy(ringing, 16);
        assertEquals(Outcome.HANGUP_DURING_AMD, attempt(ringing).outcome());
        for (Originated o : List.of(unanswered, talking, ringing)) assertEquals(1, h.store.closeCount(o.attemptId()));
        assertTrue(h.store.leadsOf(c.id()).stream().noneMatch(l -> l.state().isLive()), "no lead left live");
    }

    @Test
    void anAnswerForAnAttemptOfAPreviousRunIsAdopted() {
        Originated o = h.dialOne(campaign());
        CallFlow fresh = restartedFlow();
        h.pbx.answer(o);
        assertEquals(CallPhase.AMD_HOP, fresh.live().byAttempt(o.attemptId()).orElseThrow().phase());
        assertEquals(1, h.pbx.requests("continue", o.channelId()).size());
        // and one for a closed attempt is hung up
        h.pbx.destroy(o, 16);
        assertEquals(Outcome.HANGUP_DURING_AMD, attempt(o).outcome());
        h.pbx.live.add(o.channelId());
        h.pbx.answer(o);
        assertTrue(hungUp(o));
        assertEquals(1, h.store.closeCount(o.attemptId()));
    }

    @Test
    void aReconnectWhileACallIsStartingNeitherClosesItNorFreesItsLead() {
        Campaign c = campaign();
        // the reconnect's reconciliation runs between the attempt's insert and the call's registration
        h.store.onNext("attempt.open", h.pbx::reconnect);
        Originated o = h.dialOne(c);
        assertTrue(attempt(o).open(), () -> "closed under a live call: " + attempt(o));
        assertEquals(LeadState.DIALING, lead(o).state());
        h.run(Duration.ofSeconds(10));
        assertEquals(1, h.pbx.originates.size(), "the lead is never dialed twice at once");
        h.pbx.destroy(o, 17);
        assertClosedOnce(o, Outcome.BUSY);
        // an attempt really left open by a crashed process is still closed, by the lease expiry
        Lead stale = h.leaseOne(h.campaign("crashed", b -> { }, 1));
        long orphan = h.store.journal().apply(new org.aava.dialer.core.ports.AttemptTransition.Open(
                org.aava.dialer.core.model.Attempt.opening(stale.campaignId(), stale.id(), stale.phoneNormalized(), h.clock.instant(),
                        false, "aava-orphan", "default", "p"), h.clock.instant().plusSeconds(120))).join().orElseThrow().id();
        h.pbx.reconnect();
        assertTrue(h.store.attempt(orphan).open(), "seconds old: may not be listed by Asterisk yet");
        h.clock.advanceSeconds(30);
        h.pbx.reconnect();
        assertEquals(Outcome.ERROR, h.store.attempt(orphan).outcome());
        assertEquals(LeadState.FAILED, h.store.lead(stale.id()).state(), "retries off: not requeued for an immediate redial");
    }

    // ---------------------------------------------------------------- breaker

    @Test
    void consecutiveErrorsPauseTheCampaignWithAReason() {
        h = new DialerHarness(DialerHarness.settings(50, 3), AttachTarget.dialplan("ai-agent", "s", 1));
        Campaign c = h.campaign("breaker", b -> b.maxConcurrent(10), 10);
        h.pbx.fail("originate", new CallControlException(400, "Allocation failed"));
        h.startOne(c);
        h.startOne(c);
        h.pbx.fail("originate", null);
        Originated busy = h.dialOne(c);
        h.pbx.destroy(busy, 17); // a non-error outcome breaks the streak
        h.pbx.fail("originate", new CallControlException(400, "Allocation failed"));
        h.startOne(c);
        h.startOne(c);
        assertEquals(CampaignStatus.RUNNING, h.store.campaign(c.id()).status());
        h.startOne(c);
        Campaign paused = h.store.campaign(c.id());
        assertEquals(CampaignStatus.PAUSED, paused.status());
        assertEquals("circuit breaker: 3 consecutive errors within 5 min (last: originate failed: HTTP 400: Allocation failed)",
                paused.pausedReason());
    }

    /** A new CallFlow on the same store and PBX, as after a restart of the process; it receives the PBX's events. */
    private CallFlow restartedFlow() {
        return flowWith(h.settings);
    }

    private CallFlow flowWith(DialerSettings settings) {
        CallFlow fresh = new CallFlow(h.pbx, h.store.journal(), h.store.attempts(), h.store.leads(), h.store.campaigns(),
                h.contexts, (ctx, lead) -> new org.aava.dialer.core.ai.PromptComposer.Composed("", "{}"), settings, h.clock,
                DialerMetrics.NONE, Runnable::run, new java.util.SplittableRandom(2), null, org.aava.dialer.core.model.AiSessionKey.secureSupplier());
        h.pbx.events(fresh);
        return fresh;
    }
}
