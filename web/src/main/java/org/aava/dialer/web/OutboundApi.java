package org.aava.dialer.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.form.FormData;
import io.undertow.server.handlers.form.FormParserFactory;
import io.undertow.util.Headers;
import org.aava.dialer.core.ai.AiContext;
import org.aava.dialer.core.calls.LiveCall;
import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.CampaignStatus;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.model.LeadState;
import org.aava.dialer.core.model.Outcome;
import org.aava.dialer.core.phone.PhoneNumbers;
import org.aava.dialer.core.ports.AttemptQuery;
import org.aava.dialer.core.ports.CallHistoryRepository;
import org.aava.dialer.core.ports.DncRepository;
import org.aava.dialer.core.ports.LeadQuery;
import org.aava.dialer.core.ports.Page;
import org.aava.dialer.core.scheduler.DialingStatus;
import org.aava.dialer.core.time.CallingWindow;
import org.aava.dialer.prompts.ShippedPrompts;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The handlers of the REST API, one plain method each; {@link Routes} maps paths to them. */
final class OutboundApi {
    private final WebSettings settings;
    private final WebDependencies d;
    private final Auth auth;
    private final LeadImporter importer;
    private final Path errorDir;
    private final org.aava.dialer.prompts.RecordingLibrary recordings;

    private final ImportJobs importJobs;
    private final ImportsAndMedia media;

    OutboundApi(WebSettings settings, WebDependencies deps, Auth auth, ImportsAndMedia media) {
        this.settings = settings;
        this.d = deps;
        this.auth = auth;
        this.media = media;
        this.importer = new LeadImporter(deps.leads(), deps.contexts(), deps.phones());
        this.errorDir = settings.dataDir().resolve("import-errors");
        this.recordings = new org.aava.dialer.prompts.RecordingLibrary(settings.mediaDir(), settings.maxRecordingBytes());
        this.importJobs = new ImportJobs(media.importJobs(), importer, deps.audit(), errorDir, media.imports());
    }

    ImportJobs importJobs() {
        return importJobs;
    }

    /** Bulk actions, lead history, checklist and live numbers: their own class, sharing these dependencies. */
    LeadToolsApi leadTools() {
        return new LeadToolsApi(d, settings.mediaDir());
    }

    // ------------------------------------------------------------------ recordings

