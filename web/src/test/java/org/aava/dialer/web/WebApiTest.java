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

/** The REST API over real HTTP on loopback, against a real SQLite store. */
class WebApiTest {
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
                        AmdOptions.DEFAULTS, () -> "# metrics\n", Clock.systemUTC(), workers).withUsers(store.users()),
                TestMedia.of(store));
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

    @Test
    void healthIsPublicAndEverythingElseNeedsAuth() throws Exception {
        HttpResponse<String> h = send("GET", "/api/health", null);
        assertEquals(200, h.statusCode());
        assertEquals("disconnected", json(h).get("ari").asText());
        assertEquals("listening", json(h).get("agi").asText());
        assertEquals("ok", json(h).get("db").asText());
        for (String p : List.of("/api/outbound/campaigns", "/api/outbound/meta", "/api/outbound/dnc", "/api/outbound/audit", "/api/calls/1")) {
            HttpResponse<String> r = send("GET", p, null);
            assertEquals(401, r.statusCode(), p);
            assertEquals("login required", json(r).get("error").asText());
        }
        assertEquals(401, send("GET", "/api/outbound/campaigns", null, "Authorization", "Bearer wrong-token").statusCode());
        assertEquals(403, send("GET", "/api/ai/sessions/1", null).statusCode(), "no ai_token: the AI API is off");
        assertEquals(403, send("GET", "/api/ai/sessions/1", null, "Authorization", "Bearer " + TOKEN).statusCode(),
                "the admin token never opens the AI API");
        assertEquals(200, send("GET", "/", null).statusCode(), "the page itself is public");
    }

    @Test
    void sessionLoginRequiresCsrfForChanges() throws Exception {
        assertEquals(401, send("POST", "/api/login", "{\"password\":\"nope\"}", "Content-Type", "application/json").statusCode());
        HttpResponse<String> login = send("POST", "/api/login", "{\"password\":\"admin-secret\"}", "Content-Type", "application/json");
        assertEquals(200, login.statusCode());
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
        String csrf = json(login).get("csrf_token").asText();
        assertEquals(200, send("GET", "/api/outbound/campaigns", null).statusCode(), "the session cookie works for reads");
        HttpResponse<String> noCsrf = send("POST", "/api/outbound/campaigns", "{\"name\":\"x\"}", "Content-Type", "application/json");
        assertEquals(403, noCsrf.statusCode());
        assertEquals(201, send("POST", "/api/outbound/campaigns", "{\"name\":\"x\"}", "Content-Type", "application/json",
                "X-CSRF-Token", csrf).statusCode());
    }

    @Test
    void campaignValidationNamesTheFieldAndNeverAnswers500() throws Exception {
        Map<String, String> bad = Map.of(
                "{\"name\":\"a\",\"timezone\":\"Phoenix\"}", "timezone",
                "{\"name\":\"a\",\"daily_window_start_local\":\"25:00\"}", "daily_window_start_local",
                "{\"name\":\"a\",\"max_concurrent\":0}", "max_concurrent",
                "{\"name\":\"a\",\"max_concurrent\":\"many\"}", "max_concurrent",
                "{\"name\":\"a\",\"colour\":\"blue\"}", "colour",
                "{\"name\":\"a\",\"amd_options\":{\"greetings\":1}}", "amd_options",
                "{\"name\":\"\"}", "name",
                "{\"name\":\"a\",\"days_of_week\":[\"funday\"]}", "days_of_week");
        for (var e : bad.entrySet()) {
            HttpResponse<String> r = api("POST", "/api/outbound/campaigns", e.getKey());
            assertEquals(400, r.statusCode(), e.getKey() + " -> " + r.body());
            assertEquals(e.getValue(), json(r).path("field").asText(), e.getKey() + " -> " + r.body());
        }
        assertEquals(400, api("POST", "/api/outbound/campaigns", "{not json").statusCode());
        assertEquals(400, api("POST", "/api/outbound/campaigns", "[1,2]").statusCode());
        String huge = "{\"name\":\"" + "x".repeat(2 << 20) + "\"}";
        assertEquals(413, api("POST", "/api/outbound/campaigns", huge).statusCode());
        assertEquals(404, api("GET", "/api/outbound/campaigns/999", null).statusCode());
        assertEquals(400, api("GET", "/api/outbound/campaigns/abc", null).statusCode());
        assertEquals(200, send("GET", "/api/health", null).statusCode(), "still up");
    }

    @Test
    void campaignLifecycleWithImportExportAndStateRules() throws Exception {
        long id = createCampaign("Spring");
        JsonNode c = json(api("GET", "/api/outbound/campaigns/" + id, null));
        assertEquals("draft", c.get("status").asText());
        assertEquals("America/New_York", c.get("timezone").asText());
        HttpResponse<String> start = api("POST", "/api/outbound/campaigns/" + id + "/status", "{\"status\":\"running\"}");
        assertEquals(409, start.statusCode(), "no leads yet");
        assertTrue(json(start).get("error").asText().contains("no pending leads"));

        String csv = "\uFEFFName, Phone ,Agent,timezone,custom_vars\n"
                + "Alice,+1 (212) 555-0001,sales,America/Chicago,\"{\"\"vip\"\":true}\"\n"
                + "Bob,212-555-0002,unknown-ctx,Not/AZone,\n"
                + "Bad,call-me,,,\n"
                + "Dup,1 212 555 0001,,,\n"
                + "Worse,2125550003,,,\"[1,2]\"\n";
        HttpResponse<String> imp = send("POST", "/api/outbound/campaigns/" + id + "/leads/import?skip_existing=true", csv,
                "Authorization", "Bearer " + TOKEN, "Content-Type", "text/csv");
        assertEquals(200, imp.statusCode(), imp.body());
        JsonNode r = json(imp);
        assertEquals(2, r.get("accepted").asLong());
        assertEquals(1, r.get("duplicates").asLong());
        assertEquals(2, r.get("rejected").asLong());
        assertEquals(2, r.get("warnings").size(), "unknown context and zone are warnings: " + r);
        String errorCsv = send("GET", r.get("error_csv_url").asText(), null, "Authorization", "Bearer " + TOKEN).body();
        assertTrue(errorCsv.startsWith("\uFEFFName, Phone ,Agent,timezone,custom_vars,row_number,error") || errorCsv.startsWith("Name"), errorCsv);
        assertTrue(errorCsv.contains("call-me") && errorCsv.contains(",4,") && errorCsv.contains("letters"), errorCsv);
        assertTrue(errorCsv.contains(",6,custom_vars must be a JSON object"), errorCsv);

        JsonNode leads = json(api("GET", "/api/outbound/campaigns/" + id + "/leads?page=1&page_size=10", null));
        assertEquals(2, leads.get("total").asLong());
        JsonNode alice = leads.get("leads").get(1);
        assertEquals("Alice", alice.get("name").asText());
        assertEquals("+12125550001", alice.get("phone_normalized").asText());
        assertEquals("sales", alice.get("context_override").asText());
        assertTrue(alice.get("custom_vars").get("vip").asBoolean());
        assertEquals(1, json(api("GET", "/api/outbound/campaigns/" + id + "/leads?state=pending&q=Bob", null)).get("total").asLong());
        assertEquals(400, api("GET", "/api/outbound/campaigns/" + id + "/leads?state=nope", null).statusCode());

        assertEquals(200, api("POST", "/api/outbound/campaigns/" + id + "/status", "{\"status\":\"running\"}").statusCode());
        assertEquals(409, api("DELETE", "/api/outbound/campaigns/" + id, null).statusCode(), "running campaigns are not deleted");
        assertEquals(409, api("POST", "/api/outbound/campaigns/" + id + "/archive", null).statusCode());
        long aliceId = alice.get("id").asLong();
        // a leased lead is live: recycle/ignore/delete refused (never a double dial)
        store.leads().lease(new LeaseRequest(id, 2, Duration.ofMinutes(5), Instant.now(), 0)).join();
        assertEquals(409, api("POST", "/api/outbound/leads/" + aliceId + "/recycle", "{\"mode\":\"redial\"}").statusCode());
        assertEquals(409, api("POST", "/api/outbound/leads/" + aliceId + "/ignore", null).statusCode());
        assertEquals(400, api("POST", "/api/outbound/leads/" + aliceId + "/recycle", "{\"mode\":\"twice\"}").statusCode());

        JsonNode stats = json(api("GET", "/api/outbound/campaigns/" + id + "/stats", null));
        assertEquals(2, stats.get("lead_states").get("leased").asLong());
        assertNotNull(stats.get("dialing_status").get("code"));

        assertEquals(200, api("POST", "/api/outbound/campaigns/" + id + "/status", "{\"status\":\"stopped\",\"cancel_pending\":true}").statusCode());
        HttpResponse<String> export = send("GET", "/api/outbound/campaigns/" + id + "/leads.csv", null, "Authorization", "Bearer " + TOKEN);
        assertEquals(200, export.statusCode());
        assertTrue(export.body().startsWith("\uFEFFid,name,phone_number,state"), export.body());
        assertEquals(3, export.body().lines().count(), "header and two leads");
        HttpResponse<String> attempts = send("GET", "/api/outbound/campaigns/" + id + "/attempts.csv", null, "Authorization", "Bearer " + TOKEN);
        assertTrue(attempts.body().contains("consent_result"), attempts.body());
        assertTrue(attempts.body().lines().findFirst().orElseThrow().contains(",sip_code"), attempts.body());

        JsonNode clone = json(api("POST", "/api/outbound/campaigns/" + id + "/clone", null));
        assertEquals("Spring (Copy)", clone.get("name").asText());
        assertEquals(0, json(api("GET", "/api/outbound/campaigns/" + clone.get("id").asLong() + "/leads", null)).get("total").asLong());
        JsonNode audit = json(api("GET", "/api/outbound/audit?subject=campaign:" + id, null));
        assertTrue(audit.get("total").asLong() >= 4, audit.toString());
    }

    @Test
    void dncAddMarksLeadsAndIsAudited() throws Exception {
        long id = createCampaign("DNC");
        api("POST", "/api/outbound/campaigns/" + id + "/leads", "{\"phone_number\":\"+1 212 555 4567\",\"name\":\"Zed\"}");
        assertEquals(400, api("POST", "/api/outbound/campaigns/" + id + "/leads", "{\"phone_number\":\"abc\"}").statusCode());
        HttpResponse<String> add = api("POST", "/api/outbound/dnc", "{\"phone_number\":\"(212) 555-4567\",\"reason\":\"asked\"}");
        assertEquals(201, add.statusCode(), add.body());
        add = api("POST", "/api/outbound/dnc", "{\"phone_number\":\"+12125554567\",\"reason\":\"asked\"}");
        assertEquals(200, add.statusCode(), "the same number in another format is already on the list");
        JsonNode leads = json(api("GET", "/api/outbound/campaigns/" + id + "/leads", null));
        assertEquals("dnc", leads.get("leads").get(0).get("state").asText());
        assertEquals(1, json(api("GET", "/api/outbound/dnc", null)).get("total").asLong());
        assertEquals(200, api("DELETE", "/api/outbound/dnc?phone_number=2125554567", null).statusCode());
        assertEquals(404, api("DELETE", "/api/outbound/dnc?phone_number=2125554567", null).statusCode());
        assertTrue(json(api("GET", "/api/outbound/audit?subject=dnc:", null)).get("total").asLong() >= 3);
    }

    private static byte[] wav(int rate, double seconds) {
        int frames = (int) (rate * seconds);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(44 + frames * 2).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + frames * 2).put("WAVEfmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16).put("data".getBytes()).putInt(frames * 2);
        for (int i = 0; i < frames; i++) b.putShort((short) (Math.sin(i / 5.0) * 8000));
        return b.array();
    }

    @Test
    void recordingsUploadConvertPreviewAndAttachToACampaign() throws Exception {
        String boundary = "----aava" + System.nanoTime();
        byte[] audio = wav(22050, 2);
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../My Greeting.wav\"\r\n"
                + "Content-Type: audio/wav\r\n\r\n").getBytes());
        body.write(audio);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes());
        HttpResponse<String> up = http.send(HttpRequest.newBuilder(URI.create(base + "/api/outbound/recordings/upload"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, up.statusCode(), up.body());
        JsonNode rec = json(up);
        assertTrue(rec.get("name").asText().startsWith("outbound-recording-"), "a generated name, never the client's: " + rec);
        assertEquals(16000, rec.get("size_bytes").asLong(), "2 s at 8 kHz mu-law");
        assertTrue(Files.exists(dir.resolve("media/ai-generated/" + rec.get("name").asText() + ".ulaw")));
        HttpResponse<byte[]> preview = http.send(HttpRequest.newBuilder(URI.create(base + "/api/outbound/recordings/" + rec.get("name").asText() + "/preview.wav"))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, preview.statusCode());
        assertEquals("RIFF", new String(preview.body(), 0, 4));
        assertEquals(404, send("GET", "/api/outbound/recordings/..%2F..%2Fweb.db/preview.wav", null, "Authorization", "Bearer " + TOKEN).statusCode());
        assertEquals(400, send("POST", "/api/outbound/recordings/upload?filename=x.mp3", "ID3", "Authorization", "Bearer " + TOKEN).statusCode());
        long id = createCampaign("VM upload");
        HttpResponse<String> vm = http.send(HttpRequest.newBuilder(URI.create(base + "/api/outbound/campaigns/" + id + "/voicemail/upload?filename=drop.wav"))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofByteArray(wav(8000, 1))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, vm.statusCode(), vm.body());
        assertEquals(json(vm).get("uri").asText(), json(vm).get("campaign").get("voicemail_drop_media_uri").asText());
        assertTrue(json(api("GET", "/api/outbound/recordings", null)).get("recordings").size() >= 4, "shipped prompts and uploads are listed");
        HttpResponse<String> big = send("POST", "/api/outbound/recordings/upload?filename=big.ulaw", "x".repeat((1 << 20) + 10),
                "Authorization", "Bearer " + TOKEN);
        assertEquals(413, big.statusCode());
    }

    @Test
    void theOpenApiDocumentCoversEveryRoute() throws Exception {
        JsonNode doc = json(send("GET", "/api/openapi.json", null));
        assertEquals("3.0.3", doc.get("openapi").asText());
        for (Routes.Route r : server.routeTable()) {
            assertTrue(doc.get("paths").has(r.path()) && doc.get("paths").get(r.path()).has(r.method().toLowerCase()), r.toString());
        }
        assertTrue(server.routeTable().size() >= 40, "routes: " + server.routeTable().size());
    }

    @Test
    void aNumberIsOneIdentityAtImportDncAndSearch() throws Exception {
        long id = createCampaign("Identity");
        String csv = "phone_number,caller_id\n+1415,\n12,\n911,\n*80 2765,\n(415) 555-0120,+1 212 555 0100\n4155550120,\n1-415-555-0121,not-a-number\n2765,\n";
        JsonNode r = json(send("POST", "/api/outbound/campaigns/" + id + "/leads/import?skip_existing=true", csv,
                "Authorization", "Bearer " + TOKEN, "Content-Type", "text/csv"));
        assertEquals(2, r.get("accepted").asLong(), r.toString());
        assertEquals(1, r.get("duplicates").asLong(), "two formats of one number are one lead");
        assertEquals(5, r.get("rejected").asLong());
        String errorCsv = send("GET", r.get("error_csv_url").asText(), null, "Authorization", "Bearer " + TOKEN).body();
        assertTrue(errorCsv.contains("+1415,,2,invalid_number: ") && errorCsv.contains("12,,3,invalid_number: "), errorCsv);
        assertTrue(errorCsv.contains("911,,4,\"special_number: ") && errorCsv.contains("*80 2765,,5,\"special_number: "), errorCsv);
        assertTrue(errorCsv.contains(",8,invalid_number: caller_id "), errorCsv);
        JsonNode found = json(api("GET", "/api/outbound/campaigns/" + id + "/leads?q=" + java.net.URLEncoder.encode("+1 (415) 555-0120",
                StandardCharsets.UTF_8), null));
        assertEquals(1, found.get("total").asLong(), "search accepts any format");
        assertEquals("+12125550100", found.get("leads").get(0).get("caller_id").asText(), "caller id stored in E.164");
        HttpResponse<String> dnc = api("POST", "/api/outbound/dnc", "{\"phone_number\":\"415 555 0120\"}");
        assertEquals(201, dnc.statusCode(), dnc.body());
        assertEquals("+14155550120", json(dnc).get("phone_number").asText());
        JsonNode leads = json(api("GET", "/api/outbound/campaigns/" + id + "/leads?state=dnc", null));
        assertEquals(1, leads.get("total").asLong(), "the DNC entry blocks the lead imported in another format");
        HttpResponse<String> bad = api("POST", "/api/outbound/dnc", "{\"phone_number\":\"+1415\"}");
        assertEquals(400, bad.statusCode());
        assertEquals("phone_number", json(bad).get("field").asText());
        assertTrue(json(bad).get("error").asText().startsWith("invalid_number: "), bad.body());
    }

    @Test
    void eligibilityExplainsEveryLeadAndAgreesWithTheLeadList() throws Exception {
        long id = createCampaign("Eligibility");
        String csv = "phone_number,timezone\n+1 212 555 0101,\n+1 415 555 0120,\n+1 907 555 0100,\n+44 20 7946 0958,\n2765,\n+1 305 555 0100,\n";
        send("POST", "/api/outbound/campaigns/" + id + "/leads/import?skip_existing=true", csv, "Authorization", "Bearer " + TOKEN, "Content-Type", "text/csv");
        api("POST", "/api/outbound/dnc", "{\"phone_number\":\"(212) 555-0101\"}");
        JsonNode e = json(api("GET", "/api/outbound/campaigns/" + id + "/eligibility", null));
        assertEquals(1, e.get("blocked").get("dnc").asLong(), e.toString());
        long blocked = 0;
        for (var it = e.get("blocked").fields(); it.hasNext(); ) {
            var f = it.next();
            assertTrue(java.util.Set.of("dnc", "outside_local_hours", "state_rule", "cap_24h", "waiting_retry", "invalid_number",
                    "no_consent_record", "outside_campaign_window").contains(f.getKey()), f.getKey());
            blocked += f.getValue().asLong();
        }
        assertEquals(6, e.get("eligible_now").asLong() + blocked, e.toString());
        JsonNode leads = json(api("GET", "/api/outbound/campaigns/" + id + "/leads?page_size=50", null)).get("leads");
        long eligible = 0;
        for (JsonNode l : leads) {
            if (l.get("blocked_reason").isNull()) eligible++;
            else if (!l.get("blocked_reason").asText().equals("dnc")) assertFalse(l.get("next_eligible_at_utc").isNull(), l.toString());
            if (l.get("phone_normalized").asText().equals("+14155550120")) {
                assertEquals("[\"America/Los_Angeles\"]", l.get("callee_timezones").toString());
                assertEquals("e164", l.get("phone_kind").asText());
            }
            if (l.get("phone_normalized").asText().equals("2765")) {
                assertEquals("[\"America/New_York\"]", l.get("callee_timezones").toString(), "an extension: the campaign's zone");
                assertEquals("extension", l.get("phone_kind").asText());
            }
        }
        assertEquals(e.get("eligible_now").asLong(), eligible, "the list and the summary agree");
    }

    @Test
    void dncCsvImportAndExport() throws Exception {
        long id = createCampaign("DNC CSV");
        HttpResponse<String> imp = send("POST", "/api/outbound/dnc/import?campaign_id=" + id, "Phone\n+1 212 555 1111\n2125552222\nnot-a-number\n",
                "Authorization", "Bearer " + TOKEN, "Content-Type", "text/csv");
        assertEquals(200, imp.statusCode(), imp.body());
        assertEquals(2, json(imp).get("accepted").asLong());
        assertEquals(1, json(imp).get("rejected").asLong());
        JsonNode list = json(api("GET", "/api/outbound/dnc?campaign_id=" + id + "&all_scopes=false", null));
        assertEquals(2, list.get("total").asLong());
        assertEquals("campaign", list.get("entries").get(0).get("scope").asText());
        HttpResponse<String> export = send("GET", "/api/outbound/dnc/export.csv", null, "Authorization", "Bearer " + TOKEN);
        assertTrue(export.body().contains("+12125551111") && export.body().contains("+12125552222"), export.body());
        assertEquals(400, send("POST", "/api/outbound/dnc/import", "number_is_missing\n1\n", "Authorization", "Bearer " + TOKEN,
                "Content-Type", "text/csv").statusCode());
    }

    @Test
    void importStreamsALargeFileWithoutHoldingItInMemory() throws Exception {
        long id = createCampaign("Big");
        int rows = 200_000;
        InputStream generated = new InputStream() {
            private byte[] line = "name,phone_number,custom_vars\n".getBytes(StandardCharsets.UTF_8);
            private int pos, row;

            @Override
            public int read() {
                if (pos >= line.length) {
                    if (row >= rows) return -1;
                    row++;
                    line = ("Lead " + row + ",+1212" + (2_000_000 + row) + ",\"{\"\"n\"\":" + row + "}\"\n").getBytes(StandardCharsets.UTF_8);
                    pos = 0;
                }
                return line[pos++];
            }
        };
        long t0 = System.nanoTime();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/outbound/campaigns/" + id + "/leads/import"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> generated)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(rows, json(r).get("accepted").asLong());
        System.out.printf("imported %d rows in %.1f s%n", rows, (System.nanoTime() - t0) / 1e9);
        assertFalse(json(r).hasNonNull("error_csv_url") && !json(r).get("error_csv_url").isNull());
    }
}
