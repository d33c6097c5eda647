package org.aava.dialer.server;

import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.Outcome;
import org.aava.dialer.lab.LabAsterisk;
import org.aava.dialer.lab.LabInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20, several Asterisk servers: a dialer pointed at the lab's second Asterisk (ARI 8089, started beside the
 * default one by {@code AAVA_LAB_INSTANCES=2 etc/lab/start.sh}) places real calls there, through the generated hop
 * installed on that instance, and records their outcomes, while the first instance is up and sees none of them.
 */
class SecondAsteriskLabTest {
    @TempDir
    Path dir;

    @Test
    void aDialerOnTheSecondAsteriskCallsThroughItAndOnlyIt() throws Exception {
        LabInstance.FIRST.requireOrSkip();
        int firstBefore = LabInstance.FIRST.dialedCount("7001");
        int secondBefore;
        try (LabDialer dialer = new LabDialer(dir, null, LabInstance.SECOND)) {
            secondBefore = LabInstance.SECOND.dialedCount("7001");
            Campaign c = dialer.campaign("second asterisk", b -> { }, List.of("7001", "7008"));

            // while the human call is up, its channel is in the second instance's list, not the first's
            String[] channel = new String[1];
            assertTrue(LabAsterisk.await(Duration.ofSeconds(20), () -> {
                channel[0] = dialer.attempts(c.id()).stream().filter(a -> a.phoneNumber().endsWith("7001"))
                        .map(Attempt::channelId).filter(Objects::nonNull).findFirst().orElse(null);
                return channel[0] != null && LabInstance.SECOND.channelIds().contains(channel[0]);
            }), "the 7001 call is up on the second Asterisk");
            assertFalse(LabInstance.FIRST.channelIds().contains(channel[0]), "and not on the first");

            Map<String, Attempt> byNumber = dialer.awaitAllClosed(c.id(), 2, Duration.ofSeconds(60)).stream()
                    .collect(Collectors.toMap(a -> a.phoneNumber().substring(a.phoneNumber().length() - 4), Function.identity()));
            Attempt human = byNumber.get("7001");
            assertNotNull(human, byNumber.toString());
            assertEquals(Outcome.ANSWERED_HUMAN, human.outcome(), human.toString());
            assertEquals("HUMAN", human.amdStatus(), "AMD and the hop ran on the second instance");
            assertEquals(1, dialer.application.agi().sessions(), "its hop reached the dialer's FastAGI");
            assertEquals(Outcome.BUSY, byNumber.get("7008").outcome(), byNumber.get("7008").toString());
        }
        assertEquals(secondBefore + 1, LabInstance.SECOND.dialedCount("7001"), "the second instance dialed 7001 once");
        assertEquals(firstBefore, LabInstance.FIRST.dialedCount("7001"), "the first instance never dialed it");
    }
}
