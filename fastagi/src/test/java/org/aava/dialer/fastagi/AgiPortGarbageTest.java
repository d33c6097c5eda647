package org.aava.dialer.fastagi;

import org.aava.dialer.core.model.HopResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Garbage on the FastAGI port over loopback: random bytes, zeros, a never-ending line, a never-ending
 * request, a trickle, half requests, hundreds of silent peers. Each is answered cleanly or dropped
 * within a bound, none makes a hop decision, a proper hop works right after (and during), and the
 * server's open connections and busy connection threads come back to zero.
 */
class AgiPortGarbageTest {
    /** Short, so the tests that wait for the server to drop a peer stay quick; production's default is 30 s. */
    private static final int READ_TIMEOUT_SECONDS = 2;
    private static final Duration BOUND = Duration.ofSeconds(READ_TIMEOUT_SECONDS + 3);

    private AgiServerRunner server;
    private int port;
    private final ConcurrentLinkedQueue<HopResult> hops = new ConcurrentLinkedQueue<>();
    private Runnable restoreLogs;

    @BeforeEach
    void start() throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        server = AgiServerRunner.outboundAmd(new AgiSettings("127.0.0.1", port, READ_TIMEOUT_SECONDS, null), (hop, d) -> hops.add(hop), null);
        server.start();
        restoreLogs = AgiPeer.quietLogs();
    }

    @AfterEach
    void stop() {
        restoreLogs.run();
        server.close();
    }

    private void assertCleanAfterGarbage() throws Exception {
        assertTrue(hops.isEmpty(), "garbage made no hop decision: " + hops);
        AgiPeer.assertHopWorks(port, Duration.ofSeconds(3));
        AgiPeer.awaitNoOpenConnections(server, BOUND);
    }

    @Test
    void randomBytesZerosAndJunkLinesAreAnsweredOrDropped() throws Exception {
        SplittableRandom random = new SplittableRandom(2024);
        List<byte[]> junk = new ArrayList<>();
        for (int size : new int[]{1, 7, 100, 4096, 60_000, 200_000}) {
            byte[] b = new byte[size];
            random.nextBytes(b);
            junk.add(b);
        }
        junk.add(new byte[65_536]); // binary zeros
        byte[] newlines = new byte[10_000];
        Arrays.fill(newlines, (byte) '\n');
        junk.add(newlines);
        junk.add("\r\n\r\n\r\n".getBytes(StandardCharsets.UTF_8));
        junk.add("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.UTF_8));
        junk.add("agi_network_script: outbound-amd\n\n200 result=1 (\u0000\u00ff)\n".getBytes(StandardCharsets.ISO_8859_1));
        junk.add(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, (byte) 0xC3, 0x28, '\n', '\n'});
        for (byte[] b : junk) {
            AgiPeer.checkServerLines(AgiPeer.converse(port, b, BOUND));
        }
        assertCleanAfterGarbage();
    }

    @Test
    void aNeverEndingLineIsCutOffNotBuffered() throws Exception {
        assertDroppedWhileSending(repeat("A", 65_536));
        assertDroppedWhileSending(repeat("agi_x: y\n", 7_282)); // endless request lines without the blank one
        assertCleanAfterGarbage();
    }

    /** Sends {@code chunk} again and again: the server must close the connection long before 64 MiB went out. */
    private void assertDroppedWhileSending(byte[] chunk) throws IOException {
        long sent = 0;
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) BOUND.toMillis());
            OutputStream out = s.getOutputStream();
            try {
                while (sent < 64L << 20) {
                    out.write(chunk);
                    sent += chunk.length;
                }
            } catch (SocketException dropped) {
                return; // the server closed on us, as it should
            }
            AgiPeer.drain(s, BOUND);
        }
        throw new AssertionError("the server took " + sent + " bytes of one line/request without dropping the connection");
    }

    @Test
    void aTrickleIsDroppedAtTheRequestDeadline() throws Exception {
        long t0 = System.nanoTime();
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            byte[] request = "agi_network: yes\nagi_network_script: outbound-amd\nagi_channel: Local/1@x-1;1\n".getBytes(StandardCharsets.UTF_8);
            // one byte every 300 ms: each read is well within the read timeout, the request as a whole is not
            try {
                for (byte b : request) {
                    out.write(b);
                    out.flush();
                    Thread.sleep(300);
                    if (System.nanoTime() - t0 > BOUND.toNanos()) break;
                }
            } catch (SocketException dropped) {
                // dropped while trickling
            }
            s.setSoTimeout((int) BOUND.toMillis());
            AgiPeer.drain(s, BOUND);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(seconds < READ_TIMEOUT_SECONDS + 2, "dropped at the request deadline, not after " + seconds + " s");
        assertCleanAfterGarbage();
    }

    @Test
    void halfARequestThenCloseOrSilenceEndsCleanly() throws Exception {
        byte[] half = "agi_network: yes\nagi_network_script: outbound-amd\nagi_request: agi://127.0.0.1/outbound-amd\nagi_chan".getBytes(StandardCharsets.UTF_8);
        AgiPeer.checkServerLines(AgiPeer.converse(port, half, BOUND)); // then our side closes
        try (Socket s = new Socket("127.0.0.1", port)) { // then silence: the request deadline drops it
            s.setSoTimeout((int) BOUND.toMillis());
            s.getOutputStream().write(half);
            AgiPeer.drain(s, BOUND);
        }
        try (Socket s = new Socket("127.0.0.1", port)) { // a whole request, then silence instead of replies: the read timeout drops it
            s.setSoTimeout((int) BOUND.toMillis());
            s.getOutputStream().write("agi_network: yes\nagi_network_script: outbound-amd\n\n".getBytes(StandardCharsets.UTF_8));
            AgiPeer.checkServerLines(AgiPeer.drain(s, BOUND));
        }
        assertCleanAfterGarbage();
    }

    @Test
    void threeHundredSilentPeersAreDroppedAndDoNotHoldUpAHop() throws Exception {
        AgiPeer.assertHopWorks(port, Duration.ofSeconds(3));
        List<Socket> silent = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) silent.add(new Socket("127.0.0.1", port));
            long deadline = System.nanoTime() + 1_500_000_000L; // within the read timeout, so none is dropped yet
            int seen = 0;
            while (seen < 300 && System.nanoTime() < deadline) {
                seen = Math.max(seen, server.openConnections());
                Thread.sleep(10);
            }
            assertTrue(seen >= 300, "all accepted and held: " + seen);
            AgiPeer.assertHopWorks(port, Duration.ofSeconds(3)); // served while 300 peers sit there
            for (Socket s : silent) {
                s.setSoTimeout((int) BOUND.toMillis());
                AgiPeer.drain(s, BOUND); // each is closed by the server
            }
        } finally {
            for (Socket s : silent) s.close();
        }
        AgiPeer.awaitNoOpenConnections(server, BOUND);
        // every dropped peer's thread is back (idle in the pool, or ended), soon after its socket closed
        AgiPeer.awaitZero(server::busyConnectionThreads, BOUND, "connection threads still serving a dropped peer");
        assertEquals(2, hops.size(), "only the proper hops were decided");
    }

    private static byte[] repeat(String s, int times) {
        return s.repeat(times).getBytes(StandardCharsets.UTF_8);
    }
}
