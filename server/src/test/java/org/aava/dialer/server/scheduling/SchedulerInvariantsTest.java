package org.aava.dialer.server.scheduling;

import org.aava.dialer.core.ai.AiContext;
import org.aava.dialer.core.ai.AiContexts;
import org.aava.dialer.core.ai.AttachTarget;
import org.aava.dialer.core.ai.PromptComposer;
import org.aava.dialer.core.calls.CallFlow;
import org.aava.dialer.core.calls.DialerMetrics;
import org.aava.dialer.core.calls.DialerSettings;
import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.CampaignStatus;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.model.LeadState;
import org.aava.dialer.core.model.Outcome;
import org.aava.dialer.core.model.RetryPolicy;
import org.aava.dialer.core.ports.AttemptQuery;
import org.aava.dialer.core.ports.CallControlException;
import org.aava.dialer.core.scheduler.Pacer;
import org.aava.dialer.core.testing.FakeCallControl;
import org.aava.dialer.core.testing.FakeCallControl.Originated;
import org.aava.dialer.core.testing.MutableClock;
import org.aava.dialer.core.time.LocalHours;
import org.aava.dialer.store.SqliteStore;
import org.aava.dialer.store.StoreOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scheduler's invariants with a fake clock and a fake PBX, over the real SQLite store:
 * caps, intervals, windows, DNC, local hours, 24 h caps, retries, fairness, breaker, completion.
 */
class SchedulerInvariantsTest {
    @TempDir
    Path dir;
    private SqliteStore store;
    private MutableClock clock;
    private FakeCallControl pbx;
    private CallFlow flow;
    private Pacer pacer;
    private int nodeCap = 50;

    /** Monday 2026-03-02 12:00 UTC. */
    private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");

    @BeforeEach
    void setUp() {
        build(50, 5);
    }

    private void build(int nodeMax, int breakerErrors) {
        if (store != null) store.close();
        store = SqliteStore.open(dir.resolve("s-" + System.nanoTime() + ".db"), StoreOptions.defaults());
        clock = new MutableClock(T0);
        pbx = new FakeCallControl(clock);
        DialerSettings s = new DialerSettings("app", "Local/{number}@from-internal", "6789", "Outbound", Duration.ofSeconds(120),
                Duration.ofMillis(250), nodeMax, 1000, Duration.ofHours(1), Duration.ofSeconds(15), Duration.ofSeconds(60),
                Duration.ofSeconds(120), Map.of(), breakerErrors, Duration.ofMinutes(5), DialerSettings.defaults().placement());
        AiContexts contexts = new AiContexts(List.of(new AiContext("default", "Be nice.", "", "p", List.of(),
                AttachTarget.dialplan("ai", "s", 1))));
        PromptComposer prompts = (ctx, lead) -> new PromptComposer.Composed(ctx.prompt(), "{}");
        flow = new CallFlow(pbx, store.journal(), store.attempts(), store.leads(), store.campaigns(), contexts, prompts, s, clock,
                DialerMetrics.NONE, Runnable::run, new SplittableRandom(1), null, org.aava.dialer.core.model.AiSessionKey.secureSupplier());
        pbx.events(flow);
        pacer = new Pacer(store.campaigns(), store.leads(), flow, s, clock, DialerMetrics.NONE, Runnable::run);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private Campaign campaign(String name, Consumer<Campaign.Builder> settings, int leads) {
        Campaign.Builder b = Campaign.builder(name).window(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT).localHours(LocalHours.OFF)
                .maxConcurrent(5).minIntervalSeconds(0);
        settings.accept(b);
        Campaign c = store.campaigns().create(b.build()).join();
        List<Lead> list = new ArrayList<>();
        for (int i = 0; i < leads; i++) {
            String n = "+1555" + c.id() + String.format("%05d", i);
            list.add(Lead.newPending(c.id(), n, n, "L" + i, "{}", null, null, null));
        }
        store.leads().insertBatch(c.id(), list, true).join();
        store.campaigns().setStatus(c.id(), CampaignStatus.RUNNING, null).join();
        pacer.invalidate();
        return c;
    }

    /** One tick of the pacer at the current fake time, waiting for its database work to settle. */
    private void tick() {
        pacer.tick();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!pacer.idle() && System.nanoTime() < deadline) Thread.onSpinWait();
        assertTrue(pacer.idle(), () -> "pacer settled: " + pacer.busyReport());
    }

