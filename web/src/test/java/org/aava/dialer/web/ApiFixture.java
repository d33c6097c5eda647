package org.aava.dialer.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.aava.dialer.core.ai.AiContext;
import org.aava.dialer.core.ai.AiContexts;
import org.aava.dialer.core.ai.AttachTarget;
import org.aava.dialer.core.model.AmdOptions;
import org.aava.dialer.store.SqliteStore;
import org.aava.dialer.store.StoreOptions;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A web server on loopback over a real SQLite store in {@code dir}, restartable on the same files. */
final class ApiFixture implements AutoCloseable {
    static final String TOKEN = "test-api-token-0123456789";
    final Path dir;
    final SqliteStore store;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http = HttpClient.newBuilder().build();
    private final ImportsAndMedia media;
    WebServer server;
    String base;

    ApiFixture(Path dir, java.util.function.Function<SqliteStore, ImportsAndMedia> media) throws Exception {
        this.dir = dir;
        this.store = SqliteStore.open(dir.resolve("web.db"), StoreOptions.defaults());
        Files.createDirectories(dir.resolve("media/ai-generated"));
        org.aava.dialer.prompts.ShippedPrompts.installMissing(dir.resolve("media"));
        this.media = media.apply(store);
        start();
    }

    void start() {
        AiContexts contexts = new AiContexts(List.of(new AiContext("default", "p", "hi", "prov", List.of(), AttachTarget.stasis("ai")),
                new AiContext("sales", "p2", "hello", "prov", List.of(), AttachTarget.stasis("ai"))));
        server = new WebServer(new WebSettings("127.0.0.1", 0, "admin-secret", TOKEN, "", dir.resolve("media"), dir, 1 << 20,
                ZoneId.of("UTC"), "test"),
                new WebDependencies(store.campaigns(), store.leads(), store.attempts(), store.dnc(), store.callHistory(), store.audit(),
                        contexts, null, () -> Map.of("ari", "disconnected", "agi", "listening", "db", "ok"), () -> "[aava-outbound-amd]\n",
                        AmdOptions.DEFAULTS, () -> "# metrics\n", Clock.systemUTC(), workers).withUsers(store.users()), media);
        server.start();
        base = "http://127.0.0.1:" + server.port();
    }

    void restart() {
        server.close();
        start();
    }

    HttpResponse<String> send(String method, String path, HttpRequest.BodyPublisher body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + TOKEN);
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> bytes(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + TOKEN)
                .build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> json(String method, String path, String json) throws Exception {
        return json == null ? send(method, path, null)
                : send(method, path, HttpRequest.BodyPublishers.ofString(json), "Content-Type", "application/json");
    }

    HttpResponse<String> csv(String path, String csv) throws Exception {
        return send("POST", path, HttpRequest.BodyPublishers.ofString(csv), "Content-Type", "text/csv");
    }

    static JsonNode body(HttpResponse<String> r) throws Exception {
        return Http.JSON.readTree(r.body());
    }

    long campaign(String name) throws Exception {
        HttpResponse<String> r = json("POST", "/api/outbound/campaigns", "{\"name\":\"" + name + "\",\"timezone\":\"America/New_York\"}");
        assertEquals(201, r.statusCode(), r.body());
        return body(r).get("id").asLong();
    }

    @Override
    public void close() {
        server.close();
        workers.shutdownNow();
        store.close();
    }
}
