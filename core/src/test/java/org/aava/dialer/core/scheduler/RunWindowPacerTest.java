package org.aava.dialer.core.scheduler;

import org.aava.dialer.core.ai.AttachTarget;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.CampaignStatus;
import org.aava.dialer.core.testing.DialerHarness;
import org.aava.dialer.core.testing.FakeCallControl.Originated;
import org.aava.dialer.core.time.RunWindow;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.aava.dialer.core.testing.DialerHarness.MONDAY_NOON_UTC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A campaign's run window (run_start_at_utc / run_end_at_utc) in the scheduler, with a fake clock and PBX. */
class RunWindowPacerTest {
    private final DialerHarness h = new DialerHarness(DialerHarness.settings(50, 0), AttachTarget.dialplan("ai-agent", "s", 1));

    private List<Originated> originatesOf(Campaign c) {
        return h.pbx.originates.stream().filter(o -> o.campaignId() == c.id()).toList();
    }

    private Campaign stored(Campaign c) {
        return h.store.campaigns().find(c.id()).join().orElseThrow();
    }

    @Test
    void beforeItsStartACampaignDoesNotDialAndSaysUntilWhen() {
        Instant start = MONDAY_NOON_UTC.plus(Duration.ofMinutes(10));
        Campaign c = h.campaign("later", b -> b.runWindow(start, null).maxConcurrent(1), 3);
        h.run(Duration.ofMinutes(9));
        assertTrue(originatesOf(c).isEmpty(), "nothing dialed before the run window");
        DialingStatus s = h.pacer.status(c.id()).orElseThrow();
        assertEquals("before_run_window", s.code());
        assertEquals(start, s.nextOpening());
        assertTrue(s.message().contains("2026-03-02T12:10Z"), s.message());
        h.run(Duration.ofMinutes(2));
        assertFalse(originatesOf(c).isEmpty(), "dials once the run window has started");
        assertTrue(originatesOf(c).stream().allMatch(o -> !h.clock.instant().isBefore(start)));
    }

    @Test
    void pastItsEndACampaignCompletesWithTheReasonAndLeadsStayPending() {
        Campaign c = h.campaign("over", b -> b.runWindow(null, MONDAY_NOON_UTC.minusSeconds(1)), 5);
        h.run(Duration.ofSeconds(5));
        assertTrue(originatesOf(c).isEmpty());
        Campaign after = stored(c);
        assertEquals(CampaignStatus.COMPLETED, after.status());
        assertTrue(after.pausedReason().startsWith("run window ended at"), after.pausedReason());
        assertEquals(5L, h.store.leads().countByState(c.id()).join().get(org.aava.dialer.core.model.LeadState.PENDING));
    }

    @Test
    void aCallInProgressAtTheEndIsNotCutAndTheCampaignCompletesWhenItEnds() {
        Instant end = MONDAY_NOON_UTC.plusSeconds(30);
        Campaign c = h.campaign("ending", b -> b.runWindow(null, end).maxConcurrent(1), 10);
        h.tick();
        assertEquals(1, originatesOf(c).size());
        Originated call = originatesOf(c).get(0);
        h.pbx.answer(call);
        h.pbx.hopReturns(call, "HUMAN", "HUMAN-1-1", "", "");
        h.clock.set(end.plusSeconds(1));
        h.run(Duration.ofSeconds(5));
        assertEquals(1, h.pbx.live.size(), "the call in progress goes on");
        assertEquals(CampaignStatus.RUNNING, stored(c).status(), "not completed while a call is in progress");
        assertEquals("run_window_ended", h.pacer.status(c.id()).orElseThrow().code());
        h.pbx.destroy(call, 16);
        h.run(Duration.ofSeconds(5));
        assertEquals(1, originatesOf(c).size(), "no call after the end");
        assertEquals(CampaignStatus.COMPLETED, stored(c).status());
    }

    @Test
    void theEndMustBeAfterTheStart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RunWindow(MONDAY_NOON_UTC, MONDAY_NOON_UTC));
        assertTrue(e.getMessage().startsWith("run_end_at_utc"));
        assertTrue(RunWindow.ALWAYS.notStarted(MONDAY_NOON_UTC) == false && !RunWindow.ALWAYS.ended(MONDAY_NOON_UTC));
    }
}