    /** Reads an uploaded recording: multipart field "file" (its filename decides .wav/.ulaw) or a raw body with ?filename=. */
    private org.aava.dialer.prompts.RecordingLibrary.Stored storeUpload(HttpServerExchange ex, String kind) throws IOException {
        int max = (int) Math.min(Integer.MAX_VALUE - 16, settings.maxRecordingBytes());
        String filename;
        byte[] data;
        if (isMultipart(ex)) {
            record Upload(String filename, byte[] data) { }
            Upload u = withMultipartFile(ex, file -> {
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
        org.aava.dialer.prompts.RecordingLibrary.Stored stored;
        try {
            stored = recordings.store(kind, filename, data);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage(), "file");
        }
        // the client's name as a label only: its last path segment, without control characters
        String original = filename == null ? null : filename.substring(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1)
                .replaceAll("\\p{Cntrl}", "").strip();
        String label = original == null || original.isBlank() ? stored.name() : original.length() > MediaApi.MAX_LABEL_CHARS
                ? original.substring(0, MediaApi.MAX_LABEL_CHARS) : original;
        media.recordings().save(new org.aava.dialer.core.ports.RecordingRepository.RecordingInfo(stored.name(), label, original,
                "upload", Instant.now())).join();
        return stored;
    }

    private static Map<String, Object> recordingView(org.aava.dialer.prompts.RecordingLibrary.Stored s) {
        return Map.of("name", s.name(), "uri", s.uri(), "size_bytes", s.sizeBytes(), "duration_seconds", s.durationSeconds());
    }

    void uploadRecording(HttpServerExchange ex, Auth.Principal who) throws IOException {
        var stored = storeUpload(ex, "recording");
        d.audit().record(who.name(), "recording.upload", "recording:" + stored.name(), null).join();
        Http.json(ex, 201, recordingView(stored));
    }

    void uploadVoicemail(HttpServerExchange ex, Auth.Principal who) throws IOException {
        uploadForCampaign(ex, who, "vm");
    }

    void uploadConsent(HttpServerExchange ex, Auth.Principal who) throws IOException {
        uploadForCampaign(ex, who, "consent");
    }

    private void uploadForCampaign(HttpServerExchange ex, Auth.Principal who, String kind) throws IOException {
        Campaign c = campaign(ex);
        var stored = storeUpload(ex, kind);
        Campaign.Builder b = c.toBuilder();
        if (kind.equals("vm")) b.voicemailMediaUri = stored.uri();
        else b.consentMediaUri = stored.uri();
        Campaign saved = d.campaigns().update(b.build()).join();
        d.audit().record(who.name(), "campaign." + kind + ".upload", "campaign:" + c.id(), stored.uri()).join();
        invalidate();
        Map<String, Object> m = new LinkedHashMap<>(recordingView(stored));
        m.put("campaign", Views.campaign(saved));
        Http.json(ex, 201, m);
    }

    // ------------------------------------------------------------------ session and meta

    private static final BodyFields LOGIN = BodyFields.of("username", BodyFields.Type.TEXT, "password", BodyFields.Type.TEXT);
    private static final BodyFields STATUS = BodyFields.of("status", BodyFields.Type.TEXT, "cancel_pending", BodyFields.Type.BOOLEAN);
    private static final BodyFields LEAD = BodyFields.of("name", BodyFields.Type.TEXT, "phone_number", BodyFields.Type.TEXT,
            "phone", BodyFields.Type.TEXT, "context", BodyFields.Type.TEXT, "agent", BodyFields.Type.TEXT, "timezone", BodyFields.Type.TEXT,
            "caller_id", BodyFields.Type.TEXT, "custom_vars", BodyFields.Type.OBJECT, "consent_basis", BodyFields.Type.TEXT,
            "consent_source", BodyFields.Type.TEXT, "consent_at", BodyFields.Type.TEXT);
    private static final BodyFields RECYCLE = BodyFields.of("mode", BodyFields.Type.TEXT);
    private static final BodyFields DNC = BodyFields.of("phone_number", BodyFields.Type.TEXT, "campaign_id", BodyFields.Type.INTEGER,
            "reason", BodyFields.Type.TEXT);
    /** Per AI tool: the arguments it takes. */
    private static final Map<String, BodyFields> TOOL_ARGS = Map.of(
            "hangup_call", BodyFields.NONE,
            "transfer", BodyFields.of("extension", BodyFields.Type.TEXT, "context", BodyFields.Type.TEXT),
            "add_to_dnc", BodyFields.of("reason", BodyFields.Type.TEXT),
            "schedule_callback", BodyFields.of("at", BodyFields.Type.TEXT, "minutes", BodyFields.Type.INTEGER),
            "set_disposition", BodyFields.of("label", BodyFields.Type.TEXT, "notes", BodyFields.Type.TEXT),
            "post_transcript", BodyFields.of("text", BodyFields.Type.TEXT));
    private static final int MAX_CALLBACK_MINUTES = 366 * 24 * 60;

    /** {@code POST /api/login} {@code {"username"?, "password"}}: without a username, the admin account logs in (as before users). */
    void login(HttpServerExchange ex) {
        auth.checkLoginRequest(ex);
        JsonNode body = LOGIN.check(Http.body(ex));
        String csrf = auth.login(ex, body.path("username").asText(null), body.path("password").asText(null));
        Http.json(ex, 200, Map.of("ok", true, "csrf_token", csrf));
    }

    void logout(HttpServerExchange ex) {
        auth.logout(ex);
        Http.json(ex, 200, Map.of("ok", true));
    }

    void session(HttpServerExchange ex) {
        Auth.SignedIn s = auth.signedIn(ex);
        if (s == null) throw new ApiException(401, "login required", null);
        Http.json(ex, 200, Map.of("ok", true, "csrf_token", s.session().csrf(), "username", s.user().username(), "role", s.user().role().wire()));
    }

    void health(HttpServerExchange ex) {
        Map<String, Object> h = new LinkedHashMap<>(d.health().check());
        h.putIfAbsent("version", settings.version());
        if (d.callFlow() != null) h.put("live_calls", d.callFlow().live().count());
        boolean ok = "ok".equals(h.get("db")) && !"full".equals(h.get("disk"));
        h.put("status", ok ? "ok" : "degraded");
        h.put("tts", media.tts().problem().map(p -> "unavailable: " + p).orElse("ok (" + media.tts().engine() + ")"));
        Http.json(ex, 200, h);
    }

    void meta(HttpServerExchange ex, Auth.Principal who) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server_timezone", settings.serverZone().getId());
        m.put("server_now_iso", d.clock().instant().toString());
        m.put("iana_timezones", ZoneId.getAvailableZoneIds().stream().filter(z -> z.contains("/")).sorted().toList());
        List<Map<String, Object>> ctxs = new ArrayList<>();
        for (AiContext c : d.contexts().all()) {
            ctxs.add(Map.of("name", c.name(), "provider", c.provider(), "attach_mode", c.attach().mode().wire(), "tools", c.tools()));
        }
        m.put("ai_contexts", ctxs);
        m.put("default_amd_options", d.defaultAmdOptions().toMap());
        m.put("shipped_prompts", Map.of("consent", ShippedPrompts.CONSENT_URI, "voicemail", ShippedPrompts.VOICEMAIL_URI));
        Http.json(ex, 200, m);
    }

    void dialplan(HttpServerExchange ex, Auth.Principal who) {
        Http.text(ex, 200, "text/plain; charset=utf-8", d.dialplan().get());
    }

    void metrics(HttpServerExchange ex) {
        if (settings.security().metricsRequireToken()) auth.requireApiToken(ex);
        if (d.metrics() == null) throw ApiException.notFound("metrics");
        Http.text(ex, 200, "text/plain; version=0.0.4; charset=utf-8", d.metrics().get());
    }

    void sampleCsv(HttpServerExchange ex, Auth.Principal who) {
        String csv = String.join(",", LeadImporter.SAMPLE_HEADER) + "\r\n"
                + "Extension Test,2765,default,America/New_York,6789,\"{\"\"note\"\":\"\"internal extension\"\"}\"\r\n"
                + "Alice Example,+16025550143,default,America/Phoenix,6789,\"{\"\"account_id\"\":\"\"A-1002\"\"}\"\r\n"
                + "International Example,+447700900123,,Europe/London,,{}\r\n";
        ex.getResponseHeaders().put(Headers.CONTENT_DISPOSITION, "attachment; filename=\"outbound_sample_leads.csv\"");
        Http.text(ex, 200, "text/csv; charset=utf-8", csv);
    }

    // ------------------------------------------------------------------ campaigns

    private Campaign campaign(HttpServerExchange ex) {
        long id = Http.idParam(ex, "id");
        return d.campaigns().find(id).join().orElseThrow(() -> ApiException.notFound("campaign " + id));
    }

    void listCampaigns(HttpServerExchange ex, Auth.Principal who) {
        Http.json(ex, 200, d.campaigns().list(Http.boolQuery(ex, "include_archived", false)).join().stream().map(Views::campaign).toList());
    }

    void getCampaign(HttpServerExchange ex, Auth.Principal who) {
        Http.json(ex, 200, Views.campaign(campaign(ex)));
    }

    void createCampaign(HttpServerExchange ex, Auth.Principal who) {
        JsonNode body = Http.body(ex);
        String name = body.hasNonNull("name") ? Views.text(body.get("name"), "name").strip() : "";
        // every field is checked before "name is required", so an error names the field that is actually wrong
        Campaign c = Views.applyCampaign(Campaign.builder(name.isEmpty() ? "unnamed" : name), body);
        if (name.isEmpty()) throw ApiException.badRequest("name is required", "name");
        c = withDefaultMedia(c);
        Campaign created = d.campaigns().create(c).join();
        d.audit().record(who.name(), "campaign.create", "campaign:" + created.id(), created.name()).join();
        Http.json(ex, 201, Views.campaign(created));
    }

    /** Consent or voicemail switched on without a recording: use the shipped default. */
    private Campaign withDefaultMedia(Campaign c) {
        Campaign.Builder b = c.toBuilder();
        if (c.consentEnabled() && (c.consentMediaUri() == null || c.consentMediaUri().isBlank())) b.consentMediaUri = ShippedPrompts.CONSENT_URI;
        if (c.voicemailEnabled() && (c.voicemailMediaUri() == null || c.voicemailMediaUri().isBlank())) b.voicemailMediaUri = ShippedPrompts.VOICEMAIL_URI;
        return b.build();
    }

    /** One settings edit of a campaign at a time: read, apply and write would otherwise lose a concurrent edit. */
    private final Map<Long, java.util.concurrent.locks.ReentrantLock> campaignEdits = new java.util.concurrent.ConcurrentHashMap<>();

    void patchCampaign(HttpServerExchange ex, Auth.Principal who) {
        java.util.concurrent.locks.ReentrantLock lock = campaignEdits.computeIfAbsent(Http.idParam(ex, "id"), k -> new java.util.concurrent.locks.ReentrantLock());
        lock.lock();
        try {
            patchCampaignLocked(ex, who);
        } finally {
            lock.unlock();
        }
    }

    private void patchCampaignLocked(HttpServerExchange ex, Auth.Principal who) {
        Campaign current = campaign(ex);
        JsonNode body = Http.body(ex);
        Campaign updated = withDefaultMedia(Views.applyCampaign(current.toBuilder(), body));
        String ifMatch = ex.getRequestHeaders().getFirst(io.undertow.util.Headers.IF_MATCH);
        if (ifMatch != null && !ifMatch.strip().replace("\"", "").equals(Views.ts(current.updatedAt()))) {
            throw ApiException.conflict("the campaign was changed since you loaded it (If-Match); reload it and apply the edit again");
        }
        Campaign saved = d.campaigns().update(updated).join();
        d.audit().record(who.name(), "campaign.update", "campaign:" + saved.id(), body.toString()).join();
        invalidate();
        Http.json(ex, 200, Views.campaign(saved));
    }

    void deleteCampaign(HttpServerExchange ex, Auth.Principal who) {
        Campaign c = campaign(ex);
        if (c.running()) throw ApiException.conflict("cannot delete a running campaign; pause or stop it first");
        if (d.callFlow() != null && d.callFlow().live().count(c.id()) > 0) throw ApiException.conflict("the campaign still has calls in progress");
        d.campaigns().delete(c.id()).join();
        d.audit().record(who.name(), "campaign.delete", "campaign:" + c.id(), c.name()).join();
        Http.json(ex, 200, Map.of("ok", true));
    }

    void cloneCampaign(HttpServerExchange ex, Auth.Principal who) {
        Campaign c = campaign(ex);
        Campaign copy = c.toBuilder().id(0).name(c.name() + " (Copy)").status(CampaignStatus.DRAFT).pausedReason(null).build();
        Campaign created = d.campaigns().create(copy).join();
        d.audit().record(who.name(), "campaign.clone", "campaign:" + created.id(), "from campaign " + c.id()).join();
        Http.json(ex, 201, Views.campaign(created));
    }

    void archiveCampaign(HttpServerExchange ex, Auth.Principal who) {
        Campaign c = campaign(ex);
        if (c.running()) throw ApiException.conflict("pause or stop the campaign before archiving it");
        d.campaigns().setStatus(c.id(), CampaignStatus.ARCHIVED, null).join();
        d.audit().record(who.name(), "campaign.archive", "campaign:" + c.id(), null).join();
        Http.json(ex, 200, Views.campaign(d.campaigns().find(c.id()).join().orElseThrow()));
    }

    void setStatus(HttpServerExchange ex, Auth.Principal who) {
        Campaign c = campaign(ex);
        JsonNode body = STATUS.check(Http.body(ex));
        CampaignStatus target;
        try {
            target = CampaignStatus.fromWire(body.path("status").asText(null));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage(), "status");
        }
        boolean cancelPending = body.path("cancel_pending").asBoolean(false);
        if (target == CampaignStatus.COMPLETED) throw ApiException.badRequest("completed is set by the dialer, not by hand", "status");
        if (target == CampaignStatus.ARCHIVED && c.running()) throw ApiException.conflict("pause or stop the campaign before archiving it");
        if (target == CampaignStatus.RUNNING) checkStartable(c);
        d.campaigns().setStatus(c.id(), target, null).join();
        int canceled = 0;
        if (target == CampaignStatus.STOPPED && cancelPending) canceled = d.leads().cancelPending(c.id()).join();
        if (target == CampaignStatus.RUNNING && d.callFlow() != null) d.callFlow().resetBreaker(c.id());
        d.audit().record(who.name(), "campaign.status", "campaign:" + c.id(),
                c.status().wire() + " -> " + target.wire() + (cancelPending ? " (canceled " + canceled + " pending)" : "")).join();
        invalidate();
        Http.json(ex, 200, Views.campaign(d.campaigns().find(c.id()).join().orElseThrow()));
    }

