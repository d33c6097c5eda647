package org.aava.dialer.server;

import org.aava.dialer.lab.LabAsterisk;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Watches Asterisk's own channel list (every 200 ms) for the dialer's calls to the given numbers: the
 * originating halves {@code Local/<number>@from-internal-…;1}. Records any moment two calls to one
 * number were up at once, and the most calls seen up together.
 */
final class LiveCallWatch implements AutoCloseable {
    private static final Pattern NAME = Pattern.compile("Local/([^@]+)@from-internal-[^;]*;1");
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private final Set<String> numbers;
    private final List<String> violations = new ArrayList<>();
    private final AtomicInteger samples = new AtomicInteger();
    private final AtomicInteger maxLive = new AtomicInteger();
    private final Thread thread;
    private volatile boolean stop;

    LiveCallWatch(Collection<String> numbers) {
        this.numbers = Set.copyOf(numbers);
        this.thread = Thread.ofPlatform().daemon().name("live-call-watch").start(this::run);
    }

    private void run() {
        while (!stop) {
            try {
                var r = LabAsterisk.request("GET", "/ari/channels", null);
                if (r.statusCode() == 200) sample(r.body());
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // Asterisk busy for a moment: the next sample counts
            }
        }
    }

    private void sample(String json) throws java.io.IOException {
        Map<String, Set<String>> live = new HashMap<>();
        int total = 0;
        for (com.fasterxml.jackson.databind.JsonNode channel : JSON.readTree(json)) {
            Matcher m = NAME.matcher(channel.path("name").asText());
            if (!m.matches() || !numbers.contains(m.group(1))) continue;
            // distinct channel ids: one channel listed twice is not two calls
            if (live.computeIfAbsent(m.group(1), k -> new java.util.TreeSet<>()).add(channel.path("id").asText())) total++;
        }
        samples.incrementAndGet();
        maxLive.accumulateAndGet(total, Math::max);
        live.forEach((n, ids) -> {
            if (ids.size() > 1) synchronized (violations) {
                violations.add(n + " x" + ids.size() + " " + ids + " at " + java.time.Instant.now());
            }
        });
    }

    List<String> violations() {
        synchronized (violations) {
            return List.copyOf(violations);
        }
    }

    int samples() {
        return samples.get();
    }

    int maxLive() {
        return maxLive.get();
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join(2000);
    }
}
