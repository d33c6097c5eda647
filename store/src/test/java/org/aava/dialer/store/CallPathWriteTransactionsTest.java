package org.aava.dialer.store;

import org.aava.dialer.core.ai.AiContext;
import org.aava.dialer.core.ai.AiContexts;
import org.aava.dialer.core.ai.AttachTarget;
import org.aava.dialer.core.ai.PromptComposer;
import org.aava.dialer.core.calls.CallFlow;
import org.aava.dialer.core.calls.DialerMetrics;
import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.model.LeadState;
import org.aava.dialer.core.model.Outcome;
import org.aava.dialer.core.ports.LeaseRequest;
import org.aava.dialer.core.testing.DialerHarness;
import org.aava.dialer.core.testing.FakeCallControl;
import org.aava.dialer.core.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What one human call costs the database, end to end through the real {@link CallFlow} and {@link SqliteStore}:
 * lease, open, answer, hop, attach, close. Each transition of the attempt is one write transaction (with its lead
 * and call record); over the separate repositories, before the journal, the same call took ten.
 */
class CallPathWriteTransactionsTest {
    @TempDir
    Path dir;

    /** Write transactions by operation name, counted where the store commits them. */
    private final Map<String, AtomicInteger> writes = new ConcurrentHashMap<>();

    private final StoreMetrics counting = new StoreMetrics() {
        @Override
        public void recordOperation(String name, long nanos, boolean ok) {
        }

        @Override
        public void recordWriteTransaction(String name) {
            // (the name index is background upkeep of imported leads, not the call's)
            if (!name.equals("lead.nameIndex")) writes.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
        }
    };

    private int total() {
        return writes.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    @Test
    void aHumanCallTakesSixWriteTransactionsThroughTheJournal() throws Exception {
        try (Store store = TestDatabases.open(dir, StoreOptions.defaults().withMetrics(counting))) {
            Map<String, AtomicInteger> byOp = humanCall(store);
            assertEquals(6, total(), "lease, open, answer, hop, attach, close: " + byOp);
            assertEquals(List.of("journal.answer", "journal.attach", "journal.close", "journal.hop", "journal.open", "lead.lease"),
                    byOp.keySet().stream().sorted().toList());
        }
    }

    /** Runs one human call and returns the write transactions it took, by operation (setup writes excluded). */
    private Map<String, AtomicInteger> humanCall(Store store) throws Exception {
        MutableClock clock = new MutableClock(DialerHarness.MONDAY_NOON_UTC);
        FakeCallControl pbx = new FakeCallControl(clock);
        AiContexts contexts = new AiContexts(List.of(new AiContext("default", "Be nice.", "Hello", "fake-provider", List.of(),
                AttachTarget.dialplan("ai-agent", "s", 1))));
        PromptComposer prompts = (ctx, lead) -> new PromptComposer.Composed(ctx.prompt(), "{}");
        CallFlow flow = new CallFlow(pbx, store.journal(), store.attempts(), store.leads(), store.campaigns(), contexts, prompts,
                DialerHarness.settings(50, 0), clock, DialerMetrics.NONE, DialerHarness.DIRECT, new SplittableRandom(1), store.dnc(),
                DialerHarness.sessionKeys());
        pbx.events(flow);
        Campaign c = StoreFixture.runningCampaign(store, "writes");
        store.leads().insertBatch(c.id(), StoreFixture.leads(c.id(), 1, 1), false).join();
        writes.clear();

        Lead lead = store.leads().lease(new LeaseRequest(c.id(), 1, Duration.ofSeconds(120), clock.instant(), 0)).join().get(0);
        long attemptId = flow.start(c, lead).join().orElseThrow();
        FakeCallControl.Originated o = pbx.originated(attemptId).orElseThrow();
        pbx.answer(o);
        pbx.hopReturns(o, "HUMAN", "HUMAN-1000-1000", "", "skipped");
        await(() -> store.attempts().find(attemptId).join().orElseThrow().callHistoryId() != null);
        assertEquals(LeadState.IN_PROGRESS, store.leads().find(lead.id()).join().orElseThrow().state());
        clock.advanceSeconds(30);
        pbx.destroy(o, 16);
        await(() -> !store.attempts().find(attemptId).join().orElseThrow().open());
        await(() -> writes.keySet().stream().anyMatch(op -> op.endsWith(".close"))); // (counted just after its commit)

        Attempt a = store.attempts().find(attemptId).join().orElseThrow();
        assertEquals(Outcome.ANSWERED_HUMAN, a.outcome());
        assertNotNull(a.answeredAt());
        assertEquals("HUMAN", a.amdStatus());
        var record = store.callHistory().find(a.callHistoryId()).join().orElseThrow();
        assertEquals(Outcome.ANSWERED_HUMAN.wire(), record.outcome(), "the call record is finished with the attempt");
        assertEquals(LeadState.COMPLETED, store.leads().find(lead.id()).join().orElseThrow().state());
        return Map.copyOf(writes);
    }

    private void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < until, "timed out");
            Thread.sleep(5);
        }
    }
}
