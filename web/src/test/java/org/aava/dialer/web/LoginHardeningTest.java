package org.aava.dialer.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.aava.dialer.core.ai.AiContext;
import org.aava.dialer.core.ai.AiContexts;
import org.aava.dialer.core.ai.AttachTarget;
import org.aava.dialer.core.model.AmdOptions;
import org.aava.dialer.core.ports.AuditLog;
import org.aava.dialer.store.SqliteStore;
import org.aava.dialer.store.StoreOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.aava.dialer.core.testing.MutableClock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Login and token hardening of issue 17: expiring delays instead of a lockout, JSON and same-origin logins, audit, hashes. */
class LoginHardeningTest {
    static final String PASSWORD = "the-right-password";
    static final String TOKEN = "test-api-token-0123456789";
    @TempDir
    Path dir;
    private SqliteStore store;
    private WebServer server;
    private ExecutorService workers;
    private final MutableClock clock = new MutableClock("2026-01-05T15:00:00Z");
    private HttpClient http;
    private String base;

    @BeforeEach
    void setUp() {
        store = SqliteStore.open(dir.resolve("web.db"), StoreOptions.defaults());
        workers = Executors.newVirtualThreadPerTaskExecutor();
    }

    private void start(String adminPassword, WebSecurity security) {
        AiContexts contexts = new AiContexts(List.of(new AiContext("default", "p", "hi", "prov", List.of(), AttachTarget.stasis("ai"))));
        server = new WebServer(new WebSettings("127.0.0.1", 0, adminPassword, TOKEN, "", dir.resolve("media"), dir, 1 << 20,
                ZoneId.of("UTC"), "test").withSecurity(security),
                new WebDependencies(store.campaigns(), store.leads(), store.attempts(), store.dnc(), store.callHistory(), store.audit(),
                        contexts, null, () -> Map.of("db", "ok"), () -> "", AmdOptions.DEFAULTS, () -> "", clock, workers).withUsers(store.users()), TestMedia.of(store));
        server.start();
        base = "http://127.0.0.1:" + server.port();
        http = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
        workers.shutdownNow();
        store.close();
    }

    private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        b.POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> login(String password) throws Exception {
        return post("/api/login", "{\"password\":\"" + password + "\"}", "Content-Type", "application/json");
    }

