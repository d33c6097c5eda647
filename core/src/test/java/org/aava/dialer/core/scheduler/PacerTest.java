package org.aava.dialer.core.scheduler;

import org.aava.dialer.core.ai.AttachTarget;
import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.CampaignStatus;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.model.LeadState;
import org.aava.dialer.core.model.Outcome;
import org.aava.dialer.core.model.RetryPolicy;
import org.aava.dialer.core.ports.CallControlException;
import org.aava.dialer.core.testing.DialerHarness;
import org.aava.dialer.core.testing.FakeCallControl.Originated;
import org.aava.dialer.core.time.CallingWindow;
import org.aava.dialer.core.time.LocalHours;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The scheduler's invariants with a fake clock, the in-memory store, a fake PBX and the real call flow. */
class PacerTest {
    private DialerHarness h = new DialerHarness(DialerHarness.settings(50, 0), AttachTarget.dialplan("ai-agent", "s", 1));

    private void harness(int nodeMax, int breakerErrors) {
        h = new DialerHarness(DialerHarness.settings(nodeMax, breakerErrors), AttachTarget.dialplan("ai-agent", "s", 1));
    }

    private List<Originated> originatesOf(Campaign c) {
        return h.pbx.originates.stream().filter(o -> o.campaignId() == c.id()).toList();
    }

    /** Answers the call and lets the hop hand it to the AI, so it lasts until the test ends it. */
    private void talk(Originated o) {
        h.pbx.answer(o);
        h.pbx.hopReturns(o, "HUMAN", "HUMAN-1-1", "", "");
    }

    /** Ends every live call with this cause. */
    private void endAll(int cause) {
        for (Originated o : h.pbx.originates) h.pbx.destroy(o, cause);
    }

    @ParameterizedTest(name = "calls lasting {0} ticks")
    @ValueSource(ints = {1, 2, 3, 4, 7})
    void twoCampaignsUnderANodeCapOfOneTakeTurns(int ticksPerCall) {
        harness(1, 0);
        Campaign a = h.campaign("A", b -> { }, 30);
        Campaign b = h.campaign("B", x -> { }, 30);
        List<Long> order = new ArrayList<>();
        Map<String, Integer> age = new HashMap<>();
        h.run(Duration.ofSeconds(30), () -> {
            assertTrue(h.flow.live().count() <= 1, "node cap of 1");
            assertTrue(h.pbx.live.size() <= 1);
            for (Originated o : h.pbx.originates) {
                if (!h.pbx.live.contains(o.channelId())) continue;
                int ticks = age.merge(o.channelId(), 1, Integer::sum);
                if (ticks == 1) order.add(o.campaignId());
                if (ticks >= ticksPerCall) h.pbx.destroy(o, 17);
            }
        });
        assertTrue(order.size() >= 10, "calls were placed: " + order);
        for (int i = 1; i < order.size(); i++) {
            assertFalse(order.get(i).equals(order.get(i - 1)), "strict alternation under a node cap of 1: " + order);
        }
        assertTrue(order.contains(a.id()) && order.contains(b.id()));
    }

    // ---------------------------------------------------------------- random traffic

