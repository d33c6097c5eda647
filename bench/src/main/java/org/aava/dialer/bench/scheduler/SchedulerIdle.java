package org.aava.dialer.bench.scheduler;

import org.aava.dialer.bench.Args;
import org.aava.dialer.bench.Figures;
import org.aava.dialer.bench.data.Dataset;
import org.aava.dialer.bench.data.TrialDatabase;
import org.aava.dialer.core.ai.AiContext;
import org.aava.dialer.core.ai.AiContexts;
import org.aava.dialer.core.ai.AttachTarget;
import org.aava.dialer.core.ai.PromptComposer;
import org.aava.dialer.core.calls.CallFlow;
import org.aava.dialer.core.calls.DialerMetrics;
import org.aava.dialer.core.calls.DialerSettings;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.LeadState;
import org.aava.dialer.core.scheduler.DialingStatus;
import org.aava.dialer.core.scheduler.Pacer;
import org.aava.dialer.core.testing.FakeCallControl;
import org.aava.dialer.store.SqliteStore;
import org.aava.dialer.store.StoreOptions;

import java.time.Clock;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What the scheduler costs while nothing may be dialed: the real {@link Pacer} and {@link CallFlow}
 * wired as Application wires them (real SQLite store with the server's options, production tick of
 * 250 ms, system clock), 20 running campaigns of 50k leads whose calling window is closed, and a fake
 * PBX (nothing is dialed anyway). Measures the CPU used by the pacer's and the store's threads over
 * {@code --seconds}, as a percentage of one core; also the whole process's CPU over the same span
 * minus an idle baseline taken before the pacer starts (that one includes JIT and GC).
 *
 * <p>Phase 2 adds what Application does beside the pacer while idle: its pending-leads gauges count
 * every running campaign's lead states every 10 s.
 *
 * <pre>java -cp bench/target/benchmarks.jar org.aava.dialer.bench.scheduler.SchedulerIdle --seconds 20 --out scheduler.properties</pre>
 */
