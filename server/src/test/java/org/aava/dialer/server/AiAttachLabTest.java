package org.aava.dialer.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.model.LeadState;
import org.aava.dialer.core.model.Outcome;
import org.aava.dialer.core.ports.LeadQuery;
import org.aava.dialer.lab.LabAsterisk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HUMAN calls reach the AI in the stasis and audiosocket attach modes (dialplan mode is covered by
 * {@link CallFlowLabTest}): the AI side gets the call, the lead context and the effective prompt, can use
 * its tool callbacks, and the attempt ends answered_human with a call record whichever side hangs up.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AiAttachLabTest {
    @TempDir
    static Path dir;
    private final String aiApp = "lab-ai-" + UUID.randomUUID().toString().substring(0, 8);
    private static final int TONE_HZ = 1000;
    private LabDialer dialer;
    private ServerSocket audioSocketServer;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    void start() throws Exception {
        LabAsterisk.requireOrSkip();
        audioSocketServer = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress());
        dialer = new LabDialer(dir, """
                stasis_ai:
                  prompt: "You call about the spring offer."
                  provider: stasis_provider
                  tools: [set_disposition, post_transcript, schedule_callback]
                  attach: {mode: stasis, app: %s}
                socket_ai:
                  prompt: "You are on an AudioSocket."
                  provider: socket_provider
                  tools: [hangup_call, transfer]
                  transfer_targets: ["4242@lab-transfer"]
                  attach: {mode: audiosocket, host: 127.0.0.1, port: %d}
                """.formatted(aiApp, audioSocketServer.getLocalPort()));
    }

    @AfterAll
    void stop() throws Exception {
        if (dialer != null) dialer.close();
        if (audioSocketServer != null) audioSocketServer.close();
    }

    private HttpResponse<String> ai(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dialer.application.webPort() + path))
                .header("Authorization", "Bearer e2e-ai-token-0123456789ab").timeout(Duration.ofSeconds(10));
        if (body != null) b.header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void stasisModeHandsTheCallToTheAiEnginesApp() throws Exception {
        BlockingQueue<String> starts = new LinkedBlockingQueue<>();
        // the AI engine is another process in production: here a plain JDK WebSocket client on its own Stasis app
        StringBuilder partial = new StringBuilder();
        java.net.http.WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(
                URI.create("ws://127.0.0.1:8088/ari/events?app=" + aiApp + "&api_key=" + LabAsterisk.USER + ":" + LabAsterisk.PASSWORD),
                new java.net.http.WebSocket.Listener() {
                    @Override
                    public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket w, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            try {
                                JsonNode ev = json.readTree(partial.toString());
                                if ("StasisStart".equals(ev.path("type").asText())) {
                                    List<String> args = new java.util.ArrayList<>();
                                    ev.path("args").forEach(a -> args.add(a.asText()));
                                    starts.add(ev.path("channel").path("id").asText() + " " + args);
                                }
                            } catch (Exception ignored) {
                                // not JSON
                            }
                            partial.setLength(0);
                        }
                        w.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        try {
            Campaign c = dialer.campaign("stasis attach", b -> b.defaultContext("stasis_ai"), List.of("7001"));
            String start = starts.poll(30, TimeUnit.SECONDS);
            assertNotNull(start, "the AI engine's app received the call");
            String channelId = start.substring(0, start.indexOf(' '));
            Attempt live = dialer.attempts(c.id()).get(0);
            assertEquals(channelId + " [outbound, " + live.id() + "]", start);
            String leadJson = LabAsterisk.ari("GET", "/ari/channels/" + channelId + "/variable?variable=AAVA_LEAD_CONTEXT_JSON", null);
            assertTrue(leadJson.contains("7001"), leadJson);
            assertTrue(LabAsterisk.ari("GET", "/ari/channels/" + channelId + "/variable?variable=AI_PROVIDER", null).contains("stasis_provider"));

            // the engine looks the session up by the key on its channel (never by the guessable attempt id) and uses its tools
            String key = json.readTree(LabAsterisk.ari("GET", "/ari/channels/" + channelId + "/variable?variable=AAVA_AI_SESSION_KEY", null))
                    .path("value").asText();
            assertEquals(live.aiSessionKey().value(), key, "the channel carries the attempt's key");
            assertEquals(404, ai("GET", "/api/ai/sessions/" + live.id(), null).statusCode(), "the attempt id opens no session");
            JsonNode session = json.readTree(ai("GET", "/api/ai/sessions/" + key, null).body());
            assertEquals("stasis_ai", session.get("context").asText());
            assertTrue(session.get("effective_prompt").asText().startsWith("You call about the spring offer."));
            assertTrue(session.get("effective_prompt").asText().contains("## Lead Context (read-only)"));
            assertEquals(200, ai("POST", "/api/ai/sessions/" + key + "/tools/set_disposition", "{\"label\":\"interested\",\"notes\":\"call back\"}").statusCode());
            assertTrue(LabAsterisk.await(Duration.ofSeconds(5), () -> dialer.attempts(c.id()).get(0).callHistoryId() != null));
            assertEquals(200, ai("POST", "/api/ai/sessions/" + key + "/tools/post_transcript", "{\"text\":\"Caller: hello\"}").statusCode());
            assertEquals(403, ai("POST", "/api/ai/sessions/" + key + "/tools/hangup_call", "{}").statusCode(), "not enabled for this context");

            // "call me back in 90 minutes": the lead is dialed again then, not closed for good
            Instant callbackAt = Instant.now().plus(Duration.ofMinutes(90));
            assertEquals(200, ai("POST", "/api/ai/sessions/" + key + "/tools/schedule_callback", "{\"minutes\":90}").statusCode());

            // the AI side hangs up: the attempt closes answered_human with its call record
            LabAsterisk.ari("DELETE", "/ari/channels/" + channelId, null);
            Attempt done = dialer.awaitAllClosed(c.id(), 1, Duration.ofSeconds(20)).get(0);
            assertEquals(Outcome.ANSWERED_HUMAN, done.outcome(), done.toString());
            assertEquals("interested", done.disposition());
            assertEquals(404, ai("POST", "/api/ai/sessions/" + key + "/tools/set_disposition", "{\"label\":\"forged\"}").statusCode(),
                    "no tools on an ended call");
            assertEquals(404, ai("GET", "/api/ai/sessions/" + key, null).statusCode(), "no lead data of an ended call");
            var record = dialer.application.store().callHistory().find(done.callHistoryId()).join().orElseThrow();
            assertEquals("answered_human", record.outcome());
            assertEquals("Caller: hello", record.transcript());
            Lead lead = dialer.application.store().leads().find(done.leadId()).join().orElseThrow();
            assertEquals(LeadState.PENDING, lead.state(), "the callback keeps the lead in the queue: " + lead);
            assertTrue(Duration.between(callbackAt, lead.nextAttemptAt()).abs().compareTo(Duration.ofMinutes(1)) < 0, lead.toString());
        } finally {
            ws.sendClose(java.net.http.WebSocket.NORMAL_CLOSURE, "done");
        }
    }

    /** What the test AudioSocket peer heard, and how the conversation ended (for a failure's message). */
    private record PeerHeard(long frames, long loud, long firstFrameMs, UUID uuid, String session, String story) { }

    @Test
    void audioSocketModeBridgesTheCallerToTheAiServer() throws Exception {
        // its own thread: a blocking accept() must not sit on the common pool (one thread on a 2-core machine)
        java.util.concurrent.ExecutorService peer = java.util.concurrent.Executors.newSingleThreadExecutor();
        CompletableFuture<PeerHeard> heard = CompletableFuture.supplyAsync(() -> {
            try (Socket s = audioSocketServer.accept()) {
                s.setSoTimeout(15_000);
                DataInputStream in = new DataInputStream(s.getInputStream());
                // One write per message, as an AI server sends it: Asterisk reads the 3-byte header, then gives the
                // payload only a short poll before it drops the AudioSocket ("Poll timed out while waiting for data").
                DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(s.getOutputStream(), 512));
                int type = in.readUnsignedByte();
                int len = in.readUnsignedShort();
                byte[] uuid = in.readNBytes(len);
                if (type != 0x01 || len != 16) throw new IllegalStateException("expected a UUID message, got type " + type);
                long start = System.nanoTime();
                // Listen for 6 s from the first frame: audio flows once the dialer has bridged the call, and how long
                // that took is reported apart (a slow attach must not read as "Asterisk sent little audio").
                long deadline = start + TimeUnit.SECONDS.toNanos(12);
                java.util.concurrent.atomic.AtomicBoolean listening = new java.util.concurrent.atomic.AtomicBoolean(true);
                // An AI server talks in real time whatever it hears (Asterisk hangs up an AudioSocket that sends
                // nothing for 2 s): a 1 kHz tone, one 20 ms frame every 20 ms, then the hang-up message.
                long[] sentFrames = {0};
                Thread speaker = Thread.ofVirtual().start(() -> {
                    byte[] frame = new byte[320];
                    long sent = 0;
                    try {
                        long next = System.nanoTime();
                        while (listening.get()) {
                            for (int i = 0; i < frame.length; i += 2) {
                                short v = (short) (8000 * Math.sin(2 * Math.PI * TONE_HZ * sent++ / 8000.0));
                                frame[i] = (byte) v;
                                frame[i + 1] = (byte) (v >> 8);
                            }
                            out.writeByte(0x10);
                            out.writeShort(frame.length);
                            out.write(frame);
                            out.flush();
                            sentFrames[0]++;
                            // paced on the clock, not on sleep(20): a loaded machine must not slow the peer's talk
                            next += TimeUnit.MILLISECONDS.toNanos(20);
                            long wait = next - System.nanoTime();
                            if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
                        }
                        out.writeByte(0x00);
                        out.writeShort(0);
                        out.flush();
                    } catch (Exception e) {
                        // the call ended first: the listener below sees the socket close
                    }
                });
                java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(uuid);
                UUID sessionId = new UUID(bb.getLong(), bb.getLong());
                // what an AI server does first: look the session up by its AudioSocket UUID (while the call is live)
                CompletableFuture<String> session = CompletableFuture.supplyAsync(() -> {
                    try {
                        return ai("GET", "/api/ai/sessions/" + sessionId, null).body();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
                long frames = 0, loud = 0, others = 0, firstMs = -1, lastMs = -1;
                String end = "listened 6 s";
                try {
                    while (System.nanoTime() < deadline) {
                        int t = in.readUnsignedByte();
                        int l = in.readUnsignedShort();
                        byte[] payload = in.readNBytes(l);
                        if (t == 0x00) { end = "Asterisk sent hang-up"; break; }
                        if (t != 0x10) { others++; continue; }
                        frames++;
                        lastMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                        if (firstMs < 0) {
                            firstMs = lastMs;
                            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
                        }
                        long energy = 0;
                        for (int i = 0; i + 1 < payload.length; i += 2) energy += Math.abs((short) ((payload[i] & 0xff) | (payload[i + 1] << 8)));
                        if (payload.length > 0 && energy / (payload.length / 2) > 300) loud++;
                    }
                } catch (java.io.EOFException e) {
                    end = "Asterisk closed the socket";
                } catch (java.net.SocketTimeoutException e) {
                    end = "nothing from Asterisk for 15 s";
                }
                long endMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                listening.set(false);
                speaker.join();
                return new PeerHeard(frames, loud, firstMs, sessionId, session.get(10, TimeUnit.SECONDS),
                        "%s at %d ms; frames from %d to %d ms; %d other messages; %d frames sent".formatted(
                                end, endMs, firstMs, lastMs, others, sentFrames[0]));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, peer);
        long testStart = System.currentTimeMillis();
        Campaign c = dialer.campaign("audiosocket attach", b -> b.defaultContext("socket_ai"), List.of("7012"));
        PeerHeard r = heard.get(40, TimeUnit.SECONDS);
        System.out.println("AudioSocket peer: " + r.frames() + " frames; " + r.story());
        assertTrue(r.firstFrameMs() >= 0 && r.firstFrameMs() < 5_000, () -> "the call was bridged to the AI server within"
                + " the attach timeout: " + r.story() + "; " + dialer.attempts(c.id()));
        assertTrue(r.frames() > 100, () -> "audio frames arrived from the call: " + r.frames() + "; " + r.story() + "; "
                + dialer.attempts(c.id()));
        assertTrue(r.loud() > 10, "the callee's speech reached the AI server (" + r.loud() + " loud frames of " + r.frames() + ")");
        Attempt done = dialer.awaitAllClosed(c.id(), 1, Duration.ofSeconds(30)).get(0);
        assertEquals(Outcome.ANSWERED_HUMAN, done.outcome(), done.toString());
        assertEquals("socket_provider", done.provider());
        assertEquals(404, ai("GET", "/api/ai/sessions/" + done.aiSessionKey().value(), null).statusCode(), "an ended call is no AI session any more");
        JsonNode byUuid = json.readTree(r.session());
        assertEquals(done.id(), byUuid.get("attempt_id").asLong(), "the AudioSocket UUID names the call's session: " + byUuid);
        assertEquals(r.uuid().toString(), byUuid.get("audiosocket_uuid").asText());
        assertTrue(byUuid.get("effective_prompt").asText().startsWith("You are on an AudioSocket."), byUuid.toString());

        // the callee heard the AI: its line recorded (MixMonitor, receive side) the peer's 1 kHz tone
        Path heardFile = LabRecordings.awaitNewest("human-twice-", ".rx.wav", testStart, Duration.ofSeconds(10));
        double[] pcm = LabRecordings.readWavPcm(heardFile);
        int toneBlocks = LabRecordings.blocksDominatedBy(pcm, 8000, TONE_HZ);
        System.out.printf("the callee heard the AI tone in %d of %d 20 ms blocks%n", toneBlocks, pcm.length / 160);
        assertTrue(toneBlocks >= 25, "the callee heard the AI server's tone in at least 0.5 s of 20 ms blocks: " + toneBlocks
                + " of " + pcm.length / 160 + " in " + heardFile);
        var attach = dialer.application.meters().registry().find("aava.outbound.attach.latency").timer();
        System.out.printf("attach latency (hop back -> attach acknowledged): %s; AI peer's first frame %d ms after its UUID%n",
                attach == null ? "n/a" : "%.1f ms".formatted(attach.max(TimeUnit.MICROSECONDS) / 1000.0), r.firstFrameMs());
    }
    @Test
    void dialplanModeStopCallingMePutsTheNumberOnTheDncListAtOnce() throws Exception {
        int dialedBefore = LabAsterisk.dialedCount("7101");
        Campaign first = dialer.campaign("dnc by AI", b -> { }, List.of("7101"));
        // (not the LAB_AI_<attempt id> global alone: an earlier test's database had attempt ids from 1 too, so it may be stale)
        assertTrue(LabAsterisk.await(Duration.ofSeconds(30), () -> !dialer.attempts(first.id()).isEmpty()
                && aiStatus("GET", "/api/ai/sessions/" + dialer.attempts(first.id()).get(0).aiSessionKey().value()) == 200),
                "the call reached the AI");
        Attempt live = dialer.attempts(first.id()).get(0);
        // (the AI dialplan reads AAVA_AI_SESSION_KEY from its channel; the stored attempt holds the same key)
        assertEquals(200, ai("POST", "/api/ai/sessions/" + live.aiSessionKey().value() + "/tools/add_to_dnc", "{\"reason\":\"stop calling me\"}").statusCode());
        assertTrue(dialer.application.store().dnc().isBlocked(first.id(), leadNumber(live)).join(), "on the DNC list at once");
        assertEquals(Outcome.OPTED_OUT, dialer.awaitAllClosed(first.id(), 1, Duration.ofSeconds(20)).get(0).outcome(), "add_to_dnc ends the call as an opt-out");

        // another campaign with the same number never dials it: Asterisk's own counter for 7101 stays put
        Campaign second = dialer.campaign("after dnc", b -> { }, List.of("7101", "7102"));
        assertTrue(LabAsterisk.await(Duration.ofSeconds(30), () -> dialer.attempts(second.id()).stream().anyMatch(a -> !a.open())));
        dialer.awaitAllClosed(second.id(), 1, Duration.ofSeconds(20));
        assertEquals(dialedBefore + 1, LabAsterisk.dialedCount("7101"), "7101 was dialed once, before it asked to stop");
        assertEquals(1, dialer.attempts(second.id()).size(), "only 7102 was dialed: " + dialer.attempts(second.id()));
        Lead blocked = dialer.application.store().leads().page(new LeadQuery(second.id(), null, "7101", 1, 5)).join()
                .items().get(0).lead();
        assertEquals(LeadState.DNC, blocked.state(), blocked.toString());
    }

    @Test
    void theAiTransfersTheCallerAndLeavesTheCall() throws Exception {
        java.util.concurrent.ExecutorService peer = java.util.concurrent.Executors.newSingleThreadExecutor();
        CompletableFuture<String> uuid = new CompletableFuture<>();
        CompletableFuture<Boolean> aiSideReleased = CompletableFuture.supplyAsync(() -> {
            try (Socket s = audioSocketServer.accept()) {
                s.setSoTimeout(30_000);
                DataInputStream in = new DataInputStream(s.getInputStream());
                in.readUnsignedByte();
                byte[] id = in.readNBytes(in.readUnsignedShort());
                java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(id);
                uuid.complete(new UUID(bb.getLong(), bb.getLong()).toString());
                // One write per message, as an AI server sends it: Asterisk reads the 3-byte header, then gives the
                // payload only a short poll before it drops the AudioSocket ("Poll timed out while waiting for data").
                DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(s.getOutputStream(), 512));
                Thread.ofVirtual().start(() -> { // silence in real time, as an AI server that is listening sends
                    try {
                        while (true) {
                            out.writeByte(0x10);
                            out.writeShort(320);
                            out.write(new byte[320]);
                            out.flush();
                            Thread.sleep(20);
                        }
                    } catch (Exception e) {
                        // the AI side was hung up
                    }
                });
                while (true) { // until Asterisk hangs the AI side up (a hangup message or the socket closing)
                    int t = in.read();
                    if (t <= 0) return true;
                    in.readNBytes(in.readUnsignedShort());
                }
            } catch (java.io.IOException e) {
                // the socket closed or was reset under our speaker: the AI side was hung up, if the session had started
                if (uuid.isDone()) return true;
                uuid.completeExceptionally(e);
                return false;
            } catch (Exception e) {
                uuid.completeExceptionally(e);
                return false;
            }
        }, peer);
        Campaign c = dialer.campaign("transfer", b -> b.defaultContext("socket_ai"), List.of("7103"));
        String session = uuid.get(40, TimeUnit.SECONDS);
        // the AI engine knows its session by the AudioSocket UUID
        JsonNode info = json.readTree(ai("GET", "/api/ai/sessions/" + session, null).body());
        long attemptId = info.get("attempt_id").asLong();
        assertEquals(403, ai("POST", "/api/ai/sessions/" + session + "/tools/transfer",
                "{\"context\":\"from-internal\",\"extension\":\"4242\"}").statusCode(), "only a configured transfer target");
        HttpResponse<String> transferred = ai("POST", "/api/ai/sessions/" + session + "/tools/transfer",
                "{\"context\":\"lab-transfer\",\"extension\":\"4242\"}");
        assertEquals(200, transferred.statusCode(), transferred.body());
        assertTrue(transferred.body().contains("true"), transferred.body());
        assertTrue(aiSideReleased.get(10, TimeUnit.SECONDS), "the AI side was hung up when the caller moved on");
        assertTrue(LabAsterisk.await(Duration.ofSeconds(5), () -> Long.toString(attemptId).equals(LabAsterisk.global("LAB_TRANSFERRED_4242"))),
                "the transfer target got the caller");
        Attempt done = dialer.awaitAllClosed(c.id(), 1, Duration.ofSeconds(20)).get(0);
        assertEquals(Outcome.TRANSFERRED, done.outcome(), done.toString());
        assertNotNull(done.callHistoryId(), "the call record exists");
        assertTrue(Duration.between(done.startedAt(), done.endedAt()).toSeconds() >= 5, "followed to the end after the transfer: " + done);
        peer.shutdownNow();
    }


    private String leadNumber(Attempt a) {
        return dialer.application.store().leads().find(a.leadId()).join().orElseThrow().phoneNormalized();
    }

    private int aiStatus(String method, String path) {
        try {
            return ai(method, path, null).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }
}