    /**
     * Four campaigns (one with a window that opens and closes during the run, one with retries, one with
     * consent and voicemail) under a node cap, with calls answering, going through the hop and ending at
     * random times, and numbers put on DNC lists at random times. After every tick and every PBX event:
     * per-campaign and node caps hold (in memory and as the PBX sees it), no lead has two calls, and every
     * new origination respects its campaign's window, minimum interval and the DNC lists as of that time.
     */
    @Test
    void randomTrafficNeverBreaksTheInvariants() {
        harness(6, 0);
        RetryPolicy retry = new RetryPolicy(true, 3, Map.of(Outcome.BUSY, Duration.ofSeconds(20), Outcome.NO_ANSWER,
                Duration.ofSeconds(20), Outcome.CONGESTION, Duration.ofSeconds(20), Outcome.ERROR, Duration.ofSeconds(20)), 1.5, 0.2);
        List<Campaign> campaigns = List.of(
                h.campaign("A", b -> b.maxConcurrent(3).minIntervalSeconds(2), 80),
                h.campaign("B", b -> b.maxConcurrent(2).retryPolicy(retry), 80),
                h.campaign("C", b -> b.maxConcurrent(4).minIntervalSeconds(1).window(LocalTime.of(12, 3), LocalTime.of(12, 7)), 80),
                h.campaign("D", b -> b.maxConcurrent(5).voicemail(true, "sound:vm").consent(true, null, 5), 80));
        Random r = new Random(20260302);
        Map<String, Instant> dncSince = new HashMap<>();
        Map<String, String> phase = new HashMap<>();
        int[] checked = {0};
        Map<Long, Instant> lastOriginate = new HashMap<>();
        Runnable check = () -> {
            for (Campaign c : campaigns) {
                assertTrue(h.flow.live().count(c.id()) <= c.maxConcurrent(), c.name() + " in memory");
                assertTrue(h.pbx.liveCount(c.id()) <= c.maxConcurrent(), c.name() + " as the PBX sees it");
            }
            assertTrue(h.flow.live().count() <= 6, "node cap in memory");
            assertTrue(h.pbx.live.size() <= 6, "node cap as the PBX sees it");
            for (; checked[0] < h.pbx.originates.size(); checked[0]++) {
                Originated o = h.pbx.originates.get(checked[0]);
                Campaign c = campaigns.stream().filter(x -> x.id() == o.campaignId()).findFirst().orElseThrow();
                assertTrue(c.window().isOpen(o.at()), () -> c.name() + " dialed outside its window at " + o.at());
                Lead lead = h.store.lead(o.leadId());
                Instant blockedSince = dncSince.get(lead.phoneNormalized());
                assertTrue(blockedSince == null || o.at().isBefore(blockedSince),
                        () -> "dialed " + lead.phoneNormalized() + " at " + o.at() + ", on DNC since " + blockedSince);
                Instant last = lastOriginate.put(c.id(), o.at());
                assertTrue(last == null || !o.at().isBefore(last.plusSeconds(c.minIntervalSeconds())),
                        () -> c.name() + ": originations " + last + " and " + o.at() + " closer than " + c.minIntervalSeconds() + " s");
                long callsOfLead = h.pbx.originates.stream().filter(x -> x.leadId() == o.leadId() && h.pbx.live.contains(x.channelId())).count();
                assertTrue(callsOfLead <= 1, "one call per lead at a time");
            }
        };
        String[][] hops = {{"HUMAN", "HUMAN-1-1", "", ""}, {"HUMAN", "HUMAN-1-1", "1", "accepted"}, {"HUMAN", "", "2", "denied"},
                {"HUMAN", "", "", "timeout"}, {"MACHINE", "MAXWORDS", "", ""}, {"NOTSURE", "TOOLONG", "", ""}, {"HANGUP", "", "", ""}};
        int[] unanswered = {17, 19, 21, 34, 1, 0, 20, 102};
        h.run(Duration.ofMinutes(12), () -> {
            check.run();
            if (r.nextInt(40) == 0) { // a number goes on a DNC list (global or its campaign's), maybe in the middle of its call
                Campaign c = campaigns.get(r.nextInt(campaigns.size()));
                List<Lead> ls = h.store.leadsOf(c.id());
                Lead victim = ls.get(r.nextInt(ls.size()));
                dncSince.putIfAbsent(victim.phoneNormalized(), h.clock.instant());
                h.store.dnc().add(victim.phoneNormalized(), r.nextBoolean() ? null : c.id(), "asked", "test").join();
            }
            for (Originated o : List.copyOf(h.pbx.originates)) {
                String ch = o.channelId();
                if (!h.pbx.live.contains(ch)) continue;
                String state = phase.getOrDefault(ch, "ringing");
                int roll = r.nextInt(100);
                switch (state) {
                    case "ringing" -> {
                        if (roll < 6) {
                            h.pbx.answer(o);
                            phase.put(ch, "hop");
                        } else if (roll < 10) {
                            if (r.nextBoolean()) h.pbx.dialStatus(ch, r.nextBoolean() ? "BUSY" : "RINGING");
                            h.pbx.destroy(o, unanswered[r.nextInt(unanswered.length)]);
                        }
                    }
                    case "hop" -> {
                        if (roll < 12) {
                            String[] hop = hops[r.nextInt(hops.length)];
                            h.pbx.stasisEnd(ch);
                            h.pbx.hopReturns(o, hop[0], hop[1], hop[2], hop[3]);
                            phase.put(ch, "after");
                        } else if (roll < 14) {
                            h.pbx.destroy(o, 16);
                        }
                    }
                    default -> {
                        if (roll < 10) h.pbx.playbackOn(ch).ifPresent(h.pbx::finishPlayback);
                        else if (roll < 16) h.pbx.destroy(o, 16);
                    }
                }
                check.run();
            }
        });
        // wind down: pause everything, end every call, let the watchdogs run
        for (Campaign c : campaigns) h.store.setStatus(c.id(), CampaignStatus.PAUSED);
        h.pacer.invalidate();
        h.run(Duration.ofSeconds(2));
        int originatesBefore = h.pbx.originates.size();
        for (Originated o : h.pbx.originates) h.pbx.destroy(o, 16);
        h.run(Duration.ofMinutes(3));
        check.run();
        assertEquals(originatesBefore, h.pbx.originates.size(), "nothing originated while paused");
        assertEquals(0, h.flow.live().count());
        assertTrue(h.pbx.live.isEmpty());

        List<Attempt> attempts = h.store.allAttempts();
        assertEquals(h.pbx.originateRequests.size(), attempts.size(), "every originate has its attempt");
        for (Attempt a : attempts) {
            assertFalse(a.open(), () -> "left open: " + a);
            assertEquals(1, h.store.closeCount(a.id()), () -> "closed exactly once: " + a);
        }
        for (Campaign c : campaigns) {
            for (Lead l : h.store.leadsOf(c.id())) assertFalse(l.state().isLive(), () -> "lead stuck " + l);
        }
        Set<Outcome> outcomes = new HashSet<>();
        attempts.forEach(a -> outcomes.add(a.outcome()));
        assertTrue(attempts.size() > 150, "enough traffic: " + attempts.size());
        assertTrue(outcomes.containsAll(EnumSet.of(Outcome.ANSWERED_HUMAN, Outcome.BUSY, Outcome.NO_ANSWER, Outcome.MACHINE_DETECTED,
                Outcome.VOICEMAIL_DROPPED, Outcome.CONSENT_DENIED, Outcome.HANGUP_DURING_AMD, Outcome.REJECTED)), outcomes.toString());
        assertFalse(dncSince.isEmpty());
        assertTrue(originatesOf(campaigns.get(2)).size() > 10, "C dialed while its window was open");
    }

