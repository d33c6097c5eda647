package org.aava.dialer.ari;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.aava.dialer.core.ports.CallControlException;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * ARI REST requests over the JDK's async HTTP client. ari4java's async callbacks lost the 201/204
 * replies of {@code play} and {@code move} on the lab (they timed out as "No HTTP Status"), and a
 * dialer must know exactly whether Asterisk refused (4xx) or failed (5xx) a request.
 */
final class AriRest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String KEEPALIVE_PROPERTY = "jdk.httpclient.keepalive.timeout";

    /** Made on first use (the bridge's connect, on its own thread): a JDK client loads the TLS stack (~400 classes), off the start path. */
    private volatile HttpClient http;
    private final String base;
    private final String auth;
    private final Duration timeout;

    static {
        // Asterisk closes idle HTTP sessions after 15 s (http.conf session_keep_alive); a pooled connection the
        // JDK client kept longer fails its next request with "EOF reached while reading". Set before any client exists.
        if (System.getProperty(KEEPALIVE_PROPERTY) == null) System.setProperty(KEEPALIVE_PROPERTY, "5");
    }

    AriRest(AriSettings settings) {
        String url = settings.url().toString();
        this.base = (url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + "/ari";
        this.auth = "Basic " + Base64.getEncoder().encodeToString((settings.username() + ":" + settings.password())
                .getBytes(StandardCharsets.UTF_8));
        this.timeout = Duration.ofSeconds(10);
    }

    private HttpClient http() {
        HttpClient client = http;
        if (client != null) return client;
        synchronized (this) {
            if (http == null) {
                // its own executor: completions must not depend on the common ForkJoinPool, which any library
                // (or a blocking task) can occupy and which has a single thread on a 2-core machine
                http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
                        .executor(java.util.concurrent.Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("ari-http-", 0).factory()))
                        .build();
            }
            return http;
        }
    }

    static Map<String, String> params(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < kv.length; i += 2) if (kv[i + 1] != null) m.put(kv[i], kv[i + 1]);
        return m;
    }

    static String path(String... segments) {
        return java.util.Arrays.stream(segments).map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("/", "/", ""));
    }

    /** Sends a request; completes with the parsed JSON body (or null), or fails with the HTTP status. */
    CompletableFuture<JsonNode> send(String op, String method, String path, Map<String, String> query, Object body) {
        String q = query == null || query.isEmpty() ? "" : "?" + query.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path + q)).timeout(timeout).header("Authorization", auth);
        try {
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return CompletableFuture.failedFuture(new CallControlException(0, op + ": " + e.getMessage()));
        }
        if (body != null) b.header("Content-Type", "application/json");
        return http().sendAsync(b.build(), HttpResponse.BodyHandlers.ofString())
                .handle((r, error) -> {
                    if (error != null) throw new CallControlException(neverSent(error) ? CallControlException.NOT_SENT : 0,
                            op + ": " + rootMessage(error), error);
                    if (r.statusCode() >= 300) throw new CallControlException(r.statusCode(), op + ": " + message(r.body()));
                    try {
                        return r.body() == null || r.body().isBlank() ? null : JSON.readTree(r.body());
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        return null;
                    }
                });
    }

    /** A failed connect means Asterisk never saw the request; anything later (timeout, EOF) leaves it unknown. */
    private static boolean neverSent(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.http.HttpConnectTimeoutException) return true;
        }
        return false;
    }

    private static String message(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            if (n != null && n.has("message")) return n.get("message").asText();
        } catch (Exception ignored) {
            // not JSON: keep the raw text
        }
        return body == null ? "" : body.trim();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
