package org.aava.dialer.prompts;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An OpenAI-compatible speech server ({@code POST {url}/v1/audio/speech} with model, voice, input and
 * {@code response_format: wav}), which Piper, Kokoro and LocalAI servers also speak. The API key is sent as a
 * Bearer token and never logged or echoed in an error.
 */
public final class HttpTts implements TextToSpeech {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
    private final URI endpoint;
    private final String model;
    private final String defaultVoice;
    private final String apiKey;
    private final Duration timeout;
    private final HttpClient client;

    public HttpTts(URI baseUrl, String model, String defaultVoice, String apiKey, Duration timeout) {
        String base = baseUrl.toString().replaceAll("/+$", "");
        this.endpoint = URI.create(base + "/v1/audio/speech");
        this.model = model;
        this.defaultVoice = defaultVoice == null || defaultVoice.isBlank() ? "alloy" : defaultVoice;
        this.apiKey = apiKey == null ? "" : apiKey;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public byte[] synthesizeWav(String text, String voice) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("voice", voice == null || voice.isBlank() ? defaultVoice : voice);
        body.put("input", text);
        body.put("response_format", "wav");
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint).timeout(timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        if (!apiKey.isEmpty()) b.header("Authorization", "Bearer " + apiKey);
        HttpResponse<java.io.InputStream> r;
        try {
            r = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the speech server", e);
        } catch (IOException e) {
            throw new IOException("the speech server at " + endpoint + " is unreachable: " + e.getMessage(), e);
        }
        byte[] data;
        try (var in = r.body()) {
            data = in.readNBytes(MAX_RESPONSE_BYTES + 1);
        }
        if (r.statusCode() / 100 != 2) {
            String detail = new String(data, 0, Math.min(data.length, 300), java.nio.charset.StandardCharsets.UTF_8).replace(apiKey.isEmpty() ? "\u0000" : apiKey, "***");
            throw new IOException("the speech server answered " + r.statusCode() + ": " + detail.strip());
        }
        if (data.length > MAX_RESPONSE_BYTES) throw new IOException("the speech server's answer is larger than " + (MAX_RESPONSE_BYTES >> 20) + " MiB");
        return data;
    }

    @Override
    public List<String> voices() {
        // OpenAI's voices; other servers take their own names, typed by the operator
        List<String> known = List.of("alloy", "ash", "coral", "echo", "fable", "nova", "onyx", "sage", "shimmer");
        return known.contains(defaultVoice) ? known : java.util.stream.Stream.concat(java.util.stream.Stream.of(defaultVoice), known.stream()).toList();
    }

    @Override
    public String defaultVoice() {
        return defaultVoice;
    }

    @Override
    public String engine() {
        return "http";
    }

    @Override
    public Optional<String> problem() {
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "HttpTts[" + endpoint + ", model=" + model + ", key=***]";
    }
}
