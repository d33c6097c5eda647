package org.aava.dialer.fastagi;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stopping the FastAGI server ends the hops in progress at once, not at their read timeout. */
class AgiServerCloseTest {
    @Test
    void closeEndsAHopWaitingForAsteriskLongBeforeTheReadTimeout() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ConcurrentLinkedQueue<Object> hops = new ConcurrentLinkedQueue<>();
        AgiServerRunner server = AgiServerRunner.outboundAmd(new AgiSettings("127.0.0.1", port, 30, null), (hop, d) -> hops.add(hop), null);
        server.start();
        Runnable restoreLogs = AgiPeer.quietLogs();
        try (Socket peer = new Socket("127.0.0.1", port)) {
            peer.setSoTimeout(10_000);
            OutputStream out = peer.getOutputStream();
            out.write("agi_network: yes\nagi_network_script: outbound-amd\nagi_channel: PJSIP/t-1\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8));
            assertNotNull(in.readLine(), "the hop sent its first command and now waits for our answer");
            // (start()'s own readiness probe may still be on its way out, hence at least one)
            assertTrue(server.busyConnectionThreads() >= 1, "a thread serves the hop");

            long t0 = System.nanoTime();
            server.close();
            long closeMs = (System.nanoTime() - t0) / 1_000_000;
            assertNull(in.readLine(), "the server closed the connection");
            long endedMs = (System.nanoTime() - t0) / 1_000_000;
            // The read timeout is 30 s: before close() closed the sockets, a platform thread kept reading until then.
            assertTrue(endedMs < 5_000, "the hop ended " + endedMs + " ms after close()");
            assertTrue(closeMs < 5_000, "close() took " + closeMs + " ms");
            assertEquals(0, server.busyConnectionThreads(), "no connection thread outlives close()");
        } finally {
            restoreLogs.run();
            server.close();
        }
    }
}
