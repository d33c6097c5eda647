package org.aava.dialer.lab;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The project's Asterisk lab (etc/lab) as seen from tests: is it up, run a CLI command, load a
 * dialplan file, read a global, list channels. In CI ({@code aava.lab.required=true} or
 * {@code AAVA_LAB_REQUIRED=true}) a missing lab FAILS the test; elsewhere the test is skipped.
 */
public final class LabAsterisk {
    public static final String ARI = "http://127.0.0.1:8088";
    public static final String USER = "dialer";
    public static final String PASSWORD = "dialer";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String AUTH = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));

    private LabAsterisk() {
    }

    public static boolean available() {
        try {
            return request("GET", "/ari/asterisk/ping", null).statusCode() == 200;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    public static boolean required() {
        return "true".equalsIgnoreCase(System.getProperty("aava.lab.required"))
                || "true".equalsIgnoreCase(System.getenv("AAVA_LAB_REQUIRED"));
    }

    /** Fails (in CI) or skips (locally) when the lab is not reachable. */
    public static void requireOrSkip() {
        if (available()) return;
        if (required()) throw new AssertionError("Asterisk lab required but not reachable at " + ARI
                + " (start it with etc/lab/install.sh && etc/lab/start.sh)");
        Assumptions.abort("Asterisk lab not running at " + ARI + "; integration test skipped");
    }

    public static Path labDir() {
        String dir = System.getenv("AAVA_LAB_DIR");
        return Path.of(dir == null || dir.isBlank() ? "/opt/aava-lab" : dir);
    }

    /** Where Asterisk reads {@code sound:ai-generated/...} files: the dialer's media dir in tests. */
    public static Path mediaDir() {
        return labDir().resolve("root/usr/share/asterisk/sounds"); // Debian: astdatadir/sounds (FreePBX: /var/lib/asterisk/sounds)
    }

    public static Path recordingsDir() {
        return labDir().resolve("root/var/spool/asterisk/lab-recordings");
    }

    public static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("etc/lab/cli.sh"))) p = p.getParent();
        if (p == null) throw new IllegalStateException("etc/lab/cli.sh not found above " + Path.of("").toAbsolutePath());
        return p;
    }

    public static String cli(String command) {
        try {
            Process p = new ProcessBuilder(repoRoot().resolve("etc/lab/cli.sh").toString(), command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) throw new IllegalStateException("cli.sh timed out: " + command);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Writes a dialplan file into the lab's extensions.d and reloads the dialplan. */
    public static void installDialplan(String fileName, String content) {
        try {
            Path dir = labDir().resolve("root/etc/asterisk/extensions.d");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(fileName), content);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        cli("dialplan reload");
    }

    public static void removeDialplan(String fileName) {
        try {
            Files.deleteIfExists(labDir().resolve("root/etc/asterisk/extensions.d").resolve(fileName));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        cli("dialplan reload");
    }

    public static HttpResponse<String> request(String method, String path, String jsonBody) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(ARI + path)).timeout(Duration.ofSeconds(5)).header("Authorization", AUTH);
        if (jsonBody != null) b.header("Content-Type", "application/json");
        b.method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public static String ari(String method, String path, String jsonBody) {
        try {
            HttpResponse<String> r = request(method, path, jsonBody);
            if (r.statusCode() >= 300) throw new IllegalStateException(method + " " + path + " -> " + r.statusCode() + " " + r.body());
            return r.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** How many times the lab's FreePBX stand-in (from-internal) has been asked to dial this number. */
    public static int dialedCount(String number) {
        String v = global("LAB_DIALED_" + number);
        return v == null || v.isBlank() ? 0 : Integer.parseInt(v.trim());
    }

    /** A global dialplan variable, or null when unset. */
    public static String global(String name) {
        try {
            HttpResponse<String> r = request("GET", "/ari/asterisk/variable?variable=" + name, null);
            if (r.statusCode() != 200) return null;
            Matcher m = Pattern.compile("\"value\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(r.body());
            if (!m.find() || m.group(1).isEmpty()) return null;
            return m.group(1).replace("\\\"", "\"").replace("\\\\", "\\");
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    public static List<String> channelIds() {
        String body = ari("GET", "/ari/channels", null);
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("\\{\"id\":\"([^\"]+)\"").matcher(body);
        while (m.find()) ids.add(m.group(1));
        return ids;
    }

    /** Polls until the condition holds or the timeout passes; returns whether it held. */
    public static boolean await(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) return true;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }
}
