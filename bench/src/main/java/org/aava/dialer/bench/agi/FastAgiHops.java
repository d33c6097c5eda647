package org.aava.dialer.bench.agi;

import org.aava.dialer.bench.Args;
import org.aava.dialer.bench.Figures;
import org.aava.dialer.bench.Percentiles;
import org.aava.dialer.fastagi.AgiMetrics;
import org.aava.dialer.fastagi.AgiServerRunner;
import org.aava.dialer.fastagi.AgiSettings;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * FastAGI under 500 concurrent hops: our AgiServerRunner with the server's {@code outbound-amd} script
 * (as Application wires it) on loopback, and {@code --peers} simulated Asterisk channels per round.
 * Reports failed hops and our added latency per AGI command (answer sent → next command received),
 * plus the first command of a session (environment sent → first command: accept, dispatch, script start).
 * Two scenarios, each run for {@code --rounds} rounds after {@code --warmup-rounds} warm-up rounds:
 * <ul>
 *   <li>{@code spread}: the channels arrive evenly over {@code --ramp-ms}, each a person who hears the
 *   consent prompt ({@code --hold-ms}), so all of them are in a hop at the same time, as when a full
 *   node's calls are answered;</li>
 *   <li>{@code burst}: all channels connect at the same instant, six in ten people with consent, the rest
 *   machines and unsure (worst case: every command queues behind hundreds of session starts).</li>
 * </ul>
 * The peers run in this JVM on virtual threads and share the CPU with the server, so the latencies are
 * an upper bound of what the server adds.
 *
 * <pre>java -cp bench/target/benchmarks.jar org.aava.dialer.bench.agi.FastAgiHops --peers 500 --rounds 3 --out agi.properties</pre>
 */
public final class FastAgiHops {
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private FastAgiHops() {
    }

    /**
     * How the channels of a round arrive.
     *
     * @param everyoneHolds every channel is a person hearing the consent prompt (else the usual mix, see {@link #amdOf})
     */
    private record Scenario(String name, long rampMillis, long holdMillis, boolean everyoneHolds) {
        AgiPeer.Amd amd(int i) {
            return everyoneHolds ? AgiPeer.Amd.HUMAN_WITH_CONSENT : amdOf(i);
        }
    }

    private record Round(List<AgiPeer.Session> sessions, int peakActive, long wallNanos) {
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        int peers = args.integer("peers", 500);
        int rounds = Math.max(1, args.integer("rounds", 3));
        int warmUpRounds = Math.max(1, args.integer("warmup-rounds", 3));
        List<Scenario> scenarios = List.of(new Scenario("spread", args.integer("ramp-ms", 1000), args.integer("hold-ms", 2000), true),
                new Scenario("burst", 0, 500, false));
        AtomicLong hopsDecided = new AtomicLong();
        Figures figures = new Figures().put("agi.peers", peers).put("agi.rounds", rounds);
        try (AgiServerRunner server = AgiServerRunner.outboundAmd(new AgiSettings("127.0.0.1", freePort(), 30, null),
                (hop, took) -> hopsDecided.incrementAndGet(), AgiMetrics.NONE)) {
            server.start();
            System.out.printf("FastAGI on 127.0.0.1:%d, %d channels per round%n", server.port(), peers);
            // enough hops for the JIT to compile the server's and the peers' paths before anything is counted
            for (int round = 1; round <= warmUpRounds; round++) {
                print("warm-up " + round, runRound(server, peers, 0, new Scenario("warm-up", 0, 100, false)));
            }
            for (Scenario scenario : scenarios) {
                List<Round> measured = new ArrayList<>();
                long hopsBefore = hopsDecided.get();
                long errorsBefore = server.errors();
                long cpuBefore = PROCESS.getProcessCpuTime();
                for (int round = 1; round <= rounds; round++) {
                    measured.add(print(scenario.name() + " " + round, runRound(server, peers, round, scenario)));
                }
                long cpu = PROCESS.getProcessCpuTime() - cpuBefore;
                report(figures, "agi." + scenario.name(), measured, hopsDecided.get() - hopsBefore, server.errors() - errorsBefore, cpu);
            }
        }
        figures.writeTo(args.path("out"));
    }