public final class SchedulerIdle {
    private SchedulerIdle() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        int seconds = args.integer("seconds", 20);
        int warmup = args.integer("warmup", 5);
        OperationCounter ops = new OperationCounter();
        Figures figures = new Figures();
        try (TrialDatabase db = TrialDatabase.open(Dataset.TWENTY_CAMPAIGNS, StoreOptions.defaults().withMetrics(ops))) {
            SqliteStore store = db.store();
            List<Campaign> campaigns = closeWindows(store, db.campaigns());
            CpuMeter meter = new CpuMeter(name -> name.startsWith("aava-"));
            System.out.printf("%d running campaigns, %,d leads, windows closed; baseline %d s, warm-up %d s, then %d s per phase%n",
                    campaigns.size(), Dataset.TWENTY_CAMPAIGNS.totalLeads(), warmup, warmup, seconds);

            meter.start();
            Thread.sleep(warmup * 1000L);
            CpuMeter.Usage baseline = meter.stop();

            ExecutorService workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("aava-call-", 0).factory());
            Pacer pacer = pacer(store, workers);
            // ticked as the server's PacerTicker ticks it: one "aava-pacer" thread, fixed delay of the production tick
            ScheduledExecutorService pacerLoop = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "aava-pacer");
                t.setDaemon(true);
                return t;
            });
            pacerLoop.scheduleWithFixedDelay(pacer::tick, 0, DialerSettings.defaults().tick().toMillis(), TimeUnit.MILLISECONDS);
            Thread.sleep(warmup * 1000L);

            ops.reset();
            meter.start();
            Thread.sleep(seconds * 1000L);
            CpuMeter.Usage pacerOnly = meter.stop();
            Map<String, long[]> pacerOps = ops.snapshot();
            checkStillIdle(pacer, campaigns, pacerOps);

            ScheduledExecutorService gauges = pendingLeadGauges(store);
            ops.reset();
            meter.start();
            Thread.sleep(seconds * 1000L);
            CpuMeter.Usage withGauges = meter.stop();
            Map<String, long[]> gaugeOps = ops.snapshot();
            gauges.shutdownNow();
            pacerLoop.shutdownNow();
            workers.shutdownNow();

            report(figures, "scheduler", pacerOnly, baseline, pacerOps, campaigns.size());
            report(figures, "scheduler_with_gauges", withGauges, baseline, gaugeOps, campaigns.size());
            figures.put("scheduler.baseline_process_pct", baseline.processPercentOfCore());
        }
        figures.writeTo(args.path("out"));
    }

    /** Every campaign's window becomes one hour that starts 6 hours from now (UTC): closed for the whole run. */
    private static List<Campaign> closeWindows(SqliteStore store, List<Campaign> campaigns) {
        LocalTime opens = LocalTime.now(ZoneOffset.UTC).plusHours(6).truncatedTo(ChronoUnit.MINUTES);
        for (Campaign c : campaigns) {
            store.campaigns().update(c.toBuilder().timezone(ZoneOffset.UTC).window(opens, opens.plusHours(1)).build()).join();
        }
        return store.campaigns().listRunning().join();
    }

    /** As Application builds it, with a fake PBX in place of the ARI bridge. */
    private static Pacer pacer(SqliteStore store, ExecutorService workers) {
        DialerSettings settings = DialerSettings.defaults();
        Clock clock = Clock.systemUTC();
        AiContexts contexts = new AiContexts(List.of(new AiContext("default", "Be brief.", "Hello", "bench", List.of(),
                AttachTarget.dialplan("ai-agent", "s", 1))));
        PromptComposer prompts = (context, lead) -> new PromptComposer.Composed(context.prompt(), "{}");
        FakeCallControl pbx = new FakeCallControl(clock);
        CallFlow flow = new CallFlow(pbx, store.journal(), store.attempts(), store.leads(), store.campaigns(), contexts, prompts,
                settings, clock, DialerMetrics.NONE, workers, new SplittableRandom(), null, org.aava.dialer.core.model.AiSessionKey.secureSupplier());
        pbx.events(flow);
        return new Pacer(store.campaigns(), store.leads(), flow, settings, clock, DialerMetrics.NONE, workers);
    }

    /** Application.refreshPendingGauges: every 10 s, the lead states of every running campaign. */
    private static ScheduledExecutorService pendingLeadGauges(SqliteStore store) {
        ScheduledExecutorService gauges = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "aava-gauges");
            t.setDaemon(true);
            return t;
        });
        gauges.scheduleWithFixedDelay(() -> store.campaigns().listRunning().thenAccept(list -> list.forEach(c ->
                store.leads().countByState(c.id()).thenAccept(states -> states.getOrDefault(LeadState.PENDING, 0L)))),
                1, 10, TimeUnit.SECONDS);
        return gauges;
    }

    /** The measurement is only meaningful if nothing was leased: every campaign must report outside_window. */
    private static void checkStillIdle(Pacer pacer, List<Campaign> campaigns, Map<String, long[]> ops) {
        if (ops.containsKey("lead.lease")) throw new IllegalStateException("the pacer leased leads: a window is open");
        for (Campaign c : campaigns) {
            String code = pacer.status(c.id()).map(DialingStatus::code).orElse("none");
            if (!code.equals("outside_window")) throw new IllegalStateException("campaign " + c.id() + " is " + code + ", not outside_window");
        }
    }

    private static void report(Figures figures, String name, CpuMeter.Usage usage, CpuMeter.Usage baseline, Map<String, long[]> ops,
                               int campaigns) {
        double seconds = usage.wallNanos() / 1e9;
        System.out.printf("%s: %.1f s, pacer+store threads %.2f%% of one core, process %.2f%% (idle baseline %.2f%%)%n", name, seconds,
                usage.threadPercentOfCore(), usage.processPercentOfCore(), baseline.processPercentOfCore());
        usage.byThread().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> System.out.printf("    %-32s %8.1f ms CPU%n", e.getKey(), e.getValue() / 1e6));
        ops.forEach((op, v) -> System.out.printf("    %-32s %6.1f/s, mean %.2f ms%n", op, v[0] / seconds, v[1] / 1e6 / Math.max(1, v[0])));
        figures.put(name + ".campaigns", campaigns)
                .put(name + ".seconds", seconds)
                .put(name + ".threads_pct_of_core", usage.threadPercentOfCore())
                .put(name + ".process_pct_of_core", usage.processPercentOfCore())
                .put(name + ".process_minus_baseline_pct", usage.processPercentOfCore() - baseline.processPercentOfCore())
                .put(name + ".db_ops_per_s", ops.values().stream().mapToLong(v -> v[0]).sum() / seconds);
    }
}
