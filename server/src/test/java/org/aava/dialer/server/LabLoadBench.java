package org.aava.dialer.server;

import io.micrometer.core.instrument.Timer;
import org.aava.dialer.core.model.Attempt;
import org.aava.dialer.core.model.Campaign;
import org.aava.dialer.core.model.Outcome;
import org.aava.dialer.lab.LabAsterisk;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lab benchmark (run on purpose: {@code bench/lab.sh}, i.e. {@code -Daava.bench=true}): 50 concurrent calls
 * at 10 originates/s on the lab's Local/ callees, with a 1M-lead CSV import through the API and inbound-style
 * Stasis channels beside them. Reports cap violations (from Asterisk's channel list), originate → answer
 * overhead, AMD decision → AI attach latency (ours and as the AI side saw it) and the ARI event lag.
 */
class LabLoadBench {
    private static final int CONCURRENT = Integer.getInteger("aava.bench.concurrent", 50);
    @TempDir
    Path dir;

    @Test
    void fiftyConcurrentCallsAtTenPerSecondWithAnImportAndInboundBeside() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("aava.bench"), "a benchmark: run it with bench/lab.sh");
        int calls = Integer.getInteger("aava.bench.calls", 100);
        int importRows = Integer.getInteger("aava.bench.importRows", 1_000_000);
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < calls && i < 100; i++) numbers.add(Integer.toString(7100 + i));
        try (LabDialer dialer = new LabDialer(dir, """
                hold:
                  prompt: "You hold the line."
                  provider: bench
                  tools: []
                  attach: {mode: dialplan, context: lab-ai-hold, extension: s, priority: 1}
                """, LabAsterisk.ARI, Map.of("AAVA_DIALER_DIAL_NODE_MAX_CONCURRENT", "60",
                "AAVA_DIALER_DIAL_MAX_ORIGINATES_PER_SECOND", "10"));
             LiveCallWatch watch = new LiveCallWatch(numbers)) {
            Timer lagTimer = dialer.application.meters().registry().find("aava.ari.event.lag").timer();
            Timer attachTimer = dialer.application.meters().registry().find("aava.outbound.attach.latency").timer();
            TimerWindow lag = new TimerWindow(lagTimer);
            TimerWindow attach = new TimerWindow(attachTimer);

            Campaign importTarget = dialer.application.store().campaigns().create(Campaign.builder("bench import").build()).join();
            Instant t0 = Instant.now();
            CompletableFuture<String> imported = importRows > 0 ? importBeside(dialer, importTarget.id(), importRows)
                    : CompletableFuture.completedFuture("0 (no import)");
            InboundProbes inbound = new InboundProbes(dialer.app);
            // The whole run's lag would dilute the import's part when the calls outlast it: this window is the import's.
            TimerWindow lagBesideImport = new TimerWindow(lagTimer);
            CompletableFuture<TimerWindow.Figures> lagDuringImport = imported.thenApply(x -> lagBesideImport.close());
            Campaign c = dialer.campaign("bench 50 concurrent", b -> b.maxConcurrent(CONCURRENT).defaultContext("hold"), numbers);

            List<Attempt> done = dialer.awaitAllClosed(c.id(), numbers.size(), Duration.ofSeconds(600));
            Duration callsTook = Duration.between(t0, Instant.now());
            inbound.stop();
            String importResult = imported.join();
            Duration importTook = Duration.ofMillis(Long.parseLong(importResult.substring(0, importResult.indexOf(' '))));

            TimerWindow.Figures lagFigures = lag.close();
            TimerWindow.Figures attachFigures = attach.close();
            List<Double> aiSide = new ArrayList<>();
            List<Double> answerOverhead = new ArrayList<>();
            for (Attempt a : done) {
                String at = LabAsterisk.global("LAB_AI_AT_" + a.id());
                if (at != null && at.contains("|") && !at.endsWith("|")) {
                    String[] p = at.split("\\|");
                    aiSide.add((double) (Long.parseLong(p[0].trim()) - Long.parseLong(p[1].trim())));
                }
                // the lab callee rings 1 s before it answers: the rest is the dialer's and Asterisk's overhead
                if (a.answeredAt() != null) answerOverhead.add(Duration.between(a.startedAt(), a.answeredAt()).toMillis() - 1000.0);
            }
            long human = done.stream().filter(a -> a.outcome() == Outcome.ANSWERED_HUMAN).count();
            String report = String.join("\n",
                    "## Lab: " + numbers.size() + " calls, cap " + CONCURRENT + ", 10 originates/s, " + (importRows > 0 ? importRows + "-row import and " : "")
                            + "inbound channels beside",
                    "",
                    "| figure | value | target |",
                    "|---|---|---|",
                    "| machine | " + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("java.version") + ", "
                            + String.join(", ", Application.collectorNames()) + ", max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB, " + Instant.now() + " | |",
                    "| calls closed answered_human | " + human + " of " + done.size() + " (all in " + callsTook.toSeconds() + " s) | all |",
                    "| most calls up at once (Asterisk's channel list, " + watch.samples() + " samples) | " + watch.maxLive() + " | ≤ " + CONCURRENT + " |",
                    "| cap violations / two calls to one number at once | " + (watch.maxLive() > CONCURRENT ? "CAP EXCEEDED" : "0") + " / " + watch.violations().size() + " | 0 / 0 |",
                    "| originate → answer (StasisStart), ring time taken off | " + percentiles(answerOverhead) + " | measured |",
                    "| AMD decision → AI has the call, AI side's clock (LAB_AI_AT − AAVA_DECIDED_AT_MS) | " + percentiles(aiSide) + " | p50 < 50 ms, p99 < 200 ms |",
                    "| hop back in our app → attach acknowledged (aava.outbound.attach.latency) | " + attachFigures + " | |",
                    "| ARI event lag, all events incl. " + inbound.started.get() + " inbound channels | " + lagFigures + " | p99 < 20 ms |",
                    "| the same while the import ran | " + (importRows > 0 ? lagDuringImport.join().toString() : "no import") + " | p99 < 20 ms |",
                    "| import beside it | " + importRows + " rows in " + importTook.toMillis() / 1000.0 + " s (" + importResult.substring(importResult.indexOf(' ') + 1) + ") | |",
                    "");
            System.out.println(report);
            Path out = Path.of("target", "lab-bench.md");
            Files.writeString(out, report);
            assertEquals(List.of(), watch.violations(), "two live calls to one number");
            assertTrue(watch.maxLive() <= CONCURRENT, "cap " + CONCURRENT + " exceeded: " + watch.maxLive());
            assertTrue(watch.maxLive() >= CONCURRENT * 8 / 10, "the run reached the cap (" + watch.maxLive() + "): else it measured nothing");
        }
    }

    /** p50 / p99 / max of exact samples, in ms. */
    static String percentiles(List<Double> samples) {
        if (samples.isEmpty()) return "no samples";
        List<Double> s = new ArrayList<>(samples);
        Collections.sort(s);
        return String.format("%d samples, p50 %.0f ms, p99 %.0f ms, max %.0f ms", s.size(), s.get((int) Math.floor(0.50 * (s.size() - 1))),
                s.get((int) Math.ceil(0.99 * (s.size() - 1))), s.get(s.size() - 1));
    }

    /** Streams a generated CSV of {@code rows} leads with custom_vars to the import API; "millis result-json". */
    private static CompletableFuture<String> importBeside(LabDialer dialer, long campaignId, int rows) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dialer.application.webPort()
                        + "/api/outbound/campaigns/" + campaignId + "/leads/import"))
                .header("Authorization", "Bearer e2e-api-token-0123456789").header("Content-Type", "text/csv")
                .timeout(Duration.ofMinutes(10))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new GeneratedCsv(rows))).build();
        long t0 = System.nanoTime();
        return HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> (System.nanoTime() - t0) / 1_000_000 + " " + r.statusCode() + " " + r.body().replaceAll("\\s+", " "));
    }

    /** name,phone_number,timezone,custom_vars rows made on the fly (no 100 MB file on disk). */
    private static final class GeneratedCsv extends InputStream {
        private final int rows;
        private int next = 0;
        private byte[] line = "name,phone_number,timezone,custom_vars\n".getBytes(StandardCharsets.UTF_8);
        private int pos = 0;

        GeneratedCsv(int rows) {
            this.rows = rows;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        /**
         * Fills the whole buffer, as a browser or curl sends a file: the HTTP client allocates a 16 KB buffer
         * per read and sends each read as one chunk, so a line per read made 1M chunks and ~16 GB of garbage
         * in this JVM, which the dialer under test shares.
         */
        @Override
        public int read(byte[] b, int off, int len) {
            int n = 0;
            while (n < len) {
                if (pos == line.length) {
                    if (next >= rows) break;
                    next++;
                    line = ("Lead " + next + ",+1212" + (2000000 + next) + ",America/New_York,\"{\"\"account\"\":\"\"A-" + next
                            + "\"\",\"\"tier\"\":" + next % 5 + "}\"\n").getBytes(StandardCharsets.UTF_8);
                    pos = 0;
                }
                int k = Math.min(len - n, line.length - pos);
                System.arraycopy(line, pos, b, off + n, k);
                pos += k;
                n += k;
            }
            return n == 0 && len > 0 ? -1 : n;
        }
    }

    /** Inbound-style channels: every 250 ms one enters the dialer's Stasis app (args "inbound", ulaw as a SIP call would be) and is hung up 2 s later. */
    private static final class InboundProbes {
        final AtomicInteger started = new AtomicInteger();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Thread thread;

        InboundProbes(String app) {
            thread = Thread.ofPlatform().daemon().name("inbound-probes").start(() -> {
                ArrayDeque<String> up = new ArrayDeque<>();
                while (!stop.get()) {
                    String id = "inbound-" + System.nanoTime();
                    try {
                        if (LabAsterisk.request("POST", "/ari/channels?formats=ulaw&endpoint=Local/human@lab-callees&app=" + app
                                + "&appArgs=inbound&channelId=" + id, null).statusCode() == 200) {
                            started.incrementAndGet();
                            up.add(id);
                        }
                        while (up.size() > 8) LabAsterisk.request("DELETE", "/ari/channels/" + up.poll(), null);
                        Thread.sleep(250);
                    } catch (InterruptedException e) {
                        return;
                    } catch (IOException e) {
                        // Asterisk busy: the next probe
                    }
                }
                for (String id : up) {
                    try {
                        LabAsterisk.request("DELETE", "/ari/channels/" + id, null);
                    } catch (Exception ignored) {
                        // gone already
                    }
                }
            });
        }

        void stop() throws InterruptedException {
            stop.set(true);
            thread.join(5000);
        }
    }
}