    /** Starts {@code peers} channels as the scenario says and waits for every session to end. */
    private static Round runRound(AgiServerRunner server, int peers, int round, Scenario scenario) throws Exception {
        AtomicInteger peak = new AtomicInteger();
        List<Future<AgiPeer.Session>> futures = new ArrayList<>();
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(server.activeSessions(), Math::max);
                LockSupport.parkNanos(2_000_000);
            }
        });
        long start = System.nanoTime() + 50_000_000; // every channel's thread exists before the first one connects
        try (ExecutorService channels = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < peers; i++) {
                AgiPeer peer = new AgiPeer(server.port(), round * 1_000_000L + i + 1, scenario.amd(i), scenario.holdMillis());
                long at = start + scenario.rampMillis() * 1_000_000L * i / peers;
                futures.add(channels.submit(() -> {
                    for (long wait; (wait = at - System.nanoTime()) > 0; ) LockSupport.parkNanos(wait);
                    return peer.run();
                }));
            }
            List<AgiPeer.Session> sessions = new ArrayList<>();
            for (Future<AgiPeer.Session> f : futures) sessions.add(f.get());
            long wall = System.nanoTime() - start;
            sampler.interrupt();
            return new Round(sessions, peak.get(), wall);
        }
    }

    /** The usual mix: six in ten calls are people asked for consent (they hold the session while the prompt plays), three machines, one unsure. */
    private static AgiPeer.Amd amdOf(int i) {
        int k = i % 10;
        return k < 6 ? AgiPeer.Amd.HUMAN_WITH_CONSENT : k < 9 ? AgiPeer.Amd.MACHINE : AgiPeer.Amd.NOTSURE;
    }

    private static Round print(String name, Round r) {
        System.out.printf("%-10s %d sessions, %d failed, peak %d active sessions, %.0f ms%n", name, r.sessions().size(),
                r.sessions().stream().filter(s -> !s.ok()).count(), r.peakActive(), r.wallNanos() / 1e6);
        return r;
    }

    private static void report(Figures figures, String prefix, List<Round> rounds, long hopsDecided, long serverErrors, long cpuNanos) {
        List<Long> commands = new ArrayList<>();
        List<Long> firsts = new ArrayList<>();
        List<Long> connects = new ArrayList<>();
        List<Long> hops = new ArrayList<>();
        long failed = 0;
        int sessions = 0;
        int peak = 0;
        for (Round r : rounds) {
            peak = Math.max(peak, r.peakActive());
            for (AgiPeer.Session s : r.sessions()) {
                sessions++;
                commands.addAll(s.commandNanos());
                if (s.firstCommandNanos() >= 0) firsts.add(s.firstCommandNanos());
                connects.add(s.connectNanos());
                hops.add(s.addedNanos());
                if (!s.ok()) {
                    if (failed < 5) System.out.println("  failed hop " + s.attemptId() + ": " + s.failure());
                    failed++;
                }
            }
        }
        Percentiles cmd = new Percentiles(commands);
        Percentiles first = new Percentiles(firsts);
        System.out.println(prefix + " per command (answer -> next command): " + cmd);
        Percentiles hop = new Percentiles(hops);
        System.out.println(prefix + " first command (environment -> first command): " + first);
        System.out.println(prefix + " whole hop (first command plus every command): " + hop);
        figures.put(prefix + ".sessions", sessions)
                .put(prefix + ".failed", failed)
                .put(prefix + ".server_errors", serverErrors)
                .put(prefix + ".hops_decided", hopsDecided)
                .put(prefix + ".peak_active", peak)
                .put(prefix + ".commands", cmd.count())
                .put(prefix + ".command_p50_ms", cmd.millis(50))
                .put(prefix + ".command_p90_ms", cmd.millis(90))
                .put(prefix + ".command_p99_ms", cmd.millis(99))
                .put(prefix + ".command_max_ms", cmd.maxMillis())
                .put(prefix + ".first_command_p50_ms", first.millis(50))
                .put(prefix + ".first_command_p99_ms", first.millis(99))
                .put(prefix + ".hop_added_p50_ms", hop.millis(50))
                .put(prefix + ".hop_added_p99_ms", hop.millis(99))
                .put(prefix + ".connect_p99_ms", new Percentiles(connects).millis(99))
                // the whole process (server, simulated Asterisk, JIT, GC) over the scenario, per hop
                .put(prefix + ".cpu_ms_per_hop", cpuNanos / 1e6 / Math.max(1, sessions));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