    private void checkStartable(Campaign c) {
        Map<LeadState, Long> states = d.leads().countByState(c.id()).join();
        long pending = states.getOrDefault(LeadState.PENDING, 0L);
        if (pending == 0) {
            throw ApiException.conflict("no pending leads to dial (canceled: " + states.getOrDefault(LeadState.CANCELED, 0L)
                    + ", completed: " + states.getOrDefault(LeadState.COMPLETED, 0L) + "); import or recycle leads, then start again");
        }
        if (c.voicemailEnabled() && !ShippedPrompts.exists(settings.mediaDir(), c.voicemailMediaUri())) {
            throw ApiException.conflict("voicemail drop is on but its recording " + c.voicemailMediaUri() + " is missing in the media dir");
        }
        if (c.consentEnabled() && !ShippedPrompts.exists(settings.mediaDir(), c.consentMediaUri())) {
            throw ApiException.conflict("consent is on but its recording " + c.consentMediaUri() + " is missing in the media dir");
        }
        if (c.window().nextOpening(d.clock().instant()).isEmpty()) throw ApiException.badRequest("the calling window never opens", "days_of_week");
        if (c.runWindow().ended(d.clock().instant())) {
            throw ApiException.conflict("the run window ended at " + c.runEndAt() + "; set a later run_end_at_utc (or none) to start again");
        }
    }

    private void invalidate() {
        if (d.pacer() != null) d.pacer().invalidate();
    }

