package org.aava.dialer.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.aava.dialer.core.ports.AuditLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.aava.dialer.core.ai.AiContext;
import org.aava.dialer.core.ai.AiContexts;
import org.aava.dialer.core.ai.AttachTarget;
import org.aava.dialer.core.model.AmdOptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Users and roles (issue 18): logins by username, what each role may do, the last admin, sessions, audit. */
class UsersAndRolesTest {
    private static final String PW = "a-long-enough-passphrase";
    @TempDir
    Path dir;
    private ApiFixture api;

    @BeforeEach
    void setUp() throws Exception {
        api = new ApiFixture(dir, TestMedia::of);
    }

    @AfterEach
    void tearDown() {
        api.close();
    }

    /** One browser: its own cookie jar and the CSRF token of its login. */
    private final class Browser {
        private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        private final String base;
        private String csrf = "";

        Browser() {
            this(api.base);
        }

        /** A browser of another node's page. */
        Browser(String base) {
            this.base = base;
        }

        HttpResponse<String> login(String json) throws Exception {
            HttpResponse<String> r = send("POST", "/api/login", json);
            if (r.statusCode() == 200) csrf = ApiFixture.body(r).get("csrf_token").asText();
            return r;
        }

        Browser as(String username, String password) throws Exception {
            HttpResponse<String> r = login("{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
            assertEquals(200, r.statusCode(), r.body());
            return this;
        }

        HttpResponse<String> send(String method, String path, String json) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                    .header("X-CSRF-Token", csrf).header("Content-Type", "application/json");
            b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        int status(String method, String path, String json) throws Exception {
            return send(method, path, json).statusCode();
        }
    }

    private HttpResponse<String> createUser(String username, String role) throws Exception {
        return api.json("POST", "/api/users", "{\"username\":\"" + username + "\",\"password\":\"" + PW + "\",\"role\":\"" + role + "\"}");
    }

    private void user(String username, String role) throws Exception {
        HttpResponse<String> r = createUser(username, role);
        assertEquals(201, r.statusCode(), r.body());
    }

    private static String field(HttpResponse<String> r) throws Exception {
        return ApiFixture.body(r).path("field").asText(null);
    }

    @Test
    void aLoginWithoutAUsernameIsTheAdminsAndWithOneThatUsers() throws Exception {
        Browser admin = new Browser();
        assertEquals(200, admin.login("{\"password\":\"admin-secret\"}").statusCode(), "today's scripts keep working");
        JsonNode me = ApiFixture.body(admin.send("GET", "/api/users/me", null));
        assertEquals("admin", me.get("username").asText());
        assertEquals("admin", me.get("role").asText());
        assertEquals(200, new Browser().login("{\"username\":\"admin\",\"password\":\"admin-secret\"}").statusCode());

        user("olga", "operator");
        Browser olga = new Browser().as("olga", PW);
        me = ApiFixture.body(olga.send("GET", "/api/users/me", null));
        assertEquals("olga", me.get("username").asText());
        assertEquals("operator", me.get("role").asText());
        JsonNode session = ApiFixture.body(olga.send("GET", "/api/session", null));
        assertEquals("olga", session.get("username").asText());
        assertEquals("operator", session.get("role").asText());

        HttpResponse<String> wrong = new Browser().login("{\"username\":\"olga\",\"password\":\"admin-secret\"}");
        HttpResponse<String> unknown = new Browser().login("{\"username\":\"nobody\",\"password\":\"" + PW + "\"}");
        HttpResponse<String> malformed = new Browser().login("{\"username\":\"Not A Name\",\"password\":\"" + PW + "\"}");
        assertEquals(401, wrong.statusCode());
        assertEquals(wrong.body(), unknown.body(), "an unknown user looks like a wrong password");
        assertEquals(wrong.body(), malformed.body());
    }

