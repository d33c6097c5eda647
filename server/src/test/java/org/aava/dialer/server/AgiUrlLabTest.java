package org.aava.dialer.server;

import org.aava.dialer.core.calls.ChannelVars;
import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.Outcome;
import org.aava.dialer.fastagi.AgiMetrics;
import org.aava.dialer.fastagi.AgiServerRunner;
import org.aava.dialer.fastagi.AgiSettings;
import org.aava.dialer.lab.LabAsterisk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20: the AMD hop reaches the FastAGI of the node that placed the call ({@code AAVA_AGI_URL}, set at
 * originate), and the generated dialplan's baked-in address only when a call carries none. The installed snippet's
 * default is a second FastAGI server ("another node"), so each server must see exactly the calls meant for it.
 */
class AgiUrlLabTest {
    @TempDir
    Path dir;

    @Test
    void theHopRunsOnTheCallsOwnFastAgiAndOnTheDialplansDefaultWithoutTheVariable() throws Exception {
        Queue<Long> otherHops = new ConcurrentLinkedQueue<>();
        try (LabDialer dialer = new LabDialer(dir, null);
             AgiServerRunner other = AgiServerRunner.outboundAmd(new AgiSettings("127.0.0.1", LabDialer.freePort(), 30, null),
                     (hop, took) -> otherHops.add(hop.attemptId()), AgiMetrics.NONE)) {
            other.start();
            String own = ChannelVars.agiUrl("127.0.0.1", dialer.agiPort);
            String otherUrl = ChannelVars.agiUrl("127.0.0.1", other.port());
            String text = dialer.application.dialplanText();
            assertTrue(text.contains("Set(AAVA_AGI_URL=" + own + ")"), text);
            // the snippet as another node generated it: its default is that node's FastAGI
            LabAsterisk.installDialplan("aava-outbound-amd.conf", text.replace(own, otherUrl));

            // 1. A call the dialer places (Local/7001@from-internal, Stasis, then the hop on the same ;1 channel)
            Campaign c = dialer.campaign("agi url", b -> { }, List.of("7001"));
            Attempt a = dialer.awaitAllClosed(c.id(), 1, Duration.ofSeconds(60)).getFirst();
            assertEquals(Outcome.ANSWERED_HUMAN, a.outcome(), a.toString());
            assertEquals("HUMAN", a.amdStatus());
            assertEquals(1, dialer.application.agi().sessions(), "the hop ran on the dialer's own FastAGI");
            assertTrue(otherHops.isEmpty(), "the dialplan's default saw none of the dialer's calls: " + otherHops);

            // 2. A call without AAVA_AGI_URL (originated straight into the hop): the default is used
            long rawAttempt = 900_000_000L + (System.nanoTime() & 0xffff);
            String channelId = "agi-url-" + UUID.randomUUID();
            LabAsterisk.ari("POST", "/ari/channels?endpoint=Local/7001@from-internal&context=" + ChannelVars.AMD_CONTEXT
                    + "&extension=s&priority=1&timeout=15&channelId=" + channelId,
                    "{\"variables\":{\"" + ChannelVars.ATTEMPT_ID + "\":\"" + rawAttempt + "\",\"LAB_HOLD_SECS\":\"5\"}}");
            try {
                assertTrue(LabAsterisk.await(Duration.ofSeconds(20), () -> otherHops.contains(rawAttempt)),
                        "the call without the variable reached the default FastAGI: " + otherHops);
            } finally {
                LabAsterisk.request("DELETE", "/ari/channels/" + channelId, null);
            }
            assertEquals(List.of(rawAttempt), List.copyOf(otherHops), "only that call");
            assertEquals(1, dialer.application.agi().sessions(), "and not the dialer's");
        }
    }
}