    void stats(HttpServerExchange ex, Auth.Principal who) {
        Campaign c = campaign(ex);
        Instant now = d.clock().instant();
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Long> states = new LinkedHashMap<>();
        d.leads().countByState(c.id()).join().forEach((k, v) -> states.put(k.wire(), v));
        m.put("lead_states", states);
        m.put("attempt_outcomes", d.attempts().countOutcomes(c.id()).join());
        m.put("in_flight", d.callFlow() == null ? 0 : d.callFlow().live().count(c.id()));
        boolean open = c.window().isOpen(now);
        m.put("window", open ? "within window" : "outside window");
        m.put("within_window", open);
        m.put("next_window_opening", open ? null : c.window().nextOpening(now).map(t -> ZonedDateTime.ofInstant(t, c.timezone()).toString()).orElse(null));
        m.put("campaign_now", ZonedDateTime.ofInstant(now, c.timezone()).toString());
        m.put("dnc_blocked_pending", d.dnc().countBlockedPending(c.id()).join());
        m.put("leads_dnc", states.getOrDefault("dnc", 0L));
        Optional<Instant> nextDue = d.leads().nextDueAt(c.id(), now).join();
        m.put("next_retry_at_utc", nextDue.map(Instant::toString).orElse(null));
        Map<String, Object> explain = new LinkedHashMap<>();
        if (!c.running()) {
            explain.put("code", "not_running");
            explain.put("message", c.status().wire() + (c.pausedReason() != null ? ": " + c.pausedReason() : ""));
        } else {
            Optional<DialingStatus> s = d.pacer() == null ? Optional.empty() : d.pacer().status(c.id());
            explain.put("code", s.map(DialingStatus::code).orElse(open ? "dialing" : "outside_window"));
            explain.put("message", s.map(DialingStatus::message).orElse(open ? "within window" : "outside window"));
        }
        m.put("dialing_status", explain);
        m.put("paused_reason", c.pausedReason());
        Http.json(ex, 200, m);
    }

    // ------------------------------------------------------------------ leads

