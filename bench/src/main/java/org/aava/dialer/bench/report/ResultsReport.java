package org.aava.dialer.bench.report;

import org.aava.dialer.bench.store.LeaseDuringImportBenchmark;

import org.aava.dialer.bench.Figures;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns one bench/run.sh run (JMH's JSON, the FastAGI and scheduler probes' figures) into the
 * Markdown figures table of bench/RESULTS.md: what was measured, the figure, the target from the
 * issue, and whether it was met. A part that was not run (a JMH regex, quick mode) is left out.
 *
 * <pre>java -cp benchmarks.jar org.aava.dialer.bench.report.ResultsReport RESULTS_DIR</pre>
 * reads {@code jmh.json}, {@code agi.properties} and {@code scheduler.properties} from RESULTS_DIR.
 */
public final class ResultsReport {
    private final List<String> rows = new ArrayList<>();

    private ResultsReport() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : ".");
        Path jmhFile = dir.resolve("jmh.json");
        JmhResults jmh = Files.isRegularFile(jmhFile) && Files.size(jmhFile) > 0 ? new JmhResults(jmhFile) : JmhResults.empty();
        ResultsReport report = new ResultsReport();
        report.leases(jmh);
        report.leadPages(jmh);
        report.campaignStats(jmh);
        Path agi = dir.resolve("agi.properties");
        if (Files.isRegularFile(agi)) report.fastAgi(Figures.read(agi));
        Path scheduler = dir.resolve("scheduler.properties");
        if (Files.isRegularFile(scheduler)) report.scheduler(Figures.read(scheduler));
        System.out.println("| Measure | Figure | Target | Met |");
        System.out.println("|---|---|---|---|");
        report.rows.forEach(System.out::println);
    }

    private void leases(JmhResults jmh) {
        for (JmhResults.Run r : jmh.all("LeaseBenchmark.leaseRate")) {
            row("lease rate, batch " + r.param("batch") + ", alone",
                    fmt("%,.0f leads/s (%,.0f calls/s)", r.secondary("leads"), r.score()), "≥ 20,000 leads/s", r.secondary("leads") >= 20_000);
        }
        for (JmhResults.Run r : jmh.all("LeaseBenchmark.leaseLatency")) {
            row("lease call latency, batch " + r.param("batch") + ", alone",
                    fmt("p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms (%,d samples)", r.percentile("50.0"), r.percentile("99.0"),
                            r.percentile("99.9"), r.samples()), "p99 < 5 ms", r.percentile("99.0") < 5);
        }
        for (JmhResults.Run r : jmh.all("LeaseDuringImportBenchmark.rateDuringImport")) {
            double rows = r.secondary("importRate") * LeaseDuringImportBenchmark.IMPORT_CHUNK;
            row("lease rate, batch " + r.param("batch") + ", import running",
                    fmt("%,.0f leads/s (%,.0f calls/s) while importing %,.0f rows/s", r.secondary("leads"), r.secondary("leaseRate"), rows),
                    "≥ 20,000 leads/s", r.secondary("leads") >= 20_000);
        }
        for (JmhResults.Run r : jmh.all("LeaseDuringImportBenchmark.latencyDuringImport")) {
            row("lease call latency, batch " + r.param("batch") + ", import running",
                    fmt("p50 %.2f ms, p99 %.2f ms (import chunk of %,d: p50 %.0f ms, p99 %.0f ms)", r.secondary("leaseLatency:p0.50"),
                            r.secondary("leaseLatency:p0.99"), LeaseDuringImportBenchmark.IMPORT_CHUNK, r.secondary("importLatency:p0.50"),
                            r.secondary("importLatency:p0.99")),
                    "p99 < 5 ms", r.secondary("leaseLatency:p0.99") < 5);
        }
    }

    private void leadPages(JmhResults jmh) {
        for (JmhResults.Run r : jmh.all("LeadPageBenchmark.page")) {
            row("lead page (50 rows), " + r.param("filter"), latency(r), "p99 < 50 ms", r.percentile("99.0") < 50);
        }
    }

    private void campaignStats(JmhResults jmh) {
        jmh.one("CampaignStatsBenchmark.campaignStats").ifPresent(r ->
                row("campaign stats (4 reads of the stats endpoint)", latency(r), "p99 < 50 ms", r.percentile("99.0") < 50));
        jmh.one("CampaignStatsBenchmark.countByState").ifPresent(r ->
                row("… of which lead states", latency(r), "", null));
        jmh.one("CampaignStatsBenchmark.countBlockedPending").ifPresent(r ->
                row("… of which DNC-blocked pending", latency(r), "", null));
    }

    private void fastAgi(Map<String, String> f) {
        for (String scenario : List.of("spread", "burst")) {
            String p = "agi." + scenario + ".";
            if (!f.containsKey(p + "sessions")) continue;
            long failed = Long.parseLong(f.get(p + "failed"));
            String label = scenario.equals("spread") ? "arriving over 1 s, all in a hop at once" : "all connecting at the same instant";
            row("FastAGI, " + f.get("agi.peers") + " concurrent hops (" + label + "): failures",
                    fmt("%s failed of %s (peak %s sessions active)", failed, f.get(p + "sessions"), f.get(p + "peak_active")), "0", failed == 0);
            double p50 = Double.parseDouble(f.get(p + "command_p50_ms"));
            row("FastAGI, " + scenario + ": added latency per AGI command",
                    fmt("p50 %.2f ms, p99 %.2f ms; first command of a session p50 %s ms, p99 %s ms; process CPU %s ms per hop (server, simulated Asterisk, JIT, GC)",
                            p50, Double.parseDouble(f.get(p + "command_p99_ms")), f.get(p + "first_command_p50_ms"), f.get(p + "first_command_p99_ms"),
                            f.get(p + "cpu_ms_per_hop")), "p50 < 2 ms", p50 < 2);
            if (f.containsKey(p + "hop_added_p50_ms")) {
                row("… a whole hop's added time (first command plus every command)",
                        fmt("p50 %s ms, p99 %s ms", f.get(p + "hop_added_p50_ms"), f.get(p + "hop_added_p99_ms")), "", null);
            }
        }
    }

    private void scheduler(Map<String, String> f) {
        double threads = Double.parseDouble(f.get("scheduler.threads_pct_of_core"));
        row("scheduler idle, " + f.get("scheduler.campaigns") + " running campaigns outside their window",
                fmt("%.2f%% of one core (pacer + store threads); process %.2f%% above its idle baseline", threads,
                        Double.parseDouble(f.get("scheduler.process_minus_baseline_pct"))), "< 2% of one core", threads < 2);
        if (f.containsKey("scheduler_with_gauges.threads_pct_of_core")) {
            row("… plus the server's pending-lead gauges (every 10 s)",
                    fmt("%.2f%% of one core", Double.parseDouble(f.get("scheduler_with_gauges.threads_pct_of_core"))), "", null);
        }
    }

    private static String latency(JmhResults.Run r) {
        return fmt("p50 %.2f ms, p99 %.2f ms, max %.2f ms (%,d samples)", r.percentile("50.0"), r.percentile("99.0"), r.percentile("100.0"),
                r.samples());
    }

    private void row(String measure, String figure, String target, Boolean met) {
        rows.add("| " + measure + " | " + figure + " | " + target + " | " + (met == null ? "" : met ? "yes" : "**no**") + " |");
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
