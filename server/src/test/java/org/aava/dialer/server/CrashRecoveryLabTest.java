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
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 of the dialer mid-campaign, then a restart: stale leases requeue after the TTL, open
 * attempts are reconciled with Asterisk, the campaign resumes, and no lead is left leased/dialing.
 * The dialer runs as a child JVM so it can really be killed.
 */
class CrashRecoveryLabTest {
    @TempDir
    Path dir;
    private Process child;

    @AfterEach
    void cleanUp() {
        if (child != null) child.destroyForcibly();
        LabAsterisk.removeDialplan("aava-outbound-amd.conf");
    }

    private Process startDialer(Path config, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    @Test
    void killNineMidCampaignThenRestartLosesNothing() throws Exception {
        LabAsterisk.requireOrSkip();
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
        List<String> numbers = List.of("7001", "7002", "7003", "7005", "7006", "7008", "7009", "7011");
        long campaignId;
        try (SqliteStore store = SqliteStore.open(db, StoreOptions.defaults())) {
            Campaign c = store.campaigns().create(Campaign.builder("crash").window(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT)
                    .localHours(LocalHours.OFF).maxConcurrent(3).minIntervalSeconds(0).dialTimeoutSeconds(10).build()).join();
            List<Lead> leads = new ArrayList<>();
            for (String n : numbers) leads.add(Lead.newPending(c.id(), n, n, n, "{}", null, null, null));
            store.leads().insertBatch(c.id(), leads, true).join();
            store.campaigns().setStatus(c.id(), CampaignStatus.RUNNING, null).join();
            campaignId = c.id();
        }
        Path log = dir.resolve("dialer.log");
        child = startDialer(config, log);
        try (SqliteStore store = SqliteStore.open(db, StoreOptions.defaults())) {
            // wait until calls are in flight (open attempts), then kill -9
            assertTrue(LabAsterisk.await(Duration.ofSeconds(40), () -> store.attempts().listOpen().join().size() >= 2),
                    "calls in flight before the kill; log:\n" + read(log));
            child.destroyForcibly().waitFor();
            int openAtKill = store.attempts().listOpen().join().size();
            assertTrue(openAtKill >= 1, "the kill left open attempts behind");

            child = startDialer(config, log);
            boolean settled = LabAsterisk.await(Duration.ofSeconds(120), () -> {
                var states = store.leads().countByState(campaignId).join();
                boolean noneLive = LeadState.LIVE.stream().noneMatch(s -> states.getOrDefault(s, 0L) > 0);
                return noneLive && states.getOrDefault(LeadState.PENDING, 0L) == 0 && store.attempts().listOpen().join().isEmpty();
            });
            var states = store.leads().countByState(campaignId).join();
            assertTrue(settled, "every lead final, none leased/dialing, every attempt closed: " + states + "\nlog:\n" + read(log));
            List<Attempt> attempts = store.attempts().page(new AttemptQuery(campaignId, null, 1, 500)).join().items().stream()
                    .map(v -> v.attempt()).toList();
            assertTrue(attempts.stream().allMatch(a -> a.outcome() != null && a.endedAt() != null), "closed with an outcome: " + attempts);
            List<Lead> leads = store.leads().page(new LeadQuery(campaignId, null, null, 1, 50)).join().items().stream().map(v -> v.lead()).toList();
            assertEquals(numbers.size(), leads.size());
            assertTrue(attempts.size() > openAtKill, "the campaign resumed after the restart");
        }
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