    // ---------------------------------------------------------------- concurrency and pacing

    @Test
    void neverMoreThanMaxConcurrentAndTheMinimumIntervalHolds() {
        Campaign c = h.campaign("cap", b -> b.maxConcurrent(2).minIntervalSeconds(5), 12);
        Random random = new Random(42);
        h.run(Duration.ofMinutes(3), () -> {
            assertTrue(h.flow.live().count(c.id()) <= 2, "at most 2 calls live");
            assertTrue(h.pbx.live.size() <= 2, "the PBX never sees more than 2 of our calls");
            for (Originated o : originatesOf(c)) {
                if (h.pbx.live.contains(o.channelId()) && random.nextInt(8) == 0) h.pbx.destroy(o, random.nextBoolean() ? 17 : 19);
            }
        });
        List<Originated> os = originatesOf(c);
        assertEquals(12, os.size(), "every lead dialed");
        for (int i = 1; i < os.size(); i++) {
            assertFalse(os.get(i).at().isBefore(os.get(i - 1).at().plusSeconds(5)),
                    "originations at least 5 s apart: " + os.get(i - 1).at() + " -> " + os.get(i).at());
        }
    }

    @Test
    void theStatusExplainsWhyNothingIsDialed() {
        Campaign c = h.campaign("full", b -> b.maxConcurrent(2).minIntervalSeconds(3), 5);
        h.tick();
        assertEquals("dialing", h.pacer.status(c.id()).orElseThrow().code());
        h.clock.advanceSeconds(1);
        h.tick();
        assertEquals("min_interval", h.pacer.status(c.id()).orElseThrow().code());
        h.clock.advanceSeconds(3);
        h.tick();
        h.clock.advanceSeconds(3);
        h.tick();
        DialingStatus full = h.pacer.status(c.id()).orElseThrow();
        assertEquals("concurrency_full", full.code());
        assertEquals("concurrency full (2/2 calls)", full.message());
        h.store.fail("lead.lease", new IllegalStateException("database is locked"));
        endAll(17);
        h.clock.advanceSeconds(5);
        h.tick();
        assertEquals("db_error", h.pacer.status(c.id()).orElseThrow().code(), "a failed lease is explained and survived");
        h.store.fail("lead.lease", null);
        h.pbx.disconnect();
        h.clock.advanceSeconds(5);
        h.tick();
        assertEquals("pbx_disconnected", h.pacer.status(c.id()).orElseThrow().code());
        int before = h.pbx.originates.size();
        h.run(Duration.ofSeconds(10));
        assertEquals(before, h.pbx.originates.size(), "nothing is originated while Asterisk is away");
        h.pbx.reconnect();
        h.run(Duration.ofSeconds(1));
        assertEquals(before + 1, h.pbx.originates.size());
    }

    @Test
    void theNodeCapHoldsOverSeveralCampaigns() {
        harness(3, 0);
        List<Campaign> cs = List.of(h.campaign("A", b -> b.maxConcurrent(3), 20), h.campaign("B", b -> b.maxConcurrent(3), 20),
                h.campaign("C", b -> b.maxConcurrent(3), 20));
        Random r = new Random(3);
        Map<Long, Integer> perCampaign = new HashMap<>();
        h.run(Duration.ofMinutes(2), () -> {
            assertTrue(h.flow.live().count() <= 3);
            assertTrue(h.pbx.live.size() <= 3);
            for (Originated o : h.pbx.originates) if (h.pbx.live.contains(o.channelId()) && r.nextInt(6) == 0) h.pbx.destroy(o, 19);
        });
        for (Originated o : h.pbx.originates) perCampaign.merge(o.campaignId(), 1, Integer::sum);
        assertEquals(60, h.pbx.originates.size(), "everything dialed in the end");
        assertEquals(Set.of(20), new HashSet<>(perCampaign.values()));
        // while all three had leads, they shared the node: no campaign got far ahead of another
        Map<Long, Integer> firstHalf = new HashMap<>();
        for (Originated o : h.pbx.originates.subList(0, 30)) firstHalf.merge(o.campaignId(), 1, Integer::sum);
        for (Campaign c : cs) assertTrue(firstHalf.getOrDefault(c.id(), 0) >= 7, "fair share of the first 30 calls: " + firstHalf);
    }