    @Test
    void eachRoleMayDoWhatItsRoleSaysAndTheServerRefusesTheRest() throws Exception {
        user("vera", "viewer");
        user("olga", "operator");
        user("ada", "admin");
        long campaign = api.campaign("Seeded");
        String newCampaign = "{\"name\":\"By role\",\"timezone\":\"America/New_York\"}";
        String newUser = "{\"username\":\"zed\",\"password\":\"" + PW + "\",\"role\":\"viewer\"}";

        Browser vera = new Browser().as("vera", PW);
        assertEquals(200, vera.status("GET", "/api/outbound/campaigns", null), "a viewer reads");
        assertEquals(200, vera.status("GET", "/api/outbound/campaigns/" + campaign + "/stats", null));
        HttpResponse<String> write = vera.send("POST", "/api/outbound/campaigns", newCampaign);
        assertEquals(403, write.statusCode(), "a viewer writes nothing");
        assertTrue(write.body().contains("operator"), write.body());
        assertEquals(403, vera.status("DELETE", "/api/outbound/campaigns/" + campaign, null));
        assertEquals(403, vera.status("POST", "/api/outbound/dnc", "{\"phone_number\":\"+12125559001\"}"));
        assertEquals(403, vera.status("GET", "/api/users", null));
        assertEquals(403, vera.status("POST", "/api/users", newUser));

        Browser olga = new Browser().as("olga", PW);
        assertEquals(200, olga.status("GET", "/api/outbound/campaigns", null));
        assertEquals(201, olga.status("POST", "/api/outbound/campaigns", newCampaign), "an operator runs the dialer");
        assertEquals(201, olga.status("POST", "/api/outbound/dnc", "{\"phone_number\":\"+12125559001\"}"));
        assertEquals(403, olga.status("GET", "/api/users", null), "but not the users");
        assertEquals(403, olga.status("POST", "/api/users", newUser));
        assertEquals(403, olga.status("PATCH", "/api/users/vera", "{\"role\":\"admin\"}"));
        assertEquals(403, olga.status("DELETE", "/api/users/vera", null));

        Browser ada = new Browser().as("ada", PW);
        assertEquals(200, ada.status("GET", "/api/outbound/campaigns", null));
        assertEquals(201, ada.status("POST", "/api/outbound/campaigns", "{\"name\":\"By admin\",\"timezone\":\"America/New_York\"}"));
        assertEquals(200, ada.status("GET", "/api/users", null));
        assertEquals(201, ada.status("POST", "/api/users", newUser), "an admin manages the users");
        assertEquals(200, ada.status("PATCH", "/api/users/zed", "{\"role\":\"operator\"}"));
        assertEquals(200, ada.status("DELETE", "/api/users/zed", null));

        assertEquals(200, api.json("GET", "/api/users", null).statusCode(), "the API token acts as an admin");
        JsonNode me = ApiFixture.body(api.json("GET", "/api/users/me", null));
        assertEquals("api-token", me.get("username").asText());
        assertEquals("admin", me.get("role").asText());
        assertEquals(403, new Browser().as("vera", PW).send("POST", "/api/outbound/campaigns", newCampaign).statusCode());
    }

    @Test
    void theLastAdminCanBeNeitherDeletedNorDemoted() throws Exception {
        HttpResponse<String> demote = api.json("PATCH", "/api/users/admin", "{\"role\":\"operator\"}");
        assertEquals(409, demote.statusCode(), demote.body());
        assertTrue(demote.body().contains("last admin"), demote.body());
        user("ada", "admin");
        assertEquals(200, api.json("PATCH", "/api/users/admin", "{\"role\":\"viewer\"}").statusCode(), "with another admin it may");
        HttpResponse<String> delete = api.json("DELETE", "/api/users/ada", null);
        assertEquals(409, delete.statusCode());
        assertTrue(delete.body().contains("last admin"), delete.body());
        assertEquals(409, api.json("PATCH", "/api/users/ada", "{\"role\":\"viewer\"}").statusCode());
        assertEquals(200, api.json("PATCH", "/api/users/admin", "{\"role\":\"admin\"}").statusCode());
        assertEquals(200, api.json("DELETE", "/api/users/ada", null).statusCode(), "not the last one any more");
    }

    @Test
    void aConfiguredAdminPasswordIsChangedInTheConfigurationOnly() throws Exception {
        HttpResponse<String> reset = api.json("PATCH", "/api/users/admin", "{\"password\":\"" + PW + "\"}");
        assertEquals(409, reset.statusCode());
        assertTrue(reset.body().contains("web.admin_password"), reset.body());
        user("ada", "admin");
        assertEquals(409, api.json("DELETE", "/api/users/admin", null).statusCode(), "it would come back at the next start");
        Browser admin = new Browser().as("admin", "admin-secret");
        assertEquals(409, admin.status("POST", "/api/users/me/password", "{\"current_password\":\"admin-secret\",\"new_password\":\"" + PW + "\"}"));
    }

