package org.aava.dialer.web;

import org.aava.dialer.core.ai.AiContext;
import org.aava.dialer.core.ai.AiContexts;
import org.aava.dialer.core.ai.AttachTarget;
import org.aava.dialer.core.calls.CallFlow;
import org.aava.dialer.core.calls.DialerMetrics;
import org.aava.dialer.core.ai.PromptComposer;
import org.aava.dialer.core.testing.DialerHarness;
import org.aava.dialer.core.testing.FakeCallControl;
import org.aava.dialer.core.model.AmdOptions;
import org.aava.dialer.core.model.Attempt;
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
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The AI token does one job: it reaches {@code /api/ai/*} only, only for a call in progress, and {@code transfer} only
 * to the context's configured targets.
 */
class AiTokenScopeTest {
    static final String TOKEN = "test-api-token-0123456789";
    static final String AI_TOKEN = "test-ai-token-9876543210";
    @TempDir
    Path dir;

    @Test
    void theAiTokenReachesOnlyLiveAiSessions() throws Exception {
        ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
        try (SqliteStore store = SqliteStore.open(dir.resolve("web.db"), StoreOptions.defaults())) {
            AiContexts contexts = new AiContexts(List.of(new AiContext("default", "p", "hi", "prov", List.copyOf(new java.util.TreeSet<>(AiContext.KNOWN_TOOLS)),
                    AttachTarget.stasis("ai"), List.of("4242@lab-transfer"))));
            PromptComposer prompts = (ctx, lead) -> new PromptComposer.Composed(ctx.prompt(), "{}");
            CallFlow flow = new CallFlow(new FakeCallControl(Clock.systemUTC()), store.attempts(), store.leads(), store.campaigns(), store.callHistory(),
                    contexts, prompts, DialerHarness.settings(50, 5), Clock.systemUTC(), DialerMetrics.NONE, DialerHarness.DIRECT, new SplittableRandom(1));
            WebServer server = new WebServer(new WebSettings("127.0.0.1", 0, "admin-secret-long", TOKEN, AI_TOKEN, dir.resolve("media"), dir, 1 << 20,
                    ZoneId.of("UTC"), "test"),
                    new WebDependencies(store.campaigns(), store.leads(), store.attempts(), store.dnc(), store.callHistory(), store.audit(),
                            contexts, flow, null, () -> Map.of("db", "ok"), () -> "", AmdOptions.DEFAULTS, () -> "", Clock.systemUTC(), workers), TestMedia.of(store));
            server.start();
            try {
                HttpClient http = HttpClient.newHttpClient();
                String base = "http://127.0.0.1:" + server.port();
                java.util.function.BiFunction<String, String, HttpResponse<String>> call = (method, pathAndToken) -> {
                    String[] p = pathAndToken.split(" ", 2);
                    try {
                        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + p[0])).header("Authorization", "Bearer " + p[1]);
                        if (method.equals("POST")) b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"label\":\"forged\"}"));
                        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                };
                HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/api/outbound/campaigns"))
                        .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"ai\",\"timezone\":\"America/New_York\"}")).build(), HttpResponse.BodyHandlers.ofString());
                long campaign = Http.JSON.readTree(created.body()).get("id").asLong();
                store.leads().page(new org.aava.dialer.core.ports.LeadQuery(campaign, null, null, 1, 10)).join();
                http.send(HttpRequest.newBuilder(URI.create(base + "/api/outbound/campaigns/" + campaign + "/leads/import"))
                        .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "text/csv")
                        .POST(HttpRequest.BodyPublishers.ofString("name,phone_number\nAda,+12125000001\n")).build(), HttpResponse.BodyHandlers.ofString());
                long lead = store.leads().page(new org.aava.dialer.core.ports.LeadQuery(campaign, null, null, 1, 10)).join().items().getFirst().lead().id();
                Attempt ended = store.attempts().open(Attempt.opening(campaign, lead, "+12125000001", Instant.now(), false, "PJSIP/x-1", "default", "prov")).join();

                assertEquals(401, call.apply("GET", "/api/outbound/campaigns " + AI_TOKEN).statusCode(), "the AI token is no admin token");
                assertEquals(401, call.apply("GET", "/api/ai/sessions/" + ended.id() + " " + TOKEN).statusCode(), "the admin token is no AI token");
                assertEquals(404, call.apply("GET", "/api/ai/sessions/" + ended.id() + " " + AI_TOKEN).statusCode(), "no lead data of a call not in progress");
                assertEquals(404, call.apply("POST", "/api/ai/sessions/" + ended.id() + "/tools/set_disposition " + AI_TOKEN).statusCode(),
                        "no tools on a call not in progress");
                assertFalse(store.attempts().find(ended.id()).join().orElseThrow().toString().contains("forged"));
            } finally {
                server.close();
            }
        } finally {
            workers.shutdownNow();
        }
    }

    @Test
    void transferTargetsComeFromTheContextsList() {
        AiContext ctx = new AiContext("sales", "p", "", "", List.of("transfer"), AttachTarget.stasis("ai"), List.of("4242@lab-transfer", "100@from-internal"));
        assertEquals("lab-transfer", ctx.transferTarget("lab-transfer", "4242").orElseThrow()[1]);
        assertEquals("lab-transfer", ctx.transferTarget("", "4242").orElseThrow()[1], "the one target with that extension");
        assertTrue(ctx.transferTarget("from-internal", "4242").isEmpty(), "another context is not on the list");
        assertTrue(ctx.transferTarget("ext-local", "100").isEmpty());
        assertTrue(new AiContext("x", "", "", "", List.of(), AttachTarget.stasis("ai")).transferTarget("from-internal", "100").isEmpty());
    }
}