    // ---------------------------------------------------------------- window

    @Test
    void noCallOutsideTheWindowAndTheStatusSaysWhy() {
        // 12:00 UTC is 07:00 in New York: a 09:00-17:00 New York window is closed
        ZoneId ny = ZoneId.of("America/New_York");
        Campaign c = h.campaign("closed", b -> b.timezone(ny).window(LocalTime.of(9, 0), LocalTime.of(17, 0)).maxConcurrent(1), 500);
        h.run(Duration.ofMinutes(30));
        assertTrue(originatesOf(c).isEmpty());
        DialingStatus s = h.pacer.status(c.id()).orElseThrow();
        assertEquals("outside_window", s.code());
        assertEquals("outside window (opens 2026-03-02T09:00-05:00[America/New_York])", s.message());
        assertEquals(Instant.parse("2026-03-02T14:00:00Z"), s.nextOpening());
        assertEquals(CampaignStatus.RUNNING, h.store.campaign(c.id()).status(), "pending leads: not completed");
        h.clock.set(Instant.parse("2026-03-02T13:59:59.750Z"));
        h.tick();
        assertTrue(originatesOf(c).isEmpty());
        h.clock.set(Instant.parse("2026-03-02T14:00:00Z"));
        h.tick();
        assertEquals(1, originatesOf(c).size(), "dials the moment the window opens");
        // calls keep going; each ends after 10 minutes; none is placed from 17:00 New York on
        Map<String, Instant> started = new HashMap<>();
        for (int i = 0; i < 4 * 3600 * 3; i++) {
            h.clock.advanceSeconds(1);
            if (i % 4 == 0) h.tick();
            for (Originated o : originatesOf(c)) {
                if (started.putIfAbsent(o.channelId(), o.at()) == null) talk(o);
                if (h.pbx.live.contains(o.channelId()) && !h.clock.instant().isBefore(started.get(o.channelId()).plusSeconds(600))) {
                    h.pbx.destroy(o, 16);
                }
            }
        }
        Instant close = Instant.parse("2026-03-02T22:00:00Z");
        List<Originated> os = originatesOf(c);
        assertTrue(os.stream().allMatch(o -> o.at().isBefore(close)), "nothing from 17:00 New York on");
        assertTrue(os.get(os.size() - 1).at().isAfter(close.minusSeconds(700)), "dialing went on until the window closed");
        assertEquals("outside_window", h.pacer.status(c.id()).orElseThrow().code());
    }

    @Test
    void aCallInFlightWhenTheWindowClosesIsNotCutButNoOtherIsPlaced() {
        Campaign c = h.campaign("closing", b -> b.window(LocalTime.of(9, 0), LocalTime.of(12, 1)).maxConcurrent(2), 10);
        h.tick();
        assertEquals(2, h.pbx.live.size());
        h.pbx.originates.forEach(this::talk);
        h.clock.set(Instant.parse("2026-03-02T12:01:00Z"));
        h.tick();
        assertEquals(2, h.pbx.live.size(), "in-flight calls continue");
        endAll(16);
        h.run(Duration.ofMinutes(5));
        assertEquals(2, originatesOf(c).size());
        assertEquals("outside_window", h.pacer.status(c.id()).orElseThrow().code());
    }

    // ---------------------------------------------------------------- DNC

    @Test
    void aDncNumberIsNeverOriginatedWhetherListedBeforeOrAfterImport() {
        Campaign other = h.campaign("other", b -> b.status(CampaignStatus.DRAFT), 0);
        Campaign c = h.campaign("dnc", b -> b.maxConcurrent(1).status(CampaignStatus.DRAFT), 0);
        h.store.dnc().add("15550001", null, "asked before import", "test").join();
        h.store.dnc().add("15550002", c.id(), "campaign list", "test").join();
        h.store.dnc().add("15550003", other.id(), "another campaign's list", "test").join();
        var result = h.store.leads().insertBatch(c.id(), List.of(
                Lead.newPending(c.id(), "15550001", "15550001", "global", "{}", null, null, null),
                Lead.newPending(c.id(), "15550002", "15550002", "own list", "{}", null, null, null),
                Lead.newPending(c.id(), "15550003", "15550003", "other list", "{}", null, null, null),
                Lead.newPending(c.id(), "15550004", "15550004", "added after import", "{}", null, null, null),
                Lead.newPending(c.id(), "15550005", "15550005", "fine", "{}", null, null, null)), true).join();
        assertEquals(List.of(0, 1), result.dncIndexes(), "scrubbed at import and reported");
        assertEquals(5, result.accepted());
        h.store.dnc().add("15550004", null, "asked after import", "test").join();
        h.store.setStatus(c.id(), CampaignStatus.RUNNING);
        h.pacer.invalidate();
        h.run(Duration.ofSeconds(30), () -> endAll(17));
        List<String> dialed = originatesOf(c).stream().map(o -> o.request().endpoint()).toList();
        assertEquals(List.of("Local/15550003@from-internal", "Local/15550005@from-internal"), dialed);
        Map<String, Lead> byNumber = new HashMap<>();
        h.store.leadsOf(c.id()).forEach(l -> byNumber.put(l.phoneNormalized(), l));
        assertEquals(LeadState.DNC, byNumber.get("15550001").state());
        assertEquals("asked before import", byNumber.get("15550001").dncReason());
        assertEquals(LeadState.DNC, byNumber.get("15550002").state());
        assertEquals(LeadState.DNC, byNumber.get("15550004").state());
        assertEquals("asked after import", byNumber.get("15550004").dncReason());
        assertEquals(CampaignStatus.COMPLETED, h.store.campaign(c.id()).status(), "DNC leads do not keep a campaign open");
    }

