package org.aava.dialer.web;

import io.undertow.server.HttpServerExchange;
import org.aava.dialer.core.admin.Campaigns;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.Outcome;
import org.aava.dialer.core.ports.AttemptQuery;
import org.aava.dialer.core.ports.AttemptView;
import org.aava.dialer.core.ports.CallHistoryRepository;
import org.aava.dialer.core.ports.Page;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.Writer;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The read-only call data: a campaign's attempts, its lead and attempt exports, one call record. */
final class AttemptsApi {
    private final Campaigns campaigns;
    private final WebDependencies d;

    AttemptsApi(Campaigns campaigns, WebDependencies d) {
        this.campaigns = campaigns;
        this.d = d;
    }

    void list(HttpServerExchange ex, Auth.Principal who) {
        Campaign c = campaigns.find(Http.idParam(ex, "id"));
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
        Page<AttemptView> p = d.attempts().page(new AttemptQuery(c.id(), outcome, page, size)).join();
        Http.json(ex, 200, Map.of("attempts", p.items().stream().map(Views::attempt).toList(), "total", p.total(), "page", p.page(),
                "page_size", p.pageSize(), "total_pages", p.totalPages()));
    }

    void exportLeads(HttpServerExchange ex, Auth.Principal who) throws IOException {
        Campaign c = campaigns.find(Http.idParam(ex, "id"));
        try (Writer w = CsvResponses.open(ex, "campaign-" + c.id() + "-leads.csv");
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
                CsvResponses.printRow(p, row);
            }).join();
        }
    }

    void exportAttempts(HttpServerExchange ex, Auth.Principal who) throws IOException {
        Campaign c = campaigns.find(Http.idParam(ex, "id"));
        try (Writer w = CsvResponses.open(ex, "campaign-" + c.id() + "-attempts.csv");
             CSVPrinter p = new CSVPrinter(w, CSVFormat.EXCEL)) {
            List<String> cols = List.of("id", "lead_id", "name", "phone_number", "started_at_utc", "answered_at_utc", "ended_at_utc",
                    "duration_seconds", "outcome", "amd_status", "amd_cause", "consent_enabled", "consent_result", "consent_dtmf",
                    "consent_at_utc", "hangup_cause", "hangup_cause_text", "channel_id", "context", "provider", "call_history_id",
                    "disposition", "disposition_notes", "error_message", "sip_code", "node_id", "asterisk_server");
            List<String> header = new ArrayList<>(cols);
            header.add("started_at_local");
            p.printRecord(header);
            d.attempts().forEach(c.id(), v -> {
                Map<String, Object> m = Views.attempt(v);
                List<Object> row = new ArrayList<>();
                for (String col : cols) row.add(m.get(col));
                row.add(ZonedDateTime.ofInstant(v.attempt().startedAt(), c.timezone()).toLocalDateTime().toString());
                CsvResponses.printRow(p, row);
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
}
