package org.aava.dialer.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.aava.dialer.core.ai.AiContext;
import org.aava.dialer.core.ai.AiContexts;
import org.aava.dialer.core.ai.AttachTarget;
import org.aava.dialer.core.model.AmdOptions;
import org.aava.dialer.core.ports.LeaseRequest;
import org.aava.dialer.store.SqliteStore;
import org.aava.dialer.store.StoreOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bulk actions, a lead's call history, the pre-start checklist, live numbers, lead sorting and the run window, over real HTTP. */
class LeadToolsApiTest {
    static final String TOKEN = "test-api-token-0123456789";
    @TempDir
    Path dir;
    private SqliteStore store;
    private WebServer server;
    private ExecutorService workers;
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
    private String base;

    @BeforeEach
    void start() throws Exception {
        store = SqliteStore.open(dir.resolve("web.db"), StoreOptions.defaults());
        workers = Executors.newVirtualThreadPerTaskExecutor();
        Files.createDirectories(dir.resolve("media/ai-generated"));
        org.aava.dialer.prompts.ShippedPrompts.installMissing(dir.resolve("media"));
        AiContexts contexts = new AiContexts(List.of(new AiContext("default", "p", "hi", "prov", List.of("add_to_dnc"), AttachTarget.stasis("ai")),
                new AiContext("sales", "p2", "hello", "prov", List.of(), AttachTarget.stasis("ai"))));
        server = new WebServer(new WebSettings("127.0.0.1", 0, "admin-secret", TOKEN, "", dir.resolve("media"), dir, 1 << 20,
                ZoneId.of("UTC"), "test"),
                new WebDependencies(store.campaigns(), store.leads(), store.attempts(), store.dnc(), store.callHistory(), store.audit(),
                        contexts, null, () -> Map.of("ari", "disconnected", "agi", "listening", "db", "ok"), () -> "[aava-outbound-amd]\n",
                        AmdOptions.DEFAULTS, () -> "# metrics\n", Clock.systemUTC(), workers), TestMedia.of(store));
        server.start();
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        server.close();
        workers.shutdownNow();
        store.close();
    }

    private HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> api(String method, String path, String json) throws Exception {
        return json == null ? send(method, path, null, "Authorization", "Bearer " + TOKEN)
                : send(method, path, json, "Authorization", "Bearer " + TOKEN, "Content-Type", "application/json");
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Http.JSON.readTree(r.body());
    }

    private long createCampaign(String name) throws Exception {
        HttpResponse<String> r = api("POST", "/api/outbound/campaigns", "{\"name\":\"" + name + "\",\"timezone\":\"America/New_York\","
                + "\"daily_window_start_local\":\"09:00\",\"daily_window_end_local\":\"17:00\",\"max_concurrent\":2}");
        assertEquals(201, r.statusCode(), r.body());
        return json(r).get("id").asLong();
    }

    private long campaignWithLeads(int n) throws Exception {
        long id = createCampaign("tools");
        StringBuilder csv = new StringBuilder("name,phone_number\n");
        for (int i = 0; i < n; i++) csv.append(i % 2 == 0 ? "Zed " : "Amy ").append(i).append(",+1212300").append(String.format("%04d", i)).append('\n');
        HttpResponse<String> r = send("POST", "/api/outbound/campaigns/" + id + "/leads/import", csv.toString(), "Authorization", "Bearer " + TOKEN,
                "Content-Type", "text/csv");
        assertEquals(n, json(r).get("accepted").asInt(), r.body());
        return id;
    }

    private JsonNode states(long id) throws Exception {
        return json(api("GET", "/api/outbound/campaigns/" + id + "/stats", null)).get("lead_states");
    }