    @Test
    void changingARoleOrPasswordOrDeletingAUserEndsTheirSessions() throws Exception {
        user("olga", "operator");
        Browser first = new Browser().as("olga", PW);
        Browser second = new Browser().as("olga", PW);
        assertEquals(200, api.json("PATCH", "/api/users/olga", "{\"role\":\"viewer\"}").statusCode());
        assertEquals(401, first.status("GET", "/api/session", null), "a new role needs a new login");
        assertEquals(401, second.status("GET", "/api/outbound/campaigns", null));
        Browser again = new Browser().as("olga", PW);
        assertEquals("viewer", ApiFixture.body(again.send("GET", "/api/users/me", null)).get("role").asText());

        String fresh = "another-long-passphrase";
        assertEquals(200, api.json("PATCH", "/api/users/olga", "{\"password\":\"" + fresh + "\"}").statusCode());
        assertEquals(401, again.status("GET", "/api/session", null), "a reset password ends the sessions");
        assertEquals(401, new Browser().login("{\"username\":\"olga\",\"password\":\"" + PW + "\"}").statusCode());
        Browser afterReset = new Browser().as("olga", fresh);

        assertEquals(200, api.json("DELETE", "/api/users/olga", null).statusCode());
        assertEquals(401, afterReset.status("GET", "/api/session", null), "a deleted user is logged out");
        assertEquals(401, new Browser().login("{\"username\":\"olga\",\"password\":\"" + fresh + "\"}").statusCode());
    }

    @Test
    void aChangeOnOneNodeEndsTheUsersSessionsOnAnotherSharingTheDatabase() throws Exception {
        user("olga", "operator");
        ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
        WebServer other = new WebServer(new WebSettings("127.0.0.1", 0, "admin-secret", ApiFixture.TOKEN, "", dir.resolve("media"), dir, 1 << 20,
                ZoneId.of("UTC"), "test"),
                new WebDependencies(api.store.campaigns(), api.store.leads(), api.store.attempts(), api.store.dnc(), api.store.callHistory(),
                        api.store.audit(), new AiContexts(List.of(new AiContext("default", "p", "hi", "prov", List.of(), AttachTarget.stasis("ai")))), null, () -> Map.of("db", "ok"), () -> "", AmdOptions.DEFAULTS, () -> "",
                        Clock.systemUTC(), workers).withUsers(api.store.users()), TestMedia.of(api.store));
        other.start();
        try {
            Browser onOther = new Browser("http://127.0.0.1:" + other.port()).as("olga", PW);
            assertEquals(200, onOther.status("GET", "/api/outbound/campaigns", null), "the other node knows olga from the database");
            assertEquals(200, api.json("PATCH", "/api/users/olga", "{\"role\":\"viewer\"}").statusCode());
            assertEquals(401, onOther.status("GET", "/api/outbound/campaigns", null), "the other node sees the new version and ends the session");
        } finally {
            other.close();
            workers.shutdownNow();
        }
    }

    @Test
    void everyUserChangesTheirOwnPasswordWithTheCurrentOne() throws Exception {
        user("vera", "viewer");
        Browser mine = new Browser().as("vera", PW);
        Browser other = new Browser().as("vera", PW);
        String fresh = "vera-has-a-new-passphrase";
        HttpResponse<String> wrong = mine.send("POST", "/api/users/me/password", "{\"current_password\":\"guess\",\"new_password\":\"" + fresh + "\"}");
        assertEquals(403, wrong.statusCode());
        assertEquals("current_password", field(wrong));
        HttpResponse<String> shortOne = mine.send("POST", "/api/users/me/password", "{\"current_password\":\"" + PW + "\",\"new_password\":\"short\"}");
        assertEquals(400, shortOne.statusCode());
        assertEquals("new_password", field(shortOne));
        HttpResponse<String> ok = mine.send("POST", "/api/users/me/password", "{\"current_password\":\"" + PW + "\",\"new_password\":\"" + fresh + "\"}");
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals(200, mine.status("GET", "/api/outbound/campaigns", null), "the session that changed it stays");
        assertEquals(401, other.status("GET", "/api/session", null), "the user's other sessions end");
        new Browser().as("vera", fresh);
        assertEquals(409, api.json("POST", "/api/users/me/password", "{\"current_password\":\"x\",\"new_password\":\"" + fresh + "\"}").statusCode(),
                "the API token has no password of its own");
    }

