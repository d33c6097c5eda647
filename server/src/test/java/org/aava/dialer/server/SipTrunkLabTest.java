package org.aava.dialer.server;

import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.Outcome;
import org.aava.dialer.lab.LabAsterisk;
import org.aava.dialer.prompts.ShippedPrompts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A campaign through a real SIP trunk: {@code PJSIP/{number}@aava-trunk} to the SIPp far end, which answers by number.
 * Every outcome and SIP code is checked, and from SIPp's own log: one INVITE per number and the cap; from the bridge:
 * the ARI connection never dropped (the tech_cause field on PJSIP hang-ups used to drop it).
 * Needs the lab started with {@code AAVA_LAB_PJSIP=1}.
 */
class SipTrunkLabTest {
    private static final int CAP = 5;
    /** Far-end behaviour by the number's last four digits (etc/lab/sipp/far-end.xml). */
    private static final Map<String, Outcome> EXPECTED = Map.of("1001", Outcome.ANSWERED_HUMAN, "1002", Outcome.VOICEMAIL_DROPPED,
            "0486", Outcome.BUSY, "0480", Outcome.NO_ANSWER, "0503", Outcome.CONGESTION, "0603", Outcome.REJECTED,
            "1009", Outcome.NO_ANSWER, "0404", Outcome.INVALID_NUMBER);
    private static final Map<String, Integer> SIP = Map.of("0486", 486, "0480", 480, "0503", 503, "0603", 603, "0404", 404);

    @TempDir
    Path dir;

    @Test
    void everySipAnswerIsAccountedForExactlyOnce() throws Exception {
        requireTrunk();
        List<String> numbers = new ArrayList<>();
        for (String prefix : List.of("555", "556", "557")) for (String kind : EXPECTED.keySet()) numbers.add(prefix + kind);
        try (AsteriskSockets sockets = new AsteriskSockets();
             SippFarEnd farEnd = new SippFarEnd(dir.resolve("sipp"));
             LabDialer dialer = new LabDialer(dir, null, LabAsterisk.ARI,
                     Map.of("AAVA_DIALER_DIAL_ENDPOINT", "PJSIP/{number}@aava-trunk"))) {
            Campaign c = dialer.campaign("sip trunk", b -> b.maxConcurrent(CAP).dialTimeoutSeconds(8)
                    .voicemail(true, ShippedPrompts.VOICEMAIL_URI), numbers);
            List<Attempt> attempts = dialer.awaitAllClosed(c.id(), numbers.size(), Duration.ofSeconds(240));
            Thread.sleep(1000); // the far end's last ACK/BYE reaches its log

            Map<String, List<Attempt>> byNumber = attempts.stream().collect(Collectors.groupingBy(Attempt::phoneNumber));
            List<String> wrong = new ArrayList<>();
            for (String n : numbers) {
                List<Attempt> mine = byNumber.getOrDefault(n, List.of());
                String kind = n.substring(n.length() - 4);
                if (mine.size() != 1) { wrong.add(n + ": " + mine.size() + " attempts"); continue; }
                Attempt a = mine.get(0);
                if (a.outcome() != EXPECTED.get(kind)) wrong.add(n + ": " + a.outcome() + " (expected " + EXPECTED.get(kind) + ") " + a);
                Integer sip = SIP.get(kind);
                if (sip != null && !sip.equals(a.sipCode())) wrong.add(n + ": sip_code " + a.sipCode() + " expected " + sip);
            }
            assertEquals(List.of(), wrong, "outcomes right for " + (numbers.size() - wrong.size()) + "/" + numbers.size()
                    + "; " + farEnd.diagnostics());

            Map<String, Set<String>> invites = farEnd.callsByNumber();
            for (String n : numbers) {
                assertEquals(1, invites.getOrDefault(n, Set.of()).size(), "INVITEs (distinct calls) SIPp saw for " + n + ": " + invites);
            }
            assertEquals(numbers.size(), invites.size(), "nothing else was dialed: " + invites.keySet());
            int peak = farEnd.maxConcurrentCalls();
            assertTrue(peak <= CAP && peak >= 2, "calls open at once at the far end: " + peak);
            assertEquals(0, dialer.application.ari().reconnects(), "the ARI connection never dropped");
            assertLoopbackOnly(sockets);
            System.out.printf("SipTrunkLabTest: %d/%d outcomes right, INVITEs per number %s, far-end peak %d, ARI reconnects %d, Asterisk sockets %s%n",
                    numbers.size() - wrong.size(), numbers.size(),
                    invites.values().stream().map(Set::size).collect(Collectors.toSet()), peak, dialer.application.ari().reconnects(), sockets.seen().size() + " seen, off loopback " + sockets.notLoopback());
        }
    }

    /**
     * Asterisk's SIP, RTP, ARI, AMI and AGI sockets are all on 127.0.0.1, including the RTP ports the calls opened. The
     * only exception is pjproject's DNS resolver: two unconnected UDP client sockets on random ports, opened at start.
     */
    private static void assertLoopbackOnly(AsteriskSockets sockets) {
        Set<String> elsewhere = sockets.notLoopback();
        assertTrue(elsewhere.size() <= 2 && elsewhere.stream().allMatch(s -> s.startsWith("udp UNCONN ")),
                "Asterisk sockets not on 127.0.0.1: " + elsewhere + " (all: " + sockets.seen() + ")");
        assertTrue(sockets.rtpSockets() >= 2, "RTP sockets of the calls were seen on 127.0.0.1: " + sockets.seen());
        assertTrue(sockets.seen().stream().anyMatch(s -> s.equals("udp UNCONN 127.0.0.1:5060")), "SIP on 127.0.0.1:5060: " + sockets.seen());
    }

    /** Fails in CI (the lab loads PJSIP by default), skips elsewhere when the lab or its trunk is missing. */
    static void requireTrunk() {
        LabAsterisk.requireOrSkip();
        if (trunkConfigured()) return;
        if (LabAsterisk.required()) throw new AssertionError("the lab's PJSIP trunk aava-trunk is missing (etc/lab/start.sh loads PJSIP unless AAVA_LAB_PJSIP=0)");
        assumeTrue(false, "PJSIP not loaded in the lab");
    }

    private static boolean trunkConfigured() {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(LabAsterisk.ARI + "/ari/endpoints/PJSIP"))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((LabAsterisk.USER + ":" + LabAsterisk.PASSWORD).getBytes()))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("aava-trunk");
        } catch (Exception e) {
            return false;
        }
    }
}
