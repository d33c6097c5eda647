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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Asterisk of the lab: the default one ({@link #FIRST}, ARI 8088) or the second that
 * {@code AAVA_LAB_INSTANCES=2 etc/lab/start.sh} starts beside it ({@link #SECOND}, ARI 8089, its own config dir in
 * the chroot; etc/lab/lib.sh names its ports). Both have the same callees, ARI user and dialplan.
 *
 * @param number  1 or 2, what {@code AAVA_LAB_INSTANCE} selects in the lab scripts
 * @param ariUrl  its ARI/HTTP base URL
 * @param amiPort its AMI port on 127.0.0.1
 * @param etcDir  its config dir inside the chroot ({@code extensions.d/} holds the dialplan tests install)
 */
public record LabInstance(int number, String ariUrl, int amiPort, String etcDir) {
    public static final LabInstance FIRST = new LabInstance(1, "http://127.0.0.1:8088", 5038, "etc/asterisk");
    public static final LabInstance SECOND = new LabInstance(2, "http://127.0.0.1:8089", 5039, "etc/asterisk-2");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String AUTH = "Basic " + Base64.getEncoder()
            .encodeToString((LabAsterisk.USER + ":" + LabAsterisk.PASSWORD).getBytes(StandardCharsets.UTF_8));

    public boolean available() {
        try {
            return request("GET", "/ari/asterisk/ping", null).statusCode() == 200;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Fails (in CI) or skips (locally) when this instance is not reachable. */
    public void requireOrSkip() {
        if (available()) return;
        String start = number == 1 ? "etc/lab/start.sh" : "AAVA_LAB_INSTANCES=2 etc/lab/start.sh";
        if (LabAsterisk.required()) throw new AssertionError("Asterisk lab instance " + number + " required but not reachable at "
                + ariUrl + " (start it with etc/lab/install.sh && " + start + ")");
        Assumptions.abort("Asterisk lab instance " + number + " not running at " + ariUrl + "; integration test skipped");
    }

    /** An Asterisk CLI command on this instance (etc/lab/cli.sh). */
    public String cli(String command) {
        try {
            ProcessBuilder b = new ProcessBuilder(LabAsterisk.repoRoot().resolve("etc/lab/cli.sh").toString(), command).redirectErrorStream(true);
            b.environment().put("AAVA_LAB_INSTANCE", Integer.toString(number));
            Process p = b.start();
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

    private Path extensionsDir() {
        return LabAsterisk.labDir().resolve("root").resolve(etcDir).resolve("extensions.d");
    }

    /** Writes a dialplan file into this instance's extensions.d and reloads its dialplan. */
    public void installDialplan(String fileName, String content) {
        try {
            Files.createDirectories(extensionsDir());
            Files.writeString(extensionsDir().resolve(fileName), content);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        cli("dialplan reload");
    }

    public void removeDialplan(String fileName) {
        try {
            Files.deleteIfExists(extensionsDir().resolve(fileName));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        cli("dialplan reload");
    }

    public HttpResponse<String> request(String method, String path, String jsonBody) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(ariUrl + path)).timeout(Duration.ofSeconds(5)).header("Authorization", AUTH);
        if (jsonBody != null) b.header("Content-Type", "application/json");
        b.method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(jsonBody));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An ARI request's body; a status of 300 or more throws. */
    public String ari(String method, String path, String jsonBody) {
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

    /** A global dialplan variable, or null when unset. */
    public String global(String name) {
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

    /** How many times this instance's FreePBX stand-in (from-internal) has been asked to dial this number. */
    public int dialedCount(String number) {
        String v = global("LAB_DIALED_" + number);
        return v == null || v.isBlank() ? 0 : Integer.parseInt(v.trim());
    }

    public List<String> channelIds() {
        String body = ari("GET", "/ari/channels", null);
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("\\{\"id\":\"([^\"]+)\"").matcher(body);
        while (m.find()) ids.add(m.group(1));
        return ids;
    }
}