    private String adminHash() {
        return store.users().find("admin").join().orElseThrow().passwordHash();
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void wrongGuessesCostAGrowingDelayAndTheRightPasswordWorksOnceItPasses() throws Exception {
        start(PASSWORD, WebSecurity.defaults());
        for (int i = 0; i < 5; i++) assertEquals(401, login("guess" + i).statusCode(), "the first failures are free");
        HttpResponse<String> sixth = login("guess5");
        assertEquals(401, sixth.statusCode());
        assertNull(Http.JSON.readTree(sixth.body()).get("field"), "the login error names no field");
        assertEquals("login failed", Http.JSON.readTree(sixth.body()).get("error").asText());
        HttpResponse<String> delayed = login(PASSWORD);
        assertEquals(429, delayed.statusCode(), "even the right password waits out the delay");
        assertEquals("1", delayed.headers().firstValue("Retry-After").orElseThrow());
        clock.advance(Duration.ofMillis(1500));
        assertEquals(401, login("guess6").statusCode());
        assertEquals("2", login(PASSWORD).headers().firstValue("Retry-After").orElseThrow(), "the delay doubles");
        clock.advance(Duration.ofMillis(2500));
        assertEquals(200, login(PASSWORD).statusCode(), "no restart needed: the right password works once the delay passed");
        for (int i = 0; i < 5; i++) assertEquals(401, login("again" + i).statusCode(), "a success resets the count");
    }

    @Test
    void aLoginMustBeJsonFromOurOwnPage() throws Exception {
        start(PASSWORD, WebSecurity.defaults());
        String body = "{\"password\":\"" + PASSWORD + "\"}";
        assertEquals(415, post("/api/login", body).statusCode(), "no Content-Type (a cross-site form or beacon)");
        assertEquals(415, post("/api/login", body, "Content-Type", "text/plain").statusCode());
        assertEquals(403, post("/api/login", body, "Content-Type", "application/json", "Origin", "http://evil.example").statusCode());
        assertEquals(403, post("/api/login", body, "Content-Type", "application/json", "Origin", "null").statusCode());
        assertEquals(403, post("/api/login", body, "Content-Type", "application/json", "Origin", "https://127.0.0.1:" + server.port()).statusCode(),
                "another scheme is another origin");
        assertEquals(200, post("/api/login", body, "Content-Type", "application/json", "Origin", base).statusCode());
    }

    @Test
    void everyFailedAndSuccessfulLoginIsAudited() throws Exception {
        start(PASSWORD, WebSecurity.defaults());
        assertEquals(401, login("nope").statusCode());
        assertEquals(200, login(PASSWORD).statusCode());
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<AuditLog.AuditEntry> entries = List.of();
        while (System.nanoTime() < deadline) {
            entries = store.audit().page("user:admin", 1, 50).join().items();
            if (entries.size() >= 2) break;
            Thread.sleep(20);
        }
        List<String> actions = entries.stream().map(AuditLog.AuditEntry::action).sorted().toList();
        assertEquals(List.of("login.failed", "login.ok"), actions);
        assertTrue(entries.stream().allMatch(e -> e.details().contains("address=127.0.0.1")), entries.toString());
    }

    @Test
    void logoutNeedsTheSessionsCsrfToken() throws Exception {
        start(PASSWORD, WebSecurity.defaults());
        HttpResponse<String> in = login(PASSWORD);
        String csrf = Http.JSON.readTree(in.body()).get("csrf_token").asText();
        assertEquals(403, post("/api/logout", null).statusCode(), "another site cannot log the operator out");
        assertEquals(200, get("/api/session").statusCode(), "still logged in");
        assertEquals(200, post("/api/logout", null, "X-CSRF-Token", csrf).statusCode());
        assertEquals(401, get("/api/session").statusCode());
    }

    @Test
    void theCookieIsSecureWhenConfiguredOrBehindATrustedTlsProxy() throws Exception {
        start(PASSWORD, new WebSecurity(false, List.of(), 12));
        String plain = login(PASSWORD).headers().firstValue("Set-Cookie").orElseThrow();
        assertFalse(plain.toLowerCase().contains("secure"), plain);
        assertFalse(post("/api/login", "{\"password\":\"" + PASSWORD + "\"}", "Content-Type", "application/json", "X-Forwarded-Proto", "https")
                .headers().firstValue("Set-Cookie").orElseThrow().toLowerCase().contains("secure"), "X-Forwarded-Proto from an untrusted peer is ignored");
        server.close();
        start(PASSWORD, new WebSecurity(false, List.of("127.0.0.1"), 12));
        assertTrue(post("/api/login", "{\"password\":\"" + PASSWORD + "\"}", "Content-Type", "application/json", "X-Forwarded-Proto", "https")
                .headers().firstValue("Set-Cookie").orElseThrow().toLowerCase().contains("secure"), "a trusted proxy's https is believed");
        server.close();
        start(PASSWORD, new WebSecurity(true, List.of(), 12));
        String secure = login(PASSWORD).headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(secure.toLowerCase().contains("secure") && secure.contains("HttpOnly"), secure);
    }

    @Test
    void badApiTokensAreRateLimitedPerAddress() throws Exception {
        start(PASSWORD, WebSecurity.defaults());
        for (int i = 0; i < 20; i++) assertEquals(401, get("/api/outbound/campaigns", "Authorization", "Bearer wrong-" + i).statusCode());
        assertEquals(401, get("/api/outbound/campaigns", "Authorization", "Bearer wrong-x").statusCode());
        HttpResponse<String> limited = get("/api/outbound/campaigns", "Authorization", "Bearer " + TOKEN);
        assertEquals(429, limited.statusCode(), "guessing is slowed to a crawl, the right token waits too");
        clock.advance(Duration.ofSeconds(2));
        assertEquals(200, get("/api/outbound/campaigns", "Authorization", "Bearer " + TOKEN).statusCode());
    }

    @Test
    void anOldHashIsAcceptedAndUpgradedOnLogin() throws Exception {
        Path file = dir.resolve("admin-password.hash");
        Files.writeString(file, PasswordHashes.legacyHash(PASSWORD, "00112233445566778899aabbccddeeff"));
        start("", WebSecurity.defaults());
        assertEquals(200, login(PASSWORD).statusCode(), "a 120,000-iteration hash from before users still logs in");
        String stored = adminHash();
        assertTrue(stored.startsWith("pbkdf2-sha256$600000$"), "upgraded in the database");
        assertTrue(PasswordHashes.matches(PASSWORD, stored));
        server.close();
        start("", WebSecurity.defaults());
        assertEquals(200, login(PASSWORD).statusCode(), "the upgraded hash works after a restart");
    }

    @Test
    void theAdminChangesThePasswordWithTheCurrentOneAndOtherSessionsEnd() throws Exception {
        Files.writeString(dir.resolve("admin-password.hash"), PasswordHashes.hash(PASSWORD));
        start("", WebSecurity.defaults());
        HttpClient other = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
        HttpRequest otherLogin = HttpRequest.newBuilder(URI.create(base + "/api/login")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"password\":\"" + PASSWORD + "\"}")).build();
        assertEquals(200, other.send(otherLogin, HttpResponse.BodyHandlers.ofString()).statusCode());
        String csrf = Http.JSON.readTree(login(PASSWORD).body()).get("csrf_token").asText();
        String fresh = "a-new-long-passphrase";
        String[] json = {"Content-Type", "application/json", "X-CSRF-Token", csrf};
        HttpResponse<String> wrong = post("/api/users/me/password", "{\"current_password\":\"guess\",\"new_password\":\"" + fresh + "\"}", json);
        assertEquals(403, wrong.statusCode(), wrong.body());
        assertEquals("current_password", Http.JSON.readTree(wrong.body()).get("field").asText());
        HttpResponse<String> tooShort = post("/api/users/me/password", "{\"current_password\":\"" + PASSWORD + "\",\"new_password\":\"short\"}", json);
        assertEquals(400, tooShort.statusCode());
        assertEquals("new_password", Http.JSON.readTree(tooShort.body()).get("field").asText());
        HttpResponse<String> ok = post("/api/users/me/password", "{\"current_password\":\"" + PASSWORD + "\",\"new_password\":\"" + fresh + "\"}", json);
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals(200, get("/api/session").statusCode(), "the session that changed it stays");
        HttpRequest otherSession = HttpRequest.newBuilder(URI.create(base + "/api/session")).build();
        assertEquals(401, other.send(otherSession, HttpResponse.BodyHandlers.ofString()).statusCode(), "every other session ends");
        assertTrue(PasswordHashes.matches(fresh, adminHash()), "stored hashed in the database, survives a restart");
        assertEquals(401, login(PASSWORD).statusCode(), "the old password no longer works");
        assertEquals(200, login(fresh).statusCode());
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<String> actions = List.of();
        while (System.nanoTime() < deadline && !actions.contains("password.changed")) {
            actions = store.audit().page("user:admin", 1, 50).join().items().stream().map(AuditLog.AuditEntry::action).toList();
            Thread.sleep(20);
        }
        assertTrue(actions.contains("password.changed") && actions.contains("password.change_failed"), actions.toString());
    }

