package org.aava.dialer.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import org.aava.dialer.core.admin.Campaigns;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.CampaignStatus;

import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/** The campaign routes: HTTP in, {@link Campaigns} calls, JSON out. */
final class CampaignsApi {
    private static final BodyFields STATUS = BodyFields.of("status", BodyFields.Type.TEXT, "cancel_pending", BodyFields.Type.BOOLEAN);

    private final Campaigns campaigns;

    CampaignsApi(Campaigns campaigns) {
        this.campaigns = campaigns;
    }

    void list(HttpServerExchange ex, Auth.Principal who) {
        Http.json(ex, 200, campaigns.list(Http.boolQuery(ex, "include_archived", false)).stream().map(Views::campaign).toList());
    }

    void get(HttpServerExchange ex, Auth.Principal who) {
        Http.json(ex, 200, Views.campaign(campaigns.find(Http.idParam(ex, "id"))));
    }

    void create(HttpServerExchange ex, Auth.Principal who) {
        JsonNode body = Http.body(ex);
        String name = body.hasNonNull("name") ? Views.text(body.get("name"), "name").strip() : "";
        // every field is checked before "name is required", so an error names the field that is actually wrong
        Campaign draft = Views.applyCampaign(Campaign.builder(name.isEmpty() ? "unnamed" : name), body);
        if (name.isEmpty()) throw ApiException.badRequest("name is required", "name");
        Http.json(ex, 201, Views.campaign(campaigns.create(draft, who.name())));
    }

    void patch(HttpServerExchange ex, Auth.Principal who) {
        long id = Http.idParam(ex, "id");
        JsonNode[] body = new JsonNode[1];
        String ifMatch = ex.getRequestHeaders().getFirst(Headers.IF_MATCH);
        Campaign saved = campaigns.update(id, current -> {
            body[0] = Http.body(ex); // read once the campaign is found: a missing one is a 404 whatever the body
            return Views.applyCampaign(current.toBuilder(), body[0]);
        }, ifMatch == null ? null : current -> ifMatch.strip().replace("\"", "").equals(Views.ts(current.updatedAt())),
                () -> body[0].toString(), who.name());
        Http.json(ex, 200, Views.campaign(saved));
    }

    void delete(HttpServerExchange ex, Auth.Principal who) {
        campaigns.delete(Http.idParam(ex, "id"), who.name());
        Http.json(ex, 200, Map.of("ok", true));
    }

    void copy(HttpServerExchange ex, Auth.Principal who) {
        Http.json(ex, 201, Views.campaign(campaigns.copy(Http.idParam(ex, "id"), who.name())));
    }

    void archive(HttpServerExchange ex, Auth.Principal who) {
        Http.json(ex, 200, Views.campaign(campaigns.archive(Http.idParam(ex, "id"), who.name())));
    }

    void setStatus(HttpServerExchange ex, Auth.Principal who) {
        long id = Http.idParam(ex, "id");
        campaigns.find(id);
        JsonNode body = STATUS.check(Http.body(ex));
        CampaignStatus target;
        try {
            target = CampaignStatus.fromWire(body.path("status").asText(null));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage(), "status");
        }
        Http.json(ex, 200, Views.campaign(campaigns.setStatus(id, target, body.path("cancel_pending").asBoolean(false), who.name())));
    }

    void stats(HttpServerExchange ex, Auth.Principal who) {
        Campaigns.Stats s = campaigns.stats(Http.idParam(ex, "id"));
        Campaign c = s.campaign();
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Long> states = new LinkedHashMap<>();
        s.leadStates().forEach((k, v) -> states.put(k.wire(), v));
        m.put("lead_states", states);
        m.put("attempt_outcomes", s.attemptOutcomes());
        m.put("in_flight", s.inFlight());
        m.put("window", s.withinWindow() ? "within window" : "outside window");
        m.put("within_window", s.withinWindow());
        m.put("next_window_opening", s.nextWindowOpening().map(t -> ZonedDateTime.ofInstant(t, c.timezone()).toString()).orElse(null));
        m.put("campaign_now", ZonedDateTime.ofInstant(s.now(), c.timezone()).toString());
        m.put("dnc_blocked_pending", s.dncBlockedPending());
        m.put("leads_dnc", states.getOrDefault("dnc", 0L));
        m.put("next_retry_at_utc", s.nextRetryAt().map(java.time.Instant::toString).orElse(null));
        Map<String, Object> explain = new LinkedHashMap<>();
        explain.put("code", s.dialingCode());
        explain.put("message", s.dialingMessage());
        m.put("dialing_status", explain);
        m.put("paused_reason", c.pausedReason());
        Http.json(ex, 200, m);
    }
}
