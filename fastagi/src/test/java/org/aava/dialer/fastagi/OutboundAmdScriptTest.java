package org.aava.dialer.fastagi;

import org.aava.dialer.core.model.AmdHumanCauses;
import org.aava.dialer.core.model.ConsentResult;
import org.aava.dialer.core.model.HopResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboundAmdScriptTest {
    private AgiServerRunner server;
    private int port;
    private final ConcurrentLinkedQueue<HopResult> hops = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void start() throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        server = AgiServerRunner.outboundAmd(new AgiSettings("127.0.0.1", port, 2, null), (hop, d) -> hops.add(hop), null);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private FakeAsterisk call(String status, String cause, boolean consent, String digits) throws Exception {
        FakeAsterisk a = new FakeAsterisk().with("AMDSTATUS", status).with("AMDCAUSE", cause).with("AAVA_ATTEMPT_ID", "42")
                .with("AAVA_CONSENT_ENABLED", consent ? "1" : "0").with("AAVA_CONSENT_PLAYBACK", "ai-generated/consent")
                .with("AAVA_CONSENT_TIMEOUT", "3");
        a.digits = digits;
        return a.run(port, "outbound-amd");
    }

    @Test
    void humanWithoutConsentReturnsSkipped() throws Exception {
        FakeAsterisk a = call("HUMAN", "HUMAN-1017-1000", false, "");
        assertEquals("outbound_amd,42,HUMAN,HUMAN-1017-1000,,skipped", a.variables.get("AAVA_HOP_ARGS"));
        assertEquals("human", a.variables.get("AAVA_HOP_BRANCH"));
        assertTrue(a.commands.stream().noneMatch(c -> c.startsWith("GET DATA")), "no consent prompt");
        assertEquals(ConsentResult.SKIPPED, hops.peek().consent());
    }

    @Test
    void consentGateAcceptsDeniesAndTimesOut() throws Exception {
        FakeAsterisk accepted = call("HUMAN", "HUMAN-1017-1000", true, "1");
        assertEquals("outbound_amd,42,HUMAN,HUMAN-1017-1000,1,accepted", accepted.variables.get("AAVA_HOP_ARGS"));
        assertTrue(accepted.commands.contains("GET DATA \"ai-generated/consent\" 3000 1"), accepted.commands.toString());
        assertEquals("outbound_amd,42,HUMAN,HUMAN-1017-1000,2,denied", call("HUMAN", "HUMAN-1017-1000", true, "2").variables.get("AAVA_HOP_ARGS"));
        assertEquals("outbound_amd,42,HUMAN,HUMAN-1017-1000,,timeout", call("HUMAN", "HUMAN-1017-1000", true, "").variables.get("AAVA_HOP_ARGS"));
        assertEquals("outbound_amd,42,HUMAN,HUMAN-1017-1000,7,timeout", call("HUMAN", "HUMAN-1017-1000", true, "7").variables.get("AAVA_HOP_ARGS"),
                "another digit is recorded but is not consent");
    }

    @Test
    void aGetDataReplyThatIsNotOneKeyCountsAsNoKey() throws Exception {
        // found by fuzzing: the reply text went into the comma-separated hop arguments as it was
        assertEquals("outbound_amd,42,HUMAN,HUMAN-1017-1000,,timeout", call("HUMAN", "HUMAN-1017-1000", true, "1,2").variables.get("AAVA_HOP_ARGS"));
        assertEquals("outbound_amd,42,HUMAN,HUMAN-1017-1000,,timeout", call("HUMAN", "HUMAN-1017-1000", true, "1:").variables.get("AAVA_HOP_ARGS"));
        assertEquals("#", OutboundAmdScript.dtmf(" # "));
        assertEquals("", OutboundAmdScript.dtmf(null));
    }

    @Test
    void guardrailMakesInitialSilenceHumanAndMachinesSkipConsent() throws Exception {
        assertEquals("outbound_amd,42,HUMAN,INITIALSILENCE-2014-2000,,timeout",
                call("MACHINE", "INITIALSILENCE-2014-2000", true, "").variables.get("AAVA_HOP_ARGS"));
        FakeAsterisk machine = call("MACHINE", "MAXWORDS-3-2", true, "1");
        assertEquals("outbound_amd,42,MACHINE,MAXWORDS-3-2,,skipped", machine.variables.get("AAVA_HOP_ARGS"));
        assertEquals("machine", machine.variables.get("AAVA_HOP_BRANCH"));
    }

    @Test
    void guardrailsUseTheConfiguredHumanCauses() throws Exception {
        int ownPort;
        try (ServerSocket free = new ServerSocket(0)) {
            ownPort = free.getLocalPort();
        }
        AmdHumanCauses causes = new AmdHumanCauses(List.of("MAXWORDS"));
        try (AgiServerRunner configured = AgiServerRunner.outboundAmd(new AgiSettings("127.0.0.1", ownPort, 2, causes), (hop, d) -> { }, null)) {
            configured.start();
            FakeAsterisk maxWords = new FakeAsterisk().with("AMDSTATUS", "MACHINE").with("AMDCAUSE", "MAXWORDS-3-2")
                    .with("AAVA_ATTEMPT_ID", "42").run(ownPort, "outbound-amd");
            assertEquals("outbound_amd,42,HUMAN,MAXWORDS-3-2,,skipped", maxWords.variables.get("AAVA_HOP_ARGS"));
            FakeAsterisk silence = new FakeAsterisk().with("AMDSTATUS", "MACHINE").with("AMDCAUSE", "INITIALSILENCE-2014-2000")
                    .with("AAVA_ATTEMPT_ID", "42").run(ownPort, "outbound-amd");
            assertEquals("outbound_amd,42,MACHINE,INITIALSILENCE-2014-2000,,skipped", silence.variables.get("AAVA_HOP_ARGS"),
                    "a default cause left out of the setting no longer makes a person");
        }
    }

    @Test
    void badAttemptIdIsStillAccountedFor() throws Exception {
        FakeAsterisk a = new FakeAsterisk().with("AMDSTATUS", "HUMAN").with("AMDCAUSE", "HUMAN-1-1").with("AAVA_ATTEMPT_ID", "x'); DROP")
                .run(port, "outbound-amd");
        assertEquals("outbound_amd,0,HUMAN,HUMAN-1-1,,skipped", a.variables.get("AAVA_HOP_ARGS"));
    }

    @Test
    void unknownScriptIsRejectedAndTheServerKeepsServing() throws Exception {
        FakeAsterisk a = new FakeAsterisk().run(port, "com.example.Evil");
        assertTrue(a.variables.get("AJ_AGISTATUS") != null && !a.variables.get("AJ_AGISTATUS").equals("SUCCESS"),
                "the dialplan learns the script failed: " + a.variables);
        assertTrue(server.errors() >= 1);
        assertEquals("outbound_amd,42,HUMAN,HUMAN-1017-1000,,skipped", call("HUMAN", "HUMAN-1017-1000", false, "").variables.get("AAVA_HOP_ARGS"));
    }

    @Test
    void garbageAndSilentPeersDoNotHurtTheServer() throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            byte[] junk = new byte[4096];
            new java.util.Random(7).nextBytes(junk);
            out.write(junk);
            out.flush();
        }
        try (Socket silent = new Socket("127.0.0.1", port)) {
            silent.setSoTimeout(5000);
            // the server drops a silent peer after its socket timeout (2 s here): read returns EOF or fails
            int r;
            try {
                r = silent.getInputStream().read();
            } catch (java.io.IOException e) {
                r = -1;
            }
            assertEquals(-1, r);
        }
        assertEquals("outbound_amd,42,MACHINE,MAXWORDS-3-2,,skipped", call("MACHINE", "MAXWORDS-3-2", false, "").variables.get("AAVA_HOP_ARGS"));
    }

    @Test
    void fiveHundredConcurrentHopsAllSucceed() throws Exception {
        int n = 500;
        List<Long> commandLatencies = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService peers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<FakeAsterisk>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                final int id = i + 1;
                futures.add(peers.submit(() -> {
                    FakeAsterisk a = new FakeAsterisk().with("AMDSTATUS", "HUMAN").with("AMDCAUSE", "HUMAN-1-1")
                            .with("AAVA_ATTEMPT_ID", Integer.toString(id)).run(port, "outbound-amd");
                    return a;
                }));
            }
            for (Future<FakeAsterisk> f : futures) {
                FakeAsterisk a = f.get();
                assertTrue(a.variables.get("AAVA_HOP_ARGS").startsWith("outbound_amd,"), a.variables.toString());
                commandLatencies.addAll(a.commandNanos);
            }
        }
        assertEquals(n, hops.size());
        assertEquals(n, hops.stream().map(HopResult::attemptId).distinct().count(), "every hop reported once");
    }
}