    @Test
    void aPasswordFromTheConfigurationIsChangedThereNotThroughTheApi() throws Exception {
        start(PASSWORD, WebSecurity.defaults());
        String csrf = Http.JSON.readTree(login(PASSWORD).body()).get("csrf_token").asText();
        HttpResponse<String> r = post("/api/users/me/password", "{\"current_password\":\"" + PASSWORD + "\",\"new_password\":\"a-new-long-passphrase\"}",
                "Content-Type", "application/json", "X-CSRF-Token", csrf);
        assertEquals(409, r.statusCode());
        assertTrue(r.body().contains("web.admin_password"), r.body());
    }

    @Test
    void anEmptyHashFileFromBeforeUsersRefusesToStartAndWithoutOneAPasswordIsGeneratedIntoTheDatabase() throws Exception {
        Path file = dir.resolve("admin-password.hash");
        Files.writeString(file, "");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> start("", WebSecurity.defaults()));
        assertTrue(e.getMessage().contains("empty") && e.getMessage().contains("Delete it"), e.getMessage());
        Files.delete(file);
        start("", WebSecurity.defaults());
        assertTrue(adminHash().startsWith("pbkdf2-sha256$600000$"));
        assertFalse(Files.exists(file), "no secret file per node: the database keeps the hash");
        server.close();
        server = null;
        Files.writeString(file, "");
        start("", WebSecurity.defaults());
        assertEquals(1, store.users().all().join().size(), "once the database has an admin, the old file is not read");
    }

    @Test
    void throttleDelaysExpireAndArePruned() {
        MutableClock c = new MutableClock("2026-01-05T15:00:00Z");
        LoginThrottle t = new LoginThrottle(c, 2, Duration.ofSeconds(1), Duration.ofSeconds(8), Duration.ofMinutes(10));
        assertEquals(Duration.ZERO, t.failed("a"));
        assertEquals(Duration.ZERO, t.failed("a"));
        assertEquals(Duration.ofSeconds(1), t.failed("a"));
        assertEquals(Duration.ofSeconds(2), t.failed("a"));
        for (int i = 0; i < 10; i++) t.failed("a");
        assertEquals(Duration.ofSeconds(8), t.wait("a"), "capped");
        c.advance(Duration.ofMinutes(11));
        assertEquals(Duration.ZERO, t.wait("a"), "forgotten after a quiet spell");
        t.failed("b");
        c.advance(Duration.ofMinutes(11));
        t.prune();
        assertEquals(0, t.size());
    }
}
