package org.aava.dialer.web;

import org.aava.dialer.core.ai.AiContext;
import org.aava.dialer.core.ai.AiContexts;
import org.aava.dialer.core.ai.AttachTarget;
import com.fasterxml.jackson.databind.JsonNode;
import org.aava.dialer.core.admin.Cluster;
import org.aava.dialer.core.model.AmdOptions;
import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.Lead;
import org.aava.dialer.core.model.Placement;
import org.aava.dialer.core.ports.LeadQuery;
import org.aava.dialer.store.SqliteStore;
import org.aava.dialer.store.StoreOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code metrics.require_token} puts /metrics behind the API token; a full disk makes health degraded; health lists the
 * nodes on the database and their servers, and attempts say which node and server placed them (issue 20).
 */
class MetricsAndHealthTest {
    static final String TOKEN = "test-api-token-0123456789";
    @TempDir
    Path dir;

    @Test
    void metricsBehindTheTokenAndHealthDegradedOnAFullDisk() throws Exception {
        ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
        try (SqliteStore store = SqliteStore.open(dir.resolve("web.db"), StoreOptions.defaults())) {
            AiContexts contexts = new AiContexts(List.of(new AiContext("default", "p", "hi", "prov", List.of(), AttachTarget.stasis("ai"))));
            WebServer server = new WebServer(new WebSettings("127.0.0.1", 0, "admin-secret-long", TOKEN, "", dir.resolve("media"), dir, 1 << 20,
                    ZoneId.of("UTC"), "test").withSecurity(WebSecurity.defaults().withMetricsRequireToken(true)),
                    new WebDependencies(store.campaigns(), store.leads(), store.attempts(), store.dnc(), store.callHistory(), store.audit(),
                            contexts, null, () -> Map.of("db", "ok", "disk", "full"), () -> "", AmdOptions.DEFAULTS, () -> "# m\n",
                            Clock.systemUTC(), workers), TestMedia.of(store));
            server.start();
            try {
                HttpClient http = HttpClient.newHttpClient();
                String base = "http://127.0.0.1:" + server.port();
                assertEquals(401, http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
                assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).header("Authorization", "Bearer " + TOKEN).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode());
                HttpResponse<String> h = http.send(HttpRequest.newBuilder(URI.create(base + "/api/health")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals("degraded", Http.JSON.readTree(h.body()).get("status").asText(), h.body());
            } finally {
                server.close();
            }
        } finally {
            workers.shutdownNow();
        }
    }

    @Test
    void healthListsTheNodesWithTheirHeartbeatAndEachServersOwnerAndAttemptsSayWhoPlacedThem() throws Exception {
        Instant now = Instant.parse("2026-03-02T12:00:00Z");
        String pbx = "127.0.0.1:8088/aava-dialer";
        ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
        try (SqliteStore store = SqliteStore.open(dir.resolve("nodes.db"), StoreOptions.defaults())) {
            store.nodes().beat("node-a", now.minusSeconds(600), List.of(pbx), now.minusSeconds(2)).join();
            store.nodes().beat("node-b", now.minusSeconds(900), List.of(pbx), now.minusSeconds(40)).join();
            Campaign c = store.campaigns().create(Campaign.builder("nodes").build()).join();
            store.leads().insertBatch(c.id(), List.of(Lead.newPending(c.id(), "+12125550001", "+12125550001", "Ada", "{}", null, null, null),
                    Lead.newPending(c.id(), "+12125550002", "+12125550002", "Bob", "{}", null, null, null)), true).join();
            List<Long> leads = store.leads().page(new LeadQuery(c.id(), null, null, 1, 10)).join().items().stream().map(v -> v.lead().id()).toList();
            store.attempts().open(Attempt.opening(c.id(), leads.get(0), "+12125550001", now, false, "ch-1", "default", "p", null,
                    new Placement("node-a", pbx))).join();
            store.attempts().open(Attempt.opening(c.id(), leads.get(1), "+12125550002", now, false, "ch-2", "default", "p", null, null)).join();
            AiContexts contexts = new AiContexts(List.of(new AiContext("default", "p", "hi", "prov", List.of(), AttachTarget.stasis("ai"))));
            WebServer server = new WebServer(new WebSettings("127.0.0.1", 0, "admin-secret-long", TOKEN, "", dir.resolve("media"), dir, 1 << 20,
                    ZoneId.of("UTC"), "test"),
                    new WebDependencies(store.campaigns(), store.leads(), store.attempts(), store.dnc(), store.callHistory(), store.audit(),
                            contexts, null, () -> Map.of("db", "ok"), () -> "", AmdOptions.DEFAULTS, () -> "# m\n",
                            Clock.fixed(now, ZoneId.of("UTC")), workers).withCluster(new Cluster(store.nodes(), store.attempts(), Duration.ofSeconds(15))),
                    TestMedia.of(store));
            server.start();
            try {
                HttpClient http = HttpClient.newHttpClient();
                String base = "http://127.0.0.1:" + server.port();
                JsonNode h = Http.JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/api/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                assertEquals(Http.JSON.readTree("""
                        [{"id":"node-a","last_heartbeat_utc":"2026-03-02T11:59:58Z","alive":true,"started_at_utc":"2026-03-02T11:50:00Z",
                          "servers":["127.0.0.1:8088/aava-dialer"],"live_calls":1},
                         {"id":"node-b","last_heartbeat_utc":"2026-03-02T11:59:20Z","alive":false,"started_at_utc":"2026-03-02T11:45:00Z",
                          "servers":["127.0.0.1:8088/aava-dialer"],"live_calls":0}]"""), h.get("nodes"), h.toString());
                assertEquals(Http.JSON.readTree("[{\"name\":\"127.0.0.1:8088/aava-dialer\",\"owner\":\"node-a\",\"live_calls\":1}]"),
                        h.get("servers"), "the dead node owns nothing; the unplaced attempt counts for no node");

                JsonNode attempts = Http.JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/api/outbound/campaigns/" + c.id() + "/attempts"))
                        .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString()).body()).get("attempts");
                assertEquals("ch-2", attempts.get(0).get("channel_id").asText(), "newest first");
                assertTrue(attempts.get(0).get("node_id").isNull() && attempts.get(0).get("asterisk_server").isNull(), attempts.toString());
                assertEquals("node-a", attempts.get(1).get("node_id").asText(), attempts.toString());
                assertEquals(pbx, attempts.get(1).get("asterisk_server").asText());
                List<String> csv = http.send(HttpRequest.newBuilder(URI.create(base + "/api/outbound/campaigns/" + c.id() + "/attempts.csv"))
                        .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString()).body().lines().toList();
                assertTrue(csv.get(0).contains(",node_id,asterisk_server,"), csv.get(0));
                assertTrue(csv.stream().anyMatch(l -> l.contains(",node-a," + pbx + ",")), String.join("\n", csv));
            } finally {
                server.close();
            }
        } finally {
            workers.shutdownNow();
        }
    }
}