    private void run(Duration d, Runnable afterEachTick) {
        for (long ms = 0; ms < d.toMillis(); ms += 250) {
            clock.advance(Duration.ofMillis(250));
            tick();
            afterEachTick.run();
        }
    }

    private List<Originated> originatesOf(Campaign c) {
        return pbx.originates.stream().filter(o -> o.request().variables().get("AAVA_CAMPAIGN_ID").equals(Long.toString(c.id()))).toList();
    }

    private List<Attempt> attempts(Campaign c) {
        return store.attempts().page(new AttemptQuery(c.id(), null, 1, 500)).join().items().stream().map(v -> v.attempt()).toList();
    }

    @Test
    void neverExceedsTheConcurrencyCapAndKeepsTheMinimumInterval() {
        Campaign c = campaign("cap", b -> b.maxConcurrent(2).minIntervalSeconds(5), 12);
        Random random = new Random(42);
        run(Duration.ofMinutes(3), () -> {
            assertTrue(flow.live().count(c.id()) <= 2, "at most 2 calls live");
            assertTrue(pbx.live.size() <= 2, "the PBX never sees more than 2 of our calls");
            for (Originated o : originatesOf(c)) {
                if (pbx.live.contains(o.request().channelId()) && random.nextInt(8) == 0) pbx.destroy(o, random.nextBoolean() ? 17 : 19);
            }
        });
        List<Originated> os = originatesOf(c);
        assertEquals(12, os.size(), "every lead dialed");
        for (int i = 1; i < os.size(); i++) {
            assertTrue(!os.get(i).at().isBefore(os.get(i - 1).at().plusSeconds(5)), "originations at least 5 s apart: " + os.get(i - 1).at() + " -> " + os.get(i).at());
        }
    }

    @Test
    void sharesTheNodeFairlyUnderANodeCap() {
        build(1, 5);
        Campaign a = campaign("A", b -> { }, 10);
        Campaign b = campaign("B", x -> { }, 10);
        List<Long> order = new ArrayList<>();
        run(Duration.ofSeconds(20), () -> {
            assertTrue(flow.live().count() <= 1, "node cap of 1");
            for (Originated o : pbx.originates) {
                if (pbx.live.contains(o.request().channelId())) {
                    order.add(Long.parseLong(o.request().variables().get("AAVA_CAMPAIGN_ID")));
                    pbx.destroy(o, 17);
                }
            }
        });
        assertTrue(order.size() >= 10, "calls were placed: " + order);
        long fromA = order.stream().filter(id -> id == a.id()).count();
        long fromB = order.stream().filter(id -> id == b.id()).count();
        assertTrue(Math.abs(fromA - fromB) <= 1, "round robin: " + order);
    }

    @Test
    void noCallOutsideTheWindowAndTheStatusSaysWhy() {
        // 12:00 UTC is 07:00 in New York: a 09:00-17:00 New York window is closed
        Campaign c = campaign("closed", b -> b.timezone(ZoneId.of("America/New_York")).window(LocalTime.of(9, 0), LocalTime.of(17, 0)), 3);
        run(Duration.ofMinutes(30), () -> { });
        assertTrue(originatesOf(c).isEmpty());
        assertEquals("outside_window", pacer.status(c.id()).orElseThrow().code());
        clock.set(Instant.parse("2026-03-02T14:00:01Z")); // 09:00:01 New York
        run(Duration.ofSeconds(2), () -> { });
        assertEquals(3, originatesOf(c).size(), "dials once the window opens");
    }

