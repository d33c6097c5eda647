package org.aava.dialer.web;

import io.undertow.Handlers;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.resource.ClassPathResourceManager;
import io.undertow.server.handlers.resource.ResourceHandler;
import org.aava.dialer.core.admin.RuleViolation;
import org.aava.dialer.core.ports.UserDirectory.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * Every route in one place, with the role it needs: {@code viewer(...)} routes are for every logged-in user (reads,
 * and one's own password), {@code operator(...)} routes change the dialer (campaigns, leads, DNC, imports,
 * recordings), {@code admin(...)} routes manage the users. They need a session (and CSRF for changes) of a user with
 * that role, or the API token (an admin). {@code /api/ai/*} needs the AI token; health, login, metrics and the page
 * itself are public. Handlers run on the worker executor, never on an XNIO I/O thread.
 */
final class Routes {
    private static final Logger log = LoggerFactory.getLogger(Routes.class);

    @FunctionalInterface
    interface SignedIn {
        void handle(HttpServerExchange ex, Auth.Principal who) throws Exception;
    }

    @FunctionalInterface
    interface Public {
        void handle(HttpServerExchange ex) throws Exception;
    }

    /**
     * The route table, also used to check the OpenAPI document covers every route and to test every route with bad input.
     *
     * @param role the role a {@link Access#SIGNED_IN} route needs; null for the others
     */
    record Route(String method, String path, Access access, Role role, BodyKind body) {
    }

    /** Who may call a route. */
    enum Access { PUBLIC, SIGNED_IN, AI }

    /**
     * Literal names a path template also matches that belong to other routes (POST .../recordings/upload, GET
     * /api/users/me): another method on them is a 405, not this route taking them for a name.
     */
    private static final Map<String, List<String>> TAKEN_NAMES = Map.of(
            "/recordings/{name}", List.of("upload", "tts"),
            "/api/users/{username}", List.of(UsersApi.ME));

    private final RoutingHandler router = Handlers.routing();
    private final List<Route> table = new ArrayList<>();
    private final Auth auth;
    private final ExecutorService workers;

    Routes(OutboundApi api, MediaApi media, UsersApi users, Auth auth, ExecutorService workers) {
        this.auth = auth;
        this.workers = workers;
        String o = "/api/outbound";
        open("GET", "/api/health", BodyKind.NONE, api.meta::health);
        open("POST", "/api/login", BodyKind.JSON, api.session::login);
        open("POST", "/api/logout", BodyKind.NONE, api.session::logout);
        open("GET", "/api/session", BodyKind.NONE, api.session::session);
        viewer("GET", "/api/users/me", BodyKind.NONE, users::me);
        viewer("POST", "/api/users/me/password", BodyKind.JSON, users::changeOwnPassword);
        admin("GET", "/api/users", BodyKind.NONE, users::list);
        admin("POST", "/api/users", BodyKind.JSON, users::create);
        admin("PATCH", "/api/users/{username}", BodyKind.JSON, users::update);
        admin("DELETE", "/api/users/{username}", BodyKind.NONE, users::delete);
        open("GET", "/metrics", BodyKind.NONE, api.meta::metrics);
        viewer("GET", o + "/meta", BodyKind.NONE, api.meta::meta);
        viewer("GET", o + "/dialplan", BodyKind.NONE, api.meta::dialplan);
        viewer("GET", o + "/sample.csv", BodyKind.NONE, api.imports::sampleCsv);
        CampaignsApi campaigns = api.campaigns;
        viewer("GET", o + "/campaigns", BodyKind.NONE, campaigns::list);
        operator("POST", o + "/campaigns", BodyKind.JSON, campaigns::create);
        viewer("GET", o + "/campaigns/{id}", BodyKind.NONE, campaigns::get);
        operator("PATCH", o + "/campaigns/{id}", BodyKind.JSON, campaigns::patch);
        operator("DELETE", o + "/campaigns/{id}", BodyKind.NONE, campaigns::delete);
        operator("POST", o + "/campaigns/{id}/clone", BodyKind.NONE, campaigns::copy);
        operator("POST", o + "/campaigns/{id}/archive", BodyKind.NONE, campaigns::archive);
        operator("POST", o + "/campaigns/{id}/status", BodyKind.JSON, campaigns::setStatus);
        viewer("GET", o + "/campaigns/{id}/stats", BodyKind.NONE, campaigns::stats);
        ImportsApi imports = api.imports;
        operator("POST", o + "/campaigns/{id}/leads/import", BodyKind.CSV, imports::importLeads);
        operator("POST", o + "/campaigns/{id}/leads/import/preview", BodyKind.CSV, imports::preview);
        viewer("GET", o + "/campaigns/{id}/imports", BodyKind.NONE, imports::list);
        viewer("GET", o + "/imports/{id}", BodyKind.NONE, imports::get);
        operator("POST", o + "/campaigns/{id}/leads", BodyKind.JSON, imports::addLead);
        LeadsApi leads = api.leads;
        viewer("GET", o + "/campaigns/{id}/leads", BodyKind.NONE, leads::list);
        viewer("GET", o + "/campaigns/{id}/eligibility", BodyKind.NONE, leads::eligibility);
        AttemptsApi attempts = api.attempts;
        viewer("GET", o + "/campaigns/{id}/leads.csv", BodyKind.NONE, attempts::exportLeads);
        viewer("GET", o + "/campaigns/{id}/attempts", BodyKind.NONE, attempts::list);
        viewer("GET", o + "/campaigns/{id}/attempts.csv", BodyKind.NONE, attempts::exportAttempts);
        viewer("GET", o + "/import-errors/{name}", BodyKind.NONE, imports::errors);
        operator("POST", o + "/leads/{id}/recycle", BodyKind.OPTIONAL_JSON, leads::recycle);
        operator("POST", o + "/leads/{id}/ignore", BodyKind.NONE, leads::ignore);
        operator("DELETE", o + "/leads/{id}", BodyKind.NONE, leads::delete);
        viewer("GET", o + "/recordings", BodyKind.NONE, media::list);
        operator("POST", o + "/recordings/upload", BodyKind.AUDIO, api.uploads::recording);
        operator("POST", o + "/recordings/tts", BodyKind.JSON, media::tts);
        viewer("GET", o + "/tts", BodyKind.NONE, media::ttsInfo);
        viewer("GET", o + "/recordings/{name}/preview.wav", BodyKind.NONE, media::preview);
        operator("PATCH", o + "/recordings/{name}", BodyKind.JSON, media::rename);
        operator("DELETE", o + "/recordings/{name}", BodyKind.NONE, media::delete);
        viewer("GET", o + "/campaigns/{id}/voicemail/preview.wav", BodyKind.NONE, (ex, who) -> media.campaignPreview(ex, who, "voicemail"));
        viewer("GET", o + "/campaigns/{id}/consent/preview.wav", BodyKind.NONE, (ex, who) -> media.campaignPreview(ex, who, "consent"));
        operator("POST", o + "/campaigns/{id}/voicemail/upload", BodyKind.AUDIO, api.uploads::voicemail);
        operator("POST", o + "/campaigns/{id}/consent/upload", BodyKind.AUDIO, api.uploads::consent);
        DncApi dnc = api.dnc;
        viewer("GET", o + "/dnc", BodyKind.NONE, dnc::list);
        operator("POST", o + "/dnc", BodyKind.JSON, dnc::add);
        operator("DELETE", o + "/dnc", BodyKind.NONE, dnc::remove);
        operator("POST", o + "/dnc/import", BodyKind.CSV, dnc::importCsv);
        viewer("GET", o + "/dnc/export.csv", BodyKind.NONE, dnc::export);
        viewer("GET", o + "/audit", BodyKind.NONE, api.meta::audit);
        viewer("GET", "/api/calls/{id}", BodyKind.NONE, attempts::callRecord);
        LeadToolsApi tools = api.leadTools;
        operator("POST", o + "/campaigns/{id}/leads/bulk", BodyKind.JSON, leads::bulk);
        viewer("GET", o + "/campaigns/{id}/checklist", BodyKind.NONE, tools::checklist);
        viewer("GET", o + "/campaigns/{id}/live", BodyKind.NONE, tools::live);
        viewer("GET", o + "/leads/{id}/attempts", BodyKind.NONE, tools::leadAttempts);
        open("GET", "/api/openapi.json", BodyKind.NONE, this::openApi);
        ai("GET", "/api/ai/sessions/{key}", BodyKind.NONE, api.ai::session);
        ai("POST", "/api/ai/sessions/{key}/tools/{tool}", BodyKind.OPTIONAL_JSON, api.ai::tool);
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
                case SIGNED_IN -> List.of(java.util.Map.of("session", List.of()), java.util.Map.of("apiToken", List.of()));
            });
            if (r.role() != null) op.put("x-aava-role", r.role().wire());
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
        table.add(new Route(method, path, Access.PUBLIC, null, body));
        router.add(method, path, dispatch(ex -> {
            body.check(ex);
            handler.handle(ex);
        }));
    }

    /** Every logged-in user: reads, and what is their own. */
    private void viewer(String method, String path, BodyKind body, SignedIn handler) {
        signedIn(method, path, Role.VIEWER, body, handler);
    }

    /** Operators and admins: the dialer's writes. */
    private void operator(String method, String path, BodyKind body, SignedIn handler) {
        signedIn(method, path, Role.OPERATOR, body, handler);
    }

    /** Admins only: the users. */
    private void admin(String method, String path, BodyKind body, SignedIn handler) {
        signedIn(method, path, Role.ADMIN, body, handler);
    }

    /** Authentication and the role first, so a stranger's garbage is a 401 (a viewer's write a 403) whatever it contains. */
    private void signedIn(String method, String path, Role role, BodyKind body, SignedIn handler) {
        table.add(new Route(method, path, Access.SIGNED_IN, role, body));
        router.add(method, path, dispatch(ex -> {
            Auth.Principal who = auth.require(ex, role);
            refuseTakenName(path, ex);
            body.check(ex);
            handler.handle(ex, who);
        }));
    }

    private static void refuseTakenName(String path, HttpServerExchange ex) {
        for (Map.Entry<String, List<String>> e : TAKEN_NAMES.entrySet()) {
            if (!path.endsWith(e.getKey())) continue;
            String param = e.getKey().substring(e.getKey().lastIndexOf('{') + 1, e.getKey().length() - 1);
            if (e.getValue().contains(Http.pathParam(ex, param))) throw new ApiException(405, "method not allowed", null);
        }
    }

    /** A route for the AI engine, behind its own token. */
    private void ai(String method, String path, BodyKind body, Public handler) {
        table.add(new Route(method, path, Access.AI, null, body));
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

    /** The HTTP status a refused admin request is answered with. */
    static int statusOf(RuleViolation.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case UNAVAILABLE -> 503;
        };
    }

    private static void run(HttpServerExchange ex, Public handler) {
        ex.startBlocking();
        try {
            handler.handle(ex);
        } catch (Throwable t) {
            Throwable cause = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
            if (ex.isResponseStarted()) {
                log.warn("{} {} failed after the response started: {}", ex.getRequestMethod(), LoggedPath.of(ex.getRequestPath()), cause.toString());
            } else if (cause instanceof ApiException a) {
                Http.error(ex, a.status(), a.getMessage(), a.field());
            } else if (cause instanceof RuleViolation v) {
                Http.error(ex, statusOf(v.kind()), v.getMessage(), v.field());
            } else if (cause instanceof IllegalArgumentException iae) {
                Http.error(ex, 400, iae.getMessage(), null);
            } else {
                log.error("{} {} failed", ex.getRequestMethod(), LoggedPath.of(ex.getRequestPath()), cause);
                Http.error(ex, 500, "internal error; the server log has the details", null);
            }
        } finally {
            ex.endExchange();
        }
    }
}
