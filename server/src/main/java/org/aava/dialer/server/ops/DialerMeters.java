package org.aava.dialer.server.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.aava.dialer.core.calls.DialerMetrics;
import org.aava.dialer.core.calls.LiveCalls;
import org.aava.dialer.core.model.Outcome;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/** Micrometer (Prometheus) implementation of the dialer's metrics, served at {@code /metrics}. */
public final class DialerMeters implements DialerMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<Long, AtomicLong> pendingLeads = new ConcurrentHashMap<>();
    private final Map<Long, Boolean> activeGauges = new ConcurrentHashMap<>();
    private final AtomicLong nameIndexBacklog = new AtomicLong();
    private final Timer amdDuration;
    private final Timer attachLatency;
    private final Timer eventLag;
    private final Counter leased;
    private final Counter requeued;
    private LiveCalls live;

    public DialerMeters() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        amdDuration = Timer.builder("aava.outbound.amd.duration").description("answer to AMD hop decision")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(100))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
        attachLatency = Timer.builder("aava.outbound.attach.latency").description("AMD decision to AI attach")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(5)).publishPercentiles(0.5, 0.99).percentilePrecision(2)
                .serviceLevelObjectives(Duration.ofMillis(50), Duration.ofMillis(200)) // the targets: exact buckets
                .register(registry);
        eventLag = Timer.builder("aava.ari.event.lag").description("Asterisk event timestamp to our handler")
                .publishPercentileHistogram().publishPercentiles(0.5, 0.99).percentilePrecision(2)
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                .serviceLevelObjectives(Duration.ofMillis(20)) // the target, as an exact bucket to alert on
                .register(registry);
        leased = Counter.builder("aava.outbound.leases").description("leads leased").register(registry);
        requeued = Counter.builder("aava.outbound.requeued").description("expired leases requeued").register(registry);
        Gauge.builder("aava.leads.name.index.backlog", nameIndexBacklog, AtomicLong::get)
                .description("leads the name search index does not cover yet (searched by a scan until it does)").register(registry);
    }

    /** Updates the name-index backlog gauge (refreshed periodically from the store). */
    public void nameIndexBacklog(long leads) {
        nameIndexBacklog.set(leads);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public String scrape() {
        return registry.scrape();
    }

    /** Lets the active-calls gauges read the live call registry. */
    public void bindLiveCalls(LiveCalls liveCalls) {
        this.live = liveCalls;
        Gauge.builder("aava.outbound.node.active.calls", liveCalls, LiveCalls::count).register(registry);
    }

    public void bindAriConnection(BooleanSupplier connected) {
        Gauge.builder("aava.ari.connected", () -> connected.getAsBoolean() ? 1 : 0).register(registry);
    }

    public void bindAgiListening(BooleanSupplier listening) {
        Gauge.builder("aava.agi.listening", () -> listening.getAsBoolean() ? 1 : 0).register(registry);
    }

    /** Updates the pending-leads gauge of a campaign (refreshed periodically from the store). */
    public void pendingLeads(long campaignId, long count) {
        pendingLeads.computeIfAbsent(campaignId, id -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("aava.outbound.pending.leads", value, AtomicLong::get)
                    .tag("campaign_id", Long.toString(id)).register(registry);
            return value;
        }).set(count);
        activeGauge(campaignId);
    }

    private void activeGauge(long campaignId) {
        if (live == null) return;
        activeGauges.computeIfAbsent(campaignId, id -> {
            Gauge.builder("aava.outbound.active.calls", live, l -> l.count(id))
                    .tag("campaign_id", Long.toString(id)).register(registry);
            return true;
        });
    }

    @Override
    public void attemptClosed(long campaignId, Outcome outcome) {
        Counter.builder("aava.outbound.calls").description("attempts closed, by outcome")
                .tag("campaign_id", Long.toString(campaignId)).tag("outcome", outcome.wire())
                .register(registry).increment();
        activeGauge(campaignId);
    }

    @Override
    public void originated(long campaignId, Duration latency) {
        Timer.builder("aava.outbound.originate.latency").tag("campaign_id", Long.toString(campaignId))
                .register(registry).record(latency);
        activeGauge(campaignId);
    }

    @Override
    public void originateFailed(long campaignId) {
        Counter.builder("aava.outbound.originate.failures").tag("campaign_id", Long.toString(campaignId))
                .register(registry).increment();
    }

    @Override
    public void amdDecided(Duration d) {
        amdDuration.record(d);
    }

    @Override
    public void aiAttached(Duration d) {
        attachLatency.record(d);
    }

    @Override
    public void leased(int count) {
        leased.increment(count);
    }

    @Override
    public void requeued(int count) {
        requeued.increment(count);
    }

    @Override
    public void breakerTripped(long campaignId) {
        Counter.builder("aava.outbound.breaker.trips").tag("campaign_id", Long.toString(campaignId))
                .register(registry).increment();
    }

    @Override
    public void eventLag(Duration lag) {
        eventLag.record(lag);
    }

    /** For the ARI, AGI and store modules' own metric listeners. */
    public void count(String name, String... tags) {
        Counter.builder(name).tags(tags).register(registry).increment();
    }

    public void time(String name, long nanos, String... tags) {
        Timer.builder(name).tags(tags).register(registry).record(Duration.ofNanos(nanos));
    }
}