    @Test
    void usernamesPasswordsAndRolesAreValidated() throws Exception {
        for (String bad : List.of("", "Ann", "has space", "-dash", "a/b", "x".repeat(65), "me")) {
            HttpResponse<String> r = createUser(bad, "viewer");
            assertEquals(400, r.statusCode(), bad + ": " + r.body());
            assertEquals("username", field(r), bad);
        }
        user("ann.b_2-x", "viewer");
        HttpResponse<String> dup = createUser("ann.b_2-x", "operator");
        assertEquals(409, dup.statusCode(), dup.body());
        HttpResponse<String> shortPw = api.json("POST", "/api/users", "{\"username\":\"bob\",\"password\":\"short\",\"role\":\"viewer\"}");
        assertEquals(400, shortPw.statusCode());
        assertEquals("password", field(shortPw));
        HttpResponse<String> badRole = createUser("bob", "root");
        assertEquals(400, badRole.statusCode());
        assertEquals("role", field(badRole));
        assertEquals("role", field(api.json("POST", "/api/users", "{\"username\":\"bob\",\"password\":\"" + PW + "\"}")));
        assertEquals("password", field(api.json("PATCH", "/api/users/ann.b_2-x", "{\"password\":\"short\"}")));
        assertEquals(400, api.json("PATCH", "/api/users/ann.b_2-x", "{}").statusCode(), "a change must change something");
        assertEquals(404, api.json("PATCH", "/api/users/nobody", "{\"role\":\"viewer\"}").statusCode());
        assertEquals(404, api.json("DELETE", "/api/users/nobody", null).statusCode());
        assertEquals(List.of("admin", "ann.b_2-x"), names(api.json("GET", "/api/users", null)));
    }

    @Test
    void theAuditLogNamesTheUserAndNoAnswerOrEntryCarriesAHash() throws Exception {
        Browser admin = new Browser().as("admin", "admin-secret");
        HttpResponse<String> created = admin.send("POST", "/api/users", "{\"username\":\"olga\",\"password\":\"" + PW + "\",\"role\":\"operator\"}");
        assertEquals(201, created.statusCode(), created.body());
        HttpResponse<String> patched = admin.send("PATCH", "/api/users/olga", "{\"password\":\"" + PW + "-2\"}");
        Browser olga = new Browser().as("olga", PW + "-2");
        assertEquals(201, olga.status("POST", "/api/outbound/campaigns", "{\"name\":\"Olga's\",\"timezone\":\"America/New_York\"}"));
        assertEquals(200, api.json("DELETE", "/api/users/olga", null).statusCode());
        HttpResponse<String> list = api.json("GET", "/api/users", null);
        for (HttpResponse<String> r : List.of(created, patched, list, admin.send("GET", "/api/users/me", null), admin.send("GET", "/api/session", null))) {
            assertFalse(r.body().contains("pbkdf2") || r.body().contains("hash") || r.body().contains(PW), r.body());
        }

        List<AuditLog.AuditEntry> entries = api.store.audit().page(null, 1, 200).join().items();
        assertEquals("olga", actor(entries, "campaign.create"), "the user who did it, not 'admin'");
        assertEquals("admin", actor(entries, "user.created"));
        assertEquals("admin", actor(entries, "user.updated"));
        assertEquals("api-token", actor(entries, "user.deleted"));
        AuditLog.AuditEntry createdEntry = entries.stream().filter(e -> e.action().equals("user.created")).findFirst().orElseThrow();
        assertEquals("user:olga", createdEntry.subject());
        assertEquals("role=operator", createdEntry.details());
        for (AuditLog.AuditEntry e : entries) {
            String text = e.actor() + " " + e.subject() + " " + e.details();
            assertFalse(text.contains("pbkdf2") || text.contains(PW), text);
        }
    }

    private static String actor(List<AuditLog.AuditEntry> entries, String action) {
        return entries.stream().filter(e -> e.action().equals(action)).map(AuditLog.AuditEntry::actor).findFirst()
                .orElseThrow(() -> new AssertionError("no " + action + " in " + entries));
    }

    private static List<String> names(HttpResponse<String> r) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        ApiFixture.body(r).get("users").forEach(u -> out.add(u.get("username").asText()));
        return out;
    }
}
