package org.aava.dialer.server;

import io.micrometer.core.instrument.Timer;
import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.Outcome;
import org.aava.dialer.lab.LabAsterisk;
import org.aava.dialer.prompts.ShippedPrompts;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SIP-path lab benchmark (run on purpose: {@code bench/lab.sh sip}): 100 concurrent calls at 10 originates/s
 * through {@code PJSIP/{number}@aava-trunk} to the SIPp far end, real RTP both ways (SIPp streams the espeak-ng
 * greeting, AMD listens to it), four in five a person held by the AI side, one in five a voicemail that gets the
 * drop. Cap and double dials are counted at the far end (SIPp's message log); CPU is read from /proc for Asterisk
 * and from the JVM for the dialer.
 */
class SipLoadBench {
    private static final int CONCURRENT = Integer.getInteger("aava.bench.concurrent", 100);

    @TempDir
    Path dir;

    @Test
    void hundredConcurrentSipCallsAtTenPerSecond() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("aava.bench"), "a benchmark: run it with bench/lab.sh sip");
        SipTrunkLabTest.requireTrunk();
        int calls = Integer.getInteger("aava.bench.calls", 150);
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < calls; i++) numbers.add("58" + String.format("%03d", i) + (i % 5 == 4 ? "1002" : "1001"));
        try (SippFarEnd farEnd = new SippFarEnd(dir.resolve("sipp"));
             LabDialer dialer = new LabDialer(dir, """
                     hold:
                       prompt: "You hold the line."
                       provider: bench
                       tools: []
                       attach: {mode: dialplan, context: lab-ai-hold, extension: s, priority: 1}
                     """, LabAsterisk.ARI, Map.of("AAVA_DIALER_DIAL_ENDPOINT", "PJSIP/{number}@aava-trunk",
                     "AAVA_DIALER_DIAL_NODE_MAX_CONCURRENT", Integer.toString(CONCURRENT + 10),
                     "AAVA_DIALER_DIAL_MAX_ORIGINATES_PER_SECOND", "10"))) {
            Timer lagTimer = dialer.application.meters().registry().find("aava.ari.event.lag").timer();
            TimerWindow lag = new TimerWindow(lagTimer);
            long asteriskPid = Long.parseLong(Files.readString(LabAsterisk.labDir().resolve("state/asterisk.pid")).strip());
            double asteriskCpu0 = cpuSeconds(asteriskPid);
            long dialerCpu0 = processCpuNanos();
            Instant t0 = Instant.now();
            Campaign c = dialer.campaign("sip bench", b -> b.maxConcurrent(CONCURRENT).dialTimeoutSeconds(15).defaultContext("hold")
                    .voicemail(true, ShippedPrompts.VOICEMAIL_URI), numbers);
            List<Attempt> done = dialer.awaitAllClosed(c.id(), numbers.size(), Duration.ofSeconds(600));
            double wall = Duration.between(t0, Instant.now()).toMillis() / 1000.0;
            double asteriskCpu = cpuSeconds(asteriskPid) - asteriskCpu0;
            double dialerCpu = (processCpuNanos() - dialerCpu0) / 1e9;
            TimerWindow.Figures lagFigures = lag.close();
            Thread.sleep(1000);

            List<Double> aiSide = new ArrayList<>();
            for (Attempt a : done) {
                String at = LabAsterisk.global("LAB_AI_AT_" + a.id());
                if (at != null && at.contains("|") && !at.endsWith("|")) {
                    String[] p = at.split("\\|");
                    aiSide.add((double) (Long.parseLong(p[0].trim()) - Long.parseLong(p[1].trim())));
                }
            }
            Map<String, Set<String>> invites = farEnd.callsByNumber();
            long twice = numbers.stream().filter(n -> invites.getOrDefault(n, Set.of()).size() > 1).count();
            long never = numbers.stream().filter(n -> invites.getOrDefault(n, Set.of()).isEmpty()).count();
            int peak = farEnd.maxConcurrentCalls();
            long humansRight = done.stream().filter(a -> a.phoneNumber().endsWith("1001") && a.outcome() == Outcome.ANSWERED_HUMAN).count();
            long machinesRight = done.stream().filter(a -> a.phoneNumber().endsWith("1002") && a.outcome() == Outcome.VOICEMAIL_DROPPED).count();
            Map<String, Long> outcomes = done.stream().collect(Collectors.groupingBy(a -> a.outcome().wire(), java.util.TreeMap::new, Collectors.counting()));
            String report = String.join("\n",
                    "## Lab, SIP path: " + numbers.size() + " calls, cap " + CONCURRENT + ", 10 originates/s, PJSIP to SIPp with RTP both ways",
                    "",
                    "| figure | value | target |",
                    "|---|---|---|",
                    "| machine | " + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("java.version") + ", max heap "
                            + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB, " + Instant.now() + " | |",
                    "| outcomes | " + outcomes + " (persons right " + humansRight + " of " + numbers.stream().filter(n -> n.endsWith("1001")).count()
                            + ", voicemails dropped " + machinesRight + " of " + numbers.stream().filter(n -> n.endsWith("1002")).count() + "), all in " + wall + " s | all right |",
                    "| most calls open at once at the far end (SIPp's log) | " + peak + " | ≤ " + CONCURRENT + ", reaches it |",
                    "| cap violations / double dials / numbers never dialed (SIPp's log) | " + (peak > CONCURRENT ? "CAP EXCEEDED" : "0") + " / " + twice + " / " + never + " | 0 / 0 / 0 |",
                    "| AMD decision → AI has the call, AI side's clock (LAB_AI_AT − AAVA_DECIDED_AT_MS) | " + LabLoadBench.percentiles(aiSide) + " | p50 < 50 ms, p99 < 200 ms |",
                    "| ARI event lag, all events | " + lagFigures + " | p99 < 20 ms |",
                    "| CPU over the run: Asterisk / dialer (test JVM, SQLite included) | " + String.format("%.1f s / %.1f s (%.0f%% / %.0f%% of one core)",
                            asteriskCpu, dialerCpu, 100 * asteriskCpu / wall, 100 * dialerCpu / wall) + " | measured |",
                    "");
            System.out.println(report);
            Files.writeString(Path.of("target", "lab-bench.md"), report);
            assertEquals(0, twice, "double dials at the far end");
            assertEquals(0, never, "numbers never dialed");
            assertTrue(peak <= CONCURRENT, "cap exceeded at the far end: " + peak);
            assertTrue(peak >= CONCURRENT * 8 / 10, "the run reached the cap (" + peak + "): else it measured nothing");
        }
    }

    /** utime + stime of a process, from /proc (clock ticks of 1/100 s, as on every Linux this runs on). */
    private static double cpuSeconds(long pid) throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
