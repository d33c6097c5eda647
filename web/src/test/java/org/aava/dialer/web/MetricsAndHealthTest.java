package org.aava.dialer.web;

import org.aava.dialer.core.ai.AiContext;
import org.aava.dialer.core.ai.AiContexts;
import org.aava.dialer.core.ai.AttachTarget;
import org.aava.dialer.core.model.AmdOptions;
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
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code metrics.require_token} puts /metrics behind the API token; a full disk makes health degraded. */
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
}
