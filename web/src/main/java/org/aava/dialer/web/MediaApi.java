package org.aava.dialer.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.ports.RecordingRepository.RecordingInfo;
import org.aava.dialer.prompts.RecordingLibrary;
import org.aava.dialer.prompts.ShippedPrompts;
import org.aava.dialer.prompts.TextToSpeech;
import org.aava.dialer.prompts.WavToUlaw;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * The recordings library (every recording with its label, original name, length and the campaigns that use it;
 * rename, delete, preview) and prompts made from text.
 */
final class MediaApi {
    private static final Logger log = LoggerFactory.getLogger(MediaApi.class);
    private static final BodyFields RENAME = BodyFields.of("label", BodyFields.Type.TEXT);
    private static final BodyFields TTS = BodyFields.of("name", BodyFields.Type.TEXT, "text", BodyFields.Type.TEXT, "voice", BodyFields.Type.TEXT);
    static final int MAX_LABEL_CHARS = 120;

    private final WebDependencies d;
    private final ImportsAndMedia media;
    private final RecordingLibrary library;
    /** One synthesis at a time: espeak-ng or a speech server is slow, and the admin is not a TTS farm. */
    private final Semaphore synthesizing = new Semaphore(2);

    MediaApi(WebSettings settings, WebDependencies deps, ImportsAndMedia media) {
        this.d = deps;
        this.media = media;
        this.library = new RecordingLibrary(settings.mediaDir(), settings.maxRecordingBytes());
    }