    void importLeads(HttpServerExchange ex, Auth.Principal who) throws IOException {
        Campaign c = campaign(ex);
        boolean skipExisting = Http.boolQuery(ex, "skip_existing", true);
        boolean async = Http.boolQuery(ex, "async", false);
        Map<String, String> mapping = LeadUpload.mapping(Http.query(ex, "mapping"));
        LeadUpload upload = LeadUpload.of(ex, uploadStream(ex), async);
        RowSource rows = null;
        try {
            rows = upload.open();
            LeadImporter.columns(rows.header(), mapping); // a bad header or mapping is refused before a job exists
            ImportJobs.Started job = importJobs.start(c.id(), upload.sourceName(), rows.format(), who.name(), c.defaultRegion());
            if (async) {
                RowSource background = rows;
                rows = null;
                LeadUpload owned = upload;
                upload = null;
                importJobs.trackFraction(job.job().id(), owned::fractionRead);
                d.workers().execute(() -> {
                    try (owned; background) {
                        importJobs.run(job, background, skipExisting, mapping, owned::fractionRead);
                    } catch (Exception e) {
                        // the job row and the audit say why; nobody waits on this thread
                    }
                });
                Http.json(ex, 202, importJobs.view(importJobs.find(job.job().id()).orElseThrow()));
                return;
            }
            LeadImporter.Result r;
            try {
                r = importJobs.run(job, rows, skipExisting, mapping);
            } catch (LeadImporter.PartlyImported e) {
                // not a bare 400: the answer says what the committed transactions kept
                Map<String, Object> m = new LinkedHashMap<>(importJobs.view(importJobs.find(job.job().id()).orElseThrow()));
                m.put("error", e.getMessage());
                m.put("field", "file");
                m.put("rows", e.partial().rows());
                m.put("warnings", e.partial().warnings());
                Http.json(ex, 400, m);
                return;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("import_id", job.job().id());
            m.put("status", "finished");
            m.put("rows", r.rows());
            m.put("accepted", r.accepted());
            m.put("duplicates", r.duplicates());
            m.put("rejected", r.rejected());
            m.put("dnc", r.dnc());
            m.put("warnings", r.warnings());
            m.put("error_csv_url", r.errorCsv() == null ? null : "/api/outbound/import-errors/" + r.errorCsv().getFileName());
            m.put("error_rows_omitted", r.errorRowsOmitted());
            Http.json(ex, 200, m);
        } finally {
            if (rows != null) rows.close();
            if (upload != null) upload.close();
        }
    }

    /** The header and first rows of a lead file, and how its columns would map: for files whose header is not ours. */
    void previewImport(HttpServerExchange ex, Auth.Principal who) throws IOException {
        campaign(ex);
        try (LeadUpload upload = LeadUpload.of(ex, uploadStream(ex), false); RowSource rows = upload.open()) {
            List<String> header = rows.header();
            if (header.stream().allMatch(h -> h == null || h.isBlank())) throw ApiException.badRequest("the file has no header row", "file");
            List<List<String>> sample = new ArrayList<>();
            for (RowSource.Row r = rows.next(); r != null && sample.size() < 5; r = rows.next()) sample.add(r.values());
            Map<String, Object> suggested = new LinkedHashMap<>();
            boolean ours = header.stream().anyMatch(h -> LeadImporter.normalizeHeader(h).equals("phone_number"));
            for (String field : LeadImporter.FIELDS) {
                String exact = header.stream().filter(h -> LeadImporter.normalizeHeader(h).equals(field)).findFirst().orElse(null);
                suggested.put(field, exact != null || ours ? exact : LeadImporter.guessColumn(field, header));
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("format", rows.format());
            m.put("header", header);
            m.put("sample_rows", sample);
            m.put("fields", LeadImporter.FIELDS);
            m.put("suggested_mapping", suggested);
            m.put("needs_mapping", !ours);
            Http.json(ex, 200, m);
        } catch (RowSource.Unreadable e) {
            throw ApiException.badRequest(e.getMessage(), "file");
        }
    }

    void getImport(HttpServerExchange ex, Auth.Principal who) {
        long id = Http.idParam(ex, "id");
        Http.json(ex, 200, importJobs.view(importJobs.find(id).orElseThrow(() -> ApiException.notFound("import " + id))));
    }

    void listImports(HttpServerExchange ex, Auth.Principal who) {
        Campaign c = campaign(ex);
        Http.json(ex, 200, Map.of("imports", importJobs.recent(c.id(), Http.intQuery(ex, "limit", 20, 1, 200)).stream().map(importJobs::view).toList()));
    }

    /** A streamed upload: the multipart "file" field (spooled to disk by Undertow) or the raw body. */
    private InputStream uploadStream(HttpServerExchange ex) throws IOException {
        if (!isMultipart(ex)) {
            ex.startBlocking();
            return DeclaredLengthInput.of(ex.getInputStream(), ex.getRequestHeaders().getFirst(io.undertow.util.Headers.CONTENT_LENGTH));
        }
        return withMultipartFile(ex, file -> {
            if (file.getFileItem().isInMemory()) return new ByteArrayInputStream(file.getFileItem().getInputStream().readAllBytes());
            // the parser deletes its spool file when closed: keep our own copy for the caller to stream
            Path tmp = Files.createTempFile("aava-upload", ".bin");
            Files.copy(file.getFileItem().getFile(), tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return new java.io.FilterInputStream(Files.newInputStream(tmp)) {
                @Override
                public void close() throws IOException {
                    super.close();
                    Files.deleteIfExists(tmp);
                }
            };
        });
    }

    private static boolean isMultipart(HttpServerExchange ex) {
        String type = ex.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        return type != null && type.toLowerCase().startsWith("multipart/form-data");
    }

    @FunctionalInterface
    private interface FileUse<T> {
        T apply(FormData.FormValue file) throws IOException;
    }

    /** Parses a multipart body and hands its required "file" field to {@code use} while the parser is open. */
    private static <T> T withMultipartFile(HttpServerExchange ex, FileUse<T> use) throws IOException {
        try (var parser = FormParserFactory.builder().build().createParser(ex)) {
            if (parser == null) throw ApiException.badRequest("unreadable multipart body", "file");
            FormData form;
            try {
                form = parser.parseBlocking();
            } catch (IOException e) {
                // a broken body (no boundary, truncated part) is the client's error, not ours
                throw ApiException.badRequest("unreadable multipart body: " + e.getMessage(), "file");
            }
            FormData.FormValue file = form.getFirst("file");
            if (file == null || !file.isFileItem()) throw ApiException.badRequest("multipart field 'file' is required", "file");
            return use.apply(file);
        }
    }

    void importErrors(HttpServerExchange ex, Auth.Principal who) throws IOException {
        String name = Http.pathParam(ex, "name");
        if (name == null || !name.matches("import-errors-[0-9]+-[0-9a-f-]{36}\\.csv")) throw ApiException.notFound("error CSV");
        Path p = errorDir.resolve(name);
        if (!Files.exists(p)) throw ApiException.notFound("error CSV");
        ex.getResponseHeaders().put(Headers.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"");
        // streamed: the file is bounded (imports.max_error_file_mb) but can still be far larger than a response buffer
        ex.startBlocking();
        ex.setStatusCode(200);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/csv; charset=utf-8");
        ex.getResponseHeaders().put(Headers.CONTENT_LENGTH, Files.size(p));
        Files.copy(p, ex.getOutputStream());
    }

    void addLead(HttpServerExchange ex, Auth.Principal who) throws IOException {
        Campaign c = campaign(ex);
        JsonNode body = LEAD.check(Http.body(ex));
        String phone = body.path("phone_number").asText(body.path("phone").asText(""));
        // one row through the importer, so a lead added by hand meets exactly the rules of an imported one
        StringBuilder csv = new StringBuilder(String.join(",", LeadImporter.SAMPLE_HEADER)).append(",consent_basis,consent_source,consent_at\n");
        List<String> values = List.of(body.path("name").asText(""), phone,
                Optional.ofNullable(LeadImporter.aiContext(body.path("agent").asText(null), body.path("context").asText(null))).orElse(""),
                body.path("timezone").asText(""),
                body.path("caller_id").asText(""), body.hasNonNull("custom_vars") ? body.get("custom_vars").toString() : "{}",
                body.path("consent_basis").asText(""), body.path("consent_source").asText(""), body.path("consent_at").asText(""));
        try (CSVPrinter p = new CSVPrinter(csv, CSVFormat.DEFAULT)) {
            p.printRecord(values);
        }
        Path errors = Files.createTempFile("aava-lead", ".csv");
        try {
            LeadImporter.Result r = importer.importCsv(c.id(), new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)),
                    LeadImporter.Options.of(true).withRegion(c.defaultRegion()), errors);
            if (r.rejected() > 0) {
                String reason = firstRejection(errors);
                throw ApiException.badRequest(reason, reason.startsWith("custom_vars") ? "custom_vars"
                        : reason.startsWith("consent_") ? reason.substring(0, reason.indexOf(' ') < 0 ? reason.length() : reason.indexOf(' ')) : "phone_number");
            }
            d.audit().record(who.name(), "leads.add", "campaign:" + c.id(), phone).join();
            Http.json(ex, r.accepted() > 0 ? 201 : 200, Map.of("accepted", r.accepted(), "duplicates", r.duplicates(), "dnc", r.dnc(),
                    "warnings", r.warnings()));
        } finally {
            Files.deleteIfExists(errors);
        }
    }

    /** The reason the importer gave for the first rejected row of an error CSV. */
    private static String firstRejection(Path errorCsv) throws IOException {
        try (var parser = org.apache.commons.csv.CSVParser.parse(errorCsv, StandardCharsets.UTF_8,
                CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get())) {
            for (var r : parser) return r.get("error");
        }
        return "invalid lead";
    }

    /** GET .../campaigns/{id}/eligibility: how many leads can be called now and why the others cannot. */
    void eligibility(HttpServerExchange ex, Auth.Principal who) {
        Http.json(ex, 200, EligibilityViews.summary(d, campaign(ex)));
    }

    void listLeads(HttpServerExchange ex, Auth.Principal who) {
        Campaign c = campaign(ex);
        LeadState state = null;
        String s = Http.query(ex, "state");
        if (s != null && !s.isBlank()) {
            try {
                state = LeadState.fromWire(s);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage(), "state");
            }
        }
        int page = Http.intQuery(ex, "page", 1, 1, 1_000_000);
        int size = Http.intQuery(ex, "page_size", 50, 1, 500);
        LeadQuery.Sort sort;
        try {
            sort = LeadQuery.Sort.fromWire(Http.query(ex, "sort"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage(), "sort");
        }
        Page<org.aava.dialer.core.ports.LeadView> p = d.leads().page(new LeadQuery(c.id(), state, numberSearch(Http.query(ex, "q")), page, size, sort)).join();
        Http.json(ex, 200, Map.of("leads", EligibilityViews.leads(d, c, p.items()), "total", p.total(), "page", p.page(),
                "page_size", p.pageSize(), "total_pages", p.totalPages()));
    }

    private Lead lead(HttpServerExchange ex) {
        long id = Http.idParam(ex, "id");
        return d.leads().find(id).join().orElseThrow(() -> ApiException.notFound("lead " + id));
    }

    private void refuseIfLive(Lead l, String action) {
        boolean live = l.state().isLive() || d.callFlow() != null && d.callFlow().live().hasLead(l.id());
        if (live) throw ApiException.conflict("cannot " + action + " lead " + l.id() + ": a call of it is in progress (" + l.state().wire() + ")");
    }

    void recycleLead(HttpServerExchange ex, Auth.Principal who) {
        Lead l = lead(ex);
        JsonNode body = RECYCLE.check(Http.optionalBody(ex));
        String mode = body.path("mode").asText("redial");
        if (!mode.equals("redial") && !mode.equals("reset")) throw ApiException.badRequest("mode must be redial or reset", "mode");
        refuseIfLive(l, "recycle");
        if (!d.leads().recycle(l.id(), mode.equals("reset")).join()) {
            throw ApiException.conflict(l.state() == LeadState.DNC ? "the number is on a do-not-call list" : "lead cannot be recycled now");
        }
        d.audit().record(who.name(), "lead.recycle." + mode, "lead:" + l.id(), l.phoneNormalized()).join();
        Http.json(ex, 200, Map.of("ok", true));
    }

    void ignoreLead(HttpServerExchange ex, Auth.Principal who) {
        Lead l = lead(ex);
        refuseIfLive(l, "ignore");
        if (!d.leads().ignore(l.id()).join()) throw ApiException.conflict("lead cannot be ignored now");
        d.audit().record(who.name(), "lead.ignore", "lead:" + l.id(), l.phoneNormalized()).join();
        Http.json(ex, 200, Map.of("ok", true));
    }

    void deleteLead(HttpServerExchange ex, Auth.Principal who) {
        Lead l = lead(ex);
        Campaign c = d.campaigns().find(l.campaignId()).join().orElseThrow();
        if (c.running()) throw ApiException.conflict("pause or stop the campaign to delete leads");
        refuseIfLive(l, "delete");
        if (!d.leads().delete(l.id()).join()) throw ApiException.conflict("lead cannot be deleted now");
        d.audit().record(who.name(), "lead.delete", "lead:" + l.id(), l.phoneNormalized()).join();
        Http.json(ex, 200, Map.of("ok", true));
    }

    // ------------------------------------------------------------------ attempts and exports

    void listAttempts(HttpServerExchange ex, Auth.Principal who) {
        Campaign c = campaign(ex);
        Outcome outcome = null;
        String o = Http.query(ex, "outcome");
        if (o != null && !o.isBlank()) {
            try {
                outcome = Outcome.fromWire(o);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(e.getMessage(), "outcome");
            }
        }
        int page = Http.intQuery(ex, "page", 1, 1, 1_000_000);
        int size = Http.intQuery(ex, "page_size", 50, 1, 500);
        Page<org.aava.dialer.core.ports.AttemptView> p = d.attempts().page(new AttemptQuery(c.id(), outcome, page, size)).join();
        Http.json(ex, 200, Map.of("attempts", p.items().stream().map(Views::attempt).toList(), "total", p.total(), "page", p.page(),
                "page_size", p.pageSize(), "total_pages", p.totalPages()));
    }

    private Writer csvResponse(HttpServerExchange ex, String filename) throws IOException {
        ex.startBlocking();
        ex.setStatusCode(200);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/csv; charset=utf-8");
        ex.getResponseHeaders().put(Headers.CONTENT_DISPOSITION, "attachment; filename=\"" + filename + "\"");
        Writer w = new OutputStreamWriter(ex.getOutputStream(), StandardCharsets.UTF_8);
        w.write('\uFEFF'); // Excel reads UTF-8 only with a BOM
        return w;
    }

    /** Prints one row from inside a store callback, where checked exceptions cannot pass. */
    private static void printRow(CSVPrinter p, List<Object> row) {
        try {
            p.printRecord(SafeCsv.row(row));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    void exportLeads(HttpServerExchange ex, Auth.Principal who) throws IOException {
        Campaign c = campaign(ex);
        try (Writer w = csvResponse(ex, "campaign-" + c.id() + "-leads.csv");
             CSVPrinter p = new CSVPrinter(w, CSVFormat.EXCEL)) {
            List<String> cols = List.of("id", "name", "phone_number", "state", "context_override", "timezone", "caller_id", "custom_vars",
                    "attempt_count", "last_outcome", "last_attempt_at_utc", "next_attempt_at_utc", "dnc_reason", "created_at_utc",
                    "last_amd_status", "last_amd_cause", "last_consent_dtmf", "last_consent_result",
                    // the consent record under the import's own column names, so an export imports back as it was
                    "consent_basis", "consent_source", "consent_at");
            p.printRecord(cols);
            d.leads().forEach(c.id(), v -> {
                Map<String, Object> m = Views.lead(v);
                List<Object> row = new ArrayList<>();
                for (String col : cols) {
                    row.add(col.equals("custom_vars") ? v.lead().customVarsJson() : col.equals("consent_at") ? m.get("consent_at_utc") : m.get(col));
                }
                printRow(p, row);
            }).join();
        }
    }

    void exportAttempts(HttpServerExchange ex, Auth.Principal who) throws IOException {
        Campaign c = campaign(ex);
        try (Writer w = csvResponse(ex, "campaign-" + c.id() + "-attempts.csv");
             CSVPrinter p = new CSVPrinter(w, CSVFormat.EXCEL)) {
            List<String> cols = List.of("id", "lead_id", "name", "phone_number", "started_at_utc", "answered_at_utc", "ended_at_utc",
                    "duration_seconds", "outcome", "amd_status", "amd_cause", "consent_enabled", "consent_result", "consent_dtmf",
                    "consent_at_utc", "hangup_cause", "hangup_cause_text", "channel_id", "context", "provider", "call_history_id",
                    "disposition", "disposition_notes", "error_message", "sip_code");
            List<String> header = new ArrayList<>(cols);
            header.add("started_at_local");
            p.printRecord(header);
            d.attempts().forEach(c.id(), v -> {
                Map<String, Object> m = Views.attempt(v);
                List<Object> row = new ArrayList<>();
                for (String col : cols) row.add(m.get(col));
                row.add(ZonedDateTime.ofInstant(v.attempt().startedAt(), c.timezone()).toLocalDateTime().toString());
                printRow(p, row);
            }).join();
        }
    }

    void callRecord(HttpServerExchange ex, Auth.Principal who) {
        long id = Http.idParam(ex, "id");
        CallHistoryRepository.CallRecord r = d.history().find(id).join().orElseThrow(() -> ApiException.notFound("call " + id));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("attempt_id", r.attemptId());
        m.put("campaign_id", r.campaignId());
        m.put("lead_id", r.leadId());
        m.put("phone_number", r.phoneNumber());
        m.put("context", r.context());
        m.put("provider", r.provider());
        m.put("started_at_utc", Views.ts(r.startedAt()));
        m.put("ended_at_utc", Views.ts(r.endedAt()));
        m.put("outcome", r.outcome());
        m.put("transcript", r.transcript());
        Http.json(ex, 200, m);
    }

    // ------------------------------------------------------------------ DNC and audit

    void listDnc(HttpServerExchange ex, Auth.Principal who) {
        Long campaignId = optionalId(Http.query(ex, "campaign_id"), "campaign_id");
        boolean all = Http.boolQuery(ex, "all_scopes", campaignId == null);
        Page<DncRepository.DncEntry> p = d.dnc().page(campaignId, all, numberSearch(Http.query(ex, "q")), Http.intQuery(ex, "page", 1, 1, 1_000_000),
                Http.intQuery(ex, "page_size", 50, 1, 500)).join();
        Http.json(ex, 200, Map.of("entries", p.items().stream().map(OutboundApi::dncView).toList(), "total", p.total(), "page", p.page(),
                "page_size", p.pageSize(), "total_pages", p.totalPages()));
    }

    /** A search that is a whole number in any format ({@code (415) 555-0120}) becomes its E.164 form; anything else stays as typed. */
    private String numberSearch(String q) {
        if (q == null || q.isBlank()) return q;
        try {
            return d.phones().parse(q).normalized();
        } catch (IllegalArgumentException e) {
            return q;
        }
    }

    private static Map<String, Object> dncView(DncRepository.DncEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("phone_number", e.phoneNormalized());
        m.put("campaign_id", e.campaignId());
        m.put("scope", e.campaignId() == null ? "global" : "campaign");
        m.put("reason", e.reason());
        m.put("source", e.source());
        m.put("created_at_utc", Views.ts(e.createdAt()));
        return m;
    }

    private static Long optionalId(String v, String field) {
        if (v == null || v.isBlank() || v.equals("null")) return null;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(field + " must be a number", field);
        }
    }

    void addDnc(HttpServerExchange ex, Auth.Principal who) {
        JsonNode body = DNC.check(Http.body(ex));
        String normalized;
        try {
            normalized = d.phones().parse(body.path("phone_number").asText("")).normalized();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage(), "phone_number");
        }
        Long campaignId = body.hasNonNull("campaign_id") ? body.get("campaign_id").asLong() : null;
        if (campaignId != null && d.campaigns().find(campaignId).join().isEmpty()) throw ApiException.notFound("campaign " + campaignId);
        boolean added = d.dnc().add(normalized, campaignId, body.path("reason").asText("operator"), "admin").join();
        d.audit().record(who.name(), "dnc.add", "dnc:" + normalized, campaignId == null ? "global" : "campaign " + campaignId).join();
        Http.json(ex, added ? 201 : 200, Map.of("ok", true, "added", added, "phone_number", normalized));
    }

    void removeDnc(HttpServerExchange ex, Auth.Principal who) {
        String phone = Http.query(ex, "phone_number");
        String normalized;
        try {
            normalized = d.phones().parse(phone).normalized();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage(), "phone_number");
        }
        Long campaignId = optionalId(Http.query(ex, "campaign_id"), "campaign_id");
        boolean removed = d.dnc().remove(normalized, campaignId).join();
        if (!removed) throw ApiException.notFound("DNC entry " + normalized);
        d.audit().record(who.name(), "dnc.remove", "dnc:" + normalized, campaignId == null ? "global" : "campaign " + campaignId).join();
        Http.json(ex, 200, Map.of("ok", true));
    }

