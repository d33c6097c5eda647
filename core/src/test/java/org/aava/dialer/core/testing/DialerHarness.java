package org.aava.dialer.core.testing;

import org.aava.dialer.core.ai.AiContext;
import org.aava.dialer.core.ai.AiContexts;
import org.aava.dialer.core.ai.AttachTarget;
import org.aava.dialer.core.ai.PromptComposer;
import org.aava.dialer.core.calls.CallFlow;
import org.aava.dialer.core.calls.DialerMetrics;
import org.aava.dialer.core.calls.DialerSettings;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.CampaignStatus;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.ports.LeaseRequest;
import org.aava.dialer.core.scheduler.Pacer;
import org.aava.dialer.core.testing.FakeCallControl.Originated;
import org.aava.dialer.core.time.LocalHours;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A whole dialer core wired with fakes: {@link MutableClock}, {@link InMemoryStore},
 * {@link FakeCallControl}, a real {@link CallFlow} and {@link Pacer}, all on the caller's thread
 * (direct executors), so a test is a deterministic sequence of ticks and PBX events.
 */
public final class DialerHarness {
    /** Monday 2026-03-02 12:00 UTC. */
    public static final Instant MONDAY_NOON_UTC = Instant.parse("2026-03-02T12:00:00Z");
    /** Runs tasks on the caller's thread. */
    public static final Executor DIRECT = Runnable::run;

    public final MutableClock clock;
    public final InMemoryStore store;
    public final FakeCallControl pbx;
    public final DialerSettings settings;
    public final AiContexts contexts;
    public final CallFlow flow;
    public final Pacer pacer;

    public DialerHarness() {
        this(settings(50, 5), AttachTarget.dialplan("ai-agent", "s", 1));
    }

    public DialerHarness(DialerSettings settings, AttachTarget attach) {
        this(settings, new AiContexts(List.of(new AiContext("default", "Be nice.", "Hello", "fake-provider", List.of(), attach))),
                MONDAY_NOON_UTC);
    }

    public DialerHarness(DialerSettings settings, AiContexts contexts, Instant start) {
        this.clock = new MutableClock(start);
        this.store = new InMemoryStore(clock);
        this.pbx = new FakeCallControl(clock);
        this.settings = settings;
        this.contexts = contexts;
        PromptComposer prompts = (ctx, lead) -> new PromptComposer.Composed(ctx.prompt() + " [lead " + lead.name() + "]",
                "{\"name\":\"" + lead.name() + "\"}");
        this.flow = new CallFlow(pbx, store.journal(), store.attempts(), store.leads(), store.campaigns(), contexts, prompts,
                settings, clock, DialerMetrics.NONE, DIRECT, new SplittableRandom(1), store.dnc(), sessionKeys());
        pbx.events(flow);
        this.pacer = new Pacer(store.campaigns(), store.leads(), flow, settings, clock, DialerMetrics.NONE, DIRECT);
    }

    /** Predictable, distinct AI session keys (test-session-key-1, -2, ...), so a test can name the one it expects. */
    public static java.util.function.Supplier<org.aava.dialer.core.model.AiSessionKey> sessionKeys() {
        java.util.concurrent.atomic.AtomicLong n = new java.util.concurrent.atomic.AtomicLong();
        return () -> new org.aava.dialer.core.model.AiSessionKey("test-session-key-" + n.incrementAndGet());
    }

    /**
     * Test settings: tick 250 ms, lease TTL 120 s, stasis margin 15 s, AMD hop timeout 60 s, voicemail
     * timeout 120 s, max call 1 h, a node originate rate high enough never to matter, breaker window 5 min.
     */
    public static DialerSettings settings(int nodeMaxConcurrent, int breakerErrors) {
        return new DialerSettings("aava-test", "Local/{number}@from-internal", "6789", "Outbound", Duration.ofSeconds(120),
                Duration.ofMillis(250), nodeMaxConcurrent, 1000, Duration.ofHours(1), Duration.ofSeconds(15), Duration.ofSeconds(60),
                Duration.ofSeconds(120), Map.of(), breakerErrors, Duration.ofMinutes(5),
                new org.aava.dialer.core.model.Placement("node-test", "127.0.0.1:8088/aava-test"));
    }

    /**
     * A running campaign (window open all day, local hours off, 5 concurrent, no minimum interval unless
     * {@code settings} says otherwise) with {@code leads} pending leads numbered {@code 1555<id><00000+i>}.
     */
    public Campaign campaign(String name, Consumer<Campaign.Builder> settings, int leads) {
        Campaign.Builder b = Campaign.builder(name).window(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT).localHours(LocalHours.OFF)
                .maxConcurrent(5).minIntervalSeconds(0).status(CampaignStatus.RUNNING);
        settings.accept(b);
        Campaign c = store.createCampaign(b.build());
        List<Lead> list = new ArrayList<>();
        for (int i = 0; i < leads; i++) {
            String n = "1555" + c.id() + String.format("%05d", i);
            list.add(Lead.newPending(c.id(), n, n, "L" + i, "{}", null, null, null));
        }
        if (!list.isEmpty()) store.addLeads(c.id(), list);
        pacer.invalidate();
        return c;
    }

    /** One pacer tick at the current fake time; everything it starts has settled when it returns. */
    public void tick() {
        pacer.tick();
        if (!pacer.idle()) throw new AssertionError("pacer did not settle: " + pacer.busyReport());
    }

    /** Advances the clock by one tick (250 ms) and ticks, for {@code d}; {@code afterEachTick} runs after each. */
    public void run(Duration d, Runnable afterEachTick) {
        long step = settings.tick().toMillis();
        for (long ms = 0; ms < d.toMillis(); ms += step) {
            clock.advanceMillis(step);
            tick();
            afterEachTick.run();
        }
    }

    public void run(Duration d) {
        run(d, () -> { });
    }

    /** Leases one lead of the campaign by hand (as the pacer would), or fails. */
    public Lead leaseOne(Campaign c) {
        List<Lead> leased = store.leads().lease(new LeaseRequest(c.id(), 1, settings.leaseTtl(), clock.instant(),
                c.maxAttemptsPer24h())).join();
        if (leased.isEmpty()) throw new AssertionError("no lead to lease in campaign " + c.id());
        return leased.get(0);
    }

    /** Leases one lead and starts its call through the flow; returns the attempt id. */
    public long startOne(Campaign c) {
        Lead lead = leaseOne(c);
        return flow.start(c, lead).join().orElseThrow(() -> new AssertionError("the flow did not start lead " + lead.id()));
    }

    /** Leases, starts and returns what Asterisk received (fails if the originate failed). */
    public Originated dialOne(Campaign c) {
        long attemptId = startOne(c);
        return pbx.originated(attemptId).orElseThrow(() -> new AssertionError("attempt " + attemptId + " was not originated"));
    }
}
