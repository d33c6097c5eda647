package org.aava.dialer.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.aava.dialer.core.ai.AiContext;
import org.aava.dialer.core.ai.AiContexts;
import org.aava.dialer.core.ai.AttachTarget;
import org.aava.dialer.core.ai.PromptComposer;
import org.aava.dialer.core.calls.CallFlow;
import org.aava.dialer.core.calls.DialerMetrics;
import org.aava.dialer.core.model.AmdOptions;
import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.testing.DialerHarness;
import org.aava.dialer.core.testing.FakeCallControl;
import org.aava.dialer.store.SqliteStore;
import org.aava.dialer.store.StoreOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input on every route of the route table (so a new route is covered the day it is added): garbage
 * path parameters, unknown and malformed query parameters, malformed and wrongly typed JSON, oversized,
 * empty and wrongly typed bodies, strangers without credentials. Every answer must be a 4xx with a JSON
 * error (never a 5xx, never a hang), the server must stay up, and nothing stored may change: the whole
 * database and data directory are compared before and after. That is why every request here is invalid;
 * a valid request to a mutating route would (rightly) change data.
 */
class ApiBadInputTest {
    private static final String TOKEN = "test-api-token-0123456789";
    private static final String AI_TOKEN = "test-ai-token-9876543210";
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final Pattern PARAM = Pattern.compile("\\{(\\w+)}");
    private static final Pattern MALFORMED_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");

    @TempDir
    Path dir;
    private SqliteStore store;
    private WebServer server;
    private ExecutorService workers;
    private RawHttp http;
    private final List<String> failures = new ArrayList<>();
    private int requests;
    private final Map<String, String> validParams = new LinkedHashMap<>();
    private String sessionCookie;
    private String csrf;

    @BeforeEach
    void start() throws Exception {
        store = SqliteStore.open(dir.resolve("web.db"), StoreOptions.defaults());
        workers = Executors.newVirtualThreadPerTaskExecutor();
        Files.createDirectories(dir.resolve("media/ai-generated"));
        org.aava.dialer.prompts.ShippedPrompts.installMissing(dir.resolve("media"));
        // every tool enabled, so a tool route gets as far as reading its body
        AiContexts contexts = new AiContexts(List.of(new AiContext("default", "p", "hi", "prov", List.copyOf(new java.util.TreeSet<>(AiContext.KNOWN_TOOLS)),
                AttachTarget.stasis("ai"))));
        PromptComposer prompts = (ctx, lead) -> new PromptComposer.Composed(ctx.prompt(), "{}");
        CallFlow flow = new CallFlow(new FakeCallControl(Clock.systemUTC()), store.journal(), store.attempts(), store.leads(), store.campaigns(),
                contexts, prompts, DialerHarness.settings(50, 5), Clock.systemUTC(), DialerMetrics.NONE, DialerHarness.DIRECT, new SplittableRandom(1), null,
                    org.aava.dialer.core.model.AiSessionKey.secureSupplier());
        server = new WebServer(new WebSettings("127.0.0.1", 0, "admin-secret", TOKEN, AI_TOKEN, dir.resolve("media"), dir, 1 << 20,
                ZoneId.of("UTC"), "test").withSecurity(WebSecurity.defaults().withBadTokenFreeFailures(1_000_000)),
                new WebDependencies(store.campaigns(), store.leads(), store.attempts(), store.dnc(), store.callHistory(), store.audit(),
                        contexts, org.aava.dialer.core.scheduler.CallEngineAdapters.of(flow, null), () -> Map.of("ari", "disconnected", "agi", "listening", "db", "ok"), () -> "[aava-outbound-amd]\n",
                        AmdOptions.DEFAULTS, () -> "# metrics\n", Clock.systemUTC(), workers).withUsers(store.users()),
                TestMedia.of(store));
        server.start();
        http = new RawHttp(server.port(), TIMEOUT);
        seed();
    }