    @Test
    void bulkActionsUseTheLeadListFiltersSayHowManyAndAreAudited() throws Exception {
        long id = campaignWithLeads(10);
        assertEquals(200, api("POST", "/api/outbound/campaigns/" + id + "/status", "{\"status\":\"stopped\",\"cancel_pending\":true}").statusCode());
        assertEquals(10, states(id).get("canceled").asInt());
        JsonNode dry = json(api("POST", "/api/outbound/campaigns/" + id + "/leads/bulk", "{\"action\":\"recycle\",\"state\":\"canceled\",\"q\":\"Amy\",\"dry_run\":true}"));
        assertEquals(5, dry.get("matched").asInt());
        assertEquals(10, states(id).get("canceled").asInt(), "a dry run changes nothing");
        JsonNode done = json(api("POST", "/api/outbound/campaigns/" + id + "/leads/bulk", "{\"action\":\"recycle\",\"state\":\"canceled\",\"q\":\"Amy\"}"));
        assertEquals(5, done.get("done").asInt());
        assertEquals(5, states(id).get("pending").asInt());
        assertEquals(5, states(id).get("canceled").asInt());
        json(api("POST", "/api/outbound/campaigns/" + id + "/leads/bulk", "{\"action\":\"dnc\",\"state\":\"pending\"}"));
        assertEquals(5, json(api("GET", "/api/outbound/dnc?q=%2B1212300", null)).get("total").asInt());
        JsonNode del = json(api("POST", "/api/outbound/campaigns/" + id + "/leads/bulk", "{\"action\":\"delete\",\"state\":\"canceled\"}"));
        assertEquals(5, del.get("done").asInt());
        assertEquals(5, json(api("GET", "/api/outbound/campaigns/" + id + "/leads", null)).get("total").asInt());
        List<String> actions = new java.util.ArrayList<>();
        for (JsonNode e : json(api("GET", "/api/outbound/audit?subject=campaign:" + id, null)).get("entries")) actions.add(e.get("action").asText());
        assertTrue(actions.containsAll(List.of("leads.bulk.recycle.redial", "leads.bulk.dnc", "leads.bulk.delete")), actions.toString());
        HttpResponse<String> bad = api("POST", "/api/outbound/campaigns/" + id + "/leads/bulk", "{\"action\":\"explode\"}");
        assertEquals(400, bad.statusCode());
        assertEquals("action", json(bad).get("field").asText());
        assertEquals("mode", json(api("POST", "/api/outbound/campaigns/" + id + "/leads/bulk", "{\"action\":\"recycle\",\"mode\":\"wipe\"}")).get("field").asText());
    }

    @Test
    void aBulkDeleteIsRefusedWhileTheCampaignRuns() throws Exception {
        long id = campaignWithLeads(2);
        assertEquals(200, api("POST", "/api/outbound/campaigns/" + id + "/status", "{\"status\":\"running\"}").statusCode());
        assertEquals(409, api("POST", "/api/outbound/campaigns/" + id + "/leads/bulk", "{\"action\":\"delete\"}").statusCode());
        assertEquals(2, states(id).get("pending").asInt());
    }

    @Test
    void aLeadsCallHistoryListsEveryAttemptNewestFirst() throws Exception {
        long id = campaignWithLeads(1);
        long lead = json(api("GET", "/api/outbound/campaigns/" + id + "/leads", null)).get("leads").get(0).get("id").asLong();
        for (int i = 0; i < 3; i++) {
            var a = store.attempts().open(org.aava.dialer.core.model.Attempt.opening(id, lead, "+12123000000", Instant.now().plusSeconds(i), true,
                    "PJSIP/x-" + i, "default", "prov")).join();
            store.attempts().close(a.id(), org.aava.dialer.core.model.AttemptClose.of(
                    i == 2 ? org.aava.dialer.core.model.Outcome.ANSWERED_HUMAN : org.aava.dialer.core.model.Outcome.BUSY, Instant.now().plusSeconds(i + 1))).join();
            if (i == 2) store.attempts().setDisposition(a.id(), "sale", "two units").join();
        }
        JsonNode h = json(api("GET", "/api/outbound/leads/" + lead + "/attempts", null));
        assertEquals(3, h.get("attempts").size());
        assertEquals("answered_human", h.get("attempts").get(0).get("outcome").asText());
        assertEquals("sale", h.get("attempts").get(0).get("disposition").asText());
        assertEquals("busy", h.get("attempts").get(2).get("outcome").asText());
        assertTrue(h.get("attempts").get(0).has("transcript"));
        assertEquals(404, api("GET", "/api/outbound/leads/999999/attempts", null).statusCode());
        JsonNode live = json(api("GET", "/api/outbound/campaigns/" + id + "/live", null));
        assertEquals(3, live.get("sampled_attempts").asInt());
        assertEquals(3, live.get("calls_last_minute").asInt());
        int perMinute = 0;
        for (JsonNode m : live.get("outcomes_per_minute")) for (JsonNode v : m) perMinute += v.asInt();
        assertEquals(3, perMinute);
    }

