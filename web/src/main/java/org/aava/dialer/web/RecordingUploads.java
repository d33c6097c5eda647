package org.aava.dialer.web;

import io.undertow.server.HttpServerExchange;
import org.aava.dialer.core.admin.Campaigns;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.ports.AuditLog;
import org.aava.dialer.core.ports.RecordingRepository;
import org.aava.dialer.prompts.RecordingLibrary;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Uploaded recordings: to the library, or as a campaign's voicemail or consent prompt. */
final class RecordingUploads {
    private final WebSettings settings;
    private final Campaigns campaigns;
    private final AuditLog audit;
    private final RecordingRepository stored;
    private final RecordingLibrary recordings;

    RecordingUploads(WebSettings settings, Campaigns campaigns, AuditLog audit, RecordingRepository stored) {
        this.settings = settings;
        this.campaigns = campaigns;
        this.audit = audit;
        this.stored = stored;
        this.recordings = new RecordingLibrary(settings.mediaDir(), settings.maxRecordingBytes());
    }

    /** Reads an uploaded recording: multipart field "file" (its filename decides .wav/.ulaw) or a raw body with ?filename=. */
    private RecordingLibrary.Stored storeUpload(HttpServerExchange ex, String kind) throws IOException {
        int max = (int) Math.min(Integer.MAX_VALUE - 16, settings.maxRecordingBytes());
        String filename;
        byte[] data;
        if (Uploads.isMultipart(ex)) {
            record Upload(String filename, byte[] data) { }
            Upload u = Uploads.withMultipartFile(ex, file -> {
                if (file.getFileItem().getFileSize() > max) throw new ApiException(413, "the recording is larger than " + max + " bytes", "file");
                try (InputStream in = file.getFileItem().getInputStream()) {
                    return new Upload(file.getFileName(), in.readAllBytes());
                }
            });
            filename = u.filename();
            data = u.data();
        } else {
            filename = Http.query(ex, "filename");
            data = Http.readBounded(ex, max);
        }
        RecordingLibrary.Stored s;
        try {
            s = recordings.store(kind, filename, data);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage(), "file");
        }
        // the client's name as a label only: its last path segment, without control characters
        String original = filename == null ? null : filename.substring(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1)
                .replaceAll("\\p{Cntrl}", "").strip();
        String label = original == null || original.isBlank() ? s.name() : original.length() > MediaApi.MAX_LABEL_CHARS
                ? original.substring(0, MediaApi.MAX_LABEL_CHARS) : original;
        stored.save(new RecordingRepository.RecordingInfo(s.name(), label, original, "upload", Instant.now())).join();
        return s;
    }

    private static Map<String, Object> view(RecordingLibrary.Stored s) {
        return Map.of("name", s.name(), "uri", s.uri(), "size_bytes", s.sizeBytes(), "duration_seconds", s.durationSeconds());
    }

    void recording(HttpServerExchange ex, Auth.Principal who) throws IOException {
        var s = storeUpload(ex, "recording");
        audit.record(who.name(), "recording.upload", "recording:" + s.name(), null).join();
        Http.json(ex, 201, view(s));
    }

    void voicemail(HttpServerExchange ex, Auth.Principal who) throws IOException {
        forCampaign(ex, who, "vm");
    }

    void consent(HttpServerExchange ex, Auth.Principal who) throws IOException {
        forCampaign(ex, who, "consent");
    }

    private void forCampaign(HttpServerExchange ex, Auth.Principal who, String kind) throws IOException {
        Campaign c = campaigns.find(Http.idParam(ex, "id"));
        var s = storeUpload(ex, kind);
        Campaign saved = campaigns.setRecording(c, kind, s.uri(), who.name());
        Map<String, Object> m = new LinkedHashMap<>(view(s));
        m.put("campaign", Views.campaign(saved));
        Http.json(ex, 201, m);
    }
}