    void importDnc(HttpServerExchange ex, Auth.Principal who) throws IOException {
        Long campaignId = optionalId(Http.query(ex, "campaign_id"), "campaign_id");
        long accepted = 0, rejected = 0;
        try (InputStream in = uploadStream(ex);
             var parser = openDncCsv(in)) {
            String column = parser.getHeaderNames().stream().filter(h -> LeadImporter.normalizeHeader(h).equals("phone_number")).findFirst()
                    .orElseThrow(() -> ApiException.badRequest("DNC CSV must include a phone_number column", "phone_number"));
            try {
                for (var r : parser) {
                    try {
                        d.dnc().add(d.phones().parse(r.isMapped(column) && r.isSet(column) ? r.get(column) : null).normalized(), campaignId, "imported", "csv").join();
                        accepted++;
                    } catch (IllegalArgumentException e) {
                        rejected++;
                    }
                }
            } catch (java.io.UncheckedIOException | IllegalStateException e) {
                throw ApiException.badRequest("unreadable CSV after " + (accepted + rejected) + " rows (those were imported: " + accepted
                        + " accepted): " + e.getMessage(), "file");
            }
        }
        d.audit().record(who.name(), "dnc.import", "dnc:" + (campaignId == null ? "global" : "campaign:" + campaignId),
                "accepted " + accepted + ", rejected " + rejected).join();
        Http.json(ex, 200, Map.of("accepted", accepted, "rejected", rejected));
    }

