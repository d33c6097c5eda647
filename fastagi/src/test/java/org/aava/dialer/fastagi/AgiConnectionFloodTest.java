package org.aava.dialer.fastagi;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A flood of idle FastAGI connections over loopback: at most {@code agi.max_connections} are held open, the rest are
 * closed at accept and counted, a real hop still gets through during the flood (the oldest silent connection gives way),
 * and once the flood goes hops work as before.
 */
class AgiConnectionFloodTest {
    private static final int MAX = 40;
    private static final int FLOOD = 200;

    @Test
    void idleFloodIsCappedCountedAndTheServerRecovers() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        AtomicInteger refusedMetric = new AtomicInteger();
        AgiMetrics metrics = new AgiMetrics() {
            @Override
            public void connectionRefused() {
                refusedMetric.incrementAndGet();
            }
        };
        Runnable restoreLogs = AgiPeer.quietLogs();
        try (AgiServerRunner server = AgiServerRunner.outboundAmd(new AgiSettings("127.0.0.1", port, 30, null, MAX), (hop, d) -> { }, metrics)) {
            server.start();
            List<Socket> flood = new ArrayList<>();
            try {
                for (int i = 0; i < FLOOD; i++) {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                    flood.add(s);
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (server.refusedConnections() + server.evictedConnections() < FLOOD - MAX && System.nanoTime() < deadline) Thread.sleep(10);
                assertTrue(server.openConnections() <= MAX, "open connections capped: " + server.openConnections());
                assertEquals(FLOOD - MAX, server.refusedConnections() + server.evictedConnections(),
                        "every connection over the cap refused, or a silent one closed for it");
                assertTrue(server.refusedConnections() > 0);
                assertEquals(server.refusedConnections(), refusedMetric.get(), "each refusal counted in the metrics");
                // the flood stays, silent: a real hop still gets through, in place of the oldest silent connection
                Thread.sleep(BoundedAgiServerSocket.EVICTABLE_AFTER_NANOS / 1_000_000 + 100);
                long evictedBefore = server.evictedConnections();
                AgiPeer.assertHopWorks(port, Duration.ofSeconds(3));
                assertTrue(server.evictedConnections() > evictedBefore, "a silent connection gave way to the hop");
                assertTrue(server.openConnections() <= MAX, "still capped: " + server.openConnections());
            } finally {
                for (Socket s : flood) s.close();
            }
            AgiPeer.awaitNoOpenConnections(server, Duration.ofSeconds(5));
            AgiPeer.assertHopWorks(port, Duration.ofSeconds(3));
        } finally {
            restoreLogs.run();
        }
    }
}
