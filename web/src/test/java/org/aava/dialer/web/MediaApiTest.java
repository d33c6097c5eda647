package org.aava.dialer.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.aava.dialer.prompts.EspeakNgTts;
import org.aava.dialer.prompts.HttpTts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The recordings library and prompts made from text (the real espeak-ng, and a speech server on 127.0.0.1). */
class MediaApiTest {
    @TempDir
    Path dir;
    private ApiFixture api;
    private HttpServer speech;

    @AfterEach
    void stop() {
        if (api != null) api.close();
        if (speech != null) speech.stop(0);
    }

    private ApiFixture api() throws Exception {
        api = new ApiFixture(dir, TestMedia::of);
        return api;
    }

    static byte[] wav(int rate, double seconds, int dataSizeField) {
        int frames = (int) (rate * seconds);
        ByteBuffer b = ByteBuffer.allocate(44 + frames * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + frames * 2).put("WAVEfmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16).put("data".getBytes()).putInt(dataSizeField);
        for (int i = 0; i < frames; i++) b.putShort((short) (Math.sin(i / 5.0) * 8000));
        return b.array();
    }

    private JsonNode upload(String filename, byte[] data) throws Exception {
        HttpResponse<String> r = api.send("POST", "/api/outbound/recordings/upload?filename=" + filename, HttpRequest.BodyPublishers.ofByteArray(data),
                "Content-Type", "application/octet-stream");
        assertEquals(201, r.statusCode(), filename + ": " + r.body());
        return ApiFixture.body(r);
    }

    private JsonNode listed(String name) throws Exception {
        for (JsonNode r : ApiFixture.body(api.json("GET", "/api/outbound/recordings", null)).get("recordings")) {
            if (r.get("name").asText().equals(name)) return r;
        }
        return null;
    }

    @Test
    void wavAndUlawInAnyCaseArePlayableRecordingsOrRefusedAtUpload() throws Exception {
        ApiFixture a = api();
        for (String name : List.of("PROMPT.WAV", "prompt.Wav")) {
            JsonNode r = upload(name, wav(16000, 1, 32000));
            assertEquals(8000, r.get("size_bytes").asLong(), name + " converted to 8 kHz mu-law");
        }
        JsonNode ulaw = upload("RAW.ULAW", new byte[4000]);
        assertEquals(0.5, ulaw.get("duration_seconds").asDouble());
        HttpResponse<String> fake = a.send("POST", "/api/outbound/recordings/upload?filename=fake.ULAW",
                HttpRequest.BodyPublishers.ofByteArray(wav(8000, 1, 16000)), "Content-Type", "application/octet-stream");
        assertEquals(400, fake.statusCode(), "a WAV named .ulaw would play as noise: " + fake.body());
        // files an operator copied into the library by hand, in capitals: listed, previewed and playable by Asterisk
        Path lib = dir.resolve("media/ai-generated");
        Files.write(lib.resolve("HAND-MADE.ULAW"), new byte[8000]);
        Files.write(lib.resolve("hand-wav.WAV"), wav(22050, 1, 44100));
        assertEquals(1.0, listed("HAND-MADE").get("duration_seconds").asDouble());
        assertEquals(1.0, listed("hand-wav").get("duration_seconds").asDouble());
        assertTrue(Files.exists(lib.resolve("HAND-MADE.ulaw")) && Files.exists(lib.resolve("hand-wav.ulaw")),
                "Asterisk looks for <name>.ulaw in lower case");
        for (String name : List.of("HAND-MADE", "hand-wav", ulaw.get("name").asText())) {
            HttpResponse<byte[]> p = a.bytes("/api/outbound/recordings/" + name + "/preview.wav");
            assertEquals(200, p.statusCode(), name);
            assertEquals("RIFF", new String(p.body(), 0, 4));
        }
    }

    @Test
    void theLibraryShowsLabelsLengthAndUseAndRefusesToDeleteARecordingInUse() throws Exception {
        ApiFixture a = api();
        JsonNode rec = upload("Spring%20Promo.wav", wav(8000, 2, 32000));
        String name = rec.get("name").asText();
        JsonNode listed = listed(name);
        assertEquals("Spring Promo.wav", listed.get("label").asText());
        assertEquals("Spring Promo.wav", listed.get("original_name").asText());
        assertEquals(2.0, listed.get("duration_seconds").asDouble());
        assertEquals(0, listed.get("used_by").size());
        assertEquals("Default voicemail", listed("aava-voicemail-default").get("label").asText());
        long c = a.campaign("Uses it");
        assertEquals(200, a.json("PATCH", "/api/outbound/campaigns/" + c, "{\"voicemail_drop_enabled\":true,\"voicemail_drop_media_uri\":\""
                + rec.get("uri").asText() + "\"}").statusCode());
        JsonNode use = listed(name).get("used_by").get(0);
        assertEquals(c, use.get("campaign_id").asLong());
        assertEquals("voicemail", use.get("as").asText());
        HttpResponse<String> renamed = a.json("PATCH", "/api/outbound/recordings/" + name, "{\"label\":\"Promo (final)\"}");
        assertEquals(200, renamed.statusCode(), renamed.body());
        assertEquals("Promo (final)", listed(name).get("label").asText());
        assertEquals(rec.get("uri").asText(), ApiFixture.body(a.json("GET", "/api/outbound/campaigns/" + c, null))
                .get("voicemail_drop_media_uri").asText(), "a rename never breaks the campaign's reference");
        assertEquals(400, a.json("PATCH", "/api/outbound/recordings/" + name, "{\"label\":\"  \"}").statusCode());
        HttpResponse<String> refused = a.json("DELETE", "/api/outbound/recordings/" + name, null);
        assertEquals(409, refused.statusCode());
        assertTrue(refused.body().contains("campaign " + c + " (voicemail)"), refused.body());
        assertEquals(409, a.json("DELETE", "/api/outbound/recordings/aava-consent-default", null).statusCode());
        assertEquals(200, a.json("PATCH", "/api/outbound/campaigns/" + c, "{\"voicemail_drop_media_uri\":\"sound:ai-generated/aava-voicemail-default\"}")
                .statusCode());
        assertEquals(200, a.json("DELETE", "/api/outbound/recordings/" + name, null).statusCode());
        assertEquals(null, listed(name));
        assertFalse(Files.exists(dir.resolve("media/ai-generated/" + name + ".ulaw")));
        assertEquals(404, a.json("DELETE", "/api/outbound/recordings/" + name, null).statusCode());
        String audit = a.json("GET", "/api/outbound/audit?subject=recording:", null).body();
        assertTrue(audit.contains("recording.rename") && audit.contains("recording.delete"), audit);
    }

    @Test
    void theCampaignPreviewPlaysExactlyTheAssignedRecordingNotTheLastUpload() throws Exception {
        ApiFixture a = api();
        JsonNode assigned = upload("one.wav", wav(8000, 1, 16000));
        upload("later.ulaw", new byte[12000]); // the newest upload, which the old page previewed
        long c = a.campaign("Preview");
        a.json("PATCH", "/api/outbound/campaigns/" + c, "{\"voicemail_drop_enabled\":true,\"voicemail_drop_media_uri\":\"" + assigned.get("uri").asText()
                + "\",\"consent_enabled\":true}");
        HttpResponse<byte[]> vm = a.bytes("/api/outbound/campaigns/" + c + "/voicemail/preview.wav");
        assertEquals(200, vm.statusCode());
        assertArrayEquals(a.bytes("/api/outbound/recordings/" + assigned.get("name").asText() + "/preview.wav").body(), vm.body());
        HttpResponse<byte[]> consent = a.bytes("/api/outbound/campaigns/" + c + "/consent/preview.wav");
        assertArrayEquals(a.bytes("/api/outbound/recordings/aava-consent-default/preview.wav").body(), consent.body(), "the shipped default it was given");
        long none = a.campaign("No voicemail");
        assertEquals(404, a.bytes("/api/outbound/campaigns/" + none + "/voicemail/preview.wav").statusCode());
    }

    @Test
    void espeakNgMakesAMuLawPromptUsableAsVoicemail() throws Exception {
        ApiFixture a = api();
        JsonNode info = ApiFixture.body(a.json("GET", "/api/outbound/tts", null));
        assertEquals("espeak-ng", info.get("engine").asText());
        assertTrue(info.get("available").asBoolean(), info.toString());
        assertTrue(info.get("voices").toString().contains("\"en-us\""), info.toString());
        assertTrue(info.get("default_voicemail_text").asText().contains("{callback_number}"));
        HttpResponse<String> r = a.json("POST", "/api/outbound/recordings/tts",
                "{\"name\":\"Callback message\",\"text\":\"Hello. Please call us back at 5 5 5, 0 1 0 0. Thank you.\",\"voice\":\"en-us\"}");
        assertEquals(201, r.statusCode(), r.body());
        JsonNode rec = ApiFixture.body(r);
        double seconds = rec.get("duration_seconds").asDouble();
        assertTrue(seconds > 2 && seconds < 20, "spoken, at 8 kHz: " + seconds + " s");
        byte[] ulaw = Files.readAllBytes(dir.resolve("media/ai-generated/" + rec.get("name").asText() + ".ulaw"));
        assertEquals(Math.round(seconds * 8000), ulaw.length, "headerless 8 kHz mu-law, one byte a sample");
        long silent = 0;
        for (byte b : ulaw) if ((b & 0xFF) == 0xFF || (b & 0xFF) == 0x7F) silent++;
        assertTrue(silent < ulaw.length * 0.9, "speech, not silence");
        assertEquals("Callback message", listed(rec.get("name").asText()).get("label").asText());
        assertEquals("tts", listed(rec.get("name").asText()).get("source").asText());
        long c = a.campaign("TTS voicemail");
        assertEquals(200, a.json("PATCH", "/api/outbound/campaigns/" + c, "{\"voicemail_drop_enabled\":true,\"voicemail_drop_media_uri\":\""
                + rec.get("uri").asText() + "\"}").statusCode());
        assertEquals(200, a.bytes("/api/outbound/campaigns/" + c + "/voicemail/preview.wav").statusCode());
        assertEquals(400, a.json("POST", "/api/outbound/recordings/tts", "{\"name\":\"x\",\"text\":\"hi\",\"voice\":\"zz-no-such-voice\"}").statusCode());
        assertEquals(400, a.json("POST", "/api/outbound/recordings/tts", "{\"name\":\"x\",\"text\":\"hi\",\"voice\":\"-w /tmp/x\"}").statusCode());
        assertEquals(400, a.json("POST", "/api/outbound/recordings/tts", "{\"name\":\"x\",\"text\":\"" + "a".repeat(2001) + "\"}").statusCode());
        assertEquals(400, a.json("POST", "/api/outbound/recordings/tts", "{\"text\":\"no name\"}").statusCode());
        assertTrue(ApiFixture.body(a.json("GET", "/api/health", null)).get("tts").asText().startsWith("ok"));
    }

    @Test
    void theCampaignsCallbackNumberGoesIntoTheDefaultVoicemailText() throws Exception {
        ApiFixture a = api();
        long c = a.campaign("Spring Promo");
        HttpResponse<String> set = a.json("PATCH", "/api/outbound/campaigns/" + c, "{\"callback_number\":\"+1 (212) 510-0200\"}");
        assertEquals(200, set.statusCode(), set.body());
        assertEquals("+12125100200", ApiFixture.body(set).get("callback_number").asText(), "one identity: E.164");
        String text = ApiFixture.body(a.json("GET", "/api/outbound/tts?campaign_id=" + c, null)).get("default_voicemail_text").asText();
        assertTrue(text.contains("Spring Promo") && text.contains("1 2 1 2 5 1 0 0 2 0 0") && text.contains("removed"), text);
        HttpResponse<String> bad = a.json("PATCH", "/api/outbound/campaigns/" + c, "{\"callback_number\":\"call us\"}");
        assertEquals(400, bad.statusCode());
        assertEquals("callback_number", ApiFixture.body(bad).get("field").asText());
        assertTrue(ApiFixture.body(a.json("PATCH", "/api/outbound/campaigns/" + c, "{\"callback_number\":\"\"}")).get("callback_number").isNull());
    }

    @Test
    void aMissingEspeakNgIsSaidInHealthAndTheTtsRouteAnswers503() throws Exception {
        api = new ApiFixture(dir, store -> new ImportsAndMedia(store.importJobs(), store.recordings(), ImportSettings.DEFAULTS,
                new EspeakNgTts("/nonexistent/espeak-ng", "en-us")));
        assertTrue(ApiFixture.body(api.json("GET", "/api/health", null)).get("tts").asText().contains("espeak-ng is not installed"));
        assertFalse(ApiFixture.body(api.json("GET", "/api/outbound/tts", null)).get("available").asBoolean());
        assertEquals(503, api.json("POST", "/api/outbound/recordings/tts", "{\"name\":\"x\",\"text\":\"hello\"}").statusCode());
    }

    @Test
    void anOpenAiCompatibleSpeechServerIsAskedForWavWithTheKeyAndTheKeyIsNeverEchoed() throws Exception {
        String key = "sk-test-secret-key-0123456789";
        AtomicReference<String> body = new AtomicReference<>();
        AtomicReference<String> auth = new AtomicReference<>();
        List<String> paths = new ArrayList<>();
        speech = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        speech.createContext("/", ex -> {
            paths.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
            body.set(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            auth.set(ex.getRequestHeaders().getFirst("Authorization"));
            byte[] answer = body.get().contains("fail please") ? ("{\"error\":\"bad key " + key + "\"}").getBytes()
                    : wav(24000, 1.5, -1); // a streamed WAV: data size 0xFFFFFFFF, as speech servers send it
            ex.getResponseHeaders().add("Content-Type", body.get().contains("fail please") ? "application/json" : "audio/wav");
            ex.sendResponseHeaders(body.get().contains("fail please") ? 401 : 200, answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        speech.start();
        URI url = URI.create("http://127.0.0.1:" + speech.getAddress().getPort() + "/");
        api = new ApiFixture(dir, store -> new ImportsAndMedia(store.importJobs(), store.recordings(), ImportSettings.DEFAULTS,
                new HttpTts(url, "kokoro", "af_heart", key, Duration.ofSeconds(10))));
        HttpResponse<String> r = api.json("POST", "/api/outbound/recordings/tts", "{\"name\":\"Consent\",\"text\":\"Press 1 to talk to us.\"}");
        assertEquals(201, r.statusCode(), r.body());
        assertEquals(List.of("POST /v1/audio/speech"), paths);
        JsonNode sent = Http.JSON.readTree(body.get());
        assertEquals("kokoro", sent.get("model").asText());
        assertEquals("af_heart", sent.get("voice").asText());
        assertEquals("Press 1 to talk to us.", sent.get("input").asText());
        assertEquals("wav", sent.get("response_format").asText());
        assertEquals("Bearer " + key, auth.get());
        assertEquals(1.5, ApiFixture.body(r).get("duration_seconds").asDouble(), "24 kHz resampled to 8 kHz, to the end of the streamed data");
        HttpResponse<String> failed = api.json("POST", "/api/outbound/recordings/tts", "{\"name\":\"x\",\"text\":\"fail please\",\"voice\":\"nova\"}");
        assertEquals(502, failed.statusCode(), failed.body());
        assertTrue(failed.body().contains("401"), failed.body());
        assertFalse(failed.body().contains(key), "the key is never echoed: " + failed.body());
        assertEquals("nova", Http.JSON.readTree(body.get()).get("voice").asText());
        assertFalse(new HttpTts(url, "m", "v", key, Duration.ofSeconds(1)).toString().contains(key));
        assertTrue(Arrays.asList(ApiFixture.body(api.json("GET", "/api/outbound/tts", null)).get("engine").asText()).contains("http"));
    }
}
