package org.aava.dialer.fastagi;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.aava.dialer.core.model.HopResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing (Jazzer) of the AGI request parser and everything behind it, through the real
 * server on loopback: an input is a whole conversation as Asterisk would send it (the agi_* environment,
 * a blank line, then one reply per command), mutated. asterisk-java's request and reply parsers, our
 * script mapping and the outbound-amd script all run on it. Whatever the bytes, the server answers with
 * AGI commands only, any hop decision it announces is well-formed (the dialer splits it on commas), it
 * closes the connection within a bound, and a proper hop still works afterwards. The seeds are in
 * {@code AgiRequestFuzzTestInputs/}; JAZZER_FUZZ=1 (the surefire execution "fuzz") makes it fuzz.
 */
class AgiRequestFuzzTest {
    private static final Duration BOUND = Duration.ofSeconds(5);
    private static AgiServerRunner server;
    private static int port;
    private static final AtomicInteger hops = new AtomicInteger();
    private static Runnable restoreLogs;
    private static long inputs;

    @BeforeAll
    static void start() throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        server = AgiServerRunner.outboundAmd(new AgiSettings("127.0.0.1", port, 2, null), (HopResult hop, Duration d) -> hops.incrementAndGet(), null);
        server.start();
        restoreLogs = AgiPeer.quietLogs();
    }

    @AfterAll
    static void stop() throws Exception {
        try (SilentCloseable allowed = allowOurServer()) {
            AgiPeer.assertHopWorks(port, Duration.ofSeconds(3));
            AgiPeer.awaitNoOpenConnections(server, BOUND);
            System.out.println("AgiRequestFuzzTest: " + inputs + " inputs, " + hops.get() + " hop decisions");
        } finally {
            restoreLogs.run();
            server.close();
        }
    }

    /** Jazzer's SSRF detector refuses every connection a fuzz test makes unless allowed: ours go to our server only. */
    private static SilentCloseable allowOurServer() {
        return BugDetectors.allowNetworkConnections((host, p) -> p == port && (host.equals("127.0.0.1") || host.equals("localhost")));
    }

    @FuzzTest(maxDuration = "20s")
    void anyConversationEndsCleanly(byte[] conversation) throws Exception {
        try (SilentCloseable allowed = allowOurServer()) {
            inputs++;
            int before = hops.get();
            byte[] fromServer = AgiPeer.converse(port, conversation, BOUND);
            AgiPeer.checkServerLines(fromServer);
            assertTrue(hops.get() - before <= 1, "at most one hop decision per connection");
            if (inputs % 2000 == 0) AgiPeer.assertHopWorks(port, Duration.ofSeconds(3)); // the server has not degraded
        }
    }
}
