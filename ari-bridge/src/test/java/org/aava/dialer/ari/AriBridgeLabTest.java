package org.aava.dialer.ari;

import org.aava.dialer.core.ports.CallControlException;
import org.aava.dialer.core.ports.CallEvents;
import org.aava.dialer.core.ports.OriginateRequest;
import org.aava.dialer.lab.LabAsterisk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ARI bridge against the real Asterisk lab: originate, events, causes, playback, follow, reconnect. */
class AriBridgeLabTest {
    private final String app = "aava-test-" + UUID.randomUUID().toString().substring(0, 8);
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private AriBridge bridge;

    /** Records every event as a line, e.g. "start chan-1 [outbound, 42]". */
    private final CallEvents recorder = new CallEvents() {
        public void stasisStart(String id, List<String> args) { events.add("start " + id + " " + args); }
        public void stasisEnd(String id) { events.add("end " + id); }
        public void channelDestroyed(String id, int cause, String text) { events.add("destroyed " + id + " " + cause); }
        public void dialStatus(String id, String status) { events.add("dial " + id + " " + status); }
        public void playbackFinished(String id) { events.add("playback " + id); }
        public void connectionChanged(boolean up) { events.add("connection " + up); }
    };

    @BeforeEach
    void connect() throws Exception {
        LabAsterisk.requireOrSkip();
        bridge = new AriBridge(new AriSettings(URI.create(LabAsterisk.ARI), LabAsterisk.USER, LabAsterisk.PASSWORD, app), recorder, null);
        bridge.start();
        assertEquals("connection true", awaitEvent("connection"));
        assertTrue(bridge.connected());
    }

    @AfterEach
    void close() {
        if (bridge != null) bridge.close();
    }

