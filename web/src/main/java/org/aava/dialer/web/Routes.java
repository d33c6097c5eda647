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

    /** The route table, also used to check the OpenAPI document covers every route and to test every route with bad input. */
    record Route(String method, String path, Access access, BodyKind body) {
    }

    /** Who may call a route. */
    enum Access { PUBLIC, ADMIN, AI }

    private final RoutingHandler router = Handlers.routing();
    private final List<Route> table = new ArrayList<>();
    private final Auth auth;
    private final ExecutorService workers;

    Routes(OutboundApi api, MediaApi media, Auth auth, ExecutorService workers) {
        this.auth = auth;
        this.workers = workers;
        String o = "/api/outbound";
        open("GET", "/api/health", BodyKind.NONE, api::health);
        open("POST", "/api/login", BodyKind.JSON, api::login);
        open("POST", "/api/logout", BodyKind.NONE, api::logout);
        open("GET", "/api/session", BodyKind.NONE, api::session);
        admin("POST", "/api/users/me/password", BodyKind.JSON, api::changePassword);
        open("GET", "/metrics", BodyKind.NONE, api::metrics);
        admin("GET", o + "/meta", BodyKind.NONE, api::meta);
        admin("GET", o + "/dialplan", BodyKind.NONE, api::dialplan);
        admin("GET", o + "/sample.csv", BodyKind.NONE, api::sampleCsv);
        admin("GET", o + "/campaigns", BodyKind.NONE, api::listCampaigns);
        admin("POST", o + "/campaigns", BodyKind.JSON, api::createCampaign);
        admin("GET", o + "/campaigns/{id}", BodyKind.NONE, api::getCampaign);
        admin("PATCH", o + "/campaigns/{id}", BodyKind.JSON, api::patchCampaign);
        admin("DELETE", o + "/campaigns/{id}", BodyKind.NONE, api::deleteCampaign);
        admin("POST", o + "/campaigns/{id}/clone", BodyKind.NONE, api::cloneCampaign);
        admin("POST", o + "/campaigns/{id}/archive", BodyKind.NONE, api::archiveCampaign);
        admin("POST", o + "/campaigns/{id}/status", BodyKind.JSON, api::setStatus);
        admin("GET", o + "/campaigns/{id}/stats", BodyKind.NONE, api::stats);
        admin("POST", o + "/campaigns/{id}/leads/import", BodyKind.CSV, api::importLeads);
        admin("POST", o + "/campaigns/{id}/leads/import/preview", BodyKind.CSV, api::previewImport);
        admin("GET", o + "/campaigns/{id}/imports", BodyKind.NONE, api::listImports);
        admin("GET", o + "/imports/{id}", BodyKind.NONE, api::getImport);
        admin("POST", o + "/campaigns/{id}/leads", BodyKind.JSON, api::addLead);
        admin("GET", o + "/campaigns/{id}/leads", BodyKind.NONE, api::listLeads);
        admin("GET", o + "/campaigns/{id}/eligibility", BodyKind.NONE, api::eligibility);
        admin("GET", o + "/campaigns/{id}/leads.csv", BodyKind.NONE, api::exportLeads);
        admin("GET", o + "/campaigns/{id}/attempts", BodyKind.NONE, api::listAttempts);
        admin("GET", o + "/campaigns/{id}/attempts.csv", BodyKind.NONE, api::exportAttempts);
        admin("GET", o + "/import-errors/{name}", BodyKind.NONE, api::importErrors);
        admin("POST", o + "/leads/{id}/recycle", BodyKind.OPTIONAL_JSON, api::recycleLead);
        admin("POST", o + "/leads/{id}/ignore", BodyKind.NONE, api::ignoreLead);
        admin("DELETE", o + "/leads/{id}", BodyKind.NONE, api::deleteLead);
        admin("GET", o + "/recordings", BodyKind.NONE, media::list);
        admin("POST", o + "/recordings/upload", BodyKind.AUDIO, api::uploadRecording);
        admin("POST", o + "/recordings/tts", BodyKind.JSON, media::tts);
        admin("GET", o + "/tts", BodyKind.NONE, media::ttsInfo);
        admin("GET", o + "/recordings/{name}/preview.wav", BodyKind.NONE, media::preview);
        admin("PATCH", o + "/recordings/{name}", BodyKind.JSON, media::rename);
        admin("DELETE", o + "/recordings/{name}", BodyKind.NONE, media::delete);
        admin("GET", o + "/campaigns/{id}/voicemail/preview.wav", BodyKind.NONE, (ex, who) -> media.campaignPreview(ex, who, "voicemail"));
        admin("GET", o + "/campaigns/{id}/consent/preview.wav", BodyKind.NONE, (ex, who) -> media.campaignPreview(ex, who, "consent"));
        admin("POST", o + "/campaigns/{id}/voicemail/upload", BodyKind.AUDIO, api::uploadVoicemail);
        admin("POST", o + "/campaigns/{id}/consent/upload", BodyKind.AUDIO, api::uploadConsent);
        admin("GET", o + "/dnc", BodyKind.NONE, api::listDnc);
        admin("POST", o + "/dnc", BodyKind.JSON, api::addDnc);
        admin("DELETE", o + "/dnc", BodyKind.NONE, api::removeDnc);
        admin("POST", o + "/dnc/import", BodyKind.CSV, api::importDnc);
        admin("GET", o + "/dnc/export.csv", BodyKind.NONE, api::exportDnc);
        admin("GET", o + "/audit", BodyKind.NONE, api::audit);
        admin("GET", "/api/calls/{id}", BodyKind.NONE, api::callRecord);
        LeadToolsApi tools = api.leadTools();
        admin("POST", o + "/campaigns/{id}/leads/bulk", BodyKind.JSON, tools::bulk);
        admin("GET", o + "/campaigns/{id}/checklist", BodyKind.NONE, tools::checklist);
        admin("GET", o + "/campaigns/{id}/live", BodyKind.NONE, tools::live);
        admin("GET", o + "/leads/{id}/attempts", BodyKind.NONE, tools::leadAttempts);
        open("GET", "/api/openapi.json", BodyKind.NONE, this::openApi);
        ai("GET", "/api/ai/sessions/{key}", BodyKind.NONE, api::aiSessionInfo);
        ai("POST", "/api/ai/sessions/{key}/tools/{tool}", BodyKind.OPTIONAL_JSON, api::aiTool);
        ResourceHandler assets = Handlers.resource(new ClassPathResourceManager(Routes.class.getClassLoader(), "org/aava/dialer/web/static"))
                .setWelcomeFiles("index.html").setDirectoryListingEnabled(false);
        router.get("/", assets);
        router.get("/static/*", ex -> {
            ex.setRelativePath(ex.getRelativePath().substring("/static".length()));
            assets.handleRequest(ex);
        });
        // third-party browser libraries (Chart.js) from their WebJars on the classpath
        ResourceHandler webjars = Handlers.resource(new ClassPathResourceManager(Routes.class.getClassLoader(), "META-INF/resources/webjars"))
                .setDirectoryListingEnabled(false);
        router.get("/webjars/*", ex -> {
            ex.setRelativePath(ex.getRelativePath().substring("/webjars".length()));
            webjars.handleRequest(ex);
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
            String summary = LeadToolsApi.SUMMARIES.get(r.method() + " " + r.path());
            if (summary != null) op.put("summary", summary);
            op.put("security", switch (r.access()) {
                case PUBLIC -> List.of();
                case AI -> List.of(java.util.Map.of("aiToken", List.of()));
                case ADMIN -> List.of(java.util.Map.of("session", List.of()), java.util.Map.of("apiToken", List.of()));
            });
            List<Object> params = new ArrayList<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{(\\w+)\\}").matcher(r.path());
            while (m.find()) params.add(java.util.Map.of("name", m.group(1), "in", "path", "required", true, "schema", java.util.Map.of("type", "string")));
            if (!params.isEmpty()) op.put("parameters", params);
            Object requestBody = requestBody(r.body());
            if (requestBody != null) op.put("requestBody", requestBody);
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

    private static Object requestBody(BodyKind body) {
        java.util.Map<String, Object> any = java.util.Map.of();
        return switch (body) {
            case NONE -> null;
            case JSON, OPTIONAL_JSON -> java.util.Map.of("required", body == BodyKind.JSON,
                    "content", java.util.Map.of("application/json", java.util.Map.of("schema", java.util.Map.of("type", "object"))));
            case CSV -> java.util.Map.of("required", true, "content", java.util.Map.of("text/csv", any, "multipart/form-data", any));
            case AUDIO -> java.util.Map.of("required", true, "content", java.util.Map.of("audio/*", any, "multipart/form-data", any));
        };
    }

    List<Route> table() {
        return List.copyOf(table);
    }

    HttpHandler handler() {
        return router;
    }

    private void open(String method, String path, BodyKind body, Public handler) {
        table.add(new Route(method, path, Access.PUBLIC, body));
        router.add(method, path, dispatch(ex -> {
            body.check(ex);
            handler.handle(ex);
        }));
    }

    /** An admin route: authentication first, so a stranger's garbage is a 401 whatever it contains. */
    private void admin(String method, String path, BodyKind body, Admin handler) {
        table.add(new Route(method, path, Access.ADMIN, body));
        router.add(method, path, dispatch(ex -> {
            Auth.Principal who = auth.requireAdmin(ex);
            if (path.endsWith("/recordings/{name}") && List.of("upload", "tts").contains(ex.getQueryParameters().getOrDefault("name",
                    new java.util.ArrayDeque<>()).peekFirst())) {
                throw new ApiException(405, "method not allowed", null); // a POST-only route taken for a recording's name
            }
            body.check(ex);
            handler.handle(ex, who);
        }));
    }

    /** A route for the AI engine, behind its own token. */
    private void ai(String method, String path, BodyKind body, Public handler) {
        table.add(new Route(method, path, Access.AI, body));
        router.add(method, path, dispatch(ex -> {
            auth.requireAi(ex);
            body.check(ex);
            handler.handle(ex);
        }));
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
                Http.error(ex, 500, "internal error; the server log has the details", null);
            }
        } finally {
            ex.endExchange();
        }
    }
}