    @AfterEach
    void stop() {
        server.close();
        workers.shutdownNow();
        store.close();
    }

    // ------------------------------------------------------------------ seed data (valid requests, before the snapshot)

    private void seed() throws Exception {
        RawHttp.Response login = http.send("POST", "/api/login", Map.of("Content-Type", "application/json"), bytes("{\"password\":\"admin-secret\"}"));
        assertEquals(200, login.status(), login.body());
        sessionCookie = login.header("set-cookie").split(";", 2)[0];
        csrf = Http.JSON.readTree(login.body()).get("csrf_token").asText();

        long campaign = Http.JSON.readTree(ok(admin("POST", "/api/outbound/campaigns", "application/json",
                bytes("{\"name\":\"Seeded\",\"timezone\":\"America/New_York\"}"))).body()).get("id").asLong();
        JsonNode imported = Http.JSON.readTree(ok(admin("POST", "/api/outbound/campaigns/" + campaign + "/leads/import", "text/csv",
                bytes("name,phone_number,custom_vars\nAda,+12125550001,\"{\"\"vip\"\":true}\"\nBob,+12125550002,\nBad,not-a-number,\n"))).body());
        assertEquals(2, imported.get("accepted").asLong(), imported.toString());
        String errorCsv = imported.get("error_csv_url").asText();
        ok(admin("POST", "/api/outbound/dnc", "application/json", bytes("{\"phone_number\":\"+12125559001\",\"reason\":\"asked\"}")));
        ok(admin("POST", "/api/outbound/dnc", "application/json", bytes("{\"phone_number\":\"+12125559002\",\"campaign_id\":" + campaign + "}")));
        JsonNode recording = Http.JSON.readTree(ok(admin("POST", "/api/outbound/recordings/upload?filename=seed.ulaw", "application/octet-stream",
                new byte[8000])).body());
        long lead = store.leads().page(new org.aava.dialer.core.ports.LeadQuery(campaign, null, null, 1, 10)).join().items().getFirst().lead().id();
        Attempt attempt = store.attempts().open(Attempt.opening(campaign, lead, "+12125550001", Instant.now(), false, "PJSIP/seed-1", "default", "prov")).join();
        long call = store.callHistory().create(attempt.id(), campaign, lead, "+12125550001", "default", "prov", Instant.now()).join().id();

        ok(admin("POST", "/api/users", "application/json", bytes("{\"username\":\"seeded-viewer\",\"password\":\"a-long-enough-passphrase\",\"role\":\"viewer\"}")));

        validParams.put("/api/users/{username}", "seeded-viewer");
        validParams.put("/api/outbound/campaigns/{id}", Long.toString(campaign));
        validParams.put("/api/outbound/leads/{id}", Long.toString(lead));
        validParams.put("/api/calls/{id}", Long.toString(call));
        validParams.put("/api/outbound/import-errors/{name}", errorCsv.substring(errorCsv.lastIndexOf('/') + 1));
        validParams.put("/api/outbound/recordings/{name}", recording.get("name").asText());
        validParams.put("/api/outbound/imports/{id}", imported.get("import_id").asText());
        validParams.put("/api/ai/sessions/{key}", Long.toString(attempt.id()));
    }

    private RawHttp.Response ok(RawHttp.Response r) {
        assertTrue(r.status() / 100 == 2, r.status() + " " + r.body());
        return r;
    }

    private RawHttp.Response admin(String method, String target, String contentType, byte[] body) throws Exception {
        return http.send(method, target, Map.of("Authorization", "Bearer " + TOKEN, "Content-Type", contentType), body);
    }

    // ------------------------------------------------------------------ the tests

