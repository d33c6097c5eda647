package org.aava.dialer.server;

import io.micrometer.core.instrument.Timer;
import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.model.Outcome;
import org.aava.dialer.core.ports.LeadQuery;
import org.aava.dialer.lab.LabAsterisk;
import org.aava.dialer.prompts.ShippedPrompts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults during a live lab campaign: the database write-locked by another process for 10 s, the ARI
 * connection cut, the AGI server unreachable. Nothing is lost and calls keep being routed.
 */
class FaultsLabTest {
    @TempDir
    Path dir;

    private static Map<String, Attempt> byNumber(List<Attempt> attempts) {
        return attempts.stream().collect(Collectors.toMap(Attempt::phoneNumber, Function.identity(), (a, b) -> a));
    }

    private static void assertNoLeadLive(LabDialer dialer, long campaignId) {
        List<Lead> leads = dialer.application.store().leads().page(new LeadQuery(campaignId, null, null, 1, 50)).join().items()
                .stream().map(v -> v.lead()).toList();
        assertTrue(leads.stream().noneMatch(l -> l.state().isLive()), "no lead left in a live state: " + leads);
    }

    /** Reads the child's output (logging noise included) up to the given line; false at its end. */
    private static boolean awaitLine(BufferedReader out, String wanted) throws java.io.IOException {
        for (String line = out.readLine(); line != null; line = out.readLine()) if (line.equals(wanted)) return true;
        return false;
    }