    /** The chart's range: a campaign that ran yesterday shows nothing in the last 30 min, its outcomes over 24 h and the whole campaign. */
    @Test
    void liveNumbersCoverTheRangeAskedFor() throws Exception {
        long id = campaignWithLeads(3);
        JsonNode leads = json(api("GET", "/api/outbound/campaigns/" + id + "/leads?sort=oldest", null)).get("leads");
        Instant now = Instant.now();
        Instant[] starts = {now.minus(Duration.ofHours(30)), now.minus(Duration.ofHours(20)), now.minus(Duration.ofHours(3))};
        org.aava.dialer.core.model.Outcome[] outcomes = {org.aava.dialer.core.model.Outcome.BUSY, org.aava.dialer.core.model.Outcome.ANSWERED_HUMAN,
                org.aava.dialer.core.model.Outcome.NO_ANSWER};
        for (int i = 0; i < 3; i++) {
            var a = store.attempts().open(org.aava.dialer.core.model.Attempt.opening(id, leads.get(i).get("id").asLong(),
                    leads.get(i).get("phone_number").asText(), starts[i], true, "PJSIP/r-" + i, "default", "prov")).join();
            store.attempts().close(a.id(), org.aava.dialer.core.model.AttemptClose.of(outcomes[i], starts[i].plusSeconds(20))).join();
        }
        java.util.function.BiFunction<String, Integer, Void> expect = (range, n) -> {
            try {
                JsonNode live = json(api("GET", "/api/outbound/campaigns/" + id + "/live?range=" + range, null));
                assertEquals(range, live.get("range").asText());
                int total = 0;
                for (JsonNode b : live.get("outcomes_over_time")) for (JsonNode v : b) total += v.asInt();
                assertEquals(n, total, range + ": " + live);
                assertEquals(n, live.get("sampled_attempts").asInt(), range);
                assertTrue(live.get("outcomes_over_time").size() <= LeadToolsApi.MAX_BUCKETS + 2, range + " buckets: " + live.get("outcomes_over_time").size());
                long bucket = live.get("bucket_seconds").asLong();
                Instant from = Instant.parse(live.get("from_utc").asText()), to = Instant.parse(live.get("to_utc").asText());
                for (var it = live.get("outcomes_over_time").fieldNames(); it.hasNext(); ) {
                    Instant t = Instant.parse(it.next());
                    assertEquals(0, t.getEpochSecond() % bucket, "buckets start on their size");
                    assertTrue(!t.isBefore(from) && t.isBefore(to), t + " within " + from + ".." + to);
                }
                return null;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        expect.apply("30m", 0);
        expect.apply("6h", 1);
        expect.apply("24h", 2);
        expect.apply("all", 3);
        JsonNode all = json(api("GET", "/api/outbound/campaigns/" + id + "/live?range=all", null));
        assertEquals(1800, all.get("bucket_seconds").asLong(), "27 hours in half-hour buckets: " + all);
        assertEquals(0, all.get("amd_split").size(), "no AMD results recorded");
        assertTrue(Instant.parse(all.get("from_utc").asText()).isBefore(starts[0].plusSeconds(1)), "the whole campaign starts at its first call");
        assertEquals(60, json(api("GET", "/api/outbound/campaigns/" + id + "/live", null)).get("bucket_seconds").asLong(), "30 min by the minute");
        assertEquals(300, json(api("GET", "/api/outbound/campaigns/" + id + "/live?range=6h", null)).get("bucket_seconds").asLong());
        JsonNode cheap = json(api("GET", "/api/outbound/campaigns/" + id + "/live?range=all&timeline=false", null));
        assertTrue(cheap.has("calls_last_minute") && !cheap.has("outcomes_over_time"), cheap.toString());
        HttpResponse<String> bad = api("GET", "/api/outbound/campaigns/" + id + "/live?range=week", null);
        assertEquals(400, bad.statusCode());
        assertEquals("range", json(bad).get("field").asText());
    }

    @Test
    void theChecklistNamesWhatWouldStopOrSpoilAStart() throws Exception {
        long id = createCampaign("empty");
        JsonNode c = json(api("GET", "/api/outbound/campaigns/" + id + "/checklist", null));
        assertFalse(c.get("ok").asBoolean());
        Map<String, Boolean> ok = new java.util.HashMap<>();
        for (JsonNode i : c.get("items")) ok.put(i.get("key").asText(), i.get("ok").asBoolean());
        assertEquals(Map.of("pending_leads", false, "recordings", true, "asterisk", false, "dialplan", true, "window", true, "run_window", true), ok);
        api("PATCH", "/api/outbound/campaigns/" + id, "{\"voicemail_drop_enabled\":true,\"voicemail_drop_media_uri\":\"sound:ai-generated/not-there\"}");
        JsonNode again = json(api("GET", "/api/outbound/campaigns/" + id + "/checklist", null));
        for (JsonNode i : again.get("items")) {
            if (i.get("key").asText().equals("recordings")) {
                assertFalse(i.get("ok").asBoolean());
                assertTrue(i.get("message").asText().contains("not-there"), i.toString());
            }
        }
    }

    @Test
    void leadsSortByNameNumberAttemptsOrAge() throws Exception {
        long id = campaignWithLeads(4);
        JsonNode byName = json(api("GET", "/api/outbound/campaigns/" + id + "/leads?sort=name", null)).get("leads");
        assertTrue(byName.get(0).get("name").asText().startsWith("Amy"));
        assertTrue(byName.get(3).get("name").asText().startsWith("Zed"));
        JsonNode oldest = json(api("GET", "/api/outbound/campaigns/" + id + "/leads?sort=oldest", null)).get("leads");
        assertEquals("+12123000000", oldest.get(0).get("phone_number").asText());
        JsonNode newest = json(api("GET", "/api/outbound/campaigns/" + id + "/leads", null)).get("leads");
        assertEquals("+12123000003", newest.get(0).get("phone_number").asText());
        HttpResponse<String> bad = api("GET", "/api/outbound/campaigns/" + id + "/leads?sort=shoe", null);
        assertEquals(400, bad.statusCode());
        assertEquals("sort", json(bad).get("field").asText());
    }

    @Test
    void theRunWindowRoundTripsIsValidatedAndAnEndedOneRefusesStart() throws Exception {
        long id = campaignWithLeads(1);
        JsonNode c = json(api("PATCH", "/api/outbound/campaigns/" + id, "{\"run_start_at_utc\":\"2026-01-01T09:00:00Z\",\"run_end_at_utc\":\"2026-01-02T17:00:00+01:00\"}"));
        assertEquals("2026-01-01T09:00:00Z", c.get("run_start_at_utc").asText());
        assertEquals("2026-01-02T16:00:00Z", c.get("run_end_at_utc").asText());
        HttpResponse<String> start = api("POST", "/api/outbound/campaigns/" + id + "/status", "{\"status\":\"running\"}");
        assertEquals(409, start.statusCode());
        assertTrue(json(start).get("error").asText().contains("run window ended"), start.body());
        HttpResponse<String> reversed = api("PATCH", "/api/outbound/campaigns/" + id, "{\"run_end_at_utc\":\"2025-12-31T00:00:00Z\"}");
        assertEquals(400, reversed.statusCode());
        assertEquals("run_end_at_utc", json(reversed).get("field").asText());
        HttpResponse<String> garbage = api("PATCH", "/api/outbound/campaigns/" + id, "{\"run_start_at_utc\":\"tomorrow\"}");
        assertEquals(400, garbage.statusCode());
        assertEquals("run_start_at_utc", json(garbage).get("field").asText());
        JsonNode cleared = json(api("PATCH", "/api/outbound/campaigns/" + id, "{\"run_start_at_utc\":null,\"run_end_at_utc\":null}"));
        assertTrue(cleared.get("run_end_at_utc").isNull());
        assertEquals(200, api("POST", "/api/outbound/campaigns/" + id + "/status", "{\"status\":\"running\"}").statusCode());
    }

    @Test
    void chartJsIsServedFromItsWebJar() throws Exception {
        HttpResponse<String> r = send("GET", "/webjars/chart.js/4.4.1/dist/chart.umd.js", null);
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("Chart.js v4.4.1"), r.body().substring(0, 200));
        assertEquals(404, send("GET", "/webjars/nothing/here.js", null).statusCode());
    }
}
