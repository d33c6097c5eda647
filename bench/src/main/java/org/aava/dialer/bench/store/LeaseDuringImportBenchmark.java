package org.aava.dialer.bench.store;

import org.aava.dialer.bench.data.Dataset;
import org.aava.dialer.bench.data.LeadRows;
import org.aava.dialer.bench.data.TrialDatabase;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.ports.InsertResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
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
import org.openjdk.jmh.infra.Control;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The lease while a lead import runs beside it: one thread leases from the running 1M-lead campaign,
 * another imports into a second campaign in the web importer's chunks (10,000 rows, one
 * {@code insertBatch} each, one after the other as LeadImporter does). Both go through the store's
 * single writer thread, so a lease can queue behind a whole chunk. The import side skips CSV parsing,
 * which the real importer does on a web thread; on 2 cores that parsing would compete for CPU too.
 * Two groups: {@code rateDuringImport} (throughput) and {@code latencyDuringImport} (sampled latency).
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {BenchDefaults.HEAP, BenchDefaults.GC, BenchDefaults.NATIVE_ACCESS})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class LeaseDuringImportBenchmark {
    /** The web importer's chunk: LeadImporter.CHUNK. */
    public static final int IMPORT_CHUNK = 10_000;

    @Param({"10"})
    public int batch;

    private TrialDatabase db;
    private Campaign leasing;
    private long importCampaignId;
    /** Lead numbers for the import; a fresh range per chunk so every row is a real insert. */
    private final AtomicLong nextImportRow = new AtomicLong();

    @Setup(Level.Trial)
    public void openDatabase() {
        db = TrialDatabase.open(Dataset.MILLION);
        leasing = db.firstCampaign();
        importCampaignId = db.store().campaigns().create(Campaign.builder("import target").build()).join().id();
    }

    @Setup(Level.Iteration)
    public void requeueLeased() {
        LeaseQueue.refill(db);
    }

    @TearDown(Level.Trial)
    public void closeDatabase() {
        db.close();
    }

    @Benchmark
    @Group("rateDuringImport")
    @GroupThreads(1)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public List<Lead> leaseRate(LeaseBenchmark.LeasedLeads counter, Control control) {
        List<Lead> leased = lease();
        // JMH counts an operation only inside the measured window; the group's iteration ends when the import's
        // chunk (seconds long) does, so leases keep running after the window closes and must not be counted.
        if (control.startMeasurement && !control.stopMeasurement) counter.leads += leased.size();
        return leased;
    }

    @Benchmark
    @Group("rateDuringImport")
    @GroupThreads(1)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public InsertResult importRate() {
        return importChunk();
    }

    @Benchmark
    @Group("latencyDuringImport")
    @GroupThreads(1)
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public List<Lead> leaseLatency() {
        return lease();
    }

    @Benchmark
    @Group("latencyDuringImport")
    @GroupThreads(1)
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public InsertResult importLatency() {
        return importChunk();
    }

    private List<Lead> lease() {
        return db.store().leads().lease(LeaseQueue.request(leasing, batch)).join();
    }

    private InsertResult importChunk() {
        long from = nextImportRow.getAndAdd(IMPORT_CHUNK);
        return db.store().leads().insertBatch(importCampaignId, LeadRows.leads(importCampaignId, from, IMPORT_CHUNK), true).join();
    }
}
