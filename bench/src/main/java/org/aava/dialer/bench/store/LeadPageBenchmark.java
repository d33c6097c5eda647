package org.aava.dialer.bench.store;

import org.aava.dialer.bench.data.Dataset;
import org.aava.dialer.bench.data.LeadRows;
import org.aava.dialer.bench.data.TrialDatabase;
import org.aava.dialer.core.model.LeadState;
import org.aava.dialer.core.ports.LeadQuery;
import org.aava.dialer.core.ports.LeadView;
import org.aava.dialer.core.ports.Page;
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

import java.util.concurrent.TimeUnit;

/**
 * The admin's lead table: one page of 50 rows of a 1M-lead campaign (with each row's last attempt),
 * newest first, under every filter the store supports. Target: p99 < 50 ms.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {BenchDefaults.HEAP, BenchDefaults.GC, BenchDefaults.NATIVE_ACCESS})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LeadPageBenchmark {
    /** What the operator asked for; see {@link #query}. */
    @Param({"all", "state-pending", "state-completed", "state-leased", "state-empty", "search-number", "search-number-dense",
            "search-name", "search-name-dense", "page-2000"})
    public String filter;

    private TrialDatabase db;
    private LeadQuery query;

    @Setup(Level.Trial)
    public void openDatabase() {
        db = TrialDatabase.open(Dataset.MILLION);
        query = query(db.firstCampaign().id(), filter);
    }

    @TearDown(Level.Trial)
    public void closeDatabase() {
        db.close();
    }

    @Benchmark
    public Page<LeadView> page() {
        return db.store().leads().page(query).join();
    }

    static LeadQuery query(long campaignId, String filter) {
        return switch (filter) {
            case "all" -> new LeadQuery(campaignId, null, null, 1, 50);
            case "state-pending" -> new LeadQuery(campaignId, LeadState.PENDING, null, 1, 50);
            // a few thousand of each in the dataset's history
            case "state-completed" -> new LeadQuery(campaignId, LeadState.COMPLETED, null, 1, 50);
            case "state-leased" -> new LeadQuery(campaignId, LeadState.LEASED, null, 1, 50);
            case "state-empty" -> new LeadQuery(campaignId, LeadState.IN_PROGRESS, null, 1, 50);
            // a number as an operator types it: ~10 leads share this prefix
            case "search-number" -> new LeadQuery(campaignId, null, formatted(LeadRows.number(424_242).substring(0, 10)), 1, 50);
            // the prefix every lead shares: the search stops at its 10,000-hit cap
            case "search-number-dense" -> new LeadQuery(campaignId, null, LeadRows.COMMON_PREFIX, 1, 50);
            // a name substring matching one lead: a scan of the whole campaign
            case "search-name" -> new LeadQuery(campaignId, null, "Lead 424242", 1, 50);
            // a name substring matching ~110k leads: stops at the cap
            case "search-name-dense" -> new LeadQuery(campaignId, null, "lead 1", 1, 50);
            case "page-2000" -> new LeadQuery(campaignId, null, null, 2000, 50);
            default -> throw new IllegalArgumentException("unknown filter " + filter);
        };
    }

    /** "+1555123456" as "+1 555 123 456". */
    private static String formatted(String number) {
        return number.substring(0, 2) + " " + number.substring(2, 5) + " " + number.substring(5);
    }
}
