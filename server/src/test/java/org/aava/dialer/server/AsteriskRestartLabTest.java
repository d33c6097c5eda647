package org.aava.dialer.server;

import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.Outcome;
import org.aava.dialer.lab.LabAsterisk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Asterisk stopped and started mid-campaign: the dialer reconnects, ends the lost call with a recorded outcome and goes on. */
class AsteriskRestartLabTest {
    @TempDir
    Path dir;

    private static void lab(String script) throws Exception {
        Process p = new ProcessBuilder(LabAsterisk.repoRoot().resolve("etc/lab/" + script).toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, script + " failed: " + out);
    }

    @Test
    void reconnectsAfterAnAsteriskRestartAndAccountsForTheLostCall() throws Exception {
        try (LabDialer dialer = new LabDialer(dir, null)) {
            Campaign c = dialer.campaign("restart", b -> b.maxConcurrent(1).dialTimeoutSeconds(30), List.of("7010", "7001", "7003", "7005"));
            assertTrue(LabAsterisk.await(Duration.ofSeconds(15), () -> dialer.application.flow().live().count(c.id()) == 1),
                    "the first call is ringing");
            lab("stop.sh");
            try {
                assertTrue(LabAsterisk.await(Duration.ofSeconds(10), () -> !dialer.application.ari().connected()), "the drop is noticed");
            } finally {
                lab("start.sh");
            }
            assertTrue(LabAsterisk.await(Duration.ofSeconds(40), () -> dialer.application.ari().connected()), "reconnected");
            assertTrue(LabAsterisk.await(Duration.ofSeconds(90), () -> dialer.attempts(c.id()).stream()
                    .anyMatch(x -> x.outcome() == Outcome.ANSWERED_HUMAN)), "the campaign resumed: " + dialer.attempts(c.id()));
            Map<String, Attempt> a = dialer.attempts(c.id()).stream()
                    .collect(Collectors.toMap(Attempt::phoneNumber, Function.identity(), (x, y) -> x.id() < y.id() ? x : y));
            // Asterisk either reports the ringing channel's destruction while shutting down (cause 0: no_answer),
            // or the channel is simply gone when we reconnect (reconciled as error "lost on restart").
            Attempt lost = a.get("7010");
            assertTrue(lost.outcome() == Outcome.NO_ANSWER || lost.outcome() == Outcome.ERROR
                    && lost.errorMessage().contains("lost on restart"), lost.toString());
            List<Attempt> all = dialer.attempts(c.id());
            // leads originated while Asterisk was shutting down got ARI 503: recorded as error, and requeued, not burnt
            all.stream().filter(x -> x.outcome() == Outcome.ERROR).forEach(x -> assertTrue(x.errorMessage().contains("originate failed")
                    || x.errorMessage().contains("lost on restart"), x.toString()));
            assertTrue(dialer.application.ari().reconnects() >= 1);
        }
    }
}