    @Test
    void aNumberPutOnDncAfterImportIsNeverDialed() {
        Campaign c = campaign("dnc", b -> b.maxConcurrent(1), 3);
        Lead second = store.leads().page(new org.aava.dialer.core.ports.LeadQuery(c.id(), null, null, 1, 10)).join().items().get(1).lead();
        store.dnc().add(second.phoneNormalized(), null, "asked", "test").join();
        run(Duration.ofSeconds(30), () -> pbx.originates.forEach(o -> pbx.destroy(o, 17)));
        assertEquals(2, originatesOf(c).size());
        assertTrue(originatesOf(c).stream().noneMatch(o -> o.request().endpoint().contains(second.phoneNormalized().substring(1))));
        assertEquals(LeadState.DNC, store.leads().find(second.id()).join().orElseThrow().state());
    }

    @Test
    void respectsTheLeadsOwnLocalHours() {
        Campaign c = store.campaigns().create(Campaign.builder("local").window(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT)
                .localHours(LocalHours.DEFAULT).respectLeadTimezone(true).build()).join();
        // 12:00 UTC: 21:00 in Tokyo (too late), 04:00 in Los Angeles (too early), 13:00 in London (fine)
        store.leads().insertBatch(c.id(), List.of(
                Lead.newPending(c.id(), "111", "111", "tokyo", "{}", null, "Asia/Tokyo", null),
                Lead.newPending(c.id(), "222", "222", "la", "{}", null, "America/Los_Angeles", null),
                Lead.newPending(c.id(), "333", "333", "london", "{}", null, "Europe/London", null)), true).join();
        store.campaigns().setStatus(c.id(), CampaignStatus.RUNNING, null).join();
        pacer.invalidate();
        run(Duration.ofMinutes(1), () -> { });
        assertEquals(List.of("Local/333@from-internal"), originatesOf(c).stream().map(o -> o.request().endpoint()).toList());
        Lead la = store.leads().page(new org.aava.dialer.core.ports.LeadQuery(c.id(), null, "la", 1, 10)).join().items().get(0).lead();
        assertEquals(LeadState.PENDING, la.state());
        assertEquals(Instant.parse("2026-03-02T16:00:00Z"), la.nextAttemptAt(), "08:00 in Los Angeles");
        clock.set(Instant.parse("2026-03-02T16:00:01Z"));
        run(Duration.ofSeconds(2), () -> { });
        assertTrue(originatesOf(c).stream().anyMatch(o -> o.request().endpoint().equals("Local/222@from-internal")));
    }

    @Test
    void retriesHappenAtTheConfiguredTimesAndTheDailyCapHolds() {
        RetryPolicy retry = new RetryPolicy(true, 5, Map.of(Outcome.BUSY, Duration.ofMinutes(10)), 2.0, 0.0);
        Campaign c = campaign("retry", b -> b.retryPolicy(retry).maxAttemptsPer24h(3), 1);
        List<Instant> dialedAt = new ArrayList<>();
        run(Duration.ofMinutes(80), () -> {
            for (Originated o : pbx.originates) {
                if (pbx.live.contains(o.request().channelId())) {
                    dialedAt.add(o.at());
                    pbx.destroy(o, 17);
                }
            }
        });
        assertEquals(3, dialedAt.size(), "the 24 h cap of 3 attempts holds: " + dialedAt);
        assertEquals(Duration.ofMinutes(10), Duration.between(dialedAt.get(0), dialedAt.get(1)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES));
        assertEquals(Duration.ofMinutes(20), Duration.between(dialedAt.get(1), dialedAt.get(2)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES));
        Lead lead = store.leads().page(new org.aava.dialer.core.ports.LeadQuery(c.id(), null, null, 1, 10)).join().items().get(0).lead();
        assertEquals(LeadState.PENDING, lead.state(), "waits for its next retry");
        assertEquals("waiting_for_retry", pacer.status(c.id()).orElseThrow().code(), pacer.status(c.id()).toString());
    }

    @Test
    void withRetriesOffAFailedLeadIsNeverRedialed() {
        Campaign c = campaign("no retry", b -> { }, 1);
        run(Duration.ofMinutes(30), () -> pbx.originates.forEach(o -> pbx.destroy(o, 17)));
        assertEquals(1, originatesOf(c).size());
        assertEquals(Outcome.BUSY, attempts(c).get(0).outcome());
    }

