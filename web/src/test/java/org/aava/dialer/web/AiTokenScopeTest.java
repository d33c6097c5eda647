package org.aava.dialer.web;

import org.aava.dialer.core.ai.AiContext;
import org.aava.dialer.core.ai.AiContexts;
import org.aava.dialer.core.ai.AttachTarget;
import org.aava.dialer.core.calls.CallFlow;
import org.aava.dialer.core.calls.ChannelVars;
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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
            CallFlow flow = new CallFlow(new FakeCallControl(Clock.systemUTC()), store.journal(), store.attempts(), store.leads(), store.campaigns(),
                    contexts, prompts, DialerHarness.settings(50, 5), Clock.systemUTC(), DialerMetrics.NONE, DialerHarness.DIRECT, new SplittableRandom(1), null,
                    org.aava.dialer.core.model.AiSessionKey.secureSupplier());
            WebServer server = new WebServer(new WebSettings("127.0.0.1", 0, "admin-secret-long", TOKEN, AI_TOKEN, dir.resolve("media"), dir, 1 << 20,
                    ZoneId.of("UTC"), "test"),
                    new WebDependencies(store.campaigns(), store.leads(), store.attempts(), store.dnc(), store.callHistory(), store.audit(),
                            contexts, org.aava.dialer.core.scheduler.CallEngineAdapters.of(flow, null), () -> Map.of("db", "ok"), () -> "", AmdOptions.DEFAULTS, () -> "", Clock.systemUTC(), workers), TestMedia.of(store));
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

    /**
     * Issue 17: the AI engine reaches a call by the session key the dialer put on the call's channel
     * ({@code AAVA_AI_SESSION_KEY}), only while that call is attached to the AI; the attempt id, a guessable number,
     * opens nothing, and one call's key never shows another call's data.
     */
    @Test
    void onlyTheSessionKeyFromTheChannelOpensALiveAiSession() throws Exception {
        ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
        try (SqliteStore store = SqliteStore.open(dir.resolve("web.db"), StoreOptions.defaults())) {
            AiContexts contexts = new AiContexts(List.of(new AiContext("default", "p", "hi", "prov", List.of("set_disposition", "post_transcript"),
                    AttachTarget.stasis("ai"), List.of())));
            PromptComposer prompts = (ctx, lead) -> new PromptComposer.Composed(ctx.prompt(), "{}");
            FakeCallControl pbx = new FakeCallControl(Clock.systemUTC());
            CallFlow flow = new CallFlow(pbx, store.journal(), store.attempts(), store.leads(), store.campaigns(),
                    contexts, prompts, DialerHarness.settings(50, 5), Clock.systemUTC(), DialerMetrics.NONE, DialerHarness.DIRECT, new SplittableRandom(1), null,
                    org.aava.dialer.core.model.AiSessionKey.secureSupplier());
            pbx.events(flow);
            WebServer server = new WebServer(new WebSettings("127.0.0.1", 0, "admin-secret-long", TOKEN, AI_TOKEN, dir.resolve("media"), dir, 1 << 20,
                    ZoneId.of("UTC"), "test"),
                    new WebDependencies(store.campaigns(), store.leads(), store.attempts(), store.dnc(), store.callHistory(), store.audit(),
                            contexts, org.aava.dialer.core.scheduler.CallEngineAdapters.of(flow, null), () -> Map.of("db", "ok"), () -> "", AmdOptions.DEFAULTS, () -> "", Clock.systemUTC(), workers), TestMedia.of(store));
            server.start();
            try {
                HttpClient http = HttpClient.newHttpClient();
                String base = "http://127.0.0.1:" + server.port();
                HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/api/outbound/campaigns"))
                        .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"ai\",\"timezone\":\"America/New_York\"}")).build(), HttpResponse.BodyHandlers.ofString());
                long campaignId = Http.JSON.readTree(created.body()).get("id").asLong();
                http.send(HttpRequest.newBuilder(URI.create(base + "/api/outbound/campaigns/" + campaignId + "/leads/import"))
                        .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "text/csv")
                        .POST(HttpRequest.BodyPublishers.ofString("name,phone_number\nAda,+12125000001\nBob,+12125000002\n")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(base + "/api/outbound/campaigns/" + campaignId + "/status"))
                        .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"running\"}")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
                org.aava.dialer.core.model.Campaign campaign = store.campaigns().find(campaignId).join().orElseThrow();
                List<org.aava.dialer.core.model.Lead> leased = store.leads().lease(new org.aava.dialer.core.ports.LeaseRequest(campaignId, 2,
                        java.time.Duration.ofMinutes(5), Instant.now(), 0, false, false)).join();
                assertEquals(2, leased.size());
                FakeCallControl.Originated ada = dialAndAttach(flow, pbx, campaign, leased.get(0));
                FakeCallControl.Originated bob = dialAndAttach(flow, pbx, campaign, leased.get(1));
                String adaKey = ada.request().variables().get(ChannelVars.AI_SESSION_KEY);
                String bobKey = bob.request().variables().get(ChannelVars.AI_SESSION_KEY);
                assertTrue(adaKey.matches("[A-Za-z0-9_-]{22}"), "128 random bits, URL-safe: " + adaKey);
                assertNotEquals(adaKey, bobKey);

                assertEquals(404, ai(http, base, "GET", "/api/ai/sessions/" + ada.attemptId(), null).statusCode(),
                        "the attempt id of a live AI-attached call opens nothing");
                assertEquals(404, ai(http, base, "POST", "/api/ai/sessions/" + ada.attemptId() + "/tools/set_disposition", "{\"label\":\"forged\"}").statusCode(),
                        "nor its tools");
                assertEquals(401, http.send(HttpRequest.newBuilder(URI.create(base + "/api/ai/sessions/" + adaKey))
                        .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString()).statusCode(), "the key needs the AI token too");

                HttpResponse<String> info = ai(http, base, "GET", "/api/ai/sessions/" + adaKey, null);
                assertEquals(200, info.statusCode(), info.body());
                com.fasterxml.jackson.databind.JsonNode adaInfo = Http.JSON.readTree(info.body());
                assertEquals(ada.attemptId(), adaInfo.get("attempt_id").asLong(), "the key holder's own call");
                assertEquals("Ada", adaInfo.get("lead").get("name").asText());
                assertTrue(adaInfo.get("live").asBoolean());
                assertEquals(java.util.Set.of("attempt_id", "audiosocket_uuid", "live", "campaign", "lead", "context", "provider", "greeting", "tools",
                        "effective_prompt"), fieldNames(adaInfo), "the fields AI integrations read, nothing added");
                assertFalse(info.body().contains(bobKey) || info.body().contains(adaKey), "no session key in the answer");
                assertEquals("Bob", Http.JSON.readTree(ai(http, base, "GET", "/api/ai/sessions/" + bobKey, null).body()).get("lead").get("name").asText());

                assertEquals(200, ai(http, base, "POST", "/api/ai/sessions/" + adaKey + "/tools/set_disposition", "{\"label\":\"interested\"}").statusCode());
                assertEquals("interested", store.attempts().find(ada.attemptId()).join().orElseThrow().disposition(), "the tool acted on the key's call");
                assertEquals(null, store.attempts().find(bob.attemptId()).join().orElseThrow().disposition(), "and on no other");

                pbx.destroy(ada, 16);
                assertTrue(flow.live().byAttempt(ada.attemptId()).isEmpty(), "the call has ended");
                assertEquals(404, ai(http, base, "GET", "/api/ai/sessions/" + adaKey, null).statusCode(), "an ended call's key opens nothing");
                HttpResponse<String> late = ai(http, base, "POST", "/api/ai/sessions/" + adaKey + "/tools/set_disposition", "{\"label\":\"late\"}");
                assertEquals(404, late.statusCode());
                assertFalse(late.body().contains(adaKey), "a 404 does not echo the key");
                assertEquals("interested", store.attempts().find(ada.attemptId()).join().orElseThrow().disposition());
                assertEquals(200, ai(http, base, "GET", "/api/ai/sessions/" + bobKey, null).statusCode(), "the other call is still the AI's");
            } finally {
                server.close();
            }
        } finally {
            workers.shutdownNow();
        }
    }

    /** Starts the lead's call, answers it and returns the AMD hop as HUMAN, so the call is attached to the AI. */
    private static FakeCallControl.Originated dialAndAttach(CallFlow flow, FakeCallControl pbx, org.aava.dialer.core.model.Campaign campaign,
                                                            org.aava.dialer.core.model.Lead lead) {
        long attemptId = flow.start(campaign, lead).join().orElseThrow();
        FakeCallControl.Originated o = pbx.originated(attemptId).orElseThrow();
        pbx.answer(o);
        pbx.hopReturns(o, "HUMAN", "HUMAN-1-1", "", "");
        assertEquals(org.aava.dialer.core.calls.CallPhase.AI_ATTACHED, flow.live().byAttempt(attemptId).orElseThrow().phase());
        return o;
    }

    private static HttpResponse<String> ai(HttpClient http, String base, String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + AI_TOKEN);
        if (json != null) b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static java.util.Set<String> fieldNames(com.fasterxml.jackson.databind.JsonNode node) {
        java.util.Set<String> names = new java.util.HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
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