    @Test
    void everyRouteAnswersBadInputWithA4xxAndNothingStoredChanges() throws Exception {
        Map<String, List<String>> before = DbSnapshot.of(dir.resolve("web.db"), dir);
        for (Routes.Route route : server.routeTable()) {
            for (Credentials who : List.of(Credentials.TOKEN, Credentials.SESSION)) {
                if (route.access() == Routes.Access.PUBLIC && who == Credentials.SESSION) continue; // nothing to authenticate
                garbagePathParameters(route, who);
                if (!route.method().equals("GET")) garbageBodies(route, who);
            }
            garbageQueries(route);
        }
        wrongMethods();
        assertNoFailures();
        assertServerUp();
        assertEquals(before, DbSnapshot.of(dir.resolve("web.db"), dir), "nothing stored changed");
        System.out.printf("ApiBadInputTest: %d routes, %d bad requests%n", server.routeTable().size(), requests);
        assertTrue(server.routeTable().size() >= 40 && requests > 3000, "the barrage ran: " + requests);
    }

    @Test
    void strangersGet401WhateverTheySend() throws Exception {
        Map<String, List<String>> before = DbSnapshot.of(dir.resolve("web.db"), dir);
        List<Map<String, String>> strangers = List.of(Map.of(), Map.of("Authorization", "Bearer wrong-token"),
                Map.of("Authorization", "Bearer " + AI_TOKEN), Map.of("Authorization", "Basic YWRtaW46YWRtaW4="),
                Map.of("Cookie", Auth.COOKIE + "=forged-session-id"), Map.of("Authorization", "Bearer "),
                Map.of("Authorization", "Bearer " + "x".repeat(8000)));
        for (Routes.Route route : server.routeTable()) {
            if (route.access() == Routes.Access.PUBLIC) continue;
            for (Map<String, String> credentials : strangers) {
                Map<String, String> headers = new LinkedHashMap<>(credentials);
                if (route.access() == Routes.Access.AI && ("Bearer " + AI_TOKEN).equals(credentials.get("Authorization"))) {
                    headers.put("Authorization", "Bearer " + TOKEN); // the admin token is no AI token, and the other way round
                }
                headers.put("Content-Type", "application/json");
                for (byte[] body : List.of(bytes("{not json"), bytes("{\"name\":\"sneaky\",\"phone_number\":\"+12125552222\"}"), new byte[0])) {
                    expect(route.method(), validPath(route), headers, route.method().equals("GET") ? null : body, 401, null);
                }
                expect(route.method(), junkPath(route, "..%2F..%2Fweb.db"), headers, null, 401, null);
            }
        }
        // a session without its CSRF token may read but not change
        for (Routes.Route route : server.routeTable()) {
            if (route.access() != Routes.Access.SIGNED_IN || route.method().equals("GET")) continue;
            expect(route.method(), validPath(route), Map.of("Cookie", sessionCookie, "X-CSRF-Token", "forged", "Content-Type", "application/json"),
                    bytes("{}"), 403, null);
        }
        assertNoFailures();
        assertServerUp();
        assertEquals(before, DbSnapshot.of(dir.resolve("web.db"), dir), "nothing stored changed");
    }

    // ------------------------------------------------------------------ generators

    private enum Credentials { TOKEN, SESSION }

    private Map<String, String> auth(Routes.Route route, Credentials who) {
        Map<String, String> h = new LinkedHashMap<>();
        switch (route.access()) {
            case PUBLIC -> { }
            case AI -> h.put("Authorization", "Bearer " + AI_TOKEN);
            case SIGNED_IN -> {
                if (who == Credentials.TOKEN) {
                    h.put("Authorization", "Bearer " + TOKEN);
                } else {
                    h.put("Cookie", sessionCookie);
                    h.put("X-CSRF-Token", csrf);
                }
            }
        }
        return h;
    }

    private static final List<String> GARBAGE_SEGMENTS = List.of("abc", "-1", "0", "1.5", "1e3", "0x10", "+1", "%201", "NaN", "null",
            "99999999999999999999999999", "9223372036854775807", "-9223372036854775809", "..", "..%2F..%2Fweb.db",
            "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%5C..%5Cweb.db", "%00", "1%00", "%ZZ", "%", "%C0%AE%C0%AE", "%FF%FE", "%E2%80%AE",
            "1%20OR%201%3D1", "1';DROP%20TABLE%20outbound_leads;--", "%24%7Bjndi%3Aldap%3A%2F%2F127.0.0.1%2Fx%7D", "A".repeat(4000),
            "import-errors-1-00000000-0000-0000-0000-000000000000.csv", "outbound-recording-x%2F..%2F..%2Fweb");