    @Test
    void aNumberListedDuringItsCallIsNotRedialedByARetry() {
        RetryPolicy retry = new RetryPolicy(true, 5, Map.of(Outcome.BUSY, Duration.ofMinutes(1)), 1.0, 0.0);
        Campaign c = h.campaign("dnc-retry", b -> b.retryPolicy(retry).maxConcurrent(1), 1);
        h.tick();
        Originated first = h.pbx.lastOriginated();
        Lead lead = h.store.lead(first.leadId());
        // the callee asks not to be called again while the call is up (the lead is live: markDnc skips it)
        h.store.dnc().add(lead.phoneNormalized(), c.id(), "asked during the call", "ai").join();
        assertEquals(LeadState.DIALING, h.store.lead(lead.id()).state());
        h.pbx.destroy(first, 17);
        assertEquals(LeadState.PENDING, h.store.lead(lead.id()).state(), "busy with retries on: requeued");
        h.run(Duration.ofMinutes(5));
        assertEquals(1, h.pbx.originates.size(), "the lease scrubs it: never dialed again");
        assertEquals(LeadState.DNC, h.store.lead(lead.id()).state());
        assertEquals("asked during the call", h.store.lead(lead.id()).dncReason());
    }

    // ---------------------------------------------------------------- local time of the lead

    @Test
    void respectsTheLeadsOwnLocalHours() {
        Campaign c = h.campaign("local", b -> b.localHours(LocalHours.DEFAULT).respectLeadTimezone(true).status(CampaignStatus.DRAFT), 0);
        // 12:00 UTC: 21:00 in Tokyo (too late), 04:00 in Los Angeles (too early), 12:00 in London (fine)
        List<Lead> ls = h.store.addLeads(c.id(), List.of(
                Lead.newPending(c.id(), "333", "333", "london", "{}", null, "Europe/London", null),
                Lead.newPending(c.id(), "111", "111", "tokyo", "{}", null, "Asia/Tokyo", null),
                Lead.newPending(c.id(), "222", "222", "la", "{}", null, "America/Los_Angeles", null)));
        h.store.setStatus(c.id(), CampaignStatus.RUNNING);
        h.pacer.invalidate();
        h.tick();
        DialingStatus s = h.pacer.status(c.id()).orElseThrow();
        assertEquals("outside_local_hours", s.code());
        assertEquals("leads outside their local calling hours", s.message());
        h.run(Duration.ofMinutes(1));
        assertEquals(List.of("Local/333@from-internal"), originatesOf(c).stream().map(o -> o.request().endpoint()).toList());
        Lead la = h.store.lead(ls.get(2).id());
        assertEquals(LeadState.PENDING, la.state());
        assertEquals(Instant.parse("2026-03-02T16:00:00Z"), la.nextAttemptAt(), "08:00 in Los Angeles");
        assertEquals(0, la.attemptCount(), "a release is not an attempt");
        assertEquals(Instant.parse("2026-03-02T23:00:00Z"), h.store.lead(ls.get(1).id()).nextAttemptAt(), "08:00 in Tokyo");
        h.clock.set(Instant.parse("2026-03-02T15:59:59Z"));
        h.tick();
        assertEquals(1, originatesOf(c).size());
        h.clock.set(Instant.parse("2026-03-02T16:00:00Z"));
        h.tick();
        assertEquals("Local/222@from-internal", h.pbx.lastOriginated().request().endpoint());
    }

    @Test
    void localHoursApplyInTheLeadsZoneEvenWithoutRespectingItsWindow() {
        Campaign c = h.campaign("hours", b -> b.localHours(LocalHours.DEFAULT).status(CampaignStatus.DRAFT), 0);
        h.store.addLeads(c.id(), List.of(Lead.newPending(c.id(), "111", "111", "tokyo", "{}", null, "Asia/Tokyo", null),
                Lead.newPending(c.id(), "444", "444", "no zone", "{}", null, null, null),
                Lead.newPending(c.id(), "555", "555", "bad zone", "{}", null, "Mars/Base", null)));
        h.store.setStatus(c.id(), CampaignStatus.RUNNING);
        h.pacer.invalidate();
        h.run(Duration.ofSeconds(10));
        assertEquals(Set.of("Local/444@from-internal", "Local/555@from-internal"),
                new HashSet<>(originatesOf(c).stream().map(o -> o.request().endpoint()).toList()),
                "21:00 in Tokyo is too late; no zone or an unknown one falls back to the campaign's (UTC, noon)");
    }

