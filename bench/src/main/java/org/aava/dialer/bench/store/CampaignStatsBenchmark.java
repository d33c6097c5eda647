package org.aava.dialer.bench.store;

import org.aava.dialer.bench.data.Dataset;
import org.aava.dialer.bench.data.TrialDatabase;
import org.aava.dialer.core.model.LeadState;
import org.aava.dialer.store.SqliteStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The store reads behind the campaign stats endpoint (GET /api/outbound/campaigns/{id}/stats), in the
 * order OutboundApi.stats issues them, each awaited before the next: lead states, attempt outcomes,
 * pending leads blocked by DNC, next retry. Also each read alone. Target: p99 < 50 ms for the whole.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {BenchDefaults.HEAP, BenchDefaults.GC, BenchDefaults.NATIVE_ACCESS})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CampaignStatsBenchmark {
    private TrialDatabase db;
    private long campaignId;

    /** What the endpoint gets from the store. */
    public record Stats(Map<LeadState, Long> states, Map<String, Long> outcomes, long dncBlockedPending, Optional<Instant> nextRetry) {
    }

    @Setup(Level.Trial)
    public void openDatabase() {
        db = TrialDatabase.open(Dataset.MILLION);
        campaignId = db.firstCampaign().id();
    }

    @TearDown(Level.Trial)
    public void closeDatabase() {
        db.close();
    }

    @Benchmark
    public Stats campaignStats() {
        SqliteStore s = db.store();
        Map<LeadState, Long> states = s.leads().countByState(campaignId).join();
        Map<String, Long> outcomes = s.attempts().countOutcomes(campaignId).join();
        long blocked = s.dnc().countBlockedPending(campaignId).join();
        Optional<Instant> next = s.leads().nextDueAt(campaignId, Instant.now()).join();
        return new Stats(states, outcomes, blocked, next);
    }

    @Benchmark
    public Map<LeadState, Long> countByState() {
        return db.store().leads().countByState(campaignId).join();
    }

    @Benchmark
    public long countBlockedPending() {
        return db.store().dnc().countBlockedPending(campaignId).join();
    }
}
