package org.aava.dialer.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import org.aava.dialer.core.admin.Campaigns;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.admin.Leads;
import org.aava.dialer.core.admin.imports.ImportResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/** The lead import routes (a file, its preview, one lead by hand) and the import jobs they record. */
final class ImportsApi {
    private static final BodyFields LEAD = BodyFields.of("name", BodyFields.Type.TEXT, "phone_number", BodyFields.Type.TEXT,
            "phone", BodyFields.Type.TEXT, "context", BodyFields.Type.TEXT, "agent", BodyFields.Type.TEXT, "timezone", BodyFields.Type.TEXT,
            "caller_id", BodyFields.Type.TEXT, "custom_vars", BodyFields.Type.OBJECT, "consent_basis", BodyFields.Type.TEXT,
            "consent_source", BodyFields.Type.TEXT, "consent_at", BodyFields.Type.TEXT);

    private final Campaigns campaigns;
    private final Leads leads;
    private final ImportJobs importJobs;
    private final ExecutorService workers;
    private final Path errorDir;

    ImportsApi(Campaigns campaigns, Leads leads, ImportJobs importJobs, ExecutorService workers, Path errorDir) {
        this.campaigns = campaigns;
        this.leads = leads;
        this.importJobs = importJobs;
        this.workers = workers;
        this.errorDir = errorDir;
    }

    void importLeads(HttpServerExchange ex, Auth.Principal who) throws IOException {
        Campaign c = campaigns.find(Http.idParam(ex, "id"));
        boolean skipExisting = Http.boolQuery(ex, "skip_existing", true);
        boolean async = Http.boolQuery(ex, "async", false);
        Map<String, String> mapping = LeadUpload.mapping(Http.query(ex, "mapping"));
        LeadUpload upload = LeadUpload.of(ex, Uploads.stream(ex), async);
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
                workers.execute(() -> {
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
    void preview(HttpServerExchange ex, Auth.Principal who) throws IOException {
        campaigns.find(Http.idParam(ex, "id"));
        try (LeadUpload upload = LeadUpload.of(ex, Uploads.stream(ex), false); RowSource rows = upload.open()) {
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

    void get(HttpServerExchange ex, Auth.Principal who) {
        long id = Http.idParam(ex, "id");
        Http.json(ex, 200, importJobs.view(importJobs.find(id).orElseThrow(() -> ApiException.notFound("import " + id))));
    }

    void list(HttpServerExchange ex, Auth.Principal who) {
        Campaign c = campaigns.find(Http.idParam(ex, "id"));
        Http.json(ex, 200, Map.of("imports", importJobs.recent(c.id(), Http.intQuery(ex, "limit", 20, 1, 200)).stream().map(importJobs::view).toList()));
    }

    void errors(HttpServerExchange ex, Auth.Principal who) throws IOException {
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

    void sampleCsv(HttpServerExchange ex, Auth.Principal who) {
        String csv = String.join(",", LeadImporter.SAMPLE_HEADER) + "\r\n"
                + "Extension Test,2765,default,America/New_York,6789,\"{\"\"note\"\":\"\"internal extension\"\"}\"\r\n"
                + "Alice Example,+16025550143,default,America/Phoenix,6789,\"{\"\"account_id\"\":\"\"A-1002\"\"}\"\r\n"
                + "International Example,+447700900123,,Europe/London,,{}\r\n";
        ex.getResponseHeaders().put(Headers.CONTENT_DISPOSITION, "attachment; filename=\"outbound_sample_leads.csv\"");
        Http.text(ex, 200, "text/csv; charset=utf-8", csv);
    }

    /** One lead by hand: it meets exactly the rules of an imported one. */
    void addLead(HttpServerExchange ex, Auth.Principal who) {
        Campaign c = campaigns.find(Http.idParam(ex, "id"));
        JsonNode body = LEAD.check(Http.body(ex));
        String phone = body.path("phone_number").asText(body.path("phone").asText(""));
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("name", body.path("name").asText(""));
        fields.put("phone_number", phone);
        fields.put("context", Optional.ofNullable(LeadImporter.aiContext(body.path("agent").asText(null), body.path("context").asText(null))).orElse(""));
        fields.put("timezone", body.path("timezone").asText(""));
        fields.put("caller_id", body.path("caller_id").asText(""));
        fields.put("custom_vars", body.hasNonNull("custom_vars") ? body.get("custom_vars").toString() : "{}");
        fields.put("consent_basis", body.path("consent_basis").asText(""));
        fields.put("consent_source", body.path("consent_source").asText(""));
        fields.put("consent_at", body.path("consent_at").asText(""));
        ImportResult r = leads.add(c, fields, phone, who.name());
        Http.json(ex, r.accepted() > 0 ? 201 : 200, Map.of("accepted", r.accepted(), "duplicates", r.duplicates(), "dnc", r.dnc(),
                "warnings", r.warnings()));
    }
}