    /** Each path parameter replaced by garbage in turn (the others valid), plus raw "../" that walks out of the route. */
    private void garbagePathParameters(Routes.Route route, Credentials who) throws Exception {
        List<String> params = params(route.path());
        if (params.isEmpty()) return;
        Map<String, String> headers = auth(route, who);
        byte[] plausible = plausibleBody(route);
        if (plausible != null) headers.put("Content-Type", plausibleType(route));
        for (String param : params) {
            for (String junk : GARBAGE_SEGMENTS) {
                expect(route.method(), concrete(route, Map.of(param, junk)) + "?unknown_param=1&zz%5B%5D=2", headers, plausible, 0, null);
            }
        }
        expect(route.method(), route.path().replaceAll("\\{\\w+}", "../../../../etc/passwd"), headers, plausible, 0, null);
        expect(route.method(), route.path().replaceAll("\\{\\w+}", "%2E%2E/%2E%2E/%2E%2E"), headers, plausible, 0, null);
    }

    /** Unknown and malformed query parameters. Only GET routes get them alone (a valid POST with a stray parameter is still valid). */
    private void garbageQueries(Routes.Route route) throws Exception {
        if (!route.method().equals("GET")) return;
        Map<String, String> headers = auth(route, Credentials.TOKEN);
        for (String target : concreteAll(route)) {
            for (String q : List.of("unknown_param=1&another=%F0%9F%92%A5", "page=abc&page_size=-1", "page=0&page_size=100000000000",
                    "page_size=2147483648", "campaign_id=abc&all_scopes=maybe&include_archived=yes%00", "state=zzz&outcome=zzz",
                    "q=%00%27%22%3B--&subject=" + "s".repeat(5000), "phone_number=%ZZ", "a=1&a=2&a=3", "%ZZ=%ZZ", "=&&==", "page=1e3")) {
                expect("GET", target + "?" + q, headers, null, 0, 599); // a read with odd parameters may succeed; it must not fail
            }
        }
    }

    /** Every bad body a route of its kind can get, with valid path parameters so the handler really reads it. */
    private void garbageBodies(Routes.Route route, Credentials who) throws Exception {
        for (String target : concreteAll(route)) {
            String t = target + "?unknown_param=1";
            Map<String, String> h = auth(route, who);
            switch (route.body()) {
                case NONE -> {
                    for (byte[] b : List.of(bytes("{}"), bytes("{not json"), new byte[64 * 1024])) {
                        expect(route.method(), t, with(h, "Content-Type", "application/json"), b, 400, null);
                    }
                }
                case JSON, OPTIONAL_JSON -> jsonBodies(route, t, h);
                case CSV -> {
                    for (byte[] b : notCsv()) {
                        // the preview shows any header as it is (it is there for headers that are not ours) and stores nothing
                        if (route.path().endsWith("/preview")) expect(route.method(), t, with(h, "Content-Type", "text/csv"), b, 0, 599);
                        else expect(route.method(), t, with(h, "Content-Type", "text/csv"), b, 400, null);
                    }
                    expect(route.method(), t, with(h, "Content-Type", "multipart/form-data; boundary=xyz"), bytes("--xyz\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--xyz--\r\n"), 400, null);
                    expect(route.method(), t, with(h, "Content-Type", "multipart/form-data; boundary=xyz"), bytes("no boundary here"), 400, null);
                    for (String type : List.of("application/json", "application/xml", "image/png")) {
                        expect(route.method(), t, with(h, "Content-Type", type), bytes("phone_number\n+12125558000\n"), 415, null);
                    }
                    // no size limit to test: an import streams (a million-lead file is fine by design)
                }
                case AUDIO -> {
                    for (byte[] b : List.of(bytes("{not json"), bytes("[1,2]"), new byte[0], junk(4096, 3))) {
                        expect(route.method(), t, with(h, "Content-Type", "application/octet-stream"), b, 400, null);
                        expect(route.method(), t + "&filename=x.wav", with(h, "Content-Type", "application/octet-stream"), b, 400, null);
                        expect(route.method(), t + "&filename=..%2F..%2Fweb.db", with(h, "Content-Type", "application/octet-stream"), b, 400, null);
                    }
                    expect(route.method(), t, with(h, "Content-Type", "multipart/form-data; boundary=xyz"), bytes("--xyz\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--xyz--\r\n"), 400, null);
                    expect(route.method(), t + "&filename=big.ulaw", with(h, "Content-Type", "application/octet-stream"), new byte[(1 << 20) + 1], 413, null);
                    for (String type : List.of("application/json", "text/plain", "text/csv")) {
                        expect(route.method(), t + "&filename=x.ulaw", with(h, "Content-Type", type), new byte[800], 415, null);
                    }
                }
            }
        }
    }

