package org.aava.dialer.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A voicemail made from text by the real espeak-ng (POST /api/outbound/recordings/tts) is what Asterisk plays to
 * a machine on the lab: the drop lasts as long as the spoken message, which is longer than the shipped default.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TtsVoicemailLabTest {
    @TempDir
    static Path dir;
    private LabDialer dialer;

    @BeforeAll
    void start() throws Exception {
        dialer = new LabDialer(dir, null);
    }

    @AfterAll
    void stop() {
        if (dialer != null) dialer.close();
    }

    @Test
    void aTextToSpeechVoicemailIsPlayedToTheMachineToTheEnd() throws Exception {
        String text = "Hello, this is a message from the lab campaign. Please call us back at 5 5 5, 0 1 0 0, 2 0 0. "
                + "If you would rather not receive these calls, call that number and ask to be removed. "
                + "We are open from nine in the morning to five in the afternoon, Monday to Friday. Thank you, and goodbye.";
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + dialer.application.webPort() + "/api/outbound/recordings/tts"))
                .header("Authorization", "Bearer e2e-api-token-0123456789").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(new ObjectMapper().writeValueAsString(
                        java.util.Map.of("name", "Lab voicemail", "text", text, "voice", "en-us")))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, r.statusCode(), r.body());
        JsonNode rec = new ObjectMapper().readTree(r.body());
        double seconds = rec.get("duration_seconds").asDouble();
        assertTrue(seconds > 12, "a message longer than the shipped 8.4 s drop: " + seconds);
        Campaign c = dialer.campaign("tts voicemail", b -> b.voicemail(true, rec.get("uri").asText()), List.of("7002"));
        Attempt machine = dialer.awaitAllClosed(c.id(), 1, Duration.ofSeconds(120)).getFirst();
        assertEquals(Outcome.VOICEMAIL_DROPPED, machine.outcome(), machine.toString());
        assertEquals("MACHINE", machine.amdStatus());
        assertTrue(machine.durationSeconds() >= seconds, "the spoken message played to PlaybackFinished (" + seconds + " s): " + machine);
        System.out.printf("TtsVoicemailLabTest: %.1f s espeak-ng message, call lasted %d s%n", seconds, machine.durationSeconds());
    }
}
