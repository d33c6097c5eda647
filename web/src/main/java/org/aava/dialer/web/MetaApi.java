package org.aava.dialer.web;

import io.undertow.server.HttpServerExchange;
import org.aava.dialer.core.ai.AiContext;
import org.aava.dialer.prompts.ShippedPrompts;
import org.aava.dialer.prompts.TextToSpeech;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the dialer says of itself: health, metrics, the page's metadata, the dialplan and the audit log. */
final class MetaApi {
    private final WebSettings settings;
    private final WebDependencies d;
    private final Auth auth;
    private final TextToSpeech tts;

    MetaApi(WebSettings settings, WebDependencies d, Auth auth, TextToSpeech tts) {
        this.settings = settings;
        this.d = d;
        this.auth = auth;
        this.tts = tts;
    }

    void health(HttpServerExchange ex) {
        Map<String, Object> h = new LinkedHashMap<>(d.health().check());
        h.putIfAbsent("version", settings.version());
        if (d.engine().callsRunning()) h.put("live_calls", d.engine().live().count());
        if (d.cluster() != null) ClusterJson.put(h, d.cluster(), d.clock().instant());
        boolean ok = "ok".equals(h.get("db")) && !"full".equals(h.get("disk"));
        h.put("status", ok ? "ok" : "degraded");
        h.put("tts", tts.problem().map(p -> "unavailable: " + p).orElse("ok (" + tts.engine() + ")"));
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
}