    @Test
    void anotherProcessHoldingTheWriteLockForTenSecondsLosesNoOutcome() throws Exception {
        try (LabDialer dialer = new LabDialer(dir, null)) {
            Campaign c = dialer.campaign("db write-locked", b -> b.maxConcurrent(4),
                    List.of("7001", "7008", "7009", "7011", "7104", "7105"));
            assertTrue(LabAsterisk.await(Duration.ofSeconds(20), () -> dialer.application.flow().live().count(c.id()) >= 2),
                    "calls in flight before the lock");
            Timer lag = dialer.application.meters().registry().find("aava.ari.event.lag").timer();

            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process locker = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), SqliteLockHolder.class.getName(),
                    dialer.dir.resolve("dialer.db").toString(), "10000").redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(locker.getInputStream(), StandardCharsets.UTF_8));
            assertTrue(awaitLine(out, "LOCKED"), "the other process holds the write lock");
            long lockedAt = System.nanoTime();
            TimerWindow lagDuringLock = new TimerWindow(lag);
            // while the database is locked, events keep coming: calls end, and an unrelated channel enters our app
            List<String> probes = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String probe = "lock-probe-" + i + "-" + System.nanoTime();
                LabAsterisk.ari("POST", "/ari/channels?formats=ulaw&endpoint=Local/human@lab-callees&app=" + dialer.app
                        + "&appArgs=inbound&channelId=" + probe, null);
                probes.add(probe);
                Thread.sleep(1000);
            }
            TimerWindow.Figures lockLag = lagDuringLock.close();
            assertTrue(locker.waitFor(30, TimeUnit.SECONDS), "the lock holder finished");
            assertTrue(awaitLine(out, "RELEASED"), "the other process let the lock go");
            double lockSeconds = (System.nanoTime() - lockedAt) / 1e9;
            for (String p : probes) LabAsterisk.request("DELETE", "/ari/channels/" + p, null); // 404 when already gone

            Map<String, Attempt> a = byNumber(dialer.awaitAllClosed(c.id(), 6, Duration.ofSeconds(90)));
            assertEquals(6, a.size(), "every lead was called once: " + a.values());
            assertEquals(Outcome.ANSWERED_HUMAN, a.get("7001").outcome(), a.get("7001").toString());
            assertEquals(Outcome.ANSWERED_HUMAN, a.get("7104").outcome(), a.get("7104").toString());
            assertEquals(Outcome.ANSWERED_HUMAN, a.get("7105").outcome(), a.get("7105").toString());
            assertEquals(Outcome.BUSY, a.get("7008").outcome());
            assertEquals(Outcome.CONGESTION, a.get("7009").outcome());
            assertEquals(Outcome.REJECTED, a.get("7011").outcome());
            assertTrue(a.values().stream().filter(x -> x.outcome() == Outcome.ANSWERED_HUMAN).allMatch(x -> x.callHistoryId() != null),
                    "call records written after the lock: " + a.values());
            assertNoLeadLive(dialer, c.id());

            System.out.printf("ARI event lag with the database write-locked for %.1f s: %s%n", lockSeconds, lockLag);
            assertTrue(lockLag.count() >= 5, "events were handled while the database was locked: " + lockLag);
            // A loop blocked on the database would lag by the lock's 10 s; the figure itself (~11 ms p99 on an idle
            // 2-core machine) is reported, the bound leaves room for a loaded CI machine.
            assertTrue(lockLag.p99Ms() < 1000, "the event loop did not stall: " + lockLag);
        }
    }

    @Test
    void aCutAriConnectionMidCampaignIsRecoveredAndEveryCallAccountedFor() throws Exception {
        try (TcpProxy proxy = new TcpProxy(8088);
             LabDialer dialer = new LabDialer(dir, null, "http://127.0.0.1:" + proxy.port())) {
            Campaign c = dialer.campaign("ari cut", b -> b.maxConcurrent(2), List.of("7106", "7107", "7108", "7008"));
            assertTrue(LabAsterisk.await(Duration.ofSeconds(20), () -> dialer.application.flow().live().count(c.id()) >= 2),
                    "calls in flight before the cut");
            Thread.sleep(1500); // into AMD / the AI
            int cut = proxy.dropAll();
            assertTrue(cut > 0, "connections were cut");
            assertTrue(LabAsterisk.await(Duration.ofSeconds(15), () -> dialer.application.ari().reconnects() >= 1
                    && dialer.application.ari().connected()), "reconnected after the cut");
            List<Attempt> all = dialer.awaitAllClosed(c.id(), 4, Duration.ofSeconds(120));
            assertTrue(all.stream().allMatch(x -> x.outcome() != null), "every attempt closed with an outcome: " + all);
            assertEquals(4, byNumber(all).size(), "every lead was reached: " + all);
            assertNoLeadLive(dialer, c.id());
            assertTrue(LabAsterisk.channelIds().stream().noneMatch(id -> all.stream().anyMatch(x -> id.equals(x.channelId()))),
                    "no call of the campaign left up on Asterisk");
        }
    }

    @Test
    void withTheAgiServerUnreachableTheDialplanFallbackStillRoutesCalls() throws Exception {
        try (LabDialer dialer = new LabDialer(dir, null)) {
            // Each call names its node's FastAGI (AAVA_AGI_URL), so the node's own server must be down: it is the
            // dialplan's default as well, and both addresses now refuse.
            dialer.application.agi().close();
            try (Socket probe = new Socket()) {
                assertThrows(IOException.class, () -> probe.connect(new InetSocketAddress("127.0.0.1", dialer.agiPort), 500),
                        "the dialer's FastAGI port refuses");
            }

            Campaign c = dialer.campaign("agi down", b -> b.voicemail(true, ShippedPrompts.VOICEMAIL_URI), List.of("7001", "7002"));
            Map<String, Attempt> a = byNumber(dialer.awaitAllClosed(c.id(), 2, Duration.ofSeconds(90)));
            assertEquals(Outcome.ANSWERED_HUMAN, a.get("7001").outcome(), a.get("7001").toString());
            assertEquals("HUMAN", a.get("7001").amdStatus());
            assertEquals(Outcome.VOICEMAIL_DROPPED, a.get("7002").outcome(), a.get("7002").toString());
            assertEquals("MACHINE", a.get("7002").amdStatus());
            assertNoLeadLive(dialer, c.id());
        }
    }
}
