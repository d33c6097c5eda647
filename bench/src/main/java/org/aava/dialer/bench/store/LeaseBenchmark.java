package org.aava.dialer.bench.store;

import org.aava.dialer.bench.data.Dataset;
import org.aava.dialer.bench.data.TrialDatabase;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.Lead;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The pacer's lease ({@code LeadRepository.lease}) from a running 1M-lead campaign, one caller, through
 * the store's public API (so the hop to the writer thread is included). {@code batch} is the lease's
 * limit: the pacer asks for min(free concurrency, originate tokens), a few leads per tick.
 * Targets: ≥ 20k leased leads/s ({@code leaseRate}, secondary metric {@code leads}) and p99 < 5 ms
 * per lease call ({@code leaseLatency}).
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {BenchDefaults.HEAP, BenchDefaults.GC, BenchDefaults.NATIVE_ACCESS})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class LeaseBenchmark {
    @Param({"1", "10", "50"})
    public int batch;

    private TrialDatabase db;
    private Campaign campaign;

    @Setup(Level.Trial)
    public void openDatabase() {
        db = TrialDatabase.open(Dataset.MILLION);
        campaign = db.firstCampaign();
    }

    /** Puts the leads leased by the last iteration back in the queue, so every iteration sees ~1M pending leads. */
    @Setup(Level.Iteration)
    public void requeueLeased() {
        LeaseQueue.refill(db);
    }

    @TearDown(Level.Trial)
    public void closeDatabase() {
        db.close();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public List<Lead> leaseRate(LeasedLeads counter) {
        List<Lead> leased = lease();
        counter.leads += leased.size();
        return leased;
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public List<Lead> leaseLatency() {
        return lease();
    }

    private List<Lead> lease() {
        return db.store().leads().lease(LeaseQueue.request(campaign, batch)).join();
    }

    /** Leads handed out, reported by JMH as a rate next to the lease calls' rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class LeasedLeads {
        public long leads;

        @Setup(Level.Iteration)
        public void reset() {
            leads = 0;
        }
    }
}