    private static org.apache.commons.csv.CSVParser openDncCsv(InputStream in) throws IOException {
        try {
            return org.apache.commons.csv.CSVParser.parse(new java.io.InputStreamReader(LeadImporter.skipBom(in), StandardCharsets.UTF_8),
                    CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).setAllowMissingColumnNames(true)
                            .setDuplicateHeaderMode(org.apache.commons.csv.DuplicateHeaderMode.ALLOW_ALL).get());
        } catch (IOException | java.io.UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            throw ApiException.badRequest("unreadable CSV header: " + e.getMessage(), "file");
        }
    }

    void exportDnc(HttpServerExchange ex, Auth.Principal who) throws IOException {
        try (Writer w = csvResponse(ex, "dnc.csv"); CSVPrinter p = new CSVPrinter(w, CSVFormat.EXCEL)) {
            p.printRecord("phone_number", "scope", "campaign_id", "reason", "source", "created_at_utc");
            for (int page = 1; ; page++) {
                Page<DncRepository.DncEntry> part = d.dnc().page(null, true, null, page, 500).join();
                for (DncRepository.DncEntry e : part.items()) {
                    p.printRecord(SafeCsv.row(java.util.Arrays.asList(e.phoneNormalized(), e.campaignId() == null ? "global" : "campaign",
                            e.campaignId(), e.reason(), e.source(), Views.ts(e.createdAt()))));
                }
                if (page >= part.totalPages()) break;
            }
        }
    }

    void audit(HttpServerExchange ex, Auth.Principal who) {
        var p = d.audit().page(Http.query(ex, "subject"), Http.intQuery(ex, "page", 1, 1, 1_000_000), Http.intQuery(ex, "page_size", 50, 1, 500)).join();
        Http.json(ex, 200, Map.of("entries", p.items().stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", e.id());
            m.put("at_utc", Views.ts(e.at()));
            m.put("actor", e.actor());
            m.put("action", e.action());
            m.put("subject", e.subject());
            m.put("details", e.details());
            return m;
        }).toList(), "total", p.total(), "page", p.page(), "page_size", p.pageSize(), "total_pages", p.totalPages()));
    }

    // ------------------------------------------------------------------ AI engine

    private record AiSession(Attempt attempt, Campaign campaign, Lead lead, AiContext context, String prompt, Optional<LiveCall> live) {
    }

    private AiSession aiSession(HttpServerExchange ex) {
        if (d.callFlow() == null) throw new ApiException(503, "the call flow is not running", null);
        String key = Http.pathParam(ex, "key");
        // only the call whose key this is, while it is attached to the AI: an ended call's lead data and tools are not
        // the AI's any more, and an attempt id (guessable) opens nothing. The key is never echoed back or logged.
        Optional<LiveCall> live = key == null ? Optional.empty() : d.callFlow().session(key);
        if (live.isEmpty()) throw ApiException.notFound("live AI session");
        long attemptId = live.get().attemptId();
        Attempt a = d.attempts().find(attemptId).join().orElseThrow(() -> ApiException.notFound("live AI session"));
        Campaign c = d.campaigns().find(a.campaignId()).join().orElseThrow(() -> ApiException.notFound("campaign"));
        Lead l = d.leads().find(a.leadId()).join().orElseThrow(() -> ApiException.notFound("lead"));
        AiContext ctx = d.contexts().resolve(a.context(), c.defaultContext());
        String prompt = live.map(LiveCall::effectivePrompt).orElse(a.effectivePrompt());
        return new AiSession(a, c, l, ctx, prompt, live);
    }

    void aiSessionInfo(HttpServerExchange ex) {
        AiSession s = aiSession(ex);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("attempt_id", s.attempt().id());
        m.put("audiosocket_uuid", s.live().map(LiveCall::audioSocketUuid).orElse(null));
        m.put("live", s.live().isPresent());
        m.put("campaign", Map.of("id", s.campaign().id(), "name", s.campaign().name(), "timezone", s.campaign().timezone().getId()));
        m.put("lead", Map.of("id", s.lead().id(), "name", s.lead().name() == null ? "" : s.lead().name(), "phone_number", s.lead().phoneNumber(),
                "custom_vars", Views.parseObject(s.lead().customVarsJson())));
        m.put("context", s.context().name());
        m.put("provider", s.attempt().provider());
        m.put("greeting", s.context().greeting());
        m.put("tools", s.context().tools());
        m.put("effective_prompt", s.prompt());
        Http.json(ex, 200, m);
    }

    void aiTool(HttpServerExchange ex) {
        String tool = Http.pathParam(ex, "tool");
        if (!AiContext.KNOWN_TOOLS.contains(tool)) throw ApiException.notFound("tool " + tool);
        JsonNode body = TOOL_ARGS.getOrDefault(tool, BodyFields.NONE).check(Http.optionalBody(ex));
        AiSession s = aiSession(ex);
        if (!s.context().allows(tool)) throw new ApiException(403, "tool " + tool + " is not enabled for context " + s.context().name(), "tool");
        long attemptId = s.attempt().id();
        Object result = switch (tool) {
            case "hangup_call" -> Map.of("ok", d.callFlow().hangupByAi(attemptId));
            case "transfer" -> {
                String ext = body.path("extension").asText("");
                if (!ext.matches("[0-9A-Za-z*#+_-]{1,32}")) throw ApiException.badRequest("extension is required", "extension");
                String[] to = s.context().transferTarget(body.path("context").asText(""), ext).orElseThrow(() -> new ApiException(403,
                        "transfer target " + ext + " is not in transfer_targets of context " + s.context().name(), "extension"));
                yield Map.of("ok", d.callFlow().transfer(attemptId, to[1], to[0]).join());
            }
            case "add_to_dnc" -> {
                d.dnc().add(s.lead().phoneNormalized(), null, body.path("reason").asText("asked not to be called (AI)"), "ai").join();
                d.audit().record("ai", "dnc.add", "dnc:" + s.lead().phoneNormalized(), "attempt " + attemptId).join();
                // the callee asked not to be called: the call ends now and the attempt says so
                boolean ended = d.callFlow() != null && d.callFlow().optOut(attemptId).join();
                yield Map.of("ok", true, "call_ended", ended);
            }
            case "schedule_callback" -> {
                Instant at;
                if (body.hasNonNull("at")) {
                    try {
                        at = Instant.parse(body.get("at").asText());
                    } catch (java.time.format.DateTimeParseException e) {
                        throw ApiException.badRequest("at must be an ISO-8601 instant", "at");
                    }
                } else if (body.hasNonNull("minutes")) {
                    long minutes = body.get("minutes").asLong();
                    if (minutes < 1 || minutes > MAX_CALLBACK_MINUTES) {
                        throw ApiException.badRequest("minutes must be between 1 and " + MAX_CALLBACK_MINUTES, "minutes");
                    }
                    at = d.clock().instant().plusSeconds(60L * minutes);
                } else {
                    throw ApiException.badRequest("at or minutes is required", "at");
                }
                d.leads().scheduleAt(s.lead().id(), at).join();
                yield Map.of("ok", true, "next_attempt_at_utc", at.toString());
            }
            case "set_disposition" -> {
                String label = body.path("label").asText("");
                if (label.isBlank() || label.length() > 100) throw ApiException.badRequest("label is required (at most 100 characters)", "label");
                d.attempts().setDisposition(attemptId, label, body.path("notes").asText(null)).join();
                yield Map.of("ok", true);
            }
            case "post_transcript" -> {
                Long historyId = s.attempt().callHistoryId();
                if (historyId == null) throw ApiException.conflict("the call has no call record yet");
                String text = body.path("text").asText("");
                if (text.isBlank()) throw ApiException.badRequest("text is required", "text");
                d.history().appendTranscript(historyId, text).join();
                yield Map.of("ok", true);
            }
            default -> throw ApiException.notFound("tool " + tool);
        };
        Http.json(ex, 200, result);
    }
}