    private void jsonBodies(Routes.Route route, String t, Map<String, String> h) throws Exception {
        Map<String, String> json = with(h, "Content-Type", "application/json");
        for (byte[] b : malformedJson()) expect(route.method(), t, json, b, 400, null);
        for (String top : List.of("[]", "[{\"name\":\"x\"}]", "42", "-0.5", "\"a string\"", "true", "null", "   \n\t ")) {
            expect(route.method(), t, json, bytes(top), 400, null);
        }
        for (var field : WRONG_TYPES.entrySet()) {
            for (String value : field.getValue()) {
                expect(route.method(), t, json, bytes("{\"" + field.getKey() + "\":" + value + "}"), 400, field.getKey());
            }
        }
        expect(route.method(), t, json, bytes("{\"zz_unknown_field\":1}"), 400, "zz_unknown_field");
        byte[] big = bytes("{\"name\":\"" + "x".repeat(Http.MAX_JSON_BODY) + "\"}");
        expect(route.method(), t, json, big, 413, null);
        if (route.body() == BodyKind.JSON) expect(route.method(), t, json, new byte[0], 400, null);
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/csv", "application/xml")) {
            expect(route.method(), t, with(h, "Content-Type", type), bytes("{}"), 415, null);
        }
    }

    /** Per field of every JSON body in the API: values of a type it does not take. */
    private static final Map<String, List<String>> WRONG_TYPES = new LinkedHashMap<>();

    static {
        List<String> notText = List.of("{\"x\":[1]}", "[1,\"x\"]", "12345", "true");
        for (String f : List.of("name", "password", "phone_number", "phone", "context", "agent", "timezone", "caller_id", "status", "mode",
                "reason", "extension", "at", "label", "notes", "text", "daily_window_start_local", "daily_window_end_local", "default_context",
                "provider_override", "consent_media_uri", "voicemail_drop_media_uri")) {
            WRONG_TYPES.put(f, notText);
        }
        for (String f : List.of("cancel_pending", "consent_enabled", "voicemail_drop_enabled", "respect_lead_timezone")) {
            WRONG_TYPES.put(f, List.of("\"yes\"", "1", "{}"));
        }
        for (String f : List.of("campaign_id", "minutes", "max_concurrent", "min_interval_seconds_between_calls", "consent_timeout_seconds",
                "dial_timeout_seconds", "max_attempts_per_24h")) {
            WRONG_TYPES.put(f, List.of("\"many\"", "1.5", "true", "[]", "99999999999999999999999"));
        }
        WRONG_TYPES.put("custom_vars", List.of("\"{}\"", "[1]", "7"));
        for (String f : List.of("amd_options", "retry_policy", "local_hours")) {
            WRONG_TYPES.put(f, List.of("\"str\"", "[1]", "7", "{\"zz_nested_unknown\":{\"deep\":[1]}}"));
        }
        WRONG_TYPES.put("days_of_week", List.of("{}", "7", "[{}]", "[1]"));
    }

    private static List<byte[]> malformedJson() {
        List<byte[]> out = new ArrayList<>();
        for (String s : List.of("{not json", "{\"a\":}", "{\"a\":1,}", "{\"a\" 1}", "{'a':1}", "{\"a\":1} trailing", "{\"a\":1}{\"b\":2}",
                "{\"status\":\"paused\",\"status\":\"running\"}", "{\"a\":\"unterminated", "{\"a\":1e999999}", "{\"a\":" + "9".repeat(5000) + "}",
                "{\"a\":\"\\x41\"}", "{\"a\":NaN}", "\uFEFF{}x", "{\"a\":\"\u0000\"}", "{" + "\"a\":{".repeat(3000) + "}")) {
            out.add(bytes(s));
        }
        out.add(bytes("[".repeat(200_000)));
        out.add(new byte[]{(byte) 0xFF, (byte) 0xFE, '{', 0, '}', 0});
        out.add(new byte[]{'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
        out.add(junk(2048, 1));
        out.add(new byte[1024]);
        return out;
    }

    private static List<byte[]> notCsv() {
        List<byte[]> out = new ArrayList<>(malformedJson());
        out.add(new byte[0]);
        out.add(bytes("\"phone_number\n+12125558000\n"));
        out.add(bytes("name,number_missing\nAda,+12125558000\n"));
        out.add(bytes("\uFEFF\uFEFF\r\r\r"));
        return out;
    }

    /** A body that would be valid for the route if its path were: garbage in the path must fail on the path alone. */
    private static byte[] plausibleBody(Routes.Route route) {
        return switch (route.body()) {
            case NONE -> null;
            case JSON, OPTIONAL_JSON -> bytes("{}");
            case CSV -> bytes("phone_number\n+12125558000\n");
            case AUDIO -> new byte[800];
        };
    }

    private static String plausibleType(Routes.Route route) {
        return switch (route.body()) {
            case NONE, JSON, OPTIONAL_JSON -> "application/json";
            case CSV -> "text/csv";
            case AUDIO -> "application/octet-stream";
        };
    }

    /** Methods no route of a path takes answer 405. */
    private void wrongMethods() throws Exception {
        Map<String, List<String>> methods = new LinkedHashMap<>();
        for (Routes.Route r : server.routeTable()) methods.computeIfAbsent(r.path(), k -> new ArrayList<>()).add(r.method());
        for (var e : methods.entrySet()) {
            Routes.Route any = server.routeTable().stream().filter(r -> r.path().equals(e.getKey())).findFirst().orElseThrow();
            for (String m : List.of("PUT", "PATCH", "DELETE", "POST", "TRACE")) {
                if (e.getValue().contains(m)) continue;
                expect(m, validPath(any), with(auth(any, Credentials.TOKEN), "Content-Type", "application/json"), bytes("{}"), 405, null);
            }
        }
    }

    // ------------------------------------------------------------------ checks

    /**
     * Sends one bad request and records what is wrong with the answer, if anything.
     *
     * @param status the exact status expected, or 0 for any 4xx
     * @param field  the field the error must name, or null
     */
    private void expect(String method, String target, Map<String, String> headers, byte[] body, int status, String field) throws Exception {
        expect(method, target, headers, body, status, 499, field);
    }

    private void expect(String method, String target, Map<String, String> headers, byte[] body, int status, int maxStatus) throws Exception {
        expect(method, target, headers, body, status, maxStatus, null);
    }

    private void expect(String method, String target, Map<String, String> headers, byte[] body, int status, int maxStatus, String field) throws Exception {
        requests++;
        String what = method + " " + RawHttp.abbreviate(target) + (body == null ? "" : " [" + RawHttp.abbreviate(new String(body, StandardCharsets.UTF_8)
                .replaceAll("\\p{Cntrl}", "?")) + "] " + headers.getOrDefault("Content-Type", ""));
        RawHttp.Response r;
        try {
            r = http.send(method, target, headers, body);
        } catch (RawHttp.Hang h) {
            failures.add("HANG " + what);
            return;
        }
        if (status != 0 && r.status() != status || r.status() < 400 && maxStatus < 500 || r.status() > maxStatus) {
            failures.add(r.status() + " (expected " + (status != 0 ? status : maxStatus < 500 ? "4xx" : "no 5xx") + ") " + what + " -> "
                    + RawHttp.abbreviate(r.body()));
            return;
        }
        if (r.status() < 400) return;
        if (r.status() == 400 && MALFORMED_ESCAPE.matcher(target).find() && r.body().isEmpty()) {
            return; // Undertow's HTTP parser refuses a malformed %-escape before any handler runs: a bare 400 is all it can be
        }
        String type = r.header("content-type");
        JsonNode error;
        try {
            error = type != null && type.startsWith("application/json") ? Http.JSON.readTree(r.body()) : null;
        } catch (Exception e) {
            error = null;
        }
        if (error == null || !error.path("error").isTextual() || error.path("error").asText().isBlank()) {
            failures.add(r.status() + " without a JSON error: " + what + " -> " + type + " " + RawHttp.abbreviate(r.body()));
        } else if (field != null && !field.equals(error.path("field").asText(null))) {
            failures.add("error names field " + error.path("field") + ", not " + field + ": " + what + " -> " + r.body());
        }
    }

    private void assertNoFailures() {
        if (failures.isEmpty()) return;
        List<String> distinct = failures.stream().distinct().toList();
        distinct.forEach(f -> System.out.println("BAD ANSWER " + f));
        throw new AssertionError(distinct.size() + " bad answers (of " + requests + " requests), e.g.:\n  "
                + String.join("\n  ", distinct.subList(0, Math.min(60, distinct.size()))));
    }

    private void assertServerUp() throws Exception {
        RawHttp.Response h = http.send("GET", "/api/health", Map.of(), null);
        assertEquals(200, h.status(), "still up: " + h.body());
        assertEquals("ok", Http.JSON.readTree(h.body()).get("status").asText());
    }

    // ------------------------------------------------------------------ helpers

    private static List<String> params(String path) {
        List<String> out = new ArrayList<>();
        Matcher m = PARAM.matcher(path);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    /** The route's path with valid values for its parameters, except those in {@code override}. */
    private String concrete(Routes.Route route, Map<String, String> override) {
        String path = route.path();
        Matcher m = PARAM.matcher(path);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = override.containsKey(name) ? override.get(name)
                    : name.equals("tool") ? "add_to_dnc" : validValue(path.substring(0, m.end()));
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String validPath(Routes.Route route) {
        return concrete(route, Map.of());
    }

    private String junkPath(Routes.Route route, String junkForEveryParam) {
        Map<String, String> all = new LinkedHashMap<>();
        for (String p : params(route.path())) all.put(p, junkForEveryParam);
        return concrete(route, all);
    }

    /** Valid paths of a route: one per AI tool for the tool route, else one. */
    private List<String> concreteAll(Routes.Route route) {
        if (!route.path().contains("{tool}")) return List.of(validPath(route));
        return new java.util.TreeSet<>(AiContext.KNOWN_TOOLS).stream().map(t -> concrete(route, Map.of("tool", t))).toList();
    }

    private String validValue(String pathUpToParam) {
        String v = validParams.get(pathUpToParam);
        if (v == null) throw new AssertionError("no seeded value for " + pathUpToParam + ": seed one in ApiBadInputTest.seed() for the new route");
        return v;
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> m = new LinkedHashMap<>(headers);
        m.put(name, value);
        return m;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] junk(int size, long seed) {
        byte[] b = new byte[size];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }
}
