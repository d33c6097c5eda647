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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every response carries the browser hardening headers: the page, its assets, the API, and errors. */
class SecurityHeadersTest {
    @TempDir
    Path dir;

    @Test
    void everyResponseCarriesTheHardeningHeaders() throws Exception {
        ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
        try (SqliteStore store = SqliteStore.open(dir.resolve("web.db"), StoreOptions.defaults())) {
            AiContexts contexts = new AiContexts(List.of(new AiContext("default", "p", "hi", "prov", List.of(), AttachTarget.stasis("ai"))));
            WebServer server = new WebServer(new WebSettings("127.0.0.1", 0, "admin-secret-long", "", "", dir.resolve("media"), dir, 1 << 20,
                    ZoneId.of("UTC"), "test"),
                    new WebDependencies(store.campaigns(), store.leads(), store.attempts(), store.dnc(), store.callHistory(), store.audit(),
                            contexts, null, () -> Map.of("db", "ok"), () -> "", AmdOptions.DEFAULTS, () -> "", Clock.systemUTC(), workers), TestMedia.of(store));
            server.start();
            try {
                HttpClient http = HttpClient.newHttpClient();
                for (String path : List.of("/", "/static/app.js", "/api/health", "/api/outbound/campaigns", "/nope")) {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
                    assertTrue(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'") && !csp.contains("unsafe-eval"), path + ": " + csp);
                    assertEquals("DENY", r.headers().firstValue("X-Frame-Options").orElse(""), path);
                    assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""), path);
                    assertEquals("no-referrer", r.headers().firstValue("Referrer-Policy").orElse(""), path);
                }
            } finally {
                server.close();
            }
        } finally {
            workers.shutdownNow();
        }
    }
}
