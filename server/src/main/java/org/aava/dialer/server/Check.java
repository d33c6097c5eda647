package org.aava.dialer.server;

import org.aava.dialer.prompts.ShippedPrompts;
import org.aava.dialer.server.config.DialerConfig;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;

/**
 * {@code check}: the config is valid (it loaded), ARI answers with our credentials, the
 * {@code [aava-outbound-amd]} context exists in Asterisk's dialplan, and the media dir holds the
 * default prompts. Exit code 0 only when everything is OK.
 */
final class Check {
    private final DialerConfig config;

    Check(DialerConfig config) {
        this.config = config;
    }

    int run(PrintStream out) {
        out.println("config: OK (" + config.ari() + ")");
        int failures = 0;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        String auth = "Basic " + Base64.getEncoder().encodeToString((config.ari().username() + ":" + config.ari().password())
                .getBytes(StandardCharsets.UTF_8));
        String base = config.ari().url().toString().replaceAll("/+$", "") + "/ari";
        try {
            HttpResponse<String> ping = http.send(HttpRequest.newBuilder(URI.create(base + "/asterisk/ping")).header("Authorization", auth)
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (ping.statusCode() != 200) {
                out.println("ari: FAILED (HTTP " + ping.statusCode() + " from " + base + "; check ari.username/ari.password)");
                failures++;
            } else {
                out.println("ari: OK (" + base + ")");
                var state = new org.aava.dialer.server.ops.AmiDialplanProbe(config.ami()).contextState("aava-outbound-amd");
                switch (state) {
                    case PRESENT -> out.println("dialplan: OK ([aava-outbound-amd] is loaded)");
                    case MISSING -> {
                        out.println("dialplan: MISSING ([aava-outbound-amd] not found; run `java -jar aava-dialer.jar dialplan`, add it to "
                                + "extensions_custom.conf and `asterisk -rx \"dialplan reload\"`)");
                        failures++;
                    }
                    default -> out.println("dialplan: UNKNOWN (set ami.username/ami.password to let check verify it, or run "
                            + "`asterisk -rx \"dialplan show aava-outbound-amd\"`)");
                }
            }
        } catch (Exception e) {
            out.println("ari: FAILED (" + base + " unreachable: " + e.getMessage() + ")");
            failures++;
        }
        boolean prompts = ShippedPrompts.exists(config.mediaDir(), ShippedPrompts.CONSENT_URI)
                && ShippedPrompts.exists(config.mediaDir(), ShippedPrompts.VOICEMAIL_URI);
        if (prompts) {
            out.println("media: OK (" + config.mediaDir().resolve("ai-generated") + ")");
        } else {
            out.println("media: MISSING default prompts in " + config.mediaDir().resolve("ai-generated")
                    + (Files.isDirectory(config.mediaDir()) ? "" : " (the directory does not exist)") + "; start the server once to install them");
            failures++;
        }
        // text-to-speech is optional (uploaded recordings work without it): a missing engine is said, not failed
        var tts = Application.textToSpeech(config.tts());
        out.println(tts.problem().map(p -> "tts: UNAVAILABLE (" + p + ")").orElse("tts: OK (" + tts.engine() + ")"));
        out.println(failures == 0 ? "check: OK" : "check: " + failures + " problem(s)");
        return failures == 0 ? 0 : 3;
    }
}
