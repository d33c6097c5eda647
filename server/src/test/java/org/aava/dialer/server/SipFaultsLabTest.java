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
import org.aava.dialer.prompts.ShippedPrompts;
import org.aava.dialer.store.SqliteStore;
import org.aava.dialer.store.StoreOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults on the SIP path, counted at the SIP far end (SIPp's own message log): the ARI connection cut mid-campaign,
 * and kill -9 of the dialer mid-campaign. However the dialer recovers, no number gets a second INVITE: recovery
 * never requeues a call whose originate may have been sent for an immediate redial.
 */
class SipFaultsLabTest {
    private static final int CAP = 4;
    /** Far-end behaviours (etc/lab/sipp/far-end.xml): a person, a voicemail, busy, ring until cancelled. */
    private static final List<String> KINDS = List.of("1001", "1002", "0486", "1009");
    private static final Map<String, String> EXPECTED = Map.of("1001", "answered_human", "1002", "voicemail_dropped", "0486", "busy", "1009", "no_answer");

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path dir;
    private Process child;

    @AfterEach
    void cleanUp() {
        if (child != null) child.destroyForcibly();
        LabAsterisk.removeDialplan("aava-outbound-amd.conf");
    }

    private static List<String> numbers(String... prefixes) {
        List<String> out = new ArrayList<>();
        for (String p : prefixes) for (String k : KINDS) out.add(p + k);
        return out;
    }

    @Test
    void aCutAriConnectionMidCampaignDialsNobodyTwice() throws Exception {
        SipTrunkLabTest.requireTrunk();
        List<String> numbers = numbers("561", "562", "563");
        try (SippFarEnd farEnd = new SippFarEnd(dir.resolve("sipp"));
             TcpProxy proxy = new TcpProxy(8088);
             LabDialer dialer = new LabDialer(dir, null, "http://127.0.0.1:" + proxy.port(),
                     Map.of("AAVA_DIALER_DIAL_ENDPOINT", "PJSIP/{number}@aava-trunk"))) {
            Campaign c = dialer.campaign("sip ari cut", b -> b.maxConcurrent(CAP).dialTimeoutSeconds(8)
                    .voicemail(true, ShippedPrompts.VOICEMAIL_URI), numbers);
            assertTrue(LabAsterisk.await(Duration.ofSeconds(20), () -> dialer.application.flow().live().count(c.id()) >= 3),
                    "calls in flight before the cut");
            Thread.sleep(1200); // some ringing, some answered and in AMD
            assertTrue(proxy.dropAll() > 0, "the ARI connections were cut");
            assertTrue(LabAsterisk.await(Duration.ofSeconds(15), () -> dialer.application.ari().reconnects() >= 1
                    && dialer.application.ari().connected()), "reconnected after the cut");
            List<Attempt> attempts = dialer.awaitAllClosed(c.id(), numbers.size(), Duration.ofSeconds(180));
            Thread.sleep(1000); // the far end's last messages reach its log

            assertTrue(attempts.stream().allMatch(a -> a.outcome() != null), "every attempt closed with an outcome: " + attempts);
            Map<String, Long> attemptsPerNumber = attempts.stream().collect(Collectors.groupingBy(Attempt::phoneNumber, Collectors.counting()));
            for (String n : numbers) assertEquals(1L, attemptsPerNumber.getOrDefault(n, 0L), "attempts for " + n + ": " + attempts);
            assertOneInviteEach(farEnd, numbers);
            assertTrue(farEnd.maxConcurrentCalls() <= CAP, "the cap held at the far end: " + farEnd.maxConcurrentCalls());
            // A call whose end fell in the outage (Asterisk hangs up one answered while our app is unregistered, and
            // reports nothing) is an error saying so, never a made-up outcome such as no_answer.
            List<Attempt> changed = attempts.stream().filter(a -> !a.outcome().wire().equals(EXPECTED.get(a.phoneNumber().substring(3)))).toList();
            changed.forEach(a -> System.out.println("SipFaultsLabTest ARI cut: outcome changed by the cut: " + a));
            assertTrue(changed.stream().allMatch(a -> a.outcome().wire().equals("error") && a.errorMessage().startsWith("lost")),
                    "outcomes the cut changed are errors that say the call was lost: " + changed);
            System.out.printf("SipFaultsLabTest ARI cut: %d numbers, 1 INVITE each, outcomes %s, far-end peak %d%n", numbers.size(),
                    attempts.stream().collect(Collectors.groupingBy(a -> a.outcome().wire(), Collectors.counting())), farEnd.maxConcurrentCalls());
        }
    }

    /** kill -9 at random points (a child JVM, really killed), restarting each time: every lead final, none dialed twice. */
    @Test
    void killNineMidCampaignDialsNobodyTwice() throws Exception {
        SipTrunkLabTest.requireTrunk();
        long seed = Long.getLong("aava.fault.seed", System.nanoTime());
        Random random = new Random(seed);
        int kills = 2;
        List<String> numbers = numbers("571", "572", "573", "574");
        String app = "aava-sipcrash-" + UUID.randomUUID().toString().substring(0, 8);
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
                dial: {endpoint: "PJSIP/{number}@aava-trunk"}
                contexts:
                  default: {prompt: "p", provider: x, tools: [], attach: {mode: dialplan, context: lab-ai-dialplan, extension: s, priority: 1}}
                """.formatted(LabAsterisk.ARI, LabAsterisk.USER, LabAsterisk.PASSWORD, app, agiPort, LabDialer.freePort(), db,
                LabAsterisk.mediaDir()));
        LabAsterisk.installDialplan("aava-outbound-amd.conf", new DialplanGenerator(new DialplanSettings(app, "127.0.0.1", agiPort,
                "2000,2000,1000,5000,100,50,10", "test")).generate());
        long campaignId;
        try (SqliteStore store = SqliteStore.open(db, StoreOptions.defaults())) {
            Campaign c = store.campaigns().create(Campaign.builder("sip crash").window(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT)
                    .localHours(LocalHours.OFF).maxConcurrent(CAP).minIntervalSeconds(0).dialTimeoutSeconds(8)
                    .voicemail(true, ShippedPrompts.VOICEMAIL_URI).build()).join();
            List<Lead> leads = new ArrayList<>();
            for (String n : numbers) leads.add(Lead.newPending(c.id(), n, n, n, "{}", null, null, null));
            store.leads().insertBatch(c.id(), leads, true).join();
            store.campaigns().setStatus(c.id(), CampaignStatus.RUNNING, null).join();
            campaignId = c.id();
        }
        Path log = dir.resolve("dialer.log");
        try (SippFarEnd farEnd = new SippFarEnd(dir.resolve("sipp"));
             SqliteStore store = SqliteStore.open(db, StoreOptions.defaults())) {
            child = CrashRecoveryLabTest.startDialer(config, log);
            int killed = 0;
            while (killed < kills) {
                Thread.sleep(3000 + random.nextInt(5000)); // dialing, ringing, in AMD, with the AI, dropping a voicemail
                if (store.leads().countByState(campaignId).join().getOrDefault(LeadState.PENDING, 0L) == 0) break;
                child.destroyForcibly().waitFor();
                killed++;
                child = CrashRecoveryLabTest.startDialer(config, log);
            }
            assertTrue(killed >= 1, "the campaign lasted through a kill");
            boolean settled = LabAsterisk.await(Duration.ofSeconds(180), () -> {
                var states = store.leads().countByState(campaignId).join();
                return LeadState.OPEN.stream().noneMatch(s -> states.getOrDefault(s, 0L) > 0) && store.attempts().listOpen().join().isEmpty();
            });
            assertTrue(settled, "every lead final, every attempt closed: " + store.leads().countByState(campaignId).join()
                    + "; open " + store.attempts().listOpen().join() + "; log " + log + " (seed " + seed + ")");
            Thread.sleep(1000);
            List<Attempt> attempts = store.attempts().page(new AttemptQuery(campaignId, null, 1, 500)).join().items().stream()
                    .map(v -> v.attempt()).toList();
            assertTrue(attempts.stream().allMatch(a -> a.outcome() != null && a.endedAt() != null), "closed with an outcome: " + attempts);
            assertEquals(numbers.size(), store.leads().page(new LeadQuery(campaignId, null, null, 1, 500)).join().items().size());
            Map<String, Set<String>> invites = farEnd.callsByNumber();
            List<String> twice = numbers.stream().filter(n -> invites.getOrDefault(n, Set.of()).size() > 1).toList();
            assertEquals(List.of(), twice, "numbers that got a second INVITE after " + killed + " kills (seed " + seed + "): " + invites);
            for (String n : numbers) {
                long made = attempts.stream().filter(a -> a.phoneNumber().equals(n)).count();
                assertTrue(invites.getOrDefault(n, Set.of()).size() <= made, n + ": an INVITE without an attempt: " + invites.get(n));
            }
            System.out.printf("SipFaultsLabTest kill -9: %d kills (seed %d), %d numbers, %d attempts, INVITEs %d, none twice, far-end peak %d%n",
                    killed, seed, numbers.size(), attempts.size(), invites.values().stream().mapToInt(Set::size).sum(), farEnd.maxConcurrentCalls());
        }
    }

    private static void assertOneInviteEach(SippFarEnd farEnd, List<String> numbers) throws Exception {
        Map<String, Set<String>> invites = farEnd.callsByNumber();
        for (String n : numbers) assertEquals(1, invites.getOrDefault(n, Set.of()).size(), "INVITEs SIPp saw for " + n + ": " + invites);
        assertEquals(numbers.size(), invites.size(), "nothing else was dialed: " + invites.keySet());
    }
}