    void list(HttpServerExchange ex, Auth.Principal who) throws IOException {
        Map<String, RecordingInfo> known = media.recordings().all().join();
        Map<String, List<Map<String, Object>>> usedBy = usage();
        List<Map<String, Object>> out = new ArrayList<>();
        for (RecordingLibrary.Stored s : library.list()) {
            RecordingInfo info = known.get(s.name());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name());
            m.put("uri", s.uri());
            m.put("label", info != null ? info.label() : shippedLabel(s.name()));
            m.put("original_name", info == null ? null : info.originalName());
            m.put("source", info != null ? info.source() : isShipped(s.name()) ? "shipped" : "file");
            m.put("size_bytes", s.sizeBytes());
            m.put("duration_seconds", s.durationSeconds());
            m.put("created_at_utc", info == null ? null : Views.ts(info.createdAt()));
            m.put("used_by", usedBy.getOrDefault(s.uri(), List.of()));
            m.put("preview_url", "/api/outbound/recordings/" + s.name() + "/preview.wav");
            out.add(m);
        }
        Http.json(ex, 200, Map.of("recordings", out));
    }

    private static boolean isShipped(String name) {
        return name.equals(ShippedPrompts.CONSENT) || name.equals(ShippedPrompts.VOICEMAIL);
    }

    private static String shippedLabel(String name) {
        if (name.equals(ShippedPrompts.CONSENT)) return "Default consent prompt";
        if (name.equals(ShippedPrompts.VOICEMAIL)) return "Default voicemail";
        return name;
    }

    /** Recording URI to the campaigns (archived ones too) that use it, and as what. */
    private Map<String, List<Map<String, Object>>> usage() {
        Map<String, List<Map<String, Object>>> out = new LinkedHashMap<>();
        for (Campaign c : d.campaigns().list(true).join()) {
            if (c.voicemailMediaUri() != null) out.computeIfAbsent(c.voicemailMediaUri(), k -> new ArrayList<>()).add(use(c, "voicemail"));
            if (c.consentMediaUri() != null) out.computeIfAbsent(c.consentMediaUri(), k -> new ArrayList<>()).add(use(c, "consent"));
        }
        return out;
    }

    private static Map<String, Object> use(Campaign c, String as) {
        return Map.of("campaign_id", c.id(), "campaign_name", c.name(), "as", as, "status", c.status().wire());
    }

    private RecordingLibrary.Stored existing(HttpServerExchange ex) throws IOException {
        try {
            return library.find(Http.pathParam(ex, "name")).orElseThrow(() -> ApiException.notFound("recording"));
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("recording");
        }
    }

    void rename(HttpServerExchange ex, Auth.Principal who) throws IOException {
        RecordingLibrary.Stored s = existing(ex);
        JsonNode body = RENAME.check(Http.body(ex));
        String label = label(body.path("label").asText(""), "label");
        if (!media.recordings().rename(s.name(), label).join()) {
            media.recordings().save(new RecordingInfo(s.name(), label, null, isShipped(s.name()) ? "shipped" : "file", Instant.now())).join();
        }
        d.audit().record(who.name(), "recording.rename", "recording:" + s.name(), label).join();
        Http.json(ex, 200, Map.of("ok", true, "name", s.name(), "label", label));
    }

    private static String label(String raw, String field) {
        String label = raw.strip();
        if (label.isEmpty() || label.length() > MAX_LABEL_CHARS || label.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest(field + " is required (1-" + MAX_LABEL_CHARS + " characters, no control characters)", field);
        }
        return label;
    }

    void delete(HttpServerExchange ex, Auth.Principal who) throws IOException {
        RecordingLibrary.Stored s = existing(ex);
        if (isShipped(s.name())) throw ApiException.conflict("the shipped default prompts cannot be deleted (they are reinstalled at start)");
        List<Map<String, Object>> users = usage().getOrDefault(s.uri(), List.of());
        if (!users.isEmpty()) {
            throw ApiException.conflict("recording is used by " + users.stream().map(u -> "campaign " + u.get("campaign_id") + " (" + u.get("as") + ")")
                    .reduce((a, b) -> a + ", " + b).orElse("") + "; assign another recording first");
        }
        library.delete(s.name());
        media.recordings().forget(s.name()).join();
        d.audit().record(who.name(), "recording.delete", "recording:" + s.name(), null).join();
        Http.json(ex, 200, Map.of("ok", true));
    }

    /** Exactly the recording the campaign has assigned as its voicemail or consent prompt. */
    void campaignPreview(HttpServerExchange ex, Auth.Principal who, String as) throws IOException {
        long id = Http.idParam(ex, "id");
        Campaign c = d.campaigns().find(id).join().orElseThrow(() -> ApiException.notFound("campaign " + id));
        String uri = as.equals("voicemail") ? c.voicemailMediaUri() : c.consentMediaUri();
        if (uri == null || !uri.startsWith("sound:ai-generated/")) throw ApiException.notFound("campaign " + id + " has no " + as + " recording");
        RecordingLibrary.Stored s;
        try {
            s = library.find(uri.substring("sound:ai-generated/".length())).orElseThrow(() -> ApiException.notFound(as + " recording " + uri));
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound(as + " recording " + uri);
        }
        sendWav(ex, s);
    }

    void preview(HttpServerExchange ex, Auth.Principal who) throws IOException {
        sendWav(ex, existing(ex));
    }

    private void sendWav(HttpServerExchange ex, RecordingLibrary.Stored s) throws IOException {
        byte[] wav = WavToUlaw.ulawToWav(Files.readAllBytes(library.resolve(s.name())));
        ex.setStatusCode(200);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "audio/wav");
        ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        ex.getResponseSender().send(java.nio.ByteBuffer.wrap(wav));
    }

    /** What the voice picker offers, and whether the engine can work here. */
    void ttsInfo(HttpServerExchange ex, Auth.Principal who) {
        TextToSpeech tts = media.tts();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("engine", tts.engine());
        m.put("available", tts.problem().isEmpty());
        m.put("problem", tts.problem().orElse(null));
        m.put("default_voice", tts.defaultVoice());
        m.put("voices", tts.voices());
        m.put("max_text_chars", TextToSpeech.MAX_TEXT_CHARS);
        String campaignId = Http.query(ex, "campaign_id");
        Campaign c = null;
        if (campaignId != null && campaignId.matches("[0-9]{1,18}")) c = d.campaigns().find(Long.parseLong(campaignId)).join().orElse(null);
        // for a campaign: its name and callback number already in the text, as a prerecorded message must give them
        m.put("default_voicemail_text", c == null ? VoicemailText.DEFAULT : VoicemailText.forCampaign(c.name(), c.callbackNumber()));
        Http.json(ex, 200, m);
    }

    void tts(HttpServerExchange ex, Auth.Principal who) throws IOException {
        JsonNode body = TTS.check(Http.body(ex));
        String name = label(body.path("name").asText(""), "name");
        String text = body.path("text").asText("").strip();
        if (text.isEmpty() || text.length() > TextToSpeech.MAX_TEXT_CHARS) {
            throw ApiException.badRequest("text is required (at most " + TextToSpeech.MAX_TEXT_CHARS + " characters)", "text");
        }
        String voice = body.hasNonNull("voice") ? body.get("voice").asText().strip() : null;
        if (voice != null && !voice.matches("[A-Za-z0-9_.+-]{1,64}")) throw ApiException.badRequest("voice must be a voice name such as en-us", "voice");
        TextToSpeech tts = media.tts();
        if (tts.problem().isPresent()) throw new ApiException(503, tts.problem().get(), null);
        if (!synthesizing.tryAcquire()) throw new ApiException(429, "text-to-speech is busy with other prompts; try again in a moment", null);
        byte[] wav;
        try {
            wav = tts.synthesizeWav(text, voice);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage(), "voice");
        } catch (IOException e) {
            log.warn("text-to-speech ({}) failed: {}", tts.engine(), e.getMessage());
            throw new ApiException(502, "text-to-speech failed: " + e.getMessage(), null);
        } finally {
            synthesizing.release();
        }
        RecordingLibrary.Stored s;
        try {
            s = library.storeUlaw("tts", WavToUlaw.convert(wav));
        } catch (IllegalArgumentException e) {
            throw new ApiException(502, "the speech engine returned audio that is not a usable WAV: " + e.getMessage(), null);
        }
        media.recordings().save(new RecordingInfo(s.name(), name, null, "tts", Instant.now())).join();
        d.audit().record(who.name(), "recording.tts", "recording:" + s.name(), tts.engine() + " voice " + (voice == null ? tts.defaultVoice() : voice)
                + ": " + (text.length() > 200 ? text.substring(0, 200) + "..." : text)).join();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("uri", s.uri());
        m.put("label", name);
        m.put("size_bytes", s.sizeBytes());
        m.put("duration_seconds", s.durationSeconds());
        m.put("engine", tts.engine());
        m.put("voice", voice == null ? tts.defaultVoice() : voice);
        Http.json(ex, 201, m);
    }
}