    private String awaitEvent(String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            String e = events.poll(200, TimeUnit.MILLISECONDS);
            if (e != null && e.startsWith(prefix)) return e;
        }
        throw new AssertionError("no event starting with '" + prefix + "' within 20 s");
    }

    private String originate(String callee, Map<String, String> vars, int timeout) {
        String id = "t-" + UUID.randomUUID();
        bridge.originate(new OriginateRequest("Local/" + callee + "@lab-callees", id, id + ";2", "\"Test\" <6789>",
                List.of("outbound", "42"), timeout, vars)).join();
        return id;
    }

    @Test
    void answeredCallEntersStasisWithOurArgsAndVariablesOnTheChannelWeChose() throws Exception {
        String id = originate("human", Map.of("AAVA_ATTEMPT_ID", "42", "LAB_HOLD_SECS", "5"), 20);
        assertEquals("start " + id + " [outbound, 42]", awaitEvent("start"));
        String var = LabAsterisk.ari("GET", "/ari/channels/" + id + "/variable?variable=AAVA_ATTEMPT_ID", null);
        assertTrue(var.contains("\"42\""), "originate variables reach the answered channel: " + var);
        // Both halves of the Local channel carry telephone audio: left to Asterisk they would be slin192, and every
        // 8 kHz frame of the call would be resampled to 192 kHz and back (most of Asterisk's CPU under load).
        for (String half : List.of(id, id + ";2")) {
            String native_ = LabAsterisk.ari("GET", "/ari/channels/" + half + "/variable?variable=CHANNEL(audionativeformat)", null);
            assertTrue(native_.contains("\"(ulaw)\""), half + " offers ulaw only: " + native_);
        }
        assertTrue(bridge.liveChannels().join().containsKey(id));
        // continue into the dialplan: StasisEnd, and with follow() the destruction is still reported
        bridge.follow(id).join();
        bridge.continueInDialplan(id, "lab-amd-test", "s", 1).join();
        assertEquals("end " + id, awaitEvent("end"));
        assertTrue(awaitEvent("destroyed " + id + " ").startsWith("destroyed " + id));
    }

    @Test
    void unansweredCallsReportTheirHangupCause() throws Exception {
        Map<String, Integer> expected = Map.of("busy", 17, "congestion", 34, "reject", 21);
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            String id = originate(e.getKey(), Map.of(), 10);
            String destroyed = awaitEvent("destroyed " + id + " ");
            assertEquals("destroyed " + id + " " + e.getValue(), destroyed, e.getKey());
        }
        String id = originate("noanswer", Map.of(), 2);
        assertEquals("destroyed " + id + " 19", awaitEvent("destroyed " + id + " "), "ring-out at the originate timeout");
    }

    @Test
    void playbackFinishesWithOurIdAndHangupOfAGoneChannelIsFine() throws Exception {
        String id = originate("human", Map.of("LAB_HOLD_SECS", "10"), 20);
        awaitEvent("start");
        bridge.play(id, "sound:beep", "pb-" + id).join();
        assertEquals("playback pb-" + id, awaitEvent("playback"));
        bridge.hangup(id, "normal").join();
        awaitEvent("destroyed " + id + " ");
        bridge.hangup(id, "normal").join();
        Exception e = assertThrows(java.util.concurrent.CompletionException.class,
                () -> bridge.continueInDialplan(id, "lab-amd-test", "s", 1).join(), "a refused request fails with its status");
        assertTrue(CallControlException.from(e).refused(), "404 is a refusal: " + e);
    }

    @Test
    void moveHandsTheChannelToAnotherApp() throws Exception {
        BlockingQueue<String> other = new LinkedBlockingQueue<>();
        String otherApp = app + "-ai";
        try (AriBridge ai = new AriBridge(new AriSettings(URI.create(LabAsterisk.ARI), LabAsterisk.USER, LabAsterisk.PASSWORD, otherApp),
                new CallEvents() {
                    public void stasisStart(String id, List<String> args) { other.add("start " + id + " " + args); }
                    public void stasisEnd(String id) { }
                    public void channelDestroyed(String id, int cause, String text) { }
                    public void dialStatus(String id, String status) { }
                    public void playbackFinished(String id) { }
                    public void connectionChanged(boolean up) { other.add("connection " + up); }
                }, null)) {
            ai.start();
            assertEquals("connection true", other.poll(15, TimeUnit.SECONDS));
            String id = originate("human", Map.of("LAB_HOLD_SECS", "5"), 20);
            awaitEvent("start");
            bridge.move(id, otherApp, List.of("outbound", "42")).join();
            assertEquals("start " + id + " [outbound, 42]", other.poll(15, TimeUnit.SECONDS));
            bridge.hangup(id, "normal").join();
        }
    }

    @Test
    void reconnectsAfterTheWebSocketDrops() throws Exception {
        bridge.dropConnectionForTest();
        assertEquals("connection false", awaitEvent("connection"));
        assertFalse(bridge.connected());
        assertEquals("connection true", awaitEvent("connection"));
        assertTrue(bridge.connected());
        assertEquals(1, bridge.reconnects());
        String id = originate("busy", Map.of(), 10);
        assertNotNull(awaitEvent("destroyed " + id + " "), "events flow again after the reconnect");
    }

    @Test
    void startsWithoutAsteriskAndNeverThrows() throws Exception {
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        try (AriBridge absent = new AriBridge(new AriSettings(URI.create("http://127.0.0.1:1"), "x", "y", app + "-absent",
                Duration.ofMillis(100), Duration.ofMillis(400)), new CallEvents() {
            public void stasisStart(String id, List<String> args) { }
            public void stasisEnd(String id) { }
            public void channelDestroyed(String id, int cause, String text) { }
            public void dialStatus(String id, String status) { }
            public void playbackFinished(String id) { }
            public void connectionChanged(boolean up) { seen.add("connection " + up); }
        }, null)) {
            absent.start();
            Thread.sleep(1000);
            assertFalse(absent.connected());
            assertTrue(seen.isEmpty());
            Exception e = assertThrows(java.util.concurrent.CompletionException.class, () -> absent.liveChannels().join());
            assertEquals(0, CallControlException.from(e).status());
        }
    }
}