    @Test
    void theCircuitBreakerPausesACampaignAfterConsecutiveErrors() {
        pbx.failOriginate = new CallControlException(400, "Allocation failed");
        Campaign c = campaign("broken trunk", b -> b.maxConcurrent(1), 10);
        run(Duration.ofSeconds(10), () -> { });
        Campaign after = store.campaigns().find(c.id()).join().orElseThrow();
        assertEquals(CampaignStatus.PAUSED, after.status());
        assertTrue(after.pausedReason().startsWith("circuit breaker: 5 consecutive errors"), after.pausedReason());
        assertEquals(5, attempts(c).size(), "no more calls once paused");
        assertTrue(attempts(c).stream().allMatch(a -> a.outcome() == Outcome.ERROR && a.errorMessage().contains("Allocation failed")));
    }

    @Test
    void pauseKeepsInFlightCallsAndACampaignCompletesByItself() {
        Campaign c = campaign("complete", b -> b.maxConcurrent(2), 2);
        run(Duration.ofSeconds(2), () -> { });
        assertEquals(2, flow.live().count(c.id()));
        store.campaigns().setStatus(c.id(), CampaignStatus.PAUSED, null).join();
        pacer.invalidate();
        run(Duration.ofSeconds(2), () -> { });
        assertEquals(2, flow.live().count(c.id()), "pause keeps calls alive");
        originatesOf(c).forEach(o -> pbx.destroy(o, 19));
        assertEquals(0, flow.live().count(c.id()));
        assertTrue(org.aava.dialer.lab.LabAsterisk.await(Duration.ofSeconds(5), () -> attempts(c).stream().noneMatch(Attempt::open)),
                "ending calls of a paused campaign still closes them");
        store.campaigns().setStatus(c.id(), CampaignStatus.RUNNING, null).join();
        pacer.invalidate();
        run(Duration.ofSeconds(3), () -> { });
        assertEquals(CampaignStatus.COMPLETED, store.campaigns().find(c.id()).join().orElseThrow().status());
    }

    @Test
    void aRecycledLeadIsDialedAgainWhenTheCompletedCampaignIsStarted() {
        Campaign c = campaign("recycle", b -> { }, 1);
        run(Duration.ofSeconds(2), () -> pbx.originates.forEach(o -> pbx.destroy(o, 17)));
        run(Duration.ofSeconds(6), () -> { });
        assertEquals(CampaignStatus.COMPLETED, store.campaigns().find(c.id()).join().orElseThrow().status());
        Lead lead = store.leads().page(new org.aava.dialer.core.ports.LeadQuery(c.id(), null, null, 1, 10)).join().items().get(0).lead();
        assertTrue(store.leads().recycle(lead.id(), false).join());
        store.campaigns().setStatus(c.id(), CampaignStatus.RUNNING, null).join();
        pacer.invalidate();
        run(Duration.ofSeconds(2), () -> { });
        assertEquals(2, originatesOf(c).size(), "dialed again: " + pacer.status(c.id()));
    }

    @Test
    void watchdogsEndCallsThatNeverAnswerOrNeverReturnFromTheHop() {
        Campaign c = campaign("watchdog", b -> b.maxConcurrent(2).dialTimeoutSeconds(20), 2);
        run(Duration.ofSeconds(1), () -> { });
        List<Originated> os = originatesOf(c);
        assertEquals(2, os.size());
        pbx.answer(os.get(1));
        run(Duration.ofSeconds(40), () -> { });
        Map<Long, Attempt> byId = new java.util.HashMap<>();
        attempts(c).forEach(a -> byId.put(a.id(), a));
        Attempt silent = byId.get(os.get(0).attemptId());
        assertEquals(Outcome.NO_ANSWER, silent.outcome(), "no StasisStart within dial timeout + margin");
        run(Duration.ofSeconds(60), () -> { });
        Attempt stuck = store.attempts().find(os.get(1).attemptId()).join().orElseThrow();
        assertEquals(Outcome.ERROR, stuck.outcome(), "the hop never returned");
        assertTrue(stuck.errorMessage().contains("did not return"), stuck.errorMessage());
        assertFalse(pbx.live.contains(os.get(1).request().channelId()), "hung up");
    }
}
