package org.aava.dialer.lab;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The project's Asterisk lab (etc/lab) as seen from tests: is it up, run a CLI command, load a
 * dialplan file, read a global, list channels. These act on the default instance, {@link LabInstance#FIRST}; a test of
 * the second Asterisk uses {@link LabInstance#SECOND}. In CI ({@code aava.lab.required=true} or
 * {@code AAVA_LAB_REQUIRED=true}) a missing lab FAILS the test; elsewhere the test is skipped.
 */
public final class LabAsterisk {
    public static final String ARI = LabInstance.FIRST.ariUrl();
    public static final String USER = "dialer";
    public static final String PASSWORD = "dialer";

    private LabAsterisk() {
    }

    public static boolean available() {
        return LabInstance.FIRST.available();
    }

    public static boolean required() {
        return "true".equalsIgnoreCase(System.getProperty("aava.lab.required"))
                || "true".equalsIgnoreCase(System.getenv("AAVA_LAB_REQUIRED"));
    }

    /** Fails (in CI) or skips (locally) when the lab is not reachable. */
    public static void requireOrSkip() {
        LabInstance.FIRST.requireOrSkip();
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
        return LabInstance.FIRST.cli(command);
    }

    /** Writes a dialplan file into the lab's extensions.d and reloads the dialplan. */
    public static void installDialplan(String fileName, String content) {
        LabInstance.FIRST.installDialplan(fileName, content);
    }

    public static void removeDialplan(String fileName) {
        LabInstance.FIRST.removeDialplan(fileName);
    }

    public static HttpResponse<String> request(String method, String path, String jsonBody) throws IOException, InterruptedException {
        return LabInstance.FIRST.request(method, path, jsonBody);
    }

    public static String ari(String method, String path, String jsonBody) {
        return LabInstance.FIRST.ari(method, path, jsonBody);
    }

    /** How many times the lab's FreePBX stand-in (from-internal) has been asked to dial this number. */
    public static int dialedCount(String number) {
        return LabInstance.FIRST.dialedCount(number);
    }

    /** A global dialplan variable, or null when unset. */
    public static String global(String name) {
        return LabInstance.FIRST.global(name);
    }

    public static List<String> channelIds() {
        return LabInstance.FIRST.channelIds();
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
