package org.aava.dialer.server;

import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.CampaignStatus;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.model.LeadState;
import org.aava.dialer.core.ports.AttemptQuery;
import org.aava.dialer.core.ports.LeadQuery;
import org.aava.dialer.core.time.LocalHours;
import org.aava.dialer.dialplan.DialplanGenerator;
import org.aava.dialer.dialplan.DialplanSettings;
import org.aava.dialer.lab.LabAsterisk;
import org.aava.dialer.store.SqliteStore;
import org.aava.dialer.store.StoreOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 of the dialer mid-campaign, then a restart: stale leases requeue after the TTL, open
 * attempts are reconciled with Asterisk, the campaign resumes, and no lead is left leased/dialing.
 * The dialer runs as a child JVM so it can really be killed.
 */
class CrashRecoveryLabTest {
    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS) // a failure keeps the dialer's whole log
    Path dir;
    private Process child;

    @AfterEach
    void cleanUp() {
        if (child != null) child.destroyForcibly();
        LabAsterisk.removeDialplan("aava-outbound-amd.conf");
    }

    static Process startDialer(Path config, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /**
     * kill -9 at random points of a running campaign, restarting each time ({@code -Daava.fault.kills=10} for the
     * long run; CI does 3). Proven: every lead ends final, every attempt closed once, and Asterisk's own channel list
     * never shows two live calls to one number.
     */
    @Test
    void killNineAtRandomPointsThenRestartLosesNothing() throws Exception {
        LabAsterisk.requireOrSkip();
        int kills = Integer.getInteger("aava.fault.kills", 3);
        long seed = Long.getLong("aava.fault.seed", System.nanoTime());
        java.util.Random random = new java.util.Random(seed);
        System.out.printf("kill -9 loop: %d kills, seed %d%n", kills, seed);
        String app = "aava-crash-" + UUID.randomUUID().toString().substring(0, 8);
        int agiPort = LabDialer.freePort();
        Path db = dir.resolve("crash.db");
        Path config = dir.resolve("crash.yaml");
        Files.writeString(config, """
                ari: {url: "%s", username: %s, password: %s, app: %s}
                agi: {bind: 127.0.0.1, port: %d, advertise_host: 127.0.0.1}
                web: {bind: 127.0.0.1, port: %d, admin_password: "crash-admin-password"}
                database: {path: "%s"}
                media: {dir: "%s"}
                scheduler: {tick_ms: 100, lease_ttl_seconds: 15}
                dial: {extra_variables: {LAB_HOLD_SECS: "6"}}
                contexts:
                  default: {prompt: "p", provider: x, tools: [], attach: {mode: dialplan, context: lab-ai-dialplan, extension: s, priority: 1}}
                """.formatted(LabAsterisk.ARI, LabAsterisk.USER, LabAsterisk.PASSWORD, app, agiPort, LabDialer.freePort(), db,
                LabAsterisk.mediaDir()));
        LabAsterisk.installDialplan("aava-outbound-amd.conf", new DialplanGenerator(new DialplanSettings(app, "127.0.0.1", agiPort,
                "2000,2000,1000,5000,100,50,10", "test")).generate());
        List<String> numbers = new ArrayList<>(List.of("7002", "7003", "7005", "7006", "7008", "7009", "7011"));
        for (int i = 0; i < 5 + 4 * kills && i < 100; i++) numbers.add(Integer.toString(7100 + i));
        Map<String, Integer> dialedBefore = new HashMap<>();
        for (String n : numbers) dialedBefore.put(n, LabAsterisk.dialedCount(n));
        long campaignId;
        try (SqliteStore store = SqliteStore.open(db, StoreOptions.defaults())) {
            Campaign c = store.campaigns().create(Campaign.builder("crash").window(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT)
                    .localHours(LocalHours.OFF).maxConcurrent(4).minIntervalSeconds(0).dialTimeoutSeconds(10).build()).join();
            List<Lead> leads = new ArrayList<>();
            for (String n : numbers) leads.add(Lead.newPending(c.id(), n, n, n, "{}", null, null, null));
            store.leads().insertBatch(c.id(), leads, true).join();
            store.campaigns().setStatus(c.id(), CampaignStatus.RUNNING, null).join();
            campaignId = c.id();
        }
        Path log = dir.resolve("dialer.log");
        try (LiveCallWatch watch = new LiveCallWatch(numbers);
             SqliteStore store = SqliteStore.open(db, StoreOptions.defaults())) {
            child = startDialer(config, log);
            int killed = 0;
            while (killed < kills) {
                Thread.sleep(2000 + random.nextInt(7000)); // a random point: starting up, dialing, in AMD, with the AI
                if (store.leads().countByState(campaignId).join().getOrDefault(LeadState.PENDING, 0L) == 0) break;
                child.destroyForcibly().waitFor();
                killed++;
                child = startDialer(config, log);
            }
            System.out.printf("killed the dialer %d times (open attempts now %d)%n", killed, store.attempts().listOpen().join().size());
            assertTrue(killed >= Math.min(kills, 2), "the campaign lasted through the kills: " + killed);
            boolean settled = LabAsterisk.await(Duration.ofSeconds(240), () -> {
                var states = store.leads().countByState(campaignId).join();
                boolean noneLive = LeadState.LIVE.stream().noneMatch(s -> states.getOrDefault(s, 0L) > 0);
                return noneLive && states.getOrDefault(LeadState.PENDING, 0L) == 0 && store.attempts().listOpen().join().isEmpty();
            });
            var states = store.leads().countByState(campaignId).join();
            assertTrue(settled, "every lead final, none leased/dialing, every attempt closed: " + states + "; open attempts "
                    + store.attempts().listOpen().join() + "\nfull log: " + log + "\nlog:\n" + read(log));
            List<Attempt> attempts = store.attempts().page(new AttemptQuery(campaignId, null, 1, 500)).join().items().stream()
                    .map(v -> v.attempt()).toList();
            assertTrue(attempts.stream().allMatch(a -> a.outcome() != null && a.endedAt() != null), "closed with an outcome: " + attempts);
            List<Lead> leads = store.leads().page(new LeadQuery(campaignId, null, null, 1, 500)).join().items().stream().map(v -> v.lead()).toList();
            assertEquals(numbers.size(), leads.size());
            assertTrue(leads.stream().noneMatch(l -> LeadState.OPEN.contains(l.state())), "every lead final: " + leads);

            // every attempt closed exactly once: one "attempt closed" line per attempt across all the runs' logs
            String all = Files.readString(log);
            for (Attempt a : attempts) {
                int closes = count(all, "attempt_id=" + a.id() + " ", "attempt closed");
                assertTrue(closes <= 1, "attempt " + a.id() + " closed " + closes + " times");
            }
            // Asterisk's side: never two live calls to one number, and no call without its attempt
            assertEquals(List.of(), watch.violations(), "two live calls to one number at once");
            assertTrue(watch.samples() > 50, "Asterisk's channel list was watched: " + watch.samples());
            for (String n : numbers) {
                long made = attempts.stream().filter(a -> a.phoneNumber().equals(n)).count();
                int dials = LabAsterisk.dialedCount(n) - dialedBefore.get(n);
                assertTrue(dials <= made, n + " dialed " + dials + " times by Asterisk but has " + made + " attempts");
            }
            System.out.printf("after %d kills: %d leads final, %d attempts, max %d live calls seen on Asterisk%n",
                    killed, leads.size(), attempts.size(), watch.maxLive());
        }
    }


    private static int count(String log, String lineMark, String what) {
        int n = 0;
        for (String line : log.split("\n")) if (line.contains(lineMark) && line.contains(what)) n++;
        return n;
    }

    private static String read(Path p) {
        try {
            String s = Files.readString(p);
            return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
        } catch (Exception e) {
            return "(no log)";
        }
    }
}