    /**
     * Property-style: leads all over the world, a campaign window in UTC respecting their zones and the
     * default local hours, three simulated days. Every origination happens inside the campaign window,
     * inside the same window in the lead's zone, and between 08:00 and 21:00 lead time.
     */
    @Test
    void overThreeDaysNoCallIsPlacedOutsideTheLeadsLocalWindowOrHours() {
        String[] zones = {"Asia/Tokyo", "America/Los_Angeles", "Europe/London", "Australia/Sydney", "America/Sao_Paulo",
                "Asia/Kolkata", "Pacific/Auckland", "America/New_York", "Europe/Berlin", "Africa/Nairobi", "Asia/Kathmandu",
                "America/St_Johns", "Pacific/Honolulu", "Asia/Dubai", "Europe/Moscow", "America/Anchorage"};
        Campaign c = h.campaign("world", b -> b.window(LocalTime.of(7, 0), LocalTime.of(22, 0)).localHours(LocalHours.DEFAULT)
                .respectLeadTimezone(true).maxConcurrent(5).daysOfWeek(EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY,
                        DayOfWeek.WEDNESDAY)).status(CampaignStatus.DRAFT), 0);
        List<Lead> batch = new ArrayList<>();
        for (int i = 0; i < zones.length * 3; i++) {
            batch.add(Lead.newPending(c.id(), "9" + i, "9" + i, zones[i % zones.length], "{}", null, zones[i % zones.length], null));
        }
        h.store.addLeads(c.id(), batch);
        h.store.setStatus(c.id(), CampaignStatus.RUNNING);
        h.pacer.invalidate();
        h.clock.set(Instant.parse("2026-03-01T00:00:00Z")); // Sunday
        for (int minute = 0; minute < 4 * 24 * 60; minute++) {
            h.clock.advanceSeconds(60);
            h.tick();
            endAll(16);
        }
        List<Originated> os = originatesOf(c);
        assertEquals(zones.length * 3, os.size(), "every lead found its hour within three weekdays");
        for (Originated o : os) {
            Lead lead = h.store.lead(o.leadId());
            ZoneId zone = ZoneId.of(lead.timezone());
            assertTrue(c.window().isOpen(o.at()), "campaign window: " + o.at());
            assertTrue(new CallingWindow(zone, c.windowStart(), c.windowEnd(), c.daysOfWeek()).isOpen(o.at()),
                    lead.timezone() + " window at " + o.at());
            assertTrue(LocalHours.DEFAULT.allows(o.at(), zone), lead.timezone() + " local hours at " + o.at());
        }
    }

    // ---------------------------------------------------------------- attempt caps and retries

    @Test
    void theDailyAttemptCapHolds() {
        RetryPolicy retry = new RetryPolicy(true, 20, Map.of(Outcome.BUSY, Duration.ofMinutes(1)), 1.0, 0.0);
        Campaign c = h.campaign("cap24", b -> b.retryPolicy(retry).maxAttemptsPer24h(3), 1);
        for (int i = 0; i < 60 * 60 * 2; i++) { // 60 hours in 30 s steps
            h.clock.advanceSeconds(30);
            h.tick();
            endAll(17);
        }
        List<Instant> at = originatesOf(c).stream().map(Originated::at).toList();
        for (Instant t : at) {
            long inDay = at.stream().filter(x -> !x.isAfter(t) && x.isAfter(t.minus(Duration.ofHours(24)))).count();
            assertTrue(inDay <= 3, "at most 3 attempts in any 24 h: " + at);
        }
        assertTrue(at.size() >= 7, "the lead is dialed again as attempts leave the 24 h window: " + at);
        assertEquals(at.get(0).plus(Duration.ofHours(24)), at.get(3), "the 4th attempt waits until the 1st is 24 h old");
        assertEquals(Duration.ofMinutes(1), Duration.between(at.get(0), at.get(1)));
    }

    @Test
    void retriesHappenAtTheConfiguredTimesWithBackoffAndStopAtMaxAttempts() {
        RetryPolicy retry = new RetryPolicy(true, 4, Map.of(Outcome.BUSY, Duration.ofMinutes(10)), 2.0, 0.0);
        Campaign c = h.campaign("retry", b -> b.retryPolicy(retry), 1);
        List<Instant> endedAt = new ArrayList<>();
        for (int s = 0; s < 3 * 3600; s++) {
            h.clock.advanceSeconds(1);
            h.tick();
            for (Originated o : h.pbx.originates) {
                if (h.pbx.live.contains(o.channelId())) {
                    h.pbx.destroy(o, 17);
                    endedAt.add(h.clock.instant());
                }
            }
            if (endedAt.size() == 1 && s < 600) {
                assertEquals(LeadState.PENDING, h.store.lead(originatesOf(c).get(0).leadId()).state());
            }
        }
        List<Instant> at = originatesOf(c).stream().map(Originated::at).toList();
        assertEquals(4, at.size(), "max attempts: " + at);
        assertEquals(endedAt.get(0).plus(Duration.ofMinutes(10)), at.get(1));
        assertEquals(endedAt.get(1).plus(Duration.ofMinutes(20)), at.get(2), "backoff x2");
        assertEquals(endedAt.get(2).plus(Duration.ofMinutes(40)), at.get(3));
        Lead lead = h.store.lead(originatesOf(c).get(0).leadId());
        assertEquals(LeadState.FAILED, lead.state());
        assertEquals(4, lead.attemptCount());
        assertEquals(CampaignStatus.COMPLETED, h.store.campaign(c.id()).status());
    }

    @Test
    void whileWaitingForARetryTheStatusSaysUntilWhen() {
        RetryPolicy retry = new RetryPolicy(true, 3, Map.of(Outcome.NO_ANSWER, Duration.ofMinutes(30)), 1.0, 0.0);
        Campaign c = h.campaign("waiting", b -> b.retryPolicy(retry), 1);
        h.tick();
        h.pbx.destroy(h.pbx.lastOriginated(), 19);
        h.run(Duration.ofSeconds(10));
        DialingStatus s = h.pacer.status(c.id()).orElseThrow();
        assertEquals("waiting_for_retry", s.code());
        assertEquals("all leads waiting for retry until " + Instant.parse("2026-03-02T12:30:00Z"), s.message());
        assertEquals(CampaignStatus.RUNNING, h.store.campaign(c.id()).status(), "a lead waiting for its retry keeps the campaign open");
    }

    @ParameterizedTest(name = "cause {0}")
    @ValueSource(ints = {17, 19, 21})
    void withRetriesOffAFailedLeadIsNeverRedialed(int cause) {
        Campaign c = h.campaign("no retry", b -> { }, 1);
        h.run(Duration.ofMinutes(30), () -> endAll(cause));
        assertEquals(1, originatesOf(c).size());
        assertEquals(LeadState.FAILED, h.store.leadsOf(c.id()).get(0).state());
    }

    @Test
    void outcomesThatNeverRetryAreNotRedialedEvenWithRetriesOn() {
        RetryPolicy retry = new RetryPolicy(true, 5, RetryPolicy.defaultDelays(), 1.0, 0.0);
        Campaign c = h.campaign("never", b -> b.retryPolicy(retry).maxConcurrent(3), 3);
        h.tick();
        List<Originated> os = originatesOf(c);
        h.pbx.destroy(os.get(0), 21); // rejected
        h.pbx.destroy(os.get(1), 1); // invalid number
        h.pbx.answer(os.get(2));
        h.pbx.hopReturns(os.get(2), "HUMAN", "", "", "");
        h.pbx.destroy(os.get(2), 16); // answered
        h.run(Duration.ofHours(3));
        assertEquals(3, h.pbx.originates.size());
        assertEquals(CampaignStatus.COMPLETED, h.store.campaign(c.id()).status());
    }

    // ---------------------------------------------------------------- completion, pause, breaker, stale leases

    @Test
    void aCampaignCompletesByItselfOnlyWhenNothingIsOpenOrInFlight() {
        Campaign c = h.campaign("complete", b -> b.maxConcurrent(2), 2);
        h.tick();
        List<Originated> os = originatesOf(c);
        assertEquals(2, os.size());
        h.pbx.destroy(os.get(0), 17);
        h.run(Duration.ofSeconds(30));
        assertEquals(CampaignStatus.RUNNING, h.store.campaign(c.id()).status(), "a call is still in flight");
        assertEquals("no_due_leads", h.pacer.status(c.id()).orElseThrow().code());
        h.pbx.destroy(os.get(1), 19);
        h.run(Duration.ofSeconds(6));
        assertEquals(CampaignStatus.COMPLETED, h.store.campaign(c.id()).status());
        h.run(Duration.ofSeconds(6));
        assertTrue(h.pacer.status(c.id()).isEmpty(), "no longer paced once completed");
    }

    @Test
    void pauseKeepsInFlightCallsAndEndingThemStillClosesTheirAttempts() {
        Campaign c = h.campaign("pause", b -> b.maxConcurrent(2), 4);
        h.run(Duration.ofSeconds(1));
        assertEquals(2, h.flow.live().count(c.id()));
        h.pbx.originates.forEach(this::talk);
        h.store.setStatus(c.id(), CampaignStatus.PAUSED);
        h.pacer.invalidate();
        h.run(Duration.ofMinutes(2));
        assertEquals(2, h.flow.live().count(c.id()), "pause keeps calls alive");
        assertEquals(2, h.pbx.live.size());
        endAll(16);
        assertEquals(0, h.flow.live().count(c.id()));
        assertTrue(h.store.attemptsOf(c.id()).stream().allMatch(a -> a.outcome() == Outcome.ANSWERED_HUMAN),
                "ending calls of a paused campaign still closes them");
        h.run(Duration.ofMinutes(1));
        assertEquals(2, h.pbx.originates.size(), "nothing new while paused");
        assertEquals(CampaignStatus.PAUSED, h.store.campaign(c.id()).status(), "a paused campaign never completes by itself");
        h.store.setStatus(c.id(), CampaignStatus.RUNNING);
        h.pacer.invalidate();
        h.run(Duration.ofSeconds(1), () -> endAll(19));
        h.run(Duration.ofSeconds(10), () -> endAll(19));
        assertEquals(4, h.pbx.originates.size());
        assertEquals(CampaignStatus.COMPLETED, h.store.campaign(c.id()).status());
    }

    @Test
    void theCircuitBreakerPausesACampaignAfterConsecutiveErrors() {
        harness(50, 5);
        h.pbx.fail("originate", new CallControlException(400, "Allocation failed"));
        Campaign broken = h.campaign("broken trunk", b -> b.maxConcurrent(1), 10);
        h.run(Duration.ofSeconds(10));
        Campaign after = h.store.campaign(broken.id());
        assertEquals(CampaignStatus.PAUSED, after.status());
        assertEquals("circuit breaker: 5 consecutive errors within 5 min (last: originate failed: HTTP 400: Allocation failed)",
                after.pausedReason());
        assertEquals(5, h.store.attemptsOf(broken.id()).size(), "no more calls once paused");
        assertEquals(5, h.pbx.originateRequests.size());
        assertTrue(h.store.attemptsOf(broken.id()).stream().allMatch(a -> a.outcome() == Outcome.ERROR));
        h.pbx.fail("originate", null);
        Campaign healthy = h.campaign("healthy", b -> { }, 2);
        h.run(Duration.ofSeconds(5), () -> endAll(17));
        assertEquals(2, originatesOf(healthy).size(), "the breaker is per campaign");
        assertEquals(5, h.store.attemptsOf(broken.id()).size());
    }

    @Test
    void anAsteriskRestartEndsInFlightCallsWithAnOutcomeAndDialingResumes() {
        harness(50, 5);
        Campaign c = h.campaign("restart", b -> b.maxConcurrent(6), 20);
        h.tick();
        assertEquals(6, h.pbx.live.size());
        h.pbx.originates.forEach(this::talk);
        h.clock.advanceSeconds(10);
        h.pbx.restartAsterisk();
        assertEquals(0, h.flow.live().count());
        List<Attempt> lost = h.store.attemptsOf(c.id());
        assertTrue(lost.stream().allMatch(a -> a.outcome() == Outcome.ERROR
                && a.errorMessage().equals("lost on restart: channel gone after reconnect")), lost.toString());
        assertTrue(h.store.leadsOf(c.id()).stream().noneMatch(l -> l.state().isLive()), "no lead left in a call");
        assertEquals(CampaignStatus.RUNNING, h.store.campaign(c.id()).status(),
                "losing calls to a PBX restart is not a broken trunk: the breaker does not pause the campaign");
        h.run(Duration.ofSeconds(1));
        assertEquals(12, h.pbx.originates.size(), "dialing resumes");
    }

    @Test
    void aStaleLeaseIsRequeuedAfterItsTtlAndDialed() {
        Campaign c = h.campaign("stale", b -> b.status(CampaignStatus.PAUSED), 2);
        h.store.setStatus(c.id(), CampaignStatus.RUNNING);
        // a previous process leased both leads and started one call, then died
        Lead abandoned = h.leaseOne(c);
        Lead halfway = h.leaseOne(c);
        long orphan = h.store.journal().apply(new org.aava.dialer.core.ports.AttemptTransition.Open(Attempt.opening(c.id(),
                halfway.id(), halfway.phoneNormalized(), h.clock.instant(), false, "aava-dead", "default", "p"),
                h.clock.instant().plusSeconds(120))).join().orElseThrow().id();
        h.pacer.invalidate();
        h.run(Duration.ofSeconds(119));
        assertTrue(h.pbx.originates.isEmpty(), "not before the lease expires");
        h.run(Duration.ofSeconds(20), () -> endAll(17));
        assertEquals(2, h.pbx.originates.size(), "both requeued and dialed");
        Attempt closed = h.store.attempt(orphan);
        assertEquals(Outcome.ERROR, closed.outcome());
        assertEquals("lease expired (lost on restart)", closed.errorMessage());
        assertNotNull(abandoned);
        assertEquals(LeadState.FAILED, h.store.lead(abandoned.id()).state());
        assertEquals(2, h.store.lead(halfway.id()).attemptCount(), "the lost attempt counts");
    }
}
