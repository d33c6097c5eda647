package org.aava.dialer.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpServerExchange;
import org.aava.dialer.core.admin.Dnc;
import org.aava.dialer.core.ports.DncRepository;
import org.aava.dialer.core.ports.Page;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** The do-not-call routes: list, add, remove, CSV import and export, through {@link Dnc}. */
final class DncApi {
    private static final BodyFields DNC = BodyFields.of("phone_number", BodyFields.Type.TEXT, "campaign_id", BodyFields.Type.INTEGER,
            "reason", BodyFields.Type.TEXT);

    private final Dnc dnc;

    DncApi(Dnc dnc) {
        this.dnc = dnc;
    }

    void list(HttpServerExchange ex, Auth.Principal who) {
        Long campaignId = optionalId(Http.query(ex, "campaign_id"), "campaign_id");
        boolean all = Http.boolQuery(ex, "all_scopes", campaignId == null);
        Page<DncRepository.DncEntry> p = dnc.page(campaignId, all, Http.query(ex, "q"), Http.intQuery(ex, "page", 1, 1, 1_000_000),
                Http.intQuery(ex, "page_size", 50, 1, 500));
        Http.json(ex, 200, Map.of("entries", p.items().stream().map(DncApi::view).toList(), "total", p.total(), "page", p.page(),
                "page_size", p.pageSize(), "total_pages", p.totalPages()));
    }

    private static Map<String, Object> view(DncRepository.DncEntry e) {
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

    static Long optionalId(String v, String field) {
        if (v == null || v.isBlank() || v.equals("null")) return null;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(field + " must be a number", field);
        }
    }

    void add(HttpServerExchange ex, Auth.Principal who) {
        JsonNode body = DNC.check(Http.body(ex));
        Long campaignId = body.hasNonNull("campaign_id") ? body.get("campaign_id").asLong() : null;
        Dnc.Added r = dnc.add(body.path("phone_number").asText(""), campaignId, body.path("reason").asText("operator"), who.name());
        Http.json(ex, r.added() ? 201 : 200, Map.of("ok", true, "added", r.added(), "phone_number", r.phoneNumber()));
    }

    void remove(HttpServerExchange ex, Auth.Principal who) {
        String phone = Http.query(ex, "phone_number");
        dnc.number(phone); // a bad number is the first thing said, before a bad campaign_id
        dnc.remove(phone, optionalId(Http.query(ex, "campaign_id"), "campaign_id"), who.name());
        Http.json(ex, 200, Map.of("ok", true));
    }

    void importCsv(HttpServerExchange ex, Auth.Principal who) throws IOException {
        Long campaignId = optionalId(Http.query(ex, "campaign_id"), "campaign_id");
        Dnc.Import into = dnc.importInto(campaignId);
        try (InputStream in = Uploads.stream(ex);
             var parser = openCsv(in)) {
            String column = parser.getHeaderNames().stream().filter(h -> LeadImporter.normalizeHeader(h).equals("phone_number")).findFirst()
                    .orElseThrow(() -> ApiException.badRequest("DNC CSV must include a phone_number column", "phone_number"));
            try {
                for (var r : parser) into.offer(r.isMapped(column) && r.isSet(column) ? r.get(column) : null);
            } catch (java.io.UncheckedIOException | IllegalStateException e) {
                throw ApiException.badRequest("unreadable CSV after " + (into.accepted() + into.rejected()) + " rows (those were imported: "
                        + into.accepted() + " accepted): " + e.getMessage(), "file");
            }
        }
        into.finish(who.name());
        Http.json(ex, 200, Map.of("accepted", into.accepted(), "rejected", into.rejected()));
    }

    private static org.apache.commons.csv.CSVParser openCsv(InputStream in) throws IOException {
        try {
            return org.apache.commons.csv.CSVParser.parse(new java.io.InputStreamReader(LeadImporter.skipBom(in), StandardCharsets.UTF_8),
                    CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).setAllowMissingColumnNames(true)
                            .setDuplicateHeaderMode(org.apache.commons.csv.DuplicateHeaderMode.ALLOW_ALL).get());
        } catch (IOException | java.io.UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            throw ApiException.badRequest("unreadable CSV header: " + e.getMessage(), "file");
        }
    }

    void export(HttpServerExchange ex, Auth.Principal who) throws IOException {
        try (Writer w = CsvResponses.open(ex, "dnc.csv"); CSVPrinter p = new CSVPrinter(w, CSVFormat.EXCEL)) {
            p.printRecord("phone_number", "scope", "campaign_id", "reason", "source", "created_at_utc");
            for (int page = 1; ; page++) {
                Page<DncRepository.DncEntry> part = dnc.everything(page, 500);
                for (DncRepository.DncEntry e : part.items()) {
                    p.printRecord(SafeCsv.row(java.util.Arrays.asList(e.phoneNormalized(), e.campaignId() == null ? "global" : "campaign",
                            e.campaignId(), e.reason(), e.source(), Views.ts(e.createdAt()))));
                }
                if (page >= part.totalPages()) break;
            }
        }
    }
}
