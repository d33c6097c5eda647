package org.aava.dialer.web;

import io.undertow.Handlers;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.resource.ClassPathResourceManager;
import io.undertow.server.handlers.resource.ResourceHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * Every route in one place. Admin routes need a session (and CSRF for changes) or the API token;
 * {@code /api/ai/*} needs the AI token; health, login, metrics and the page itself are public.
 * Handlers run on the worker executor, never on an XNIO I/O thread.
 */
final class Routes {
    private static final Logger log = LoggerFactory.getLogger(Routes.class);

    @FunctionalInterface
    interface Admin {
        void handle(HttpServerExchange ex, Auth.Principal who) throws Exception;
    }

    @FunctionalInterface
    interface Public {
        void handle(HttpServerExchange ex) throws Exception;
    }

    /** The route table, also used to check the OpenAPI document covers every route. */
    record Route(String method, String path) {
    }

    private final RoutingHandler router = Handlers.routing();
    private final List<Route> table = new ArrayList<>();
    private final Auth auth;
    private final ExecutorService workers;

    Routes(OutboundApi api, Auth auth, ExecutorService workers) {
        this.auth = auth;
        this.workers = workers;
        String o = "/api/outbound";
        open("GET", "/api/health", api::health);
        open("POST", "/api/login", api::login);
        open("POST", "/api/logout", api::logout);
        open("GET", "/api/session", api::session);
        open("GET", "/metrics", api::metrics);
        admin("GET", o + "/meta", api::meta);
        admin("GET", o + "/dialplan", api::dialplan);
        admin("GET", o + "/sample.csv", api::sampleCsv);
        admin("GET", o + "/campaigns", api::listCampaigns);
        admin("POST", o + "/campaigns", api::createCampaign);
        admin("GET", o + "/campaigns/{id}", api::getCampaign);
        admin("PATCH", o + "/campaigns/{id}", api::patchCampaign);
        admin("DELETE", o + "/campaigns/{id}", api::deleteCampaign);
        admin("POST", o + "/campaigns/{id}/clone", api::cloneCampaign);
        admin("POST", o + "/campaigns/{id}/archive", api::archiveCampaign);
        admin("POST", o + "/campaigns/{id}/status", api::setStatus);
        admin("GET", o + "/campaigns/{id}/stats", api::stats);
        admin("POST", o + "/campaigns/{id}/leads/import", api::importLeads);
        admin("POST", o + "/campaigns/{id}/leads", api::addLead);
        admin("GET", o + "/campaigns/{id}/leads", api::listLeads);
        admin("GET", o + "/campaigns/{id}/leads.csv", api::exportLeads);
        admin("GET", o + "/campaigns/{id}/attempts", api::listAttempts);
        admin("GET", o + "/campaigns/{id}/attempts.csv", api::exportAttempts);
        admin("GET", o + "/import-errors/{name}", api::importErrors);
        admin("POST", o + "/leads/{id}/recycle", api::recycleLead);
        admin("POST", o + "/leads/{id}/ignore", api::ignoreLead);
        admin("DELETE", o + "/leads/{id}", api::deleteLead);
        admin("GET", o + "/recordings", api::listRecordings);
        admin("POST", o + "/recordings/upload", api::uploadRecording);
        admin("GET", o + "/recordings/{name}/preview.wav", api::previewRecording);
        admin("POST", o + "/campaigns/{id}/voicemail/upload", api::uploadVoicemail);
        admin("POST", o + "/campaigns/{id}/consent/upload", api::uploadConsent);
        admin("GET", o + "/dnc", api::listDnc);
        admin("POST", o + "/dnc", api::addDnc);
        admin("DELETE", o + "/dnc", api::removeDnc);
        admin("POST", o + "/dnc/import", api::importDnc);
        admin("GET", o + "/dnc/export.csv", api::exportDnc);
        admin("GET", o + "/audit", api::audit);
        admin("GET", "/api/calls/{id}", api::callRecord);
        open("GET", "/api/openapi.json", this::openApi);
        open("GET", "/api/ai/sessions/{key}", api::aiSessionInfo);
        open("POST", "/api/ai/sessions/{key}/tools/{tool}", api::aiTool);
        ResourceHandler assets = Handlers.resource(new ClassPathResourceManager(Routes.class.getClassLoader(), "org/aava/dialer/web/static"))
                .setWelcomeFiles("index.html").setDirectoryListingEnabled(false);
        router.get("/", assets);
        router.get("/static/*", ex -> {
            ex.setRelativePath(ex.getRelativePath().substring("/static".length()));
            assets.handleRequest(ex);
        });
        router.setFallbackHandler(ex -> Http.error(ex, 404, "no route for " + ex.getRequestMethod() + " " + ex.getRequestPath(), null));
        router.setInvalidMethodHandler(ex -> Http.error(ex, 405, "method not allowed", null));
    }

    /** An OpenAPI 3 document built from the route table itself, so it can never miss a route. */
    private void openApi(HttpServerExchange ex) {
        java.util.Map<String, Object> paths = new java.util.TreeMap<>();
        for (Route r : table) {
            @SuppressWarnings("unchecked")
            java.util.Map<String, Object> ops = (java.util.Map<String, Object>) paths.computeIfAbsent(r.path(), k -> new java.util.TreeMap<>());
            java.util.Map<String, Object> op = new java.util.LinkedHashMap<>();
            op.put("operationId", (r.method() + r.path()).replaceAll("[^A-Za-z0-9]+", "_"));
            boolean isPublic = r.path().equals("/api/health") || r.path().equals("/api/login") || r.path().equals("/api/openapi.json")
                    || r.path().equals("/metrics") || r.path().equals("/api/session") || r.path().equals("/api/logout");
            op.put("security", isPublic ? List.of() : r.path().startsWith("/api/ai/")
                    ? List.of(java.util.Map.of("aiToken", List.of())) : List.of(java.util.Map.of("session", List.of()), java.util.Map.of("apiToken", List.of())));
            List<Object> params = new ArrayList<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{(\\w+)\\}").matcher(r.path());
            while (m.find()) params.add(java.util.Map.of("name", m.group(1), "in", "path", "required", true, "schema", java.util.Map.of("type", "string")));
            if (!params.isEmpty()) op.put("parameters", params);
            op.put("responses", java.util.Map.of("200", java.util.Map.of("description", "OK"),
                    "4XX", java.util.Map.of("description", "{\"error\": ..., \"field\": ...}")));
            ops.put(r.method().toLowerCase(java.util.Locale.ROOT), op);
        }
        java.util.Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("openapi", "3.0.3");
        doc.put("info", java.util.Map.of("title", "aava-dialer API", "version", "1"));
        doc.put("paths", paths);
        doc.put("components", java.util.Map.of("securitySchemes", java.util.Map.of(
                "session", java.util.Map.of("type", "apiKey", "in", "cookie", "name", Auth.COOKIE),
                "apiToken", java.util.Map.of("type", "http", "scheme", "bearer"),
                "aiToken", java.util.Map.of("type", "http", "scheme", "bearer"))));
        Http.json(ex, 200, doc);
    }

    List<Route> table() {
        return List.copyOf(table);
    }

    HttpHandler handler() {
        return router;
    }

    private void open(String method, String path, Public handler) {
        table.add(new Route(method, path));
        router.add(method, path, dispatch(handler));
    }

    private void admin(String method, String path, Admin handler) {
        open(method, path, ex -> handler.handle(ex, auth.requireAdmin(ex)));
    }

    /** Runs the handler on a worker thread; bad input becomes a 4xx JSON error, never a 500. */
    private HttpHandler dispatch(Public handler) {
        return ex -> {
            if (ex.isInIoThread()) {
                ex.dispatch(workers, () -> run(ex, handler));
                return;
            }
            run(ex, handler);
        };
    }

    private static void run(HttpServerExchange ex, Public handler) {
        ex.startBlocking();
        try {
            handler.handle(ex);
        } catch (Throwable t) {
            Throwable cause = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
            if (ex.isResponseStarted()) {
                log.warn("{} {} failed after the response started: {}", ex.getRequestMethod(), ex.getRequestPath(), cause.toString());
            } else if (cause instanceof ApiException a) {
                Http.error(ex, a.status(), a.getMessage(), a.field());
            } else if (cause instanceof IllegalArgumentException iae) {
                Http.error(ex, 400, iae.getMessage(), null);
            } else {
                log.error("{} {} failed", ex.getRequestMethod(), ex.getRequestPath(), cause);
                Http.error(ex, 500, "internal error: " + cause.getClass().getSimpleName(), null);
            }
        } finally {
            ex.endExchange();
        }
    }
}
