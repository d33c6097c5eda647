package org.aava.dialer.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpServerExchange;
import org.aava.dialer.core.admin.Campaigns;
import org.aava.dialer.core.admin.Leads;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.LeadState;
import org.aava.dialer.core.ports.LeadQuery;
import org.aava.dialer.core.ports.LeadView;
import org.aava.dialer.core.ports.Page;

import java.util.List;
import java.util.Map;

/** The lead routes: the list, one lead's actions and bulk actions, through {@link Leads}. */
final class LeadsApi {
    private static final BodyFields RECYCLE = BodyFields.of("mode", BodyFields.Type.TEXT);
    private static final BodyFields BULK = BodyFields.of("action", BodyFields.Type.TEXT, "mode", BodyFields.Type.TEXT,
            "state", BodyFields.Type.TEXT, "q", BodyFields.Type.TEXT, "dry_run", BodyFields.Type.BOOLEAN);

    private final Leads leads;
    private final Campaigns campaigns;
    private final WebDependencies d;

    LeadsApi(Leads leads, Campaigns campaigns, WebDependencies d) {
        this.leads = leads;
        this.campaigns = campaigns;
        this.d = d;
    }

    void list(HttpServerExchange ex, Auth.Principal who) {
        Campaign c = campaigns.find(Http.idParam(ex, "id"));
        LeadState state = state(Http.query(ex, "state"));
        int page = Http.intQuery(ex, "page", 1, 1, 1_000_000);
        int size = Http.intQuery(ex, "page_size", 50, 1, 500);
        LeadQuery.Sort sort;
        try {
            sort = LeadQuery.Sort.fromWire(Http.query(ex, "sort"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage(), "sort");
        }
        Page<LeadView> p = leads.page(c.id(), state, Http.query(ex, "q"), page, size, sort);
        Http.json(ex, 200, Map.of("leads", EligibilityViews.leads(d, c, p.items()), "total", p.total(), "page", p.page(),
                "page_size", p.pageSize(), "total_pages", p.totalPages()));
    }

    /** GET .../campaigns/{id}/eligibility: how many leads can be called now and why the others cannot. */
    void eligibility(HttpServerExchange ex, Auth.Principal who) {
        Http.json(ex, 200, EligibilityViews.summary(d, campaigns.find(Http.idParam(ex, "id"))));
    }

    void recycle(HttpServerExchange ex, Auth.Principal who) {
        long id = Http.idParam(ex, "id");
        leads.find(id);
        JsonNode body = RECYCLE.check(Http.optionalBody(ex));
        leads.recycle(id, resetMode(body), who.name());
        Http.json(ex, 200, Map.of("ok", true));
    }

    void ignore(HttpServerExchange ex, Auth.Principal who) {
        leads.ignore(Http.idParam(ex, "id"), who.name());
        Http.json(ex, 200, Map.of("ok", true));
    }

    void delete(HttpServerExchange ex, Auth.Principal who) {
        leads.delete(Http.idParam(ex, "id"), who.name());
        Http.json(ex, 200, Map.of("ok", true));
    }

    /**
     * {@code POST /api/outbound/campaigns/{id}/leads/bulk} {@code {"action", "mode"?, "state"?, "q"?, "dry_run"?}}: the same filters as
     * the lead list.
     */
    void bulk(HttpServerExchange ex, Auth.Principal who) {
        Campaign c = campaigns.find(Http.idParam(ex, "id"));
        JsonNode body = BULK.check(Http.body(ex));
        String action = BodyFields.requiredText(body, "action");
        if (!List.of("recycle", "cancel", "dnc", "delete").contains(action)) {
            throw ApiException.badRequest("action must be recycle, cancel, dnc or delete", "action");
        }
        boolean reset = resetMode(body);
        LeadState state = state(body.path("state").asText(""));
        String q = body.path("q").asText(null);
        if (body.path("dry_run").asBoolean(false)) {
            Http.json(ex, 200, Map.of("action", action, "matched", leads.countMatching(c.id(), state, q), "dry_run", true));
            return;
        }
        Leads.BulkResult r = leads.bulk(c, Leads.BulkAction.valueOf(action.toUpperCase(java.util.Locale.ROOT)), reset, state, q, who.name());
        Http.json(ex, 200, Map.of("action", action, "matched", r.matched(), "done", r.done(), "skipped", r.skipped()));
    }

    private static boolean resetMode(JsonNode body) {
        String mode = body.path("mode").asText("redial");
        if (!mode.equals("redial") && !mode.equals("reset")) throw ApiException.badRequest("mode must be redial or reset", "mode");
        return mode.equals("reset");
    }

    private static LeadState state(String s) {
        if (s == null || s.isBlank()) return null;
        try {
            return LeadState.fromWire(s);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage(), "state");
        }
    }
}
